"""Mail tasks left behind by a worker that died (kill -9, a lost machine).

A worker that dies between taking a send_mail (or send_mail_batch) task and
claiming its mails leaves the task "running" for ever and the mails "queued"
with nothing to send them. Every minute, such a task older than
MAIL_STALLED_SECONDS is closed as failed and its mails still queued are queued
again. Sending stays once-only: a mail is claimed with a conditional update
before it is sent. (A mail left "sending" is the outbox's own requeue_stalled.)
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.outbox.tasks import send_mail, send_mail_batch

SEND_MAIL = "clarion.outbox.tasks.send_mail"
SEND_MAIL_BATCH = "clarion.outbox.tasks.send_mail_batch"


def requeue_orphaned_mail(now=None):
    """Returns how many mails were queued again."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.MAIL_STALLED_SECONDS)
    orphaned = DBTaskResult.objects.filter(
        task_path__in=[SEND_MAIL, SEND_MAIL_BATCH],
        status=TaskResultStatus.RUNNING,
        started_at__lt=cutoff,
    )
    requeued = 0
    for task in orphaned.only("id", "task_path", "args_kwargs"):
        with transaction.atomic():
            closed = DBTaskResult.objects.filter(
                pk=task.pk, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="clarion.outbox.recovery.WorkerLost",
                traceback="The worker running this task stopped before it finished.",
            )
            if not closed:
                continue
            args = task.args_kwargs.get("args") or [None]
            ids = args[0] if task.task_path == SEND_MAIL_BATCH else [args[0]]
            queued = list(Mail.objects.filter(pk__in=ids or [], status=Mail.QUEUED)
                          .values_list("pk", flat=True))  # fmt: skip
            if len(queued) == 1:
                send_mail.enqueue(queued[0])
            elif queued:
                send_mail_batch.enqueue(sorted(queued))
            requeued += len(queued)
    return requeued
