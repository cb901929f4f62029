import re

from django.utils import translation
from django.utils.translation import gettext

from clarion.content.models import NewsItemPage

from .base import LANGS, BaseTestCase

PATHS = [
    "",
    "join/",
    "petitions/",
    "image-message/",
    "letters/",
    "events/",
    "press/",
    "facts/",
    "news/",
    "recognition/",
    "resources/",
    "memorial/",
    "about/",
    "privacy/",
]


class PagesTestCase(BaseTestCase):
    def test_it_renders_every_page_in_every_language(self):
        for lang in LANGS:
            for path in PATHS:
                response = self.get_page(f"/{lang}/{path}")
                html = response.content.decode()
                direction = "rtl" if lang == "ar" else "ltr"
                self.assertIn(f'<html lang="{lang}" dir="{direction}">', html, f"/{lang}/{path}")

    def test_it_has_a_language_switcher_to_the_same_page(self):
        html = self.get_page("/en/facts/").content.decode()
        for lang in LANGS:
            self.assertIn(f'href="/{lang}/facts/" hreflang="{lang}"', html)

    def test_it_translates_the_interface(self):
        for lang in LANGS[1:]:
            with translation.override(lang):
                expected = [
                    gettext("Sign the declaration"),
                    gettext("Six ways to join"),
                ]
            self.assertNotIn("Six ways to join", expected, lang)
            html = self.get_page(f"/{lang}/").content.decode()
            for text in expected:
                self.assertIn(text, html, lang)

    def test_it_has_landmarks_and_a_skip_link(self):
        html = self.get_page("/en/").content.decode()
        self.assertIn('<a class="skip-link" href="#main">', html)
        for tag in ("<header", "<main", "<footer", "<nav"):
            self.assertIn(tag, html)
        self.assertEqual(len(re.findall(r"<h1[ >]", html)), 1)

    def test_it_makes_no_third_party_requests(self):
        for path in ("/en/", "/ar/facts/", "/de/news/"):
            html = self.get_page(path).content.decode()
            # What the browser fetches by itself: src anywhere, href of <link>;
            # a link the reader may follow (<a href>, e.g. to a source) is no request.
            loaded = re.findall(r'src="(https?://[^"]+)"', html) + re.findall(
                r'<link [^>]*href="(https?://[^"]+)"', html
            )
            for attr in loaded:
                self.assertTrue(attr.startswith("http://127.0.0.1:8000"), f"{path} loads {attr}")
            self.assertNotIn('<script src="http', html)
        facts = self.get_page("/ar/facts/").content.decode()
        self.assertIn('<a href="https://en.trend.az/', facts)  # a source, not a request

    def test_it_has_opengraph_tags(self):
        html = self.get_page("/fr/about/").content.decode()
        self.assertIn('property="og:title"', html)
        self.assertIn('property="og:image"', html)
        self.assertIn('<meta property="og:locale" content="fr">', html)

    def test_home_shows_numbers_ways_and_news(self):
        response = self.get_page("/en/")
        html = response.content.decode()
        self.assertIn('id="stat-signatures">0<', html)
        self.assertIn("1,000,000", html)
        self.assertEqual(len(response.context["ways"]), 6)
        self.assertEqual(len(response.context["latest_news"]), 4)

    def test_news_item_in_another_language_is_translated_and_says_so(self):
        item = NewsItemPage.objects.filter(locale__language_code="ru").first()
        self.assertIsNone(item.alias_of_id)
        self.assertTrue(item.translation_needs_review)
        html = self.get_page(item.url).content.decode()
        self.assertIn('<html lang="ru"', html)
        self.assertIn("Этот текст переведён машиной", html)

    def test_join_page_shows_the_declaration(self):
        response = self.get_page("/en/join/")
        campaign = response.context["campaign"]
        self.assertContains(response, campaign.declaration_paragraphs()[0][:60])
