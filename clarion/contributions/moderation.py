"""The one moderation queue: the automatic first pass (it only flags) and
the moderators' decisions, limited to their countries."""

import re

from django.db.models import Q
from django.utils import timezone

from clarion.contributions.models import BannedWord, Submission, text_fingerprint
from clarion.lib.links import has_link
from clarion.network.scoping import scope_of

MIN_TEXT, MAX_TEXT = 40, 20_000


def first_pass(submission):
    """Flags for the moderator's eye; a flagged item still waits for a person."""
    flags = set()
    words = " ".join([submission.title, submission.text, submission.author_name])
    if submission.text and len(submission.text) < MIN_TEXT and not submission.image:
        flags.add("short")
    if len(submission.text) > MAX_TEXT * 0.9:
        flags.add("long")
    if has_link(words):
        flags.add("link")
    fingerprint = text_fingerprint(submission.text)
    if fingerprint:
        repeated = Submission.objects.filter(fingerprint=fingerprint).exclude(pk=submission.pk)
        if repeated.exists():
            flags.add("repeated")
    if banned_words_in(words, submission.language):
        flags.add("banned-word")
    return sorted(flags)


def banned_words_in(text, language):
    lowered = text.casefold()
    banned = BannedWord.objects.filter(Q(language="") | Q(language=language))
    return [w.word for w in banned if re.search(rf"\b{re.escape(w.word.casefold())}\b", lowered)]


def queue_for(user):
    """Submissions this user may moderate: those of their area (clarion.network);
    staff without a role see none."""
    submissions = Submission.objects.exclude(status=Submission.DRAFT)
    return scope_of(user).filter(submissions, city_field=None)


def decide(user, ids, action, reason=""):
    """Apply one decision to many submissions; returns how many changed."""
    submissions = queue_for(user).filter(pk__in=ids)
    now = timezone.now()
    stamp = {"moderated_by": user, "moderated_at": now}
    if action == "approve":
        # Approved again after reports: it takes new reports to hide it again.
        return submissions.update(
            status=Submission.APPROVED, reject_reason="", report_count=0, **stamp
        )
    if action == "reject":
        return submissions.update(status=Submission.REJECTED, reject_reason=reason[:300], **stamp)
    if action == "feature":
        return submissions.update(status=Submission.APPROVED, featured=True, **stamp)
    if action == "unfeature":
        return submissions.update(featured=False, **stamp)
    raise ValueError(f"Unknown moderation action {action!r}")
