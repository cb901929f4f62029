"""What events hold about one mailbox: export, erase, and the retention of RSVPs.

Registered with clarion.lib.personal_data, so "download my data" and "erase
me" on the declaration's privacy pages cover guests and organisers too, even
those who never signed.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clarion.events import agenda, rsvps
from clarion.events.models import RSVP, Event, Report
from clarion.outbox.models import Mail


def _iso(value):
    return value.isoformat() if value else None


def _rsvp_rows(canonical):
    entries = RSVP.objects.filter(email_canonical=canonical).select_related("event")
    return [
        {
            "event": entry.event.title,
            "event_id": entry.event_id,
            "event_starts_at": _iso(entry.event.starts_at),
            "status": entry.status,
            "name": entry.name,
            "email": entry.email,
            "language": entry.language,
            "registered_at": _iso(entry.created_at),
            "consent": entry.consent_text,
        }
        for entry in entries.order_by("created_at")
    ]


def _report(event):
    report = Report.objects.filter(event=event).first()
    if report is None:
        return None
    return {
        "attendance": report.attendance,
        "paper_signatures": report.paper_signatures,
        "summary": report.summary,
        "press_links": report.press_list,
        "sheet": report.sheet_name,
        "photos": report.photos.count(),
        "submitted_at": _iso(report.submitted_at),
    }


def _proposal_rows(canonical):
    events = Event.objects.filter(organiser_canonical=canonical).prefetch_related(
        "support_items__material"
    )
    return [
        {
            "event_id": event.pk,
            "title": event.title,
            "status": event.status,
            "starts_at": _iso(event.starts_at),
            "city": event.city,
            "country": event.country,
            "organiser_name": event.organiser_name,
            "organiser_email": event.organiser_email,
            "help_wanted": event.help_wanted,
            "shipping_address": event.shipping_address,
            "materials": [
                {"material": item.material.name, "quantity": item.quantity, "status": item.status}
                for item in event.support_items.all()
            ],
            "report": _report(event),
            "proposed_at": _iso(event.created_at),
        }
        for event in events.order_by("created_at")
    ]


def export(canonical):
    """RSVPs, proposals (with materials, shipping address and the report filed)."""
    if not canonical:
        return {}
    found = {"rsvps": _rsvp_rows(canonical), "organised": _proposal_rows(canonical)}
    return found if any(found.values()) else {}


RSVP_BLANK = {"name": "", "email": "", "email_canonical": None}
ORGANISER_BLANK = {
    "organiser_name": "",
    "organiser_email": "",
    "organiser_canonical": "",
    "shipping_address": "",
    "ip_hash": "",
}


def erase(canonical):
    """Guests: a place still to come is given up (the waiting list moves on);
    every RSVP row stays, without name or address, so counts keep their history.
    Organisers: contact and shipping address go; the event itself stays (a
    published one remains public, without the organiser's name)."""
    if not canonical:
        return 0
    now = timezone.now()
    with transaction.atomic():
        mine = RSVP.objects.filter(email_canonical=canonical)
        for pk in (
            mine.filter(event__ends_at__gte=now)
            .exclude(status=RSVP.CANCELLED)
            .values_list("pk", flat=True)
        ):
            rsvps.cancel(pk)
        rsvp_ids = list(mine.values_list("pk", flat=True))
        changed = RSVP.objects.filter(pk__in=rsvp_ids).update(anonymised_at=now, **RSVP_BLANK)
        event_ids = list(
            Event.objects.filter(organiser_canonical=canonical).values_list("pk", flat=True)
        )
        changed += Event.objects.filter(pk__in=event_ids).update(**ORGANISER_BLANK)
        keys = Q(pk__in=[])
        for pk in rsvp_ids:
            keys |= Q(key__startswith=f"rsvp:{pk}:")
        for pk in event_ids:
            keys |= Q(key__startswith=f"event:{pk}:")
        Mail.forget(Mail.objects.filter(keys))
    if event_ids:
        agenda.changed()  # pages showing the organiser's name
    return changed


def anonymise_old_rsvps(now=None):
    """Guests' names and addresses are kept EVENTS_RSVP_RETENTION_DAYS after
    their event ended (0: until erased); the rows and their status stay."""
    days = settings.EVENTS_RSVP_RETENTION_DAYS
    if not days:
        return 0
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    ended = Event.objects.filter(ends_at__lt=cutoff).values("pk")
    stale = RSVP.objects.filter(event__in=ended, anonymised_at__isnull=True)
    return stale.update(anonymised_at=now, **RSVP_BLANK)
