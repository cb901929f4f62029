from urllib.parse import urlencode

from django.core.wsgi import get_wsgi_application

from clarion.speedups.signpost import SignFastPath
from clarion.supporters.models import Signature
from clarion.supporters.tests.base import SupportersTestCase
from clarion.tests.wsgi import call, environ_for


class SignFastPathTestCase(SupportersTestCase):
    def post(self, fields, lang="en", **extra):
        app = SignFastPath(
            get_wsgi_application(), accept="clarion.supporters.views.accept", path="join/"
        )
        environ = environ_for("POST", f"/{lang}/join/", urlencode(fields).encode(), **extra)
        status, headers, body = call(app, environ)
        return status, headers, body.decode()

    def fields(self, **changes):
        return {"kind": "person", "name": "Leyla Məmmədova", "email": "leyla@example.org",
                "country": "AZ", "consent": "on"} | changes  # fmt: skip

    def test_it_stores_an_accepted_signature_and_answers_303(self):
        status, headers, _ = self.post(self.fields(), lang="az")
        self.assertEqual(status, "303 See Other")
        self.assertEqual(headers["Location"], "/az/join/thanks/")
        signature = Signature.objects.get()
        self.assertEqual((signature.language, signature.name), ("az", "Leyla Məmmədova"))
        self.assertEqual(len(signature.ip_hash), 32)

    def test_errors_fall_through_to_the_page_with_what_was_typed(self):
        status, _, page = self.post(self.fields(email="not-an-address", consent=""), lang="fr")
        self.assertTrue(status.startswith("400"))
        self.assertIn("not-an-address", page)
        self.assertIn('lang="fr"', page)
        self.assertEqual(Signature.objects.count(), 0)

    def test_a_foreign_origin_is_refused_by_django(self):
        status, _, _ = self.post(self.fields(), HTTP_ORIGIN="https://evil.example")
        self.assertTrue(status.startswith("403"))
        self.assertEqual(Signature.objects.count(), 0)

    def test_a_host_django_refuses_gets_400(self):
        status, _, _ = self.post(self.fields(), HTTP_HOST="attacker.example")
        self.assertTrue(status.startswith("400"))
        self.assertEqual(Signature.objects.count(), 0)

    def test_signing_twice_is_the_same_answer(self):
        self.post(self.fields())
        status, _, _ = self.post(self.fields(email="LEYLA@example.org"))
        self.assertEqual(status, "303 See Other")
        self.assertEqual(Signature.objects.count(), 1)
