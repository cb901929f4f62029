"""Mails of the petitions app, each queued once through the outbox.

Mails to a signer use keys starting with sig:<signature id>: so that erasing
the signer blanks our copies too (clarion.supporters.signing.forget_mails).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clarion.outbox.models import Mail
from clarion.petitions import tokens
from clarion.supporters.mails import headers as signer_headers


def petition_url(petition, language, rest=""):
    return f"{settings.SITE_URL}/{language}/petitions/{petition.slug}/{rest}"


def _to_signer(signature, key, subject, template, **context):
    with translation.override(signature.language):
        body = render_to_string(template, context | {"signature": signature})
        subject = str(subject())
    return Mail.queue(
        key=f"sig:{signature.pk}:{key}",
        to=signature.email,
        subject=subject,
        body=body,
        headers=signer_headers(signature),
    )


def queue_member_link(signer):
    """A known address typed into the short form: prove it is theirs."""

    signature, petition = signer.signature, signer.petition
    now = timezone.now()
    language = signature.language
    return _to_signer(
        signature,
        f"petition:{signer.pk}:{now.timestamp():.0f}",
        lambda: _("Confirm your signature on the petition"),
        "petitions/mail/confirm.txt",
        title=petition.title_in(language),
        url=petition_url(petition, language, f"confirm/{tokens.make(signer.pk, tokens.SIGNER)}/"),
        member_url=petition_url(
            petition, language, f"me/{tokens.make(signature.pk, tokens.MEMBER)}/"
        ),
    )


def queue_login_link(signature, petition):
    """'I have signed the declaration': a link that remembers this browser."""

    now = timezone.now()
    language = signature.language
    return _to_signer(
        signature,
        f"petition-link:{now.timestamp():.0f}",
        lambda: _("Your link to sign petitions in one click"),
        "petitions/mail/member_link.txt",
        url=petition_url(petition, language, f"me/{tokens.make(signature.pk, tokens.MEMBER)}/"),
    )


def queue_question(signer):
    """Per-signature mode: ask the signer whether an addressee answered."""
    signature, petition = signer.signature, signer.petition
    language = signature.language
    return _to_signer(
        signature,
        f"petition-reply:{petition.pk}",
        lambda: _("Did they reply to your message?"),
        "petitions/mail/question.txt",
        title=petition.title_in(language),
        url=petition_url(petition, language, f"answer/{tokens.make(signer.pk, tokens.ANSWER)}/"),
    )


def staff_addresses():
    if settings.PETITIONS_STAFF_EMAIL:
        return [settings.PETITIONS_STAFF_EMAIL]
    staff = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    return sorted(set(staff.values_list("email", flat=True)))


def queue_staff_question(follow_up):
    petition, target = follow_up.petition, follow_up.target
    body = render_to_string(
        "petitions/mail/staff_question.txt",
        {
            "petition": petition,
            "target": target,
            "admin_url": f"{settings.SITE_URL}/admin/snippets/petitions/reply/",
            "report_url": petition_url(petition, "en", "report/"),
        },
    )
    for address in staff_addresses():
        Mail.queue(
            key=f"petition-followup:{follow_up.pk}:{address}",
            to=address,
            subject=f"Did {target.name} reply? ({petition})",
            body=body,
        )
