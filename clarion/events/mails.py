"""Mails to organisers, guests and invited members, in their language; queued once by key."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from clarion.content.models import Campaign
from clarion.events import tokens
from clarion.lib.i18n import pick
from clarion.outbox.models import Mail


def link(language, path, pk, purpose):
    return f"{settings.SITE_URL}/{language}/events/{path}/{tokens.make(pk, purpose)}/"


def _queue(key, to, language, subject, template, headers=None, **context):
    with translation.override(language):
        campaign = Campaign.current()
        context["campaign_name"] = pick(campaign.name) if campaign else settings.SITE_NAME
        body = render_to_string(f"events/mail/{template}.txt", context)
        subject = str(subject())
    return Mail.queue(key=key, to=to, subject=subject, body=body, headers=headers)


def organiser(event, key, subject, template, **context):
    return _queue(
        f"event:{event.pk}:{key}",
        event.organiser_email,
        event.organiser_language,
        subject,
        template,
        event=event,
        manage_url=link(event.organiser_language, "manage", event.pk, tokens.MANAGE),
        **context,
    )


def queue_confirmation(event):
    url = link(event.organiser_language, "confirm", event.pk, tokens.CONFIRM)
    return organiser(
        event, "confirm", lambda: _("Please confirm your event proposal"), "confirm", url=url
    )


def queue_status(event, when):
    subjects = {
        event.NEW: lambda: _("We have received your event proposal"),
        event.APPROVED: lambda: _("Your event is published"),
        event.CHANGES: lambda: _("Your event proposal needs changes"),
        event.REJECTED: lambda: _("Your event proposal was not accepted"),
    }
    key = f"status:{event.status}:{when.timestamp():.0f}"
    return organiser(event, key, subjects[event.status], "status")


def queue_rsvp(rsvp, kind, again=None):
    subjects = {
        "going": lambda: _("You are registered"),
        "waiting": lambda: _("You are on the waiting list"),
        "promoted": lambda: _("A place has become free for you"),
        "reminder": lambda: _("Reminder: the event is tomorrow"),
    }
    return _queue(
        f"rsvp:{rsvp.pk}:{kind}" + (f":{again.timestamp():.0f}" if again else ""),
        rsvp.email,
        rsvp.language,
        subjects[kind],
        "rsvp",
        rsvp=rsvp,
        event=rsvp.event,
        kind=kind,
        event_url=f"{settings.SITE_URL}{rsvp.event.url_in(rsvp.language)}",
        cancel_url=link(rsvp.language, "cancel", rsvp.pk, tokens.CANCEL),
    )


def queue_invitation(event, signature):
    from clarion.supporters.mails import headers

    return _queue(
        f"invite:{event.pk}:{signature.pk}",
        signature.email,
        signature.language,
        lambda: _("An event near you: %(title)s") % {"title": event.title},
        "invitation",
        headers=headers(signature),
        event=event,
        name=signature.wall_name,
        event_url=f"{settings.SITE_URL}{event.url_in(signature.language)}",
    )
