"""Entering a contest, a parent's or guardian's consent by mail, and what
contests hold about one mailbox."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clarion.contests.models import ADULT_AGE, Entry
from clarion.contributions import moderation, submitting
from clarion.contributions.models import Submission, store, text_fingerprint
from clarion.lib import emails, tokens
from clarion.outbox.models import Mail

MAX_SIDE = 2400
THUMBNAIL_SIDE = 480
GUARDIAN = "clarion.contests.guardian"
GUARDIAN_CONSENT = gettext_lazy(
    "I am the artist's parent or guardian and agree that the work, with the name "
    "to show, takes part in the contest and its exhibitions."
)


def age_group(age):
    """The contributions queue's age group for an age."""
    if age < 12:
        return "under-12"
    if age < 16:
        return "12-15"
    return "16-18" if age < ADULT_AGE else "adult"


def submit(contest, data, *, language, consent_text, ip_hash):
    """The entry is stored (its picture re-encoded, nothing of the upload kept,
    and a thumbnail for the exhibition) and waits in the one moderation queue.
    A minor's entry waits first for their parent's or guardian's consent, asked
    by mail in the same transaction."""
    picture = data["image"]
    picture.image.thumbnail((MAX_SIDE, MAX_SIDE))
    image = store(picture.encode("JPEG", 90))
    picture.image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    width, height = picture.size
    thumbnail = store(picture.encode("JPEG", 85))
    minor = data["age"] < ADULT_AGE
    with transaction.atomic():
        submission = Submission(
            kind=Entry.KIND, status=Submission.DRAFT if minor else Submission.PENDING,
            title=data["title"], text=data.get("description", ""), image=thumbnail,
            author_name=data["display_name"], name_display=Submission.NAME_FULL,
            age_group=age_group(data["age"]), country=data["country"], language=language,
            email=data["email"], consent_text=consent_text, ip_hash=ip_hash,
            submitted_at=timezone.now(),
        )  # fmt: skip
        submission.fingerprint = text_fingerprint(submission.text)
        submission.flags = moderation.first_pass(submission)
        submission.save()
        entry = Entry.objects.create(
            contest=contest, category=data["category"], submission=submission,
            title=data["title"], description=data.get("description", ""), image=image,
            thumbnail=thumbnail, thumbnail_width=width, thumbnail_height=height,
            author_name=data["author_name"], display_name=data["display_name"],
            age=data["age"], country=data["country"], language=language,
            email=data["email"], email_canonical=emails.canonical(data["email"]),
            guardian_name=data.get("guardian_name", "") if minor else "",
            guardian_email=data.get("guardian_email", "") if minor else "",
            guardian_canonical=emails.canonical(data["guardian_email"]) if minor else "",
            consent_text=consent_text, ip_hash=ip_hash,
        )  # fmt: skip
        submitting.queue_receipt(submission)
        if minor:
            queue_guardian_mail(entry)
    return entry


def guardian_token(entry):
    return tokens.make(entry.pk, GUARDIAN)


def guardian_days():
    return settings.SIGNATURE_CONFIRM_DAYS


def from_guardian_token(token):
    """The entry a guardian's link is for, or None (forged, mangled, too old, erased)."""
    pk = tokens.read(token, GUARDIAN, guardian_days() * 86400)
    if pk is None:
        return None
    return Entry.objects.filter(pk=pk).select_related("contest", "submission").first()


def queue_guardian_mail(entry):
    """The parent or guardian gets one link; the entry waits until they press its button."""
    url = f"{settings.SITE_URL}/{entry.language}/contests/guardian/{guardian_token(entry)}/"
    with translation.override(entry.language):
        body = render_to_string(
            "contests/mail/guardian.txt",
            {"entry": entry, "contest": entry.contest.title_in(entry.language),
             "url": url, "days": guardian_days()},
        )  # fmt: skip
        subject = _("A contest entry waits for your consent")
    return Mail.queue(
        key=f"contribution:{entry.submission_id}:guardian", to=entry.guardian_email,
        subject=subject, body=body,
    )  # fmt: skip


def confirm_guardian(entry, consent_text):
    """The guardian agreed: the entry goes on to the moderation queue. Confirming
    twice changes nothing."""
    with transaction.atomic():
        confirmed = Entry.objects.filter(pk=entry.pk, guardian_confirmed_at__isnull=True).update(
            guardian_confirmed_at=timezone.now(), guardian_consent_text=consent_text
        )
        if confirmed:
            Submission.objects.filter(pk=entry.submission_id, status=Submission.DRAFT).update(
                status=Submission.PENDING
            )
    entry.refresh_from_db()
    return bool(confirmed)


def forget_unconfirmed(now=None):
    """A minor's entry whose guardian never confirmed is erased, pictures and all,
    once the link no longer works."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=guardian_days())
    old = Entry.objects.filter(
        age__lt=ADULT_AGE, guardian_confirmed_at__isnull=True, created_at__lt=cutoff
    ).select_related("submission")
    erased = 0
    for entry in old.iterator():
        with transaction.atomic():
            entry.submission.erase()
        erased += 1
    return erased


def _mine(canonical):
    return Entry.objects.filter(Q(email_canonical=canonical) | Q(guardian_canonical=canonical))


def export(canonical):
    if not canonical:
        return []
    return [
        {"contest": str(e.contest), "title": e.title, "author_name": e.author_name,
         "display_name": e.display_name, "age": e.age, "country": e.country, "email": e.email,
         "guardian_name": e.guardian_name, "guardian_email": e.guardian_email,
         "consent": e.consent_text, "guardian_consent": e.guardian_consent_text,
         "guardian_confirmed_at": e.guardian_confirmed_at.isoformat()
         if e.guardian_confirmed_at else None,
         "picture": e.image_url, "status": e.submission.status,
         "sent_at": e.created_at.isoformat()}
        for e in _mine(canonical).select_related("contest", "submission")
    ]  # fmt: skip


def erase(canonical):
    """The entry, its submission, its pictures and our copies of its mails go
    (scores with it)."""
    if not canonical:
        return 0
    found = list(_mine(canonical).select_related("submission"))
    for entry in found:
        entry.submission.erase()
    return len(found)
