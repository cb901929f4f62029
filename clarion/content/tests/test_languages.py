from django.utils import translation
from django.utils.translation import gettext

from .base import BaseTestCase


class LanguagesTestCase(BaseTestCase):
    def test_root_follows_the_browser_language(self):
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="tr-TR,tr;q=0.9,en;q=0.5")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/tr/")

    def test_root_falls_back_to_english(self):
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="ja-JP")
        self.assertEqual(response["Location"], "/en/")

    def test_root_handles_garbage_accept_language(self):
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="\x00;;q=zz,,,")
        self.assertEqual(response["Location"], "/en/")

    def test_unknown_prefix_is_a_404_in_the_nearest_language(self):
        response = self.client.get("/xx/join/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
        self.assertEqual(response.status_code, 404)
        html = response.content.decode()
        self.assertIn('<html lang="de"', html)
        with translation.override("de"):
            self.assertIn(gettext("Page not found"), html)
        self.assertNotIn("Page not found", html)

    def test_unknown_page_is_a_404_in_the_language_of_its_prefix(self):
        response = self.client.get("/ar/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertIn('<html lang="ar" dir="rtl">', response.content.decode())
