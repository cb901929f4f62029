"""The campaign over time and by country, drawn as SVG on the server: no chart
script, readable without JavaScript, and each chart has a data table beside it
(the templates put it there) for screen readers and for copying figures."""

import datetime
import math
from xml.sax.saxutils import escape

from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


def _n(value):
    return number_format(value, force_grouping=True)


def nice_top(value):
    """The smallest 1, 2 or 5 × 10^k at or above value (at least 10)."""
    value = max(value, 10)
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def scale_steps(top):
    """Whole, round steps up a nice_top scale: 1 and 5 × 10^k in five steps
    (0, 2, 4 … 10), 2 × 10^k in four (0, 5, 10, 15, 20)."""
    return 4 if str(top)[0] == "2" else 5


def time_chart(points, start, end, milestones=(), event_days=(), title=""):
    """points: [(date, running total)]; milestones: [(date, label)]; event_days:
    [date] (one tick each). Returns SVG markup."""
    span = max((end - start).days, 1)
    top = nice_top(max((total for _day, total in points), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return LEFT + plot_w * min(max((day - start).days, 0), span) / span

    def y(value):
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-time-title" class="chart chart--time" '
        f'direction="ltr">'
        f'<title id="chart-time-title">{escape(title)}</title>'
    ]
    steps = scale_steps(top)
    for i in range(steps + 1):
        value = top * i // steps
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'class="chart__grid"/><text x="{LEFT - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end" class="chart__label">{escape(_n(value))}</text>'
        )
    years = range(start.year + 1, end.year + 1)
    every = max(1, math.ceil(len(years) / 9))
    for year in years[::every]:
        at = x(datetime.date(year, 1, 1))
        parts.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 5}" '
            f'class="chart__axis"/><text x="{at:.1f}" y="{HEIGHT - 18}" text-anchor="middle" '
            f'class="chart__label">{year}</text>'
        )
    for day in sorted(set(event_days)):
        at = x(day)
        parts.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{TOP + plot_h - 6}" y2="{TOP + plot_h}" '
            f'class="chart__event"/>'
        )
    line = [(x(start), y(0))]
    for day, total in points:
        line.append((x(day), line[-1][1]))
        line.append((x(day), y(total)))
    line.append((x(end), line[-1][1]))
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in line)
    parts.append(
        f'<polygon points="{LEFT},{TOP + plot_h} {path} {x(end):.1f},{TOP + plot_h}" '
        f'class="chart__area"/><polyline points="{path}" class="chart__line"/>'
    )
    for number, (day, label) in enumerate(milestones, start=1):
        at = x(day)
        parts.append(
            f'<g class="chart__milestone"><title>{escape(date_format(day))}: {escape(label)}'
            f'</title><line x1="{at:.1f}" x2="{at:.1f}" y1="{TOP}" y2="{TOP + plot_h}"/>'
            f'<circle cx="{at:.1f}" cy="{TOP + 8}" r="8"/><text x="{at:.1f}" y="{TOP + 12}" '
            f'text-anchor="middle">{number}</text></g>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        f'class="chart__axis"/></svg>'
    )
    return mark_safe("".join(parts))


def bar_chart(rows, title="", rtl=False):
    """rows: [(label, value)] in the order to draw (largest first). In a
    right-to-left language the chart is mirrored: labels right, bars growing
    left. The SVG fixes its own direction, so text anchors mean the same on an
    Arabic page (there "end" would otherwise be the left edge)."""
    bar, gap, label_w = 22, 8, 190
    height = TOP + len(rows) * (bar + gap) + 8
    top = max((value for _label, value in rows), default=0) or 1
    plot_w = WIDTH - label_w - 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="chart-bars-title" class="chart chart--bars" '
        f'direction="ltr">'
        f'<title id="chart-bars-title">{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = TOP + i * (bar + gap)
        width = max(plot_w * value / top, 1)
        if rtl:
            start = WIDTH - label_w - width
            label_at, label_anchor = WIDTH - label_w + 8, "start"
            value_at, value_anchor = start - 6, "end"
        else:
            start = label_w
            label_at, label_anchor = label_w - 8, "end"
            value_at, value_anchor = label_w + width + 6, "start"
        parts.append(
            f'<text x="{label_at:.1f}" y="{y + bar * 0.7:.1f}" text-anchor="{label_anchor}" '
            f'class="chart__label">{escape(label)}</text>'
            f'<rect x="{start:.1f}" y="{y}" width="{width:.1f}" height="{bar}" '
            f'class="chart__bar"/><text x="{value_at:.1f}" y="{y + bar * 0.7:.1f}" '
            f'text-anchor="{value_anchor}" class="chart__value">{escape(_n(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def per_year(points):
    """[(year, signatures that year, total at its end)] from running totals."""
    years, before = {}, 0
    for day, total in points:
        years[day.year] = total
    rows = []
    for year in sorted(years):
        rows.append((year, years[year] - before, years[year]))
        before = years[year]
    return rows
