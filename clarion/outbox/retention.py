"""What the outbox keeps once a mail is done.

A sent mail's text holds a person's name, address and personal links; the
campaign needs none of it after delivery. After MAIL_KEEP_DAYS the row keeps
only its key, subject, status and times: the key still makes queueing the same
mail again a no-op, so forgetting a text never sends it twice. Finished task
rows are deleted after TASK_KEEP_DAYS. Both run hourly in the worker, in
bounded batches, for at most a minute each.
"""

import datetime
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail

BATCH = 5000
BUDGET_SECONDS = 60


def forget_old_mails(now=None):
    """Blank the text, headers and address of mails done for MAIL_KEEP_DAYS."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.MAIL_KEEP_DAYS)
    done = Q(status=Mail.SENT, sent_at__lt=cutoff) | Q(status=Mail.FAILED, created_at__lt=cutoff)
    old = Mail.objects.filter(done).exclude(to=Mail.FORGOTTEN_ADDRESS)
    return _in_batches(old, Mail.forget)


def delete_finished_tasks(now=None):
    """Delete task rows that finished more than TASK_KEEP_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.TASK_KEEP_DAYS)
    finished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
    )
    return _in_batches(finished, lambda batch: batch.delete()[0])


def _in_batches(queryset, apply):
    """apply() to the rows BATCH at a time (short transactions), until none is
    left or the time budget is spent; returns how many rows it changed."""
    done, deadline = 0, time.monotonic() + BUDGET_SECONDS
    while time.monotonic() < deadline:
        ids = list(queryset.values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        done += apply(queryset.model.objects.filter(pk__in=ids))
        if len(ids) < BATCH:
            break
    return done


def run():
    return {"mails_forgotten": forget_old_mails(), "tasks_deleted": delete_finished_tasks()}
