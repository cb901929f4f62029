"""The jury's work: which entries a juror scores, their scores, and who may
see whose. Until judging closes a juror sees only their own scores."""

from django.db.models import Prefetch
from django.utils import timezone

from clarion.contests.models import Entry, Juror, Score

PER_PAGE = 50


class NotAllowed(Exception):
    """The person may not do this (a 403 for views)."""


def manages(user):
    return user.has_perm("contests.change_contest")


def juror_for(contest, user):
    return Juror.objects.filter(contest=contest, user=user).first()


def entries_for(contest, juror, category_ids=None):
    """Eligible entries (approved in the moderation queue, consented to) of the
    juror's categories (all, for a manager: juror None), each with `own`, this
    juror's scores."""
    entries = Entry.objects.eligible().filter(contest=contest)
    if juror is not None:
        entries = entries.filter(category__in=juror.categories.all())
    if category_ids:
        entries = entries.filter(category_id__in=category_ids)
    entries = entries.select_related("category").order_by("category__order", "pk")
    if juror is not None:
        entries = entries.prefetch_related(
            Prefetch("scores", queryset=Score.objects.filter(juror=juror), to_attr="own")
        )
    return entries


def others_visible(contest, user, now=None):
    """Every juror's scores: for managers, and for jurors once judging closed."""
    return manages(user) or contest.judging_closed(now)


def all_scores(contest, user):
    if not others_visible(contest, user):
        raise NotAllowed
    return Score.objects.filter(entry__contest=contest).select_related("juror__user", "entry")


def score(contest, juror, entry_id, value, comment="", now=None):
    """Set this juror's score for an entry of their categories, while judging."""
    now = now or timezone.now()
    if juror is None or not contest.judging(now):
        raise NotAllowed
    entry = entries_for(contest, juror).filter(pk=entry_id).first()
    if entry is None:
        raise NotAllowed
    if not 1 <= value <= 10:
        raise ValueError(value)
    Score.objects.update_or_create(
        entry=entry, juror=juror,
        defaults={"value": value, "comment": comment[:500], "updated_at": now},
    )  # fmt: skip
    return entry
