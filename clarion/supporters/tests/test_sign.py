from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.supporters.models import Signature

from .base import ORIGIN, SupportersTestCase


class SignFormTestCase(SupportersTestCase):
    def test_it_shows_the_form_in_every_language(self):
        for lang in ["en", "ru", "tr", "es", "fr", "ar", "de", "az"]:
            response = self.client.get(f"/{lang}/join/")
            self.assertEqual(response.status_code, 200)
            html = response.content.decode()
            for name in ("kind", "name", "email", "country", "consent"):
                self.assertIn(f'name="{name}"', html, lang)
            self.assertNotIn("csrfmiddlewaretoken", html)
            self.assertNotIn("Set-Cookie", str(response.cookies))

    def test_it_works(self):
        response = self.sign(city="İzmir", show_on_wall="on", wants_news="on")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], "/en/join/thanks/")
        signature = Signature.objects.get()
        self.assertEqual(signature.status, Signature.PENDING)
        self.assertEqual(signature.email_canonical, "aylin@example.org")
        self.assertEqual(signature.city, "İzmir")
        self.assertTrue(signature.show_on_wall)
        self.assertTrue(signature.wants_news)
        self.assertEqual(signature.consent.language, "en")
        self.assertIn("agree", signature.consent.text.lower())
        self.assertIsNotNone(signature.news_consent_at)
        self.assertEqual(len(signature.ip_hash), 32)
        mail = Mail.objects.get()
        self.assertEqual(mail.to, "aylin@example.org")
        self.assertTrue(
            DBTaskResult.objects.filter(task_path="clarion.outbox.tasks.send_mail_batch").exists()
        )

    def test_it_signs_an_organisation(self):
        response = self.sign(
            kind="organisation",
            name="Dostluq Cəmiyyəti",
            email="info@dostluq.example",
            country="AZ",
            organisation_type="community",
            contact_person="Leyla M.",
            website="dostluq.example",
        )
        self.assertEqual(response.status_code, 303)
        signature = Signature.objects.get()
        self.assertEqual(signature.kind, Signature.ORGANISATION)
        self.assertEqual(signature.website, "https://dostluq.example")

    def test_it_uses_the_language_of_the_page(self):
        self.sign(lang="ar", email="arabic@example.org")
        signature = Signature.objects.get()
        self.assertEqual(signature.language, "ar")
        self.assertIn("/ar/join/confirm/", Mail.objects.get().body)

    def test_it_refuses_cross_site_posts(self):
        data = {"kind": "person", "name": "X", "email": "x@example.org", "country": "FR"}
        for headers in (
            {"HTTP_ORIGIN": "https://evil.example"},
            {"HTTP_REFERER": "https://evil.example/form"},
            {},
        ):
            response = self.client.post("/en/join/", data | {"consent": "on"}, **headers)
            self.assertEqual(response.status_code, 403)
        self.assertFalse(Signature.objects.exists())

    def test_it_accepts_a_same_site_referer_without_origin(self):
        response = self.client.post(
            "/en/join/",
            {
                "kind": "person",
                "name": "Ana",
                "email": "ana@example.org",
                "country": "ES",
                "consent": "on",
            },  # fmt: skip
            HTTP_REFERER=f"{ORIGIN}/en/join/",
        )
        self.assertEqual(response.status_code, 303)

    def test_it_quietly_drops_bots(self):
        response = self.sign(fax_number="+1 555")
        self.assertEqual(response.status_code, 303)
        self.assertFalse(Signature.objects.exists())

    def test_it_keeps_a_bounded_number_of_queries(self):
        self.sign(email="warm@example.org")  # consent texts recorded once
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.sign(email="second@example.org").status_code, 303)
        # insert signature + mail + task, in savepoints; nothing else but the id's
        # reservation (4 here: inside a test's transaction each signature
        # reserves its own; a server reserves them 200 at a time).
        self.assertLessEqual(len(queries), 7 + 4, [q["sql"][:80] for q in queries])


class BadInputTestCase(SupportersTestCase):
    def test_it_shows_errors_next_to_fields_and_keeps_what_was_typed(self):
        response = self.sign(name="Aylin", email="not-an-email", country="XX", consent=None)
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('value="Aylin"', html)
        self.assertIn('value="not-an-email"', html)
        self.assertIn('id="id_email-error"', html)
        self.assertIn('id="id_country-error"', html)
        self.assertIn('id="id_consent-error"', html)
        self.assertFalse(Signature.objects.exists())

    def test_it_translates_the_errors(self):
        response = self.sign(lang="fr", email="nope")
        self.assertEqual(response.status_code, 400)
        self.assertIn('<html lang="fr"', response.content.decode())
        self.assertNotIn("Enter a valid email address", response.content.decode())

    def test_it_refuses_hostile_values(self):
        cases = [
            {"name": "A" * 5000},
            {"name": "\x00\x01"},
            {"name": "Ayl\u202ein"},
            {"name": "12345"},
            {"email": "aylin@gm\u0430il.com"},
            {"email": "a\r\nBcc: x@y.org"},
            {"country": "<script>"},
            {"kind": "robot"},
            {"city": "x" * 500},
            {"name": "Bad \ufffd bytes"},
        ]
        for case in cases:
            response = self.sign(**case)
            self.assertEqual(response.status_code, 400, case)
        self.assertFalse(Signature.objects.exists())

    def test_it_asks_organisations_for_their_details(self):
        response = self.sign(kind="organisation")
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('id="id_contact_person-error"', html)
        self.assertIn('id="id_organisation_type-error"', html)

    def test_it_survives_a_body_in_another_encoding(self):
        body = "kind=person&name=Ays\xe9&email=x@example.org&country=TR&consent=on"
        response = self.client.post(
            "/en/join/",
            body.encode("latin-1"),
            content_type="application/x-www-form-urlencoded",
            HTTP_ORIGIN=ORIGIN,
        )
        self.assertIn(response.status_code, (303, 400))
        self.assertLess(response.status_code, 500)


class DuplicateTestCase(SupportersTestCase):
    def test_signing_twice_gives_one_row_and_the_same_page(self):
        first = self.sign()
        second = self.sign(email="AYLIN@example.org ", name="Someone Else")
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(Signature.objects.count(), 1)
        self.assertEqual(Signature.objects.get().name, "Aylin Demir")

    def test_gmail_variants_are_one_mailbox(self):
        self.sign(email="aylin.demir@gmail.com")
        self.sign(email="AylinDemir+petition@googlemail.com")
        self.assertEqual(Signature.objects.count(), 1)

    def test_it_resends_the_link_after_a_while(self):
        self.sign()
        self.sign()  # too soon: no second mail
        self.assertEqual(Mail.objects.count(), 1)
        Signature.objects.update(mailed_at="2000-01-01T00:00:00Z")
        self.sign()
        self.assertEqual(Mail.objects.count(), 2)
        self.assertIn("/en/join/confirm/", Mail.objects.latest("pk").body)

    def test_a_confirmed_signer_is_told_they_already_signed(self):
        self.confirmed()
        Signature.objects.update(mailed_at="2000-01-01T00:00:00Z")
        self.sign()
        mail = Mail.objects.latest("pk")
        self.assertIn("already", mail.subject.lower())
