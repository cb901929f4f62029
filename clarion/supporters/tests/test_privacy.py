import json

from clarion.outbox.models import Mail
from clarion.supporters import tokens
from clarion.supporters.models import Signature

from .base import ORIGIN, SupportersTestCase


class PrivacyTestCase(SupportersTestCase):
    def request_link(self, email):
        return self.client.post("/en/join/my-data/", {"email": email}, HTTP_ORIGIN=ORIGIN)

    def test_asking_does_not_reveal_whether_someone_signed(self):
        signature = self.confirmed(wants_news="on")
        Signature.objects.filter(pk=signature.pk).update(mailed_at="2000-01-01T00:00:00Z")
        known = self.request_link("aylin@example.org")
        unknown = self.request_link("nobody@example.org")
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(
            known.content.decode().replace("\n", ""), unknown.content.decode().replace("\n", "")
        )
        self.assertEqual(Mail.objects.filter(key__contains=":data:").count(), 1)

    def test_it_mails_the_link_to_someone_who_has_just_signed(self):
        """The data link has its own limit: a confirmation mailed a minute ago
        must not swallow it."""
        self.confirmed()
        self.assertEqual(self.request_link("aylin@example.org").status_code, 200)
        self.assertEqual(Mail.objects.filter(key__contains=":data:").count(), 1)
        self.request_link("aylin@example.org")  # asking again at once sends nothing more
        self.assertEqual(Mail.objects.filter(key__contains=":data:").count(), 1)

    def test_download_and_erase(self):
        signature = self.confirmed(city="Ankara", show_on_wall="on")
        url = f"/en/join/my-data/{tokens.make(signature.pk, tokens.MY_DATA)}/"
        self.assertContains(self.client.get(url), "aylin@example.org")
        download = self.client.post(url, {"action": "download"}, HTTP_ORIGIN=ORIGIN)
        data = json.loads(download.content)
        self.assertEqual(data["email"], "aylin@example.org")
        self.assertIn("agree", data["consent"].lower())
        self.assertNotIn("ip_hash", data)
        self.assertEqual(self.stats()["signatures"], 1)
        erase = self.client.post(url, {"action": "erase"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(erase.status_code, 200)
        signature.refresh_from_db()
        self.assertEqual(signature.status, Signature.ERASED)
        self.assertEqual(
            (signature.name, signature.email, signature.city, signature.ip_hash), ("", "", "", "")
        )
        self.assertIsNone(signature.email_canonical)
        self.assertEqual(self.stats()["signatures"], 0)
        self.assertFalse(Mail.objects.filter(to="aylin@example.org").exists())
        mailed = Mail.objects.filter(key__startswith=f"sig:{signature.pk}:")
        self.assertTrue(mailed.exists())
        self.assertEqual({(m.body, str(m.headers)) for m in mailed}, {("", "{}")})  # links gone
        self.assertEqual(self.client.get(url).status_code, 400)
        # Erased people can sign again.
        self.assertEqual(self.sign().status_code, 303)

    def test_one_click_unsubscribe_needs_no_origin(self):
        signature = self.confirmed(wants_news="on")
        url = f"/en/join/unsubscribe/{tokens.make(signature.pk, tokens.UNSUBSCRIBE)}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        signature.refresh_from_db()
        self.assertTrue(signature.wants_news)
        response = self.client.post(url, {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        signature.refresh_from_db()
        self.assertFalse(signature.wants_news)
        self.assertEqual(signature.status, Signature.CONFIRMED)

    def test_bad_privacy_links_are_refused(self):
        for url in ("/en/join/my-data/nope/", "/en/join/unsubscribe/nope/"):
            self.assertEqual(self.client.get(url).status_code, 400)

    def test_a_malformed_address_gets_a_message(self):
        response = self.request_link("x@@y")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_email-error"', status_code=400)


class NewsConsentTestCase(SupportersTestCase):
    def test_only_confirmed_opted_in_signers_get_news(self):
        self.confirmed(email="yes@example.org", wants_news="on", country="AZ")
        self.confirmed(email="no@example.org", country="AZ")
        self.sign(email="pending@example.org", wants_news="on", country="AZ")
        recipients = Signature.news_recipients(country="AZ")
        self.assertEqual(list(recipients.values_list("email", flat=True)), ["yes@example.org"])
        signature = Signature.objects.get(email="yes@example.org")
        self.assertEqual(signature.news_consent.purpose, "news")
        self.assertIn("unsubscribe", signature.news_consent.text)
