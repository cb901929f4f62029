"""The events map: countries shaded by their number of events, and a linked dot
for events that have coordinates, on the same offline SVG world map.

Dots are counted in the database by cells of CELL degrees; if that gives more
than MAX_DOTS cells, neighbouring cells are merged (in Python, over the cells,
never the events) until it does not. So 10,000 events cost one grouped query
and at most MAX_DOTS small SVG links.
"""

import math
from dataclasses import dataclass

from django.db.models import Avg, Count, Min
from django.db.models.functions import Round
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clarion.events.models import Event
from clarion.lib.countries import country_name
from clarion.lib.worldmap import Dot, project, render_map

CELL = 1  # degrees
MAX_DOTS = 400
FIRST_FIELDS = [
    "pk", "title", "city", "country", "starts_at", "time_zone", "news_page_id", "news_page__slug",
]  # fmt: skip


@dataclass
class Place:
    """One dot: where (the mean position of its events), how many, and the first one."""

    latitude: float
    longitude: float
    count: int
    first: dict


def places(events):
    """The dots for a filtered queryset of events."""
    located = events.filter(latitude__isnull=False, longitude__isnull=False).order_by()
    cells = [
        ((int(row["cell_lat"]), int(row["cell_lon"])), row)
        for row in located.annotate(cell_lat=Round("latitude"), cell_lon=Round("longitude"))
        .values("cell_lat", "cell_lon")
        .annotate(n=Count("pk"), first=Min("pk"), lat=Avg("latitude"), lon=Avg("longitude"))
    ]
    size = CELL
    while len(cells) > MAX_DOTS:
        size *= 2
        cells = _merge(cells, size)
    firsts = Event.objects.filter(pk__in=[row["first"] for _key, row in cells])
    firsts = {row["pk"]: row for row in firsts.values(*FIRST_FIELDS)}
    return [
        Place(float(row["lat"]), float(row["lon"]), row["n"], firsts[row["first"]])
        for _key, row in sorted(cells, key=lambda cell: cell[0])
        if row["first"] in firsts
    ]


def _merge(cells, size):
    merged = {}
    for (lat, lon), row in cells:
        key = (math.floor(lat / size) * size, math.floor(lon / size) * size)  # in degrees
        into = merged.get(key)
        if into is None:
            merged[key] = dict(row, lat=float(row["lat"]), lon=float(row["lon"]))
            continue
        n = into["n"] + row["n"]
        into["lat"] = (into["lat"] * into["n"] + float(row["lat"]) * row["n"]) / n
        into["lon"] = (into["lon"] * into["n"] + float(row["lon"]) * row["n"]) / n
        into["n"], into["first"] = n, min(into["first"], row["first"])
    return list(merged.items())


def _describe(first):
    event = Event(starts_at=first["starts_at"], time_zone=first["time_zone"])
    where = first["city"] or (country_name(first["country"]) if first["country"] else "")
    parts = [first["title"], where, date_format(event.local_start.date(), "DATE_FORMAT")]
    return ", ".join(part for part in parts if part)


def _dot(place, language):
    x, y = project(place.latitude, place.longitude)
    first = place.first
    if place.count == 1:
        if first["news_page_id"]:
            href = f"/{language}/news/{first['news_page__slug']}/"
        else:
            href = f"/{language}/events/{first['pk']}/"
        return Dot(x, y, _describe(first), href)
    label = ngettext(
        "%(count)s event here, among them: %(first)s",
        "%(count)s events here, among them: %(first)s",
        place.count,
    ) % {"count": number_format(place.count, force_grouping=True), "first": _describe(first)}
    href = f"/{language}/events/?country={first['country']}" if first["country"] else ""
    return Dot(x, y, label, href or f"/{language}/events/", count=place.count)


def events_map(counts, located, language):
    svg = render_map(
        counts,
        _("Events by country"),
        label=lambda code, n: f"{country_name(code)}: {number_format(n, force_grouping=True)}",
        svg_id="eventsmap",
        dots=[_dot(place, language) for place in located],
    )
    return mark_safe(svg)
