"""Invitations to opted-in members in the event's country, sent in throttled batches.

Inviting writes one small row per member (fast, in bulk); the worker turns at
most EVENT_INVITATIONS_PER_MINUTE of them into mails each minute.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clarion.events import mails
from clarion.events.models import Event, Invitation
from clarion.supporters.models import Signature

CHUNK = 5000


def invite(event):
    """Queue invitations for this event once; returns how many were queued."""
    with transaction.atomic():
        claimed = Event.objects.filter(
            pk=event.pk, status=Event.APPROVED, invited_at__isnull=True
        ).update(invited_at=timezone.now())
        if not claimed or not event.country:
            return 0
        members = Signature.news_recipients(event.country).order_by("pk")
        ids = members.values_list("pk", flat=True).iterator(chunk_size=CHUNK)
        total, batch = 0, []
        for pk in ids:
            batch.append(Invitation(event_id=event.pk, signature_id=pk))
            if len(batch) == CHUNK:
                total += len(Invitation.objects.bulk_create(batch, ignore_conflicts=True))
                batch = []
        total += len(Invitation.objects.bulk_create(batch, ignore_conflicts=True))
    return total


def send_due(limit=None):
    """Mail the next batch of invitations (run every minute by the worker)."""
    limit = limit or settings.EVENT_INVITATIONS_PER_MINUTE
    sent = 0
    with transaction.atomic():
        due = list(
            Invitation.objects.filter(sent_at__isnull=True)
            .select_related("event", "signature")
            .order_by("pk")[:limit]
        )
        now = timezone.now()
        for invitation in due:
            signature, event = invitation.signature, invitation.event
            still_wanted = signature.wants_news and signature.status == Signature.CONFIRMED
            if still_wanted and event.is_public and not event.is_past:
                mails.queue_invitation(event, signature)
                sent += 1
        Invitation.objects.filter(pk__in=[i.pk for i in due], sent_at__isnull=True).update(
            sent_at=now
        )
    return sent
