"""Entering a contest, and what contests hold about one mailbox."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from clarion.contests.models import Entry
from clarion.contributions.models import store
from clarion.lib import emails

MAX_SIDE = 2400


def submit(contest, data, *, language, consent_text, guardian_text, ip_hash):
    """The entry is stored (its picture re-encoded, nothing of the upload kept)
    and waits for staff to accept it."""
    picture = data["image"]
    picture.image.thumbnail((MAX_SIDE, MAX_SIDE))
    with transaction.atomic():
        return Entry.objects.create(
            contest=contest, category=data["category"], title=data["title"],
            description=data.get("description", ""), image=store(picture.encode("JPEG", 90)),
            author_name=data["author_name"], display_name=data["display_name"],
            age=data.get("age"), country=data["country"], language=language,
            email=data["email"], email_canonical=emails.canonical(data["email"]),
            guardian_name=data.get("guardian_name", ""),
            guardian_email=data.get("guardian_email", ""),
            guardian_canonical=emails.canonical(data["guardian_email"])
            if data.get("guardian_email") else "",
            consent_text=consent_text,
            guardian_consent_text=guardian_text if data.get("guardian_consent") else "",
            ip_hash=ip_hash,
        )  # fmt: skip


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
         "picture": e.image_url, "status": e.status, "sent_at": e.created_at.isoformat()}
        for e in _mine(canonical).select_related("contest")
    ]  # fmt: skip


def erase(canonical):
    """The entry and its picture go (scores with it)."""
    if not canonical:
        return 0
    found = list(_mine(canonical))
    for entry in found:
        name = entry.image
        entry.delete()
        transaction.on_commit(lambda name=name: default_storage.delete(name))
    return len(found)
