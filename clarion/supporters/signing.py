"""What happens to a signature: sign, confirm, resend, invalidate, erase, anonymise.

Every state change that affects the totals writes its count event in the same
transaction; every mail is queued in the same transaction as its cause.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from clarion.lib import emails, personal_data
from clarion.outbox.models import Mail
from clarion.speedups import groupcommit, ids
from clarion.speedups.writelock import exclusive_writer
from clarion.supporters import counting, limits, mails
from clarion.supporters.models import ConsentText, Signature


def sign(data, *, language, ip_hash, consent_text, news_text, mail=True):
    """Store a new signature and queue its confirmation mail: the one way to
    sign the declaration, for a view, a petition, an import or an API.

    Returns (signature, created). Signing again with the same mailbox is not an
    error: the owner gets a mail (a new confirmation link, or a note that they
    have already signed); the page shown is the same either way.

    `mail=False` is for a caller that sends its own mail whose link confirms
    the signature too (a volunteer's offer): then nothing is mailed from here,
    neither now nor as a reminder, so the person gets one mail, not two.

    Called outside a transaction with SIGNATURE_GROUP_COMMIT, the row is written
    by the process's group-commit writer together with others that arrive at
    the same moment, and this call returns once that transaction has committed.
    Called inside the caller's transaction, it writes there (and commits or
    rolls back with it): handing the row to a writer thread would wait for a
    lock the caller holds.
    """
    signature = prepare(data, language=language, ip_hash=ip_hash,
                        consent_text=consent_text, news_text=news_text)  # fmt: skip
    if not mail:
        signature.reminded_at = signature.created_at  # the caller's mail asks already
    if mail and settings.SIGNATURE_GROUP_COMMIT and not connection.in_atomic_block:
        created = WRITER.submit(signature)  # judged there, with its batch
    else:
        judge([signature])
        created = store([signature], mail=mail)[0]
    if created:
        return signature, True
    existing = Signature.objects.filter(email_canonical=signature.email_canonical).first()
    if existing is None:  # erased between our insert and this lookup: a rare race
        raise IntegrityError("signature vanished while signing again")
    if mail:
        resend(existing)
    return existing, False


def prepare(data, *, language, ip_hash, consent_text, news_text):
    """The unsaved Signature for validated form data (not yet judged)."""
    canonical = emails.canonical(data["email"])
    domain = emails.domain_of(canonical)
    now = timezone.now()
    wants_news = bool(data.get("wants_news"))
    signature = Signature(
        kind=data["kind"],
        name=data["name"],
        email=emails.normalise(data["email"]),
        email_canonical=canonical,
        email_domain=domain,
        country=data["country"],
        city=data.get("city", ""),
        organisation_type=data.get("organisation_type", ""),
        website=data.get("website", ""),
        contact_person=data.get("contact_person", ""),
        language=language,
        show_on_wall=bool(data.get("show_on_wall")),
        wants_news=wants_news,
        consent=ConsentText.record(ConsentText.SIGNATURE, language, consent_text),
        news_consent=ConsentText.record(ConsentText.NEWS, language, news_text)
        if wants_news
        else None,
        news_consent_at=now if wants_news else None,
        ip_hash=ip_hash,
        created_at=now,
        mailed_at=now,
    )
    return signature


def judge(signatures):
    """Count new signatures against the abuse limits (a whole batch in one
    go) and quarantine those over a limit."""
    senders = [(s.ip_hash, s.email_domain) for s in signatures]
    for signature, reason in zip(signatures, limits.quarantine_reasons(senders), strict=True):
        if reason:
            signature.quarantined, signature.quarantine_reason = True, reason


def store(signatures, mail=True):
    """Insert new signatures and queue their confirmation mails (unless `mail`
    is False), in ONE transaction. Returns, per signature, True if stored (its
    pk is set) or False if the mailbox had signed already (or twice in this batch).

    The ids are reserved and the mails built first, so that the write lock
    (SQLite's, taken in turns by every process) is held only for the SQL."""
    for signature, pk in zip(signatures, ids.reserve(Signature, len(signatures)), strict=True):
        signature.pk = pk
    confirmations = [mails.first_confirmation(s) if mail else None for s in signatures]
    with exclusive_writer(), transaction.atomic():
        stored = Signature.insert_new(signatures)
        # A quarantined signature's mail is held until staff release it: an
        # attacker cannot make us mail a list of strangers "Hello {name}".
        held = [s.quarantined for s in signatures]
        mailed = zip(confirmations, stored, held, strict=True)
        Mail.queue_many([each for each, ok, hold in mailed if each and ok and not hold])
    return stored


# The process's group-commit writer (clarion.speedups.groupcommit): it judges
# and stores whatever sign requests have queued up, as one batch.
WRITER = groupcommit.Writer(judge=judge, store=store)


def resend_allowed(signature):
    """Claim the right to mail this signer now: at most once every RESEND_MINUTES."""
    now = timezone.now()
    wait = datetime.timedelta(minutes=settings.RESEND_MINUTES)
    claimed = (
        Signature.objects.filter(pk=signature.pk)
        .exclude(mailed_at__gt=now - wait)
        .update(mailed_at=now)
    )
    return bool(claimed)


def resend(signature):
    """Mail the owner again (new link, or 'already signed'), rate-limited."""
    now = timezone.now()
    if signature.quarantined:  # held until staff look (see store)
        return False
    with transaction.atomic():
        if not resend_allowed(signature):
            return False
        if signature.status == Signature.PENDING:
            mails.queue_confirmation(signature, again=now)
        elif signature.status == Signature.CONFIRMED:
            mails.queue_already_signed(signature, now)
    return True


def confirm(signature_id):
    """Confirm by id (from a verified token). Returns the signature, or None if
    it no longer exists or cannot be confirmed. Confirming twice is harmless."""
    with transaction.atomic():
        updated = Signature.objects.filter(pk=signature_id, status=Signature.PENDING).update(
            status=Signature.CONFIRMED, confirmed_at=timezone.now()
        )
        signature = Signature.objects.filter(pk=signature_id).first()
        if updated and signature.counts:
            counting.record(signature, +1)
    if signature is None or signature.status not in (Signature.CONFIRMED, Signature.PENDING):
        return None
    return signature


def set_status(queryset, status, reason=""):
    """Invalidate or mark fraudulent (staff); uncounts those that counted."""
    changed = 0
    with transaction.atomic():
        for signature in queryset.select_for_update().exclude(status=status):
            if signature.status == Signature.ERASED:
                continue
            if signature.counts:
                counting.record(signature, -1)
            signature.status, signature.invalid_reason = status, reason[:300]
            signature.save(update_fields=["status", "invalid_reason"])
            changed += 1
    return changed


def release_quarantine(queryset):
    """Staff decided these are real: count the confirmed ones."""
    released = 0
    with transaction.atomic():
        for signature in queryset.select_for_update().filter(quarantined=True):
            signature.quarantined, signature.quarantine_reason = False, ""
            signature.save(update_fields=["quarantined", "quarantine_reason"])
            if signature.counts:
                counting.record(signature, +1)
            elif signature.status == Signature.PENDING:  # its held confirmation mail
                mails.queue_confirmation(signature, again=timezone.now())
            released += 1
    return released


PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "email_canonical": None,
    "email_domain": "",
    "city": "",
    "website": "",
    "contact_person": "",
    "ip_hash": "",
    "show_on_wall": False,
    "wants_news": False,
}


def erase(signature_id):
    """'Erase me': personal data gone, the signature withdrawn from the totals."""
    with transaction.atomic():
        signature = Signature.objects.select_for_update().filter(pk=signature_id).first()
        if signature is None or signature.status == Signature.ERASED:
            return False
        if signature.counts:
            counting.record(signature, -1)
        if signature.email_canonical:  # what other apps hold for this mailbox, at once
            personal_data.erase(signature.email_canonical)
        for field, value in PERSONAL_FIELDS.items():
            setattr(signature, field, value)
        signature.status = Signature.ERASED
        signature.anonymised_at = timezone.now()
        signature.save()
        forget_mails(signature.pk)
    return True


def forget_mails(signature_id):
    """Blank the copies of mails we sent to an erased signer."""
    Mail.forget(Mail.objects.filter(key__startswith=f"sig:{signature_id}:"))


def anonymise(queryset):
    """After the retention period: personal data gone, the signature still counts."""
    fields = dict(PERSONAL_FIELDS, anonymised_at=timezone.now())
    fields.pop("show_on_wall")
    return queryset.filter(anonymised_at__isnull=True).update(**fields)


def unsubscribe(signature_id):
    return Signature.objects.filter(pk=signature_id, wants_news=True).update(wants_news=False)
