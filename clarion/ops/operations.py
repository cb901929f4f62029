"""What operators see on one page and the retries they can ask for."""

import datetime

from django.db import transaction
from django.utils import timezone


def summary(now=None):
    from clarion.contributions.models import Submission
    from clarion.outbox.models import Mail
    from clarion.petitions.models import Delivery
    from clarion.supporters.models import Signature

    now = now or timezone.now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week = midnight - datetime.timedelta(days=midnight.weekday())
    signatures = Signature.objects.exclude(status=Signature.ERASED)
    return {
        "signatures_today": signatures.filter(created_at__gte=midnight).count(),
        "signatures_week": signatures.filter(created_at__gte=week).count(),
        "confirmed_today": signatures.filter(
            created_at__gte=midnight, status=Signature.CONFIRMED
        ).count(),  # fmt: skip
        "mails_waiting": Mail.objects.filter(status__in=[Mail.QUEUED, Mail.SENDING]).count(),
        "mails_failed": Mail.objects.filter(status=Mail.FAILED).count(),
        "deliveries_failed": Delivery.objects.filter(
            status__in=[Delivery.FAILED, Delivery.BOUNCED]
        ).count(),  # fmt: skip
        "tasks_failed": _failed_tasks().count(),
        "moderation_backlog": Submission.objects.filter(status=Submission.PENDING).count(),
    }


def _failed_tasks():
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)


def failed_mails():
    from clarion.outbox.models import Mail

    return Mail.objects.filter(status=Mail.FAILED).order_by("-claimed_at", "-pk")


def failed_tasks():
    return _failed_tasks().order_by("-finished_at")


def retry_mails(ids):
    """Failed mails sent again from the first attempt; returns how many."""
    from clarion.outbox.models import Mail
    from clarion.outbox.tasks import send_mail

    retried = 0
    for pk in ids:
        with transaction.atomic():
            if Mail.objects.filter(pk=pk, status=Mail.FAILED).update(
                status=Mail.QUEUED, attempts=0, last_error=""
            ):
                send_mail.enqueue(pk)
                retried += 1
    return retried


def retry_tasks(ids):
    """Failed tasks made ready to run again (tasks are idempotent)."""
    from django_tasks.base import TaskResultStatus

    return _failed_tasks().filter(pk__in=ids).update(
        status=TaskResultStatus.READY, started_at=None, finished_at=None,
        run_after=timezone.now(), exception_class_path="", traceback="",
    )  # fmt: skip
