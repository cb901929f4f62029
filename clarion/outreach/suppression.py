"""One suppression list for every provider: hard bounces and complaints stop
all campaign mail to an address at once; soft bounces count, and past
SOFT_BOUNCE_LIMIT they suppress too. Fed by django-anymail's tracking webhooks
(Amazon SES, Mailgun, Postmark …) and by plain SMTP's permanent refusals."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from clarion.lib.emails import EmailError, canonical
from clarion.outreach.models import Suppression

HARD_EVENTS = {
    "bounced": Suppression.HARD,
    "rejected": Suppression.HARD,
    "complained": Suppression.COMPLAINT,
    "unsubscribed": Suppression.COMPLAINT,
}
SOFT_EVENTS = {"deferred"}


def address_of(raw):
    try:
        return canonical(raw)
    except (EmailError, ValueError, TypeError, AttributeError):
        return None


def suppress(raw_address, reason, provider=""):
    address = address_of(raw_address)
    if not address:
        return None
    now = timezone.now()
    with transaction.atomic():
        row, created = Suppression.objects.get_or_create(
            address=address, defaults={"reason": reason, "provider": provider}
        )
        if not created:
            Suppression.objects.filter(pk=row.pk).update(
                reason=reason, active=True, provider=provider, updated_at=now
            )
    return row


def soft_bounce(raw_address, provider=""):
    """One more soft bounce; suppressed once there are SOFT_BOUNCE_LIMIT of them."""
    address = address_of(raw_address)
    if not address:
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            row, _created = Suppression.objects.get_or_create(
                address=address,
                defaults={"reason": Suppression.SOFT, "provider": provider, "active": False},
            )
    except IntegrityError:
        row = Suppression.objects.get(address=address)
    Suppression.objects.filter(pk=row.pk).update(soft_bounces=F("soft_bounces") + 1, updated_at=now)
    Suppression.objects.filter(
        pk=row.pk, soft_bounces__gte=settings.SOFT_BOUNCE_LIMIT, active=False
    ).update(active=True)
    row.refresh_from_db()
    return row


def tracked(sender, event, esp_name, **kwargs):
    """django-anymail's tracking signal: one normalised event from any provider."""
    if not event.recipient:
        return
    if event.event_type in HARD_EVENTS:
        suppress(event.recipient, HARD_EVENTS[event.event_type], esp_name)
    elif event.event_type in SOFT_EVENTS:
        soft_bounce(event.recipient, esp_name)
