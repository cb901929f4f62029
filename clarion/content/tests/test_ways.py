"""Each way to join is a route in its feature app's urls.py; the WayPage is the
text around the feature's form, and links there."""

from django.urls import resolve
from django.utils import translation

from clarion.content.models import WayPage
from clarion.content.ways import WAYS

from .base import LANGS, BaseTestCase


class WaysTestCase(BaseTestCase):
    def test_it_routes_every_way_in_its_feature_app(self):
        for way, _label in WAYS:
            for language in LANGS:
                with translation.override(language):  # i18n_patterns: one prefix at a time
                    match = resolve(f"/{language}/{way}/")
                self.assertEqual(match.url_name, way)
                app = match.func.__module__.split(".")[1]
                self.assertNotIn(app, {"content"}, f"{way} served by {match.func.__module__}")

    def test_it_shows_the_pages_text_around_each_form(self):
        for way, _label in WAYS:
            page = WayPage.objects.get(way=way, locale__language_code="ar")
            page.intro = f"Intro of {way} in Arabic"
            page.save_revision().publish()
            html = self.get_page(f"/ar/{way}/").content.decode()
            self.assertIn(f"Intro of {way} in Arabic", html)
            self.assertIn('dir="rtl"', html)

    def test_it_sends_a_moved_page_to_its_route(self):
        page = WayPage.objects.get(way="petitions", locale__language_code="fr")
        page.slug = "petitions-en-ligne"
        page.save_revision().publish()
        response = self.client.get("/fr/petitions-en-ligne/")
        self.assertRedirects(response, "/fr/petitions/", fetch_redirect_response=False)
        self.get_page("/fr/petitions/")

    def test_it_previews_a_draft_in_the_features_view(self):
        page = WayPage.objects.get(way="join", locale__language_code="en")
        page.intro = "A draft introduction"
        draft = page.save_revision().as_object()
        response = draft.make_preview_request()
        response.render()
        html = response.content.decode()
        self.assertIn("A draft introduction", html)
        self.assertIn('name="consent"', html)  # the sign form: the feature's view drew it
        self.assertNotContains(self.client.get("/en/join/"), "A draft introduction")
