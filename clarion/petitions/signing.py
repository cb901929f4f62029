"""Signing a petition: one click for confirmed members, the short form for others.

A petition signature counts (and its messages are queued) only once its
declaration signature is confirmed: at once for a member recognised by their
signed cookie or mail link, after the confirmation mail for everyone else.
"""

from django.conf import settings
from django.core import signing as django_signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from clarion.lib import emails
from clarion.petitions import delivery, mails
from clarion.petitions.models import Petition, Signer, line_digest
from clarion.supporters import limits
from clarion.supporters import signing as declaration
from clarion.supporters.models import Signature

COOKIE = "clarion_member"
COOKIE_SALT = "clarion.petitions.member"
COOKIE_DAYS = 365
FOLD_AFTER = 3  # the same personal line from this many signers is folded


class Closed(Exception):
    """The petition closed (or has not opened) while the person was signing."""


def link_allowed(signature):
    """At most one one-click link every RESEND_MINUTES, counted apart from the
    declaration's mails: a member who confirmed a minute ago still gets one."""
    return limits.hit(f"petition-link:{signature.pk}", settings.RESEND_MINUTES * 60) == 1


def member_from_cookie(request):
    """The confirmed declaration signature this browser was remembered for, or None."""
    try:
        value = request.get_signed_cookie(COOKIE, salt=COOKIE_SALT, max_age=COOKIE_DAYS * 86400)
        pk = int(value)
    except (KeyError, django_signing.BadSignature, ValueError, TypeError):
        return None
    return Signature.objects.filter(pk=pk, status=Signature.CONFIRMED, quarantined=False).first()


def remember(response, signature):
    response.set_signed_cookie(
        COOKIE,
        str(signature.pk),
        salt=COOKIE_SALT,
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _signer(petition, signature, line, reply_to_ok, language):
    digest = line_digest(line)
    same = 0
    if digest:
        same = Signer.objects.filter(petition=petition, line_digest=digest).count()
    return Signer(
        petition=petition,
        signature=signature,
        line=line,
        line_digest=digest,
        folded=same + 1 >= FOLD_AFTER,
        reply_to_ok=reply_to_ok and bool(line),
        language=language,
    )


def _still_open(petition_id):
    petition = Petition.objects.select_for_update().get(pk=petition_id)
    if not petition.is_open():
        raise Closed
    return petition


def sign_as_member(petition, signature, *, line="", reply_to_ok=False, language="en"):
    """One click: the member is already confirmed, so the signature counts now.
    Returns (signer, created); signing twice keeps the first."""
    with transaction.atomic():
        petition = _still_open(petition.pk)
        existing = Signer.objects.filter(petition=petition, signature=signature).first()
        if existing:  # signed before, maybe with the form before confirming: counts now
            if existing.needs_link:  # typed by someone: the member's own words count
                _own_words(existing, line, reply_to_ok)
            activate(existing)
            return existing, False
        signer = _signer(petition, signature, line, reply_to_ok, language)
        try:
            with transaction.atomic():
                signer.save()
        except IntegrityError:  # a double click that raced us
            return Signer.objects.get(petition=petition, signature=signature), False
        activate(signer)
    return signer, True


def sign_with_form(petition, data, *, language, ip_hash, consent_text, news_text):
    """The short form. A newcomer signs the declaration too (one confirmation
    mail covers both); a known address gets a link proving it is theirs."""
    canonical = emails.canonical(data["email"])
    line = data.get("line", "")
    reply_to_ok = bool(data.get("reply_to_ok"))
    with transaction.atomic():
        petition = _still_open(petition.pk)
        known = Signature.objects.filter(email_canonical=canonical).first()
        if known is None:
            signature, _created = declaration.sign(
                data,
                language=language,
                ip_hash=ip_hash,
                consent_text=consent_text,
                news_text=news_text,
            )
        else:
            signature = known
        signer = Signer.objects.filter(petition=petition, signature=signature).first()
        if signer is None:
            signer = _signer(petition, signature, line, reply_to_ok, language)
            signer.needs_link = known is not None
            signer.save()
        if known is not None and signer.status == Signer.PENDING:
            if declaration.resend_allowed(known):
                mails.queue_member_link(signer)
    return signer


def activate(signer, now=None):
    """The signature counts: mark it active and queue its messages (once)."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = Signer.objects.filter(pk=signer.pk, status=Signer.PENDING).update(
            status=Signer.ACTIVE, activated_at=now
        )
        if updated and signer.petition.mode == Petition.PER_SIGNATURE:
            signer.status = Signer.ACTIVE
            delivery.queue_messages(signer.petition, [signer])
    return bool(updated)


def _own_words(signer, line, reply_to_ok):
    """Words and reply-to typed by whoever knew the address are dropped."""
    signer.line, signer.line_digest = line, line_digest(line)
    signer.reply_to_ok = reply_to_ok and bool(line)
    signer.needs_link = False
    signer.save(update_fields=["line", "line_digest", "reply_to_ok", "needs_link"])


def confirm_by_link(signer):
    """The member opened their link: confirm the declaration too if needed."""
    if signer.signature.status == Signature.PENDING:
        declaration.confirm(signer.signature_id)
        signer.signature.refresh_from_db()
    if not signer.signature.counts:  # invalidated, or quarantined until staff look
        return False
    if signer.needs_link and signer.status == Signer.PENDING:
        _own_words(signer, "", False)
    activate(signer)
    return True


def activate_confirmed(batch=500):
    """Worker job: petition signatures whose declaration was confirmed meanwhile."""
    waiting = (
        Signer.objects.filter(
            status=Signer.PENDING,
            needs_link=False,
            signature__status=Signature.CONFIRMED,
            signature__quarantined=False,
        )
        .select_related("petition")
        .order_by("pk")[:batch]
    )
    return sum(activate(signer) for signer in waiting)
