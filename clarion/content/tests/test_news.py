from clarion.content.models import NewsItemPage

from .base import BaseTestCase


class NewsTestCase(BaseTestCase):
    def test_it_lists_news_newest_first(self):
        response = self.get_page("/en/news/")
        items = list(response.context["items"])
        self.assertEqual(len(items), 20)
        self.assertEqual(items, sorted(items, key=lambda i: i.date, reverse=True))

    def test_it_filters_by_year_country_and_activity(self):
        item = NewsItemPage.objects.filter(locale__language_code="en").exclude(country="").first()
        query = f"?year={item.date.year}&country={item.country}&activity={item.activity}"
        response = self.get_page(f"/en/news/{query}")
        items = list(response.context["items"])
        self.assertIn(item.pk, [i.pk for i in items])
        for other in items:
            self.assertEqual(
                (other.date.year, other.country, other.activity),
                (item.date.year, item.country, item.activity),
            )

    def test_it_ignores_junk_filters_and_pages(self):
        response = self.get_page("/en/news/?year=abc&country=<script>&activity=x&page=999999")
        self.assertEqual(response.context["filters"], {})
        self.assertNotContains(response, "<script>")

    def test_it_has_an_atom_feed(self):
        response = self.get_page("/fr/news/feed/")
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        self.assertIn(b"<entry>", response.content)
        self.assertIn(b'xml:lang="fr"', response.content)

    def test_an_item_shows_date_place_activity_and_source(self):
        item = NewsItemPage.objects.filter(locale__language_code="en").exclude(city="").first()
        response = self.get_page(item.url)
        self.assertContains(response, item.city)
        self.assertContains(response, item.get_activity_display())
        self.assertContains(response, item.source_date)
