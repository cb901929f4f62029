"""Filtering the news archive and its Atom feed."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from clarion.lib.countries import country_name, is_country


def filter_news(items, params):
    """Apply the year/country/activity filters from a query string, ignoring junk."""
    from clarion.content.models import NewsItemPage

    filters = {}
    year = params.get("year", "")
    if year.isascii() and year.isdigit() and 1990 <= int(year) <= 2100:
        items = items.filter(date__year=int(year))
        filters["year"] = int(year)
    country = params.get("country", "").upper()
    if is_country(country):
        items = items.filter(country=country)
        filters["country"] = country
    activity = params.get("activity", "")
    if activity in dict(NewsItemPage.ACTIVITIES):
        items = items.filter(activity=activity)
        filters["activity"] = activity
    return items, filters


def filter_options(index_page):
    """Years, countries and activities present in the archive, for the filter form."""
    from clarion.content.models import NewsItemPage

    items = index_page.items()
    years = sorted({d.year for d in items.dates("date", "year")}, reverse=True)
    codes = set(items.exclude(country="").values_list("country", flat=True))
    countries = sorted(((c, country_name(c)) for c in codes), key=lambda c: c[1])
    present = set(items.values_list("activity", flat=True))
    activities = [(k, label) for k, label in NewsItemPage.ACTIVITIES if k in present]
    return {"years": years, "countries": countries, "activities": activities}


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, index_page):
        self.request = request
        return index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.url

    def author_name(self, index_page):
        # Atom requires an author for the feed (or for every entry).
        return settings.SITE_NAME

    def author_link(self, index_page):
        return settings.SITE_URL + "/"

    def subtitle(self, index_page):
        return index_page.intro or _("Campaign news")

    def items(self, index_page):
        return index_page.items()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        place = ", ".join(p for p in (item.city, country_name(item.country)) if p)
        source = _("Source: %(outlet)s, %(date)s") % {
            "outlet": item.source_outlet,
            "date": item.source_date,
        }
        return " — ".join(p for p in (place, item.intro, source) if p)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time(12), datetime.UTC)

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)
