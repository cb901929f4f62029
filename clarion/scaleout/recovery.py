"""Mail tasks left behind by a worker that died (kill -9, a lost machine).

A worker that dies between taking a send_mail task and claiming its mail
leaves the task "running" for ever and the mail "queued" with nothing to send
it. Every minute, such a task older than MAIL_STALLED_SECONDS is closed as
failed and its mail queued again. Sending stays once-only: a mail is claimed
with a conditional update before it is sent. (A mail left "sending" is the
outbox's own requeue_stalled.)
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.outbox.tasks import send_mail

SEND_MAIL = "clarion.outbox.tasks.send_mail"


def requeue_orphaned_mail(now=None):
    """Returns how many mails were queued again."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.MAIL_STALLED_SECONDS)
    orphaned = DBTaskResult.objects.filter(
        task_path=SEND_MAIL, status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    )
    requeued = 0
    for task in orphaned.only("id", "args_kwargs"):
        with transaction.atomic():
            closed = DBTaskResult.objects.filter(
                pk=task.pk, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="clarion.scaleout.recovery.WorkerLost",
                traceback="The worker running this task stopped before it finished.",
            )
            args = task.args_kwargs.get("args") or [None]
            if closed and Mail.objects.filter(pk=args[0], status=Mail.QUEUED).exists():
                send_mail.enqueue(args[0])
                requeued += 1
    return requeued
