"""The mails a signer receives, in the signer's language; each queued once by key."""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from clarion.content.models import Campaign
from clarion.lib import rawmail
from clarion.lib.i18n import pick
from clarion.outbox.models import Mail
from clarion.supporters import tokens
from clarion.supporters.models import Signature


def link(signature, path, purpose):
    token = tokens.make(signature.pk, purpose)
    return f"{settings.SITE_URL}/{signature.language}/join/{path}/{token}/"


def headers(signature):
    """RFC 8058 one-click unsubscribe and a List-Id on every mail to a signer."""
    unsubscribe = link(signature, "unsubscribe", tokens.UNSUBSCRIBE)
    return rawmail.list_headers("Signatures", "signatures", unsubscribe)


def _build(signature, key, subject, template, **context):
    def in_language():  # the campaign's name in the signer's language
        campaign = Campaign.current()
        return context | {
            "signature": signature,
            "campaign_name": pick(campaign.name) if campaign else settings.SITE_NAME,
            "confirm_days": settings.SIGNATURE_CONFIRM_DAYS,
        }

    return Mail.written(f"sig:{signature.pk}:{key}", signature.email, signature.language,
                        subject, template, in_language, headers(signature))  # fmt: skip


def _queue(signature, key, subject, template, **context):
    mail = _build(signature, key, subject, template, **context)
    return Mail.queue(
        key=mail.key, to=mail.to, subject=mail.subject, body=mail.body, headers=mail.headers
    )


def _confirmation(signature, again=None):
    key = f"confirm:{again.timestamp():.0f}" if again else "confirm"
    return (
        signature,
        key,
        lambda: _("Please confirm your signature"),
        "supporters/mail/confirm.txt",
    )


NAME_SLOT, URL_SLOT = "\x00name\x00", "\x00url\x00"
_first_confirmation_texts = {}


def first_confirmation(signature):
    """The first confirmation mail, built from a text rendered once per
    language and campaign name: the sign path's group commit builds hundreds
    of these a second, and only the name and the link differ."""
    campaign = Campaign.current()
    cache_key = (
        signature.language,
        repr(campaign.name) if campaign else "",
        settings.SITE_URL,
        settings.SIGNATURE_CONFIRM_DAYS,
    )
    texts = _first_confirmation_texts.get(cache_key)
    if texts is None:
        template = Signature(pk=0, name=NAME_SLOT, email="", language=signature.language)
        mail = _build(*_confirmation(template), url=URL_SLOT)
        texts = _first_confirmation_texts[cache_key] = (mail.subject, mail.body)
    subject, body = texts
    url = link(signature, "confirm", tokens.CONFIRM)
    return Mail(
        key=f"sig:{signature.pk}:confirm",
        to=signature.email,
        subject=subject,
        body=body.replace(NAME_SLOT, signature.name).replace(URL_SLOT, url),
        headers=headers(signature),
    )


def queue_confirmation(signature, again=None):
    return _queue(*_confirmation(signature, again), url=link(signature, "confirm", tokens.CONFIRM))


def queue_reminder(signature):
    return _queue(
        signature,
        "reminder",
        lambda: _("Reminder: your signature is not counted yet"),
        "supporters/mail/confirm.txt",
        url=link(signature, "confirm", tokens.CONFIRM),
        reminder=True,
    )


def queue_already_signed(signature, when):
    return _queue(
        signature,
        f"already:{when.timestamp():.0f}",
        lambda: _("You have already signed"),
        "supporters/mail/already_signed.txt",
        url=link(signature, "my-data", tokens.MY_DATA),
    )


def queue_my_data(signature, when):
    return _queue(
        signature,
        f"data:{when.timestamp():.0f}",
        lambda: _("Your data: download or erase"),
        "supporters/mail/my_data.txt",
        url=link(signature, "my-data", tokens.MY_DATA),
    )


def queue_address_data(address, request, language, when):
    """The 'download or erase' link for someone who never signed (guests,
    organisers): the link carries the id of their DataRequest, never the address."""
    token = tokens.make(request.pk, tokens.DATA_REQUEST)
    url = f"{settings.SITE_URL}/{language}/join/my-data/{token}/"
    prefix = _address_data_prefix(request.email_canonical)
    with translation.override(language):
        campaign = Campaign.current()
        context = {
            "campaign_name": pick(campaign.name) if campaign else settings.SITE_NAME,
            "url": url,
        }
        body = render_to_string("supporters/mail/address_data.txt", context)
        subject = str(_("Your data: download or erase"))
    return Mail.queue(key=f"{prefix}{when.timestamp():.0f}", to=address, subject=subject, body=body)


def _address_data_prefix(canonical):
    return f"data-address:{hashlib.sha256(canonical.encode()).hexdigest()[:24]}:"


def forget_address_data(canonical):
    """Blank our copies of the links mailed to someone who has erased their data."""
    mails = Mail.objects.filter(key__startswith=_address_data_prefix(canonical))
    return Mail.forget(mails)
