"""Server-side choropleth world map as an inline, accessible SVG (no JS, no tiles).

Shapes come from clarion/lib/world_map.json, built by tools/build_world_map.py
(Natural Earth 1:110m via world-atlas, Equal Earth projection, keyed by ISO alpha-2).
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

DATA = Path(__file__).with_name("world_map.json")
EMPTY = "#e6e1d8"
PALETTE = ("#f6e7ea", "#e8b4bc", "#c97782", "#9b1d20", "#5e0f12")  # light to dark
STYLE = (
    ".worldmap path{stroke:#fff;stroke-width:.3;vector-effect:non-scaling-stroke;"
    "stroke-linejoin:round}"
    + "".join(f".worldmap .c{i}{{fill:{fill}}}" for i, fill in enumerate((EMPTY, *PALETTE)))
)
DOT_STYLE = (
    ".worldmap .dot circle{fill:#1d4e89;stroke:#fff;stroke-width:.6}"
    ".worldmap .dot text{fill:#fff;font:bold 4px sans-serif;text-anchor:middle}"
    ".worldmap .dot:hover circle,.worldmap .dot:focus circle{fill:#0b2545;stroke:#ffd166}"
)


# Equal Earth constants (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon, lat):
    """Projected (x, y) of a point in degrees, before the map's offset and scale."""
    lam, phi = math.radians(lon), math.radians(lat)
    t = math.asin(M * math.sin(phi))
    t2 = t * t
    t6 = t2 * t2 * t2
    x = lam * math.cos(t) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


@cache
def world_map():
    """{"viewBox": "0 0 W H", "countries": {alpha-2: path data}, "projection": {…}}"""
    return json.loads(DATA.read_text())


def project(lat, lon):
    """Where a point falls on the map, in viewBox units (x right, y down)."""
    p = world_map()["projection"]
    x, y = equal_earth(float(lon), float(lat))
    return (x - p["x_min"]) * p["scale"], (p["y_max"] - y) * p["scale"]


def _step(n, top):
    """Palette step 0..5 on a log scale: 0 for no count, 5 for the largest count."""
    if n <= 0:
        return 0
    return max(1, math.ceil(len(PALETTE) * math.log1p(n) / math.log1p(top) - 1e-9))


def _top(counts):
    return max((n for n in counts.values() if n > 0), default=0)


def legend(counts):
    """[(class, from, to), …] for a textual legend: "c0" is 0, then each step in use."""
    top = _top(counts)
    rows = [("c0", 0, 0)]
    if not top:
        return rows
    lowest = 1
    for step in range(1, len(PALETTE) + 1):
        # The largest n in this step; correct float rounding at the boundary.
        highest = min(top, math.floor(math.expm1(math.log1p(top) * step / len(PALETTE))))
        while highest < top and _step(highest + 1, top) <= step:
            highest += 1
        while highest >= lowest and _step(highest, top) > step:
            highest -= 1
        if highest >= lowest:
            rows.append((f"c{step}", lowest, highest))
            lowest = highest + 1
    return rows


@dataclass
class Dot:
    """A point on the map: one place (or a cluster of `count` places) and its link."""

    x: float
    y: float
    label: str
    href: str
    count: int = 1


def _dot(dot):
    radius = min(9.0, 2.5 + 1.5 * math.log2(dot.count)) if dot.count > 1 else 2.5
    number = (
        f'<text x="{dot.x:.1f}" y="{dot.y + 1.4:.1f}">{dot.count}</text>' if dot.count > 1 else ""
    )
    return (
        f'<a class="dot" href="{escape(dot.href)}"><title>{escape(dot.label)}</title>'
        f'<circle cx="{dot.x:.1f}" cy="{dot.y:.1f}" r="{radius:.1f}"/>{number}</a>'
    )


def render_map(counts, title, label=lambda code, n: f"{code}: {n}", svg_id="worldmap", dots=()):
    """Inline SVG with one <path> per country, shaded by counts[alpha-2], and
    linked dots on top (then the picture is a group of links rather than an image)."""
    data = world_map()
    top = _top(counts)
    role = "group" if dots else "img"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="worldmap" viewBox="{data["viewBox"]}"'
        f' role="{role}" aria-labelledby="{svg_id}-title">'
        f'<title id="{svg_id}-title">{escape(title)}</title>'
        f"<style>{STYLE}{DOT_STYLE if dots else ''}</style>"
    ]
    for code, d in data["countries"].items():
        n = counts.get(code, 0)
        tip = f"<title>{escape(label(code, n))}</title>" if n > 0 else ""
        parts.append(f'<path class="c{_step(n, top)}" d="{d}">{tip}</path>')
    parts.extend(_dot(dot) for dot in dots)
    parts.append("</svg>")
    return "".join(parts)
