"""The public calendar: filtered queries, the events map, iCalendar and the home page."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from clarion.content import pagecache
from clarion.events import mapping
from clarion.events.models import Event
from clarion.lib.countries import is_country

LONGEST = datetime.timedelta(days=400)  # longer than any event, proposed or from the archive
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
LIST_FIELDS = [
    "pk", "type", "title", "status", "starts_at", "ends_at", "time_zone", "city", "country",
    "language", "online_url", "news_page_id", "news_page__slug",
]  # fmt: skip


@dataclass
class Filters:
    when: str = "upcoming"
    country: str = ""
    type: str = ""
    language: str = ""
    month: str = ""

    @classmethod
    def from_query(cls, query):
        """Unknown values are ignored rather than refused: a calendar link never fails."""
        found = cls()
        if query.get("when") in ("upcoming", "past"):
            found.when = query["when"]
        country = (query.get("country") or "").upper()
        found.country = country if is_country(country) else ""
        found.type = query.get("type", "") if query.get("type") in dict(Event.TYPES) else ""
        languages = dict(settings.LANGUAGES)
        found.language = query.get("language", "") if query.get("language") in languages else ""
        match = MONTH.match(query.get("month") or "")
        if match and 1 <= int(match[2]) <= 12 and 2000 <= int(match[1]) <= 2100:
            found.month = query["month"]
        return found

    def apply(self, events, now=None):
        now = now or timezone.now()
        if self.month:
            year, month = map(int, self.month.split("-"))
            start = datetime.datetime(year, month, 1, tzinfo=datetime.UTC)
            end = (start + datetime.timedelta(days=32)).replace(day=1)
            events = events.filter(starts_at__gte=start, starts_at__lt=end)
        elif self.when == "past":
            events = events.filter(ends_at__lt=now, starts_at__lt=now)
        else:
            # The start bound is implied (no event lasts longer) and lets the
            # (status, starts_at) index start its scan near today.
            events = events.filter(ends_at__gte=now, starts_at__gte=now - LONGEST)
        if self.country:
            events = events.filter(country=self.country)
        if self.type:
            events = events.filter(type=self.type)
        if self.language:
            events = events.filter(language=self.language)
        return events

    @property
    def newest_first(self):
        return self.when == "past" and not self.month


def public_events():
    return Event.objects.filter(status=Event.APPROVED)


CACHE_SECONDS = 30
VERSION_KEY = "events:listing-version"


def changed():
    """Forget cached listings: called when an event is published or changes."""
    pagecache.invalidate_all()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def listing(filters, limit=50, offset=0):
    """One page of events as light rows, the counts per country and the dots for
    the map; cached up to CACHE_SECONDS (past/upcoming shift with time), dropped on changes."""
    version = cache.get(VERSION_KEY, 0)
    f = filters
    key = f"events:listing:{version}:{f.when}:{f.country}:{f.type}:{f.language}:{f.month}"
    key += f":{limit}:{offset}"
    found = cache.get(key)
    if found is None:
        found = _listing(filters, limit, offset)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _listing(filters, limit, offset):
    events = filters.apply(public_events())
    order = ("-starts_at", "-pk") if filters.newest_first else ("starts_at", "pk")
    rows = list(events.order_by(*order).values(*LIST_FIELDS)[offset : offset + limit + 1])
    counts = dict(
        events.exclude(country="").order_by().values_list("country").annotate(n=Count("pk"))
    )
    return [Row(**row) for row in rows[:limit]], len(rows) > limit, counts, mapping.places(events)


@dataclass
class Row:
    pk: int
    type: str
    title: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    city: str
    country: str
    language: str
    online_url: str
    news_page_id: int | None
    news_page__slug: str | None

    @property
    def local_start(self):
        return Event(starts_at=self.starts_at, time_zone=self.time_zone).local_start

    @property
    def type_label(self):
        return dict(Event.TYPES).get(self.type, self.type)

    def url_in(self, language):
        if self.news_page_id:
            return f"/{language}/news/{self.news_page__slug}/"
        return f"/{language}/events/{self.pk}/"


def options(choices, selected):
    """<option>s as one string: a template loop over 250 countries costs milliseconds."""
    return mark_safe(
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
            f"{escape(label)}</option>"
            for value, label in choices
        )
    )


@dataclass
class HomeEvent:
    title: str
    url: str
    date: datetime.date
    city: str
    country: str


def upcoming_for_home(locale):
    language = locale.language_code
    events = (
        public_events()
        .filter(starts_at__gte=timezone.now())
        .select_related("news_page")
        .order_by("starts_at")[:3]
    )
    return [HomeEvent(e.title, e.url_in(language), e.date, e.city, e.country) for e in events]
