"""Signatures over time: per day or week since launch, for the campaign or one country.

Finished days come from SeriesDay rows that `rollup()` (a periodic job of the
worker) computes from the signatures; what was counted since the last rollup
is the difference between today's public totals and the rolled-up days, shown
on today. So the series over a million signatures reads a few thousand small
rows (bench/run.py measures it) and still ends at the live total.
"""

import datetime
import time
from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from clarion.api.models import SeriesDay

ONLINE, PAPER = "online", "paper"
FULL_EVERY = 24 * 3600
_last_full = {"at": None}


def _rows(counter, source):
    return [
        SeriesDay(day=day, country=country, source=source, count=n)
        for (day, country), n in counter.items()
        if n > 0
    ]


def _with_totals(counter):
    totals = Counter()
    for (day, _country), n in counter.items():
        totals[(day, "")] += n
    return counter + totals


def rollup(full=False):
    """Recompute the rolled-up days: everything when `full` (or nothing is
    rolled up yet), else from the day before the last rolled-up one."""
    from clarion.supporters.models import PaperBatch, Signature

    last = SeriesDay.objects.filter(source=ONLINE).order_by("-day").first()
    since = None if full or last is None else last.day - datetime.timedelta(days=1)
    counted = Signature.objects.filter(status=Signature.CONFIRMED, quarantined=False)
    online = counted.filter(source=Signature.ONLINE, confirmed_at__isnull=False)
    if since:
        start = datetime.datetime.combine(since, datetime.time(), tzinfo=datetime.UTC)
        online = online.filter(confirmed_at__gte=start)
    per_day = Counter()
    grouped = online.annotate(day=TruncDate("confirmed_at", tzinfo=datetime.UTC))
    for row in grouped.values("day", "country").annotate(n=Count("id")).order_by():
        per_day[(row["day"], row["country"])] += row["n"]
    paper = Counter()
    on_paper = counted.filter(source=Signature.PAPER, paper_batch__isnull=False)
    for row in on_paper.values("paper_batch__date", "country").annotate(n=Count("id")).order_by():
        paper[(row["paper_batch__date"], row["country"])] += row["n"]
    for batch in PaperBatch.objects.only("date", "without_email_by_country"):
        for country, n in (batch.without_email_by_country or {}).items():
            paper[(batch.date, country)] += n
    with transaction.atomic():
        stale = SeriesDay.objects.filter(source=ONLINE)
        SeriesDay.objects.filter(source=PAPER).delete()
        (stale.filter(day__gte=since) if since else stale).delete()
        SeriesDay.objects.bulk_create(_rows(_with_totals(per_day), ONLINE), batch_size=2000)
        SeriesDay.objects.bulk_create(_rows(_with_totals(paper), PAPER), batch_size=2000)


def rollup_periodically():
    """The worker's job: recent days often, everything once a day (erasures
    and invalidations of old signatures change old days)."""
    now = time.monotonic()
    full = _last_full["at"] is None or now - _last_full["at"] > FULL_EVERY
    rollup(full=full)
    if full:
        _last_full["at"] = now


def _week(day):
    return day - datetime.timedelta(days=day.weekday())


def _daily(country):
    """{ISO day: signatures} of the rolled-up days, in one light query (no
    model rows: the series over a million signatures reads a few thousand of
    these; measured by bench/bench_reach.py)."""
    from django.db import connection

    table = connection.ops.quote_name(SeriesDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT day, SUM(count) FROM {table} WHERE country = %s GROUP BY day", [country]
        )
        return {str(day)[:10]: int(n) for day, n in cursor.fetchall()}


def series(country="", interval="day", start=None, end=None):
    """{"points": [{"date", "signatures", "total"}], ...}; days (or weeks,
    starting on Monday) without signatures are left out; `total` is the
    running total at the end of that day or week, counted since launch."""
    from clarion.content.numbers import current_stats

    counts = Counter(_daily(country))
    stats = current_stats(live_page=False)
    live_total = stats["countries"].get(country, 0) if country else stats["signatures"]
    unrolled = live_total - sum(counts.values())
    if unrolled > 0:
        counts[timezone.now().date().isoformat()] += unrolled
    if interval == "week":
        weeks = Counter()
        for day, n in counts.items():
            weeks[_week(datetime.date.fromisoformat(day)).isoformat()] += n
        counts = weeks
    first = start.isoformat() if start else ""
    last = end.isoformat() if end else "9999"
    points, total = [], 0
    for day in sorted(counts):
        total += counts[day]
        if counts[day] and first <= day <= last:
            points.append({"date": day, "signatures": counts[day], "total": total})
    return {
        "interval": interval,
        "country": country or None,
        "total": live_total,
        "updated_at": stats["updated_at"],
        "points": points,
    }
