"""From a checked form to stored rows and files: drafts, submissions, receipts."""

from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clarion.contributions import compose, kinds, moderation, privacy
from clarion.contributions.models import Submission, store, text_fingerprint
from clarion.lib import emails, tokens
from clarion.outbox.models import Mail

DRAFT, ERASE = "draft", "erase"
ERASE_DAYS = 90  # an erase link works this long; letters/erase/ mails a new one
MAX_PHOTO_SIDE = 2400  # stored photos are cut down to this: plenty for 1080×1920


LINKS = tokens.Links("clarion.contributions")
make_token, read_token = LINKS.make, LINKS.read


def too_many(ip_hash, now=None):
    """More drafts and submissions from one address hash in an hour than a person
    makes (CONTRIBUTIONS_PER_HOUR): uploads fill disks, so they are refused."""
    limit = settings.CONTRIBUTIONS_PER_HOUR
    since = (now or timezone.now()) - timedelta(hours=1)
    return Submission.objects.filter(ip_hash=ip_hash, created_at__gte=since).count() >= limit


def store_picture(clean, max_side=MAX_PHOTO_SIDE):
    """Only the cleaned, re-encoded picture is kept: never the uploaded bytes."""
    clean.image.thumbnail((max_side, max_side))
    return store(clean.encode("JPEG", quality=90))


def composition_of(submission, size="square"):
    data = submission.composition
    return compose.Composition(
        frame=data["frame"],
        background=data["background"],
        text=data["text"],
        size=size,
        position=data.get("position", "center"),
        zoom=data.get("zoom", 100),
        language=data.get("slogan_language", "en"),
    )


@lru_cache(maxsize=12)
def prepared_photo(name, size):
    """A stored photo decoded and scaled to cover one output size, kept in memory:
    the preview, each download and each change of frame or slogan reuse it.
    Names are random and never reused, so an entry can never go stale."""
    with default_storage.open(name) as stored:
        photo = compose.open_photo(stored.read(), compose.SIZES[size])
    return compose.cover(photo, compose.SIZES[size])


def render(submission, size):
    photo = prepared_photo(submission.photo, size) if submission.photo else None
    return compose.render_jpeg(composition_of(submission, size), photo)


def save_draft(composition, clean_photo, ip_hash, draft=None):
    """A new draft, or new choices for an existing one (a new photo replaces the old)."""
    old_photo = ""
    if draft is None:
        draft = Submission(kind=kinds.IMAGE, status=Submission.DRAFT, ip_hash=ip_hash)
        draft.language = translation.get_language()
    if clean_photo is not None:
        old_photo, draft.photo = draft.photo, store_picture(clean_photo)
    draft.composition = composition
    draft.save()
    if old_photo:
        transaction.on_commit(lambda: default_storage.delete(old_photo))
    return draft


def author_values(data):
    return {
        "author_name": data["author_name"],
        "name_display": data["name_display"],
        "country": data["country"],
        "email": data["email"],
        "language": translation.get_language(),
        "submitted_at": timezone.now(),
        "status": Submission.PENDING,
    }


@transaction.atomic
def submit_image(draft, data, consent_text):
    """The draft goes to the moderation queue with its final picture and share card."""
    draft.image = store(render(draft, "square"))
    draft.card = store(render(draft, "card"))
    for field, value in author_values(data).items():
        setattr(draft, field, value)
    draft.consent_text = consent_text
    draft.title = draft.composition.get("text", "")[:200]  # the slogan names it in lists
    draft.fingerprint = text_fingerprint(draft.composition.get("own_text", ""))
    draft.flags = moderation.first_pass(draft)
    draft.save()
    queue_receipt(draft)
    return draft


@transaction.atomic
def submit_letter(data, consent_text, ip_hash):
    letter = Submission(kind=kinds.LETTER, ip_hash=ip_hash, consent_text=consent_text)
    for field, value in author_values(data).items():
        setattr(letter, field, value)
    for field in ("genre", "title", "text", "age_group", "for_class", "school", "class_consent"):
        setattr(letter, field, data.get(field) or type(getattr(letter, field))())
    letter.language = data["language"]
    if data.get("drawing") is not None:
        letter.image = store_picture(data["drawing"], max_side=1600)
    letter.card = store(letter_card(letter))
    letter.fingerprint = text_fingerprint(letter.text)
    letter.flags = moderation.first_pass(letter)
    letter.save()
    queue_receipt(letter)
    return letter


def letter_card(letter):
    """A 1200×630 share card carrying the title (or the first words)."""
    words = letter.title or " ".join(letter.text.split()[:8]) or letter.get_genre_display()
    composition = compose.Composition(
        frame="plain", background="night", text=str(words)[:90], size="card",
        language=letter.language,
    )  # fmt: skip
    return compose.render_jpeg(composition)


def erase_link(submission):
    token = make_token(submission.pk, ERASE)
    return f"{settings.SITE_URL}/{submission.language}/letters/erase/{token}/"


def queue_receipt(submission):
    """'We received it; here is how to erase it' — queued once, in this transaction."""
    with translation.override(submission.language):
        body = render_to_string(
            "contributions/mail/receipt.txt",
            {"submission": submission, "erase_url": erase_link(submission)},
        )
        subject = _("We received your contribution")
    return Mail.queue(
        key=f"contribution:{submission.pk}:receipt", to=submission.email, subject=subject,
        body=body,
    )  # fmt: skip


def queue_erase_links(email, language, now):
    """Someone lost the receipt: mail them one erase link per contribution of theirs.
    At most one such mail per address and hour; nothing is said about whether any exist."""
    canonical = emails.canonical(email)
    mine = [s for s in privacy.mine(canonical) if s.status != Submission.DRAFT][:50]
    if not mine:
        return None
    with translation.override(language):
        body = render_to_string(
            "contributions/mail/erase_links.txt",
            {"items": [(item, erase_link(item)) for item in mine]},
        )
        subject = _("Links to erase your contributions")
    return Mail.queue(
        key=f"{privacy.erase_links_prefix(canonical)}{now:%Y%m%d%H}", to=mine[0].email,
        subject=subject, body=body,
    )  # fmt: skip
