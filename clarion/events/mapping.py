"""The events map: countries shaded by their number of events, and a linked dot
for events that have coordinates, on the same offline SVG world map.

Dots are counted by cells of CELL degrees; if that gives more than MAX_DOTS
cells, neighbouring cells are merged (over the cells, not the events) until it
does not. The positions come as floats in one query and are counted in Python:
on SQLite that is several times faster than grouping by rounded decimals in the
query (8 ms against 40-80 ms for 3,300 located events). So 10,000 events cost
two light queries and at most MAX_DOTS small SVG links.
"""

import math
from dataclasses import dataclass

from django.db.models import FloatField
from django.db.models.functions import Cast
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
    points = located.annotate(
        lat=Cast("latitude", FloatField()), lon=Cast("longitude", FloatField())
    ).values_list("pk", "lat", "lon")
    sums = {}
    for pk, lat, lon in points.iterator(chunk_size=5000):
        key = (math.floor(lat / CELL + 0.5) * CELL, math.floor(lon / CELL + 0.5) * CELL)
        cell = sums.get(key)
        if cell is None:
            sums[key] = [1, pk, lat, lon]
        else:
            cell[0] += 1
            cell[1] = min(cell[1], pk)
            cell[2] += lat
            cell[3] += lon
    cells = [
        (key, {"n": n, "first": first, "lat": lat / n, "lon": lon / n})
        for key, (n, first, lat, lon) in sums.items()
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
