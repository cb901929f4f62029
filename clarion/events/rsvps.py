"""RSVPs: a place or the waiting list, cancelling, and the reminder the day before.

The event row is locked while places are counted, so two people can never take
the last place at once (on SQLite, IMMEDIATE transactions serialise writers).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from clarion.events import mails
from clarion.events.models import RSVP, Event
from clarion.lib import emails
from clarion.supporters.limits import hit

PER_ADDRESS_AND_EVENT = 5  # a family on one network; not a script filling the places


def allowed(event_id, ip_hash):
    """Counts one RSVP from this address hash to this event (a day); False past the limit."""
    return hit(f"rsvp:{event_id}:{ip_hash}", 86400) <= PER_ADDRESS_AND_EVENT


class Closed(Exception):
    """The event is not open for RSVPs (not public, or already over)."""


def rsvp(event_id, *, name, email, language, consent_text):
    """Returns (rsvp, created). Registering twice returns the first RSVP."""
    canonical = emails.canonical(email)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if not event.is_public or event.is_past or event.news_page_id:
            raise Closed()
        existing = RSVP.objects.filter(event=event, email_canonical=canonical).first()
        if existing and existing.status != RSVP.CANCELLED:
            return existing, False
        going = RSVP.objects.filter(event=event, status=RSVP.GOING).count()
        status = RSVP.GOING if event.capacity is None or going < event.capacity else RSVP.WAITING
        if existing:  # came back after cancelling: back in the queue
            existing.status, existing.created_at, existing.name = status, timezone.now(), name
            existing.save(update_fields=["status", "created_at", "name"])
            mails.queue_rsvp(existing, status, again=existing.created_at)
            return existing, True
        try:
            with transaction.atomic():
                entry = RSVP.objects.create(
                    event=event,
                    name=name,
                    email=emails.normalise(email),
                    email_canonical=canonical,
                    language=language,
                    status=status,
                    consent_text=consent_text,
                )
        except IntegrityError:
            return RSVP.objects.get(event=event, email_canonical=canonical), False
        mails.queue_rsvp(entry, status)
    return entry, True


def cancel(rsvp_id):
    """Free the place; the first person on the waiting list gets it."""
    with transaction.atomic():
        entry = RSVP.objects.select_related("event").filter(pk=rsvp_id).first()
        if entry is None:
            return None
        Event.objects.select_for_update().filter(pk=entry.event_id).first()
        entry.refresh_from_db()
        was_going = entry.status == RSVP.GOING
        if entry.status != RSVP.CANCELLED:
            entry.status = RSVP.CANCELLED
            entry.save(update_fields=["status"])
        if was_going:
            promote(entry.event)
    return entry


def promote(event):
    waiting = RSVP.objects.filter(event=event, status=RSVP.WAITING).order_by("created_at", "pk")
    going = RSVP.objects.filter(event=event, status=RSVP.GOING).count()
    free = None if event.capacity is None else event.capacity - going
    for entry in waiting[:free] if free is not None else waiting:
        entry.status = RSVP.GOING
        entry.save(update_fields=["status"])
        mails.queue_rsvp(entry, "promoted", again=timezone.now())


def send_reminders(now=None):
    """The day before: one reminder per guest, each event claimed once."""
    now = now or timezone.now()
    soon = Event.objects.filter(
        status=Event.APPROVED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=24),
    )
    sent = 0
    for event in soon:
        with transaction.atomic():
            claimed = Event.objects.filter(pk=event.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            for entry in event.rsvps.filter(status=RSVP.GOING):
                mails.queue_rsvp(entry, "reminder")
                sent += 1
    return sent
