"""What happens to a proposal: propose, confirm the organiser's email, moderate.

Every mail is queued in the same transaction as the state change it reports.
"""

from django.db import transaction
from django.utils import timezone

from clarion.events import agenda, mails
from clarion.events.models import Event, SupportItem
from clarion.lib import emails
from clarion.network.models import Role
from clarion.network.scoping import scope_of
from clarion.supporters.limits import hit

EVENT_FIELDS = [
    "type", "title", "description", "starts_at", "ends_at", "time_zone", "address", "city",
    "country", "latitude", "longitude", "online_url", "expected_audience", "capacity",
    "language", "accessibility", "organiser_name", "organiser_email", "help_wanted",
    "shipping_address",
]  # fmt: skip
TEXT_FIELDS = ["description", "address", "city", "online_url", "accessibility", "shipping_address"]


def propose(data, *, language, ip_hash):
    """Store a proposal with its support request and mail the confirmation link."""
    values = {field: data.get(field) for field in EVENT_FIELDS}
    for field in TEXT_FIELDS:
        values[field] = values[field] or ""
    event = Event(
        **values,
        organiser_canonical=emails.canonical(data["organiser_email"]),
        organiser_language=language,
        ip_hash=ip_hash,
    )
    event.help_wanted = event.help_wanted or []
    with transaction.atomic():
        event.save()
        SupportItem.objects.bulk_create(
            SupportItem(event=event, material=material, quantity=quantity)
            for material, quantity in data.get("materials", [])
        )
        mails.queue_confirmation(event)
    return event


EDITABLE = [f for f in EVENT_FIELDS if f not in ("organiser_email", "help_wanted")]
EDITS_PER_HOUR = 10  # per event: an organiser corrects a proposal, nobody needs more


def edit_allowed(event):
    """Counts one edit of this event; False past EDITS_PER_HOUR this hour."""
    return hit(f"event-edit:{event.pk}", 3600) <= EDITS_PER_HOUR


def revise(event, data):
    """The organiser changed a proposal that is waiting or needs changes: it goes
    back to review. Returns False if the event can no longer be edited."""
    now = timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().filter(pk=event.pk).first()
        if locked is None or locked.status not in (Event.NEW, Event.CHANGES):
            return False
        for field in EDITABLE:
            value = data.get(field)
            setattr(locked, field, "" if value is None and field in TEXT_FIELDS else value)
        locked.status = Event.NEW
        locked.save()
        mails.queue_status(locked, now)
    # Not public before nor after: no cached page shows it, none is renewed.
    return True


def is_trusted(event):
    """Organisers who already had an event approved, and coordinators (by the
    address of their staff account), publish without review."""
    approved = Event.objects.filter(
        organiser_canonical=event.organiser_canonical, status=Event.APPROVED
    ).exclude(pk=event.pk)
    coordinator = Role.objects.filter(user__email__iexact=event.organiser_email)
    return approved.exists() or coordinator.exists()


def confirm(event_id):
    """The organiser confirmed their email: the event goes to review, or straight to
    the calendar for a trusted host. Confirming twice is harmless."""
    now = timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.status != Event.UNCONFIRMED:
            return event
        event.status = Event.APPROVED if is_trusted(event) else Event.NEW
        event.confirmed_at = now
        event.save(update_fields=["status", "confirmed_at"])
        mails.queue_status(event, now)
    if event.status == Event.APPROVED:  # only a public event changes public pages
        agenda.changed()
    return event


def moderated_by(user):
    """The events this user may moderate: those of their area (clarion.network)."""
    return scope_of(user).filter(Event.objects.filter(source=Event.PROPOSED))


def can_moderate(user, event):
    return scope_of(user).covers(event.country, event.city)


DECISIONS = {"approve": Event.APPROVED, "changes": Event.CHANGES, "reject": Event.REJECTED}


def moderate(event, decision, message, user):
    """Approve, ask for changes or reject, and tell the organiser why."""
    if not can_moderate(user, event):
        raise PermissionError("outside this coordinator's area")
    if event.status == Event.UNCONFIRMED:
        raise ValueError("the organiser has not confirmed their email yet")
    now = timezone.now()
    was_public = event.status == Event.APPROVED
    with transaction.atomic():
        event.status = DECISIONS[decision]
        event.moderation_message = message.strip()[:4000]
        event.moderated_by = user
        event.save(update_fields=["status", "moderation_message", "moderated_by"])
        mails.queue_status(event, now)
    if was_public or event.status == Event.APPROVED:
        agenda.changed()
    return event
