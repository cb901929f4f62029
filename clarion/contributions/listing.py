"""Published items for the gallery and the letters pages: filters and fast paging.

Pages go by id ("older than …") rather than by number, so the thousandth page
costs what the first does, and each filter has an index (status, kind, …, -id).
"""

from functools import lru_cache

from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from clarion.contributions import kinds
from clarion.contributions.models import Submission
from clarion.lib.countries import country_choices, is_country

PER_PAGE = 24
FIELDS = [
    "kind", "genre", "title", "text", "image", "author_name", "name_display", "country",
    "language", "featured", "for_class", "school", "age_group",
]  # fmt: skip


def section(way):
    return "image-message/gallery" if way == "image-message" else "letters"


def public(way):
    approved = Submission.objects.filter(status=Submission.APPROVED)
    if way == "image-message":
        return approved.filter(kind=kinds.IMAGE)
    return approved.filter(kind=kinds.LETTER)


def recent(kind, n):
    way = "image-message" if kind == kinds.IMAGE else "letters"
    return list(public(way).only(*FIELDS).order_by("-featured", "-pk")[:n])


def options(way, filters):
    types = Submission.GENRES if way == "letters" else []
    return {
        "countries": country_options(get_language(), filters.get("country", "")),
        "languages": settings.LANGUAGES,
        "types": types,
    }


@lru_cache(maxsize=16)
def _country_options(language):
    return format_html_join("", '<option value="{}">{}</option>', country_choices(language))


def country_options(language, selected):
    """The ~250 <option>s of the country filter, built once per language: a loop in
    the template would cost more than the whole query."""
    html = _country_options(language)
    if selected:
        html = html.replace(f'value="{selected}">', f'value="{selected}" selected>', 1)
    return mark_safe(html)


def clean_filters(way, query):
    filters = {}
    country = query.get("country", "").upper()
    if country and is_country(country):
        filters["country"] = country
    language = query.get("language", "")
    if language in dict(settings.LANGUAGES):
        filters["language"] = language
    genre = query.get("type", "")
    if way == "letters" and genre in dict(Submission.GENRES):
        filters["genre"] = genre
    if query.get("featured") == "1":
        filters["featured"] = True
    if way == "letters" and query.get("school") == "1":
        filters["for_class"] = True  # the work classes sent (clarion.network.schools)
    return filters


def page(way, query):
    """One page of items (newest first), the id to continue from, and the filters used."""
    filters = clean_filters(way, query)
    items = public(way).filter(**filters).only(*FIELDS)
    before = query.get("before", "")
    if before.isascii() and before.isdigit() and len(before) < 19:
        items = items.filter(pk__lt=int(before))
    rows = list(items.order_by("-pk")[: PER_PAGE + 1])
    older = rows[PER_PAGE - 1].pk if len(rows) > PER_PAGE else None
    return rows[:PER_PAGE], older, filters
