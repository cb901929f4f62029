"""Event invitations as a segment send, always after review.

An organiser asks (the button on their event page); that drafts an invitation
in the eight languages for staff, who read it, choose who gets it (members in
the event's city or country, in their language) and send it. Nothing goes out
on the organiser's word alone, however often they were approved before, and an
organiser may ask EVENT_INVITATION_REQUESTS times in 30 days at most.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clarion.events.models import Event
from clarion.outreach.models import Newsletter, Version


class TooMany(Exception):
    pass


def request(event):
    """The draft invitation for this event (made once); raises TooMany past the cap."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        existing = Newsletter.objects.filter(kind=Newsletter.INVITATION, event=locked).first()
        if existing is not None:
            return existing
        since = timezone.now() - datetime.timedelta(days=30)
        asked = Newsletter.objects.filter(
            kind=Newsletter.INVITATION,
            event__organiser_canonical=locked.organiser_canonical,
            created_at__gte=since,
        ).count()
        if asked >= settings.EVENT_INVITATION_REQUESTS:
            raise TooMany
        newsletter = Newsletter.objects.create(
            title=f"Invitation: {locked.title} (asked by the organiser, to review)",
            kind=Newsletter.INVITATION,
            event=locked,
            segment={"near_event": locked.pk, "near": "country"},
        )
        for code, _name in settings.LANGUAGES:
            subject, body = draft(locked, code)
            Version.objects.create(newsletter=newsletter, language=code, subject=subject, body=body)
        Event.objects.filter(pk=locked.pk).update(invited_at=timezone.now())
    return newsletter


def draft(event, language):
    with translation.override(language):
        subject = _("An event near you: %(title)s") % {"title": event.title}
        body = render_to_string(
            "outreach/mail/invitation.txt",
            {"event": event, "url": f"{settings.SITE_URL}{event.url_in(language)}"},
        )
    return subject[:200], body.strip()
