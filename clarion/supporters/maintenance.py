"""Recurring upkeep of signatures: reminders, expiry, anonymisation; stalled mails;
expired data requests."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clarion.outbox.models import Mail
from clarion.supporters import mails, privacy, signing
from clarion.supporters.models import Signature
from clarion.supporters.signing import forget_mails

BATCH = 500


def send_reminders(now):
    due = now - datetime.timedelta(hours=settings.SIGNATURE_REMINDER_HOURS)
    pending = Signature.objects.filter(
        status=Signature.PENDING, reminded_at__isnull=True, created_at__lt=due
    )
    sent = 0
    for pk in pending.values_list("pk", flat=True)[:BATCH]:
        with transaction.atomic():
            # The conditional update is the claim: a second worker gets 0 rows.
            if Signature.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                mails.queue_reminder(Signature.objects.get(pk=pk))
                sent += 1
    return sent


def expire_unconfirmed(now):
    """Unconfirmed signatures are deleted after SIGNATURE_EXPIRE_DAYS."""
    cutoff = now - datetime.timedelta(days=settings.SIGNATURE_EXPIRE_DAYS)
    stale = Signature.objects.filter(status=Signature.PENDING, created_at__lt=cutoff)
    ids = list(stale.values_list("pk", flat=True)[:BATCH])
    with transaction.atomic():
        deleted = Signature.objects.filter(pk__in=ids, status=Signature.PENDING).delete()[0]
        for pk in ids:
            forget_mails(pk)
        return deleted


def anonymise_old(now):
    if not settings.SIGNATURE_ANONYMISE_DAYS:
        return 0
    cutoff = now - datetime.timedelta(days=settings.SIGNATURE_ANONYMISE_DAYS)
    return signing.anonymise(Signature.objects.filter(created_at__lt=cutoff))


def run():
    now = timezone.now()
    Mail.requeue_stalled(now - datetime.timedelta(seconds=settings.MAIL_STALLED_SECONDS))
    return {
        "expired": expire_unconfirmed(now),
        "reminded": send_reminders(now),
        "anonymised": anonymise_old(now),
        "data_requests_expired": privacy.expire_requests(now),
    }
