"""The signatures map and country table, in the visitor's language."""

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from clarion.lib.countries import country_name
from clarion.lib.worldmap import render_map


def signature_map(counts):
    svg = render_map(
        counts,
        _("Confirmed signatures by country"),
        label=lambda code, n: f"{country_name(code)}: {number_format(n, force_grouping=True)}",
    )
    return mark_safe(svg)


def country_table(counts):
    """[(code, name, count)] largest first."""
    rows = [(code, country_name(code), n) for code, n in counts.items() if n > 0]
    return sorted(rows, key=lambda row: (-row[2], row[1]))
