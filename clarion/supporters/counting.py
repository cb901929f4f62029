"""Public totals without a hot row: each change is an event row; a batch folds
the events into per-(kind, source, country) tallies, and readers get the
tallies from the cache."""

from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from clarion.supporters.models import CountEvent, PaperBatch, Signature, Tally

CACHE_KEY = "supporters:stats:v1"
LOCK = {"kind": "_lock", "source": "", "country": ""}
FOLD_BATCH = 50_000


def record(signature, delta):
    """Count (+1) or uncount (-1) a signature; call inside the change's transaction."""
    CountEvent.objects.create(
        kind=signature.kind, source=signature.source, country=signature.country, delta=delta
    )


def record_many(rows):
    """rows: iterable of (kind, source, country, delta)."""
    CountEvent.objects.bulk_create(
        CountEvent(kind=k, source=s, country=c, delta=d) for k, s, c, d in rows
    )


def fold():
    """Move pending events into the tallies. Safe to run concurrently: the lock
    row serialises folders, and only the events actually read are deleted.
    With nothing pending (most reads of the numbers) it takes no lock."""
    if not CountEvent.objects.exists():
        return 0
    with transaction.atomic():
        Tally.objects.select_for_update().get_or_create(**LOCK)
        events = list(
            CountEvent.objects.order_by("pk").values_list(
                "pk", "kind", "source", "country", "delta"
            )[:FOLD_BATCH]
        )
        if not events:
            return 0
        sums = Counter()
        for _pk, kind, source, country, delta in events:
            sums[(kind, source, country)] += delta
        for (kind, source, country), delta in sums.items():
            if delta:
                updated = Tally.objects.filter(kind=kind, source=source, country=country).update(
                    count=F("count") + delta
                )
                if not updated:
                    Tally.objects.create(kind=kind, source=source, country=country, count=delta)
        ids = [event[0] for event in events]
        for start in range(0, len(ids), 5000):
            CountEvent.objects.filter(pk__in=ids[start : start + 5000]).delete()
    cache.delete(CACHE_KEY)
    return len(events)


def totals_from(rows):
    """rows: (kind, source, country, count) -> the public stats numbers."""
    people = organisations = paper = 0
    countries = Counter()
    for kind, source, country, count in rows:
        if source == Signature.PAPER:
            paper += count
        elif kind == Signature.ORGANISATION:
            organisations += count
        else:
            people += count
        if country:
            countries[country] += count
    return {
        "signatures": people + organisations + paper,
        "people": people,
        "organisations": organisations,
        "paper": paper,
        "countries": dict(sorted((c, n) for c, n in countries.items() if n > 0)),
    }


def tallied():
    rows = Tally.objects.exclude(kind=LOCK["kind"]).values_list(
        "kind", "source", "country", "count"
    )
    return totals_from(rows)


def public_stats():
    """The numbers for stats.json and the pages: at most STATS_CACHE_SECONDS old."""
    stats = cache.get(CACHE_KEY)
    if stats is None:
        fold()
        stats = tallied() | {"updated_at": timezone.now().isoformat()}
        cache.set(CACHE_KEY, stats, settings.STATS_CACHE_SECONDS)
    return stats


def recount():
    """Totals computed from scratch from the signatures and paper batches."""
    counted = Signature.objects.filter(status=Signature.CONFIRMED, quarantined=False)
    rows = [
        (r["kind"], r["source"], r["country"], r["n"])
        for r in counted.values("kind", "source", "country").annotate(n=Count("id"))
    ]
    for batch in PaperBatch.objects.all():
        rows += [
            (Signature.PERSON, Signature.PAPER, country, n)
            for country, n in batch.without_email_by_country.items()
        ]
    return totals_from(rows)
