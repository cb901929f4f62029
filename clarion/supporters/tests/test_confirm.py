import datetime
from unittest import mock

from clarion.supporters import tokens
from clarion.supporters.models import Signature

from .base import SupportersTestCase


class ConfirmTestCase(SupportersTestCase):
    def setUp(self):
        super().setUp()
        self.sign(show_on_wall="on")
        self.signature = Signature.objects.get()
        self.url = self.confirm_url(self.signature)

    def test_get_shows_a_button_and_does_not_confirm(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<form method="post"')
        self.signature.refresh_from_db()
        self.assertEqual(self.signature.status, Signature.PENDING)

    def test_post_confirms_and_counts(self):
        response = self.client.post(self.url, HTTP_ORIGIN="http://testserver")
        self.assertEqual(response.status_code, 200)
        self.signature.refresh_from_db()
        self.assertEqual(self.signature.status, Signature.CONFIRMED)
        self.assertIsNotNone(self.signature.confirmed_at)
        stats = self.stats()
        self.assertEqual(stats["signatures"], 1)
        self.assertEqual(stats["people"], 1)
        self.assertEqual(stats["countries"], {"TR": 1})

    def test_confirming_twice_counts_once(self):
        self.client.post(self.url, HTTP_ORIGIN="http://testserver")
        response = self.client.post(self.url, HTTP_ORIGIN="http://testserver")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.stats()["signatures"], 1)

    def test_a_cross_site_post_does_not_confirm(self):
        response = self.client.post(self.url, HTTP_ORIGIN="https://evil.example")
        self.assertEqual(response.status_code, 403)
        self.signature.refresh_from_db()
        self.assertEqual(self.signature.status, Signature.PENDING)

    def test_a_tampered_token_is_refused(self):
        for url in (
            self.url[:-3] + "xx/",
            "/en/join/confirm/garbage/",
            "/en/join/confirm/" + "A" * 300 + "/",
        ):
            response = self.client.post(url, HTTP_ORIGIN="http://testserver")
            self.assertEqual(response.status_code, 400, url)
        self.signature.refresh_from_db()
        self.assertEqual(self.signature.status, Signature.PENDING)

    def test_a_token_for_another_purpose_is_refused(self):
        token = tokens.make(self.signature.pk, tokens.UNSUBSCRIBE)
        response = self.client.post(f"/en/join/confirm/{token}/", HTTP_ORIGIN="http://testserver")
        self.assertEqual(response.status_code, 400)

    def test_an_expired_token_is_refused(self):
        later = datetime.datetime.now().timestamp() + 31 * 86400
        with mock.patch("clarion.lib.tokens.time.time", return_value=later):
            response = self.client.post(self.url, HTTP_ORIGIN="http://testserver")
        self.assertEqual(response.status_code, 400)

    def test_an_erased_signature_cannot_be_confirmed(self):
        from clarion.supporters.signing import erase

        erase(self.signature.pk)
        response = self.client.post(self.url, HTTP_ORIGIN="http://testserver")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.stats()["signatures"], 0)
