"""Server-side choropleth world map as an inline, accessible SVG (no JS, no tiles).

Shapes come from clarion/lib/world_map.json, built by tools/build_world_map.py
(Natural Earth 1:110m via world-atlas, Equal Earth projection, keyed by ISO alpha-2).
"""

import json
import math
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


@cache
def world_map():
    """{"viewBox": "0 0 W H", "countries": {alpha-2: path data}}"""
    return json.loads(DATA.read_text())


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


def render_map(counts, title, label=lambda code, n: f"{code}: {n}", svg_id="worldmap"):
    """Inline SVG with one <path> per country, shaded by counts[alpha-2]."""
    data = world_map()
    top = _top(counts)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="worldmap" viewBox="{data["viewBox"]}"'
        f' role="img" aria-labelledby="{svg_id}-title">'
        f'<title id="{svg_id}-title">{escape(title)}</title><style>{STYLE}</style>'
    ]
    for code, d in data["countries"].items():
        n = counts.get(code, 0)
        tip = f"<title>{escape(label(code, n))}</title>" if n > 0 else ""
        parts.append(f'<path class="c{_step(n, top)}" d="{d}">{tip}</path>')
    parts.append("</svg>")
    return "".join(parts)
