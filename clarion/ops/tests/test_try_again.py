from unittest import mock

from django.db import OperationalError
from django.test import RequestFactory, SimpleTestCase
from psycopg import OperationalError as PsycopgOperationalError

from clarion.ops.unavailable import DatabaseUnavailableMiddleware
from clarion.supporters.models import Signature
from clarion.supporters.tests.base import SupportersTestCase

DOWN = OperationalError("the database system is shutting down")


class TryAgainTestCase(SupportersTestCase):
    def test_it_keeps_a_sign_form_while_the_database_is_away(self):
        with mock.patch("clarion.supporters.signing.sign", side_effect=DOWN):
            response = self.sign(name="Aylin Demir", email="aylin@example.org", city="Baku")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "5")
        self.assertEqual(response["Cache-Control"], "no-store")
        html = response.content.decode()
        self.assertIn('<form method="post" action="/en/join/">', html)
        for name, value in [("name", "Aylin Demir"), ("email", "aylin@example.org"),
                            ("city", "Baku"), ("consent", "on"), ("country", "TR")]:  # fmt: skip
            self.assertIn(f'<input type="hidden" name="{name}" value="{value}">', html)
        self.assertIn("Please try again in a moment", html)
        self.assertEqual(Signature.objects.count(), 0)

    def test_the_kept_form_signs_once_the_database_is_back(self):
        with mock.patch("clarion.supporters.signing.sign", side_effect=DOWN):
            self.sign(email="back@example.org")
        response = self.sign(email="back@example.org")  # the "Send it again" button
        self.assertEqual(response.status_code, 303)
        self.assertEqual(Signature.objects.filter(email="back@example.org").count(), 1)

    def test_it_answers_in_the_page_language(self):
        with mock.patch("clarion.supporters.signing.sign", side_effect=DOWN):
            response = self.sign(lang="ar")
        html = response.content.decode()
        self.assertEqual(response.status_code, 503)
        self.assertIn('<html lang="ar" dir="rtl">', html)
        self.assertNotIn("Please try again in a moment", html)

    def test_a_page_read_offers_a_reload(self):
        with mock.patch("clarion.supporters.views.join_context", side_effect=DOWN):
            response = self.client.get("/en/join/?from=news")
        self.assertEqual(response.status_code, 503)
        html = response.content.decode()
        self.assertIn('<a href="/en/join/?from=news">', html)
        self.assertNotIn("<form", html)

    def test_it_escapes_what_it_echoes(self):
        with mock.patch("clarion.supporters.signing.sign", side_effect=DOWN):
            response = self.sign(name='"><script>alert(1)</script>')
        html = response.content.decode()
        self.assertNotIn("<script>", html)
        self.assertIn("&quot;&gt;&lt;script&gt;", html)


class MiddlewareTestCase(SimpleTestCase):
    def answer(self, exception, data=None):
        request = RequestFactory().post("/en/events/new/", data or {})
        return DatabaseUnavailableMiddleware(lambda r: None).process_exception(request, exception)

    def test_it_never_echoes_a_password(self):
        response = self.answer(DOWN, {"username": "editor", "password": "s3cret"})
        self.assertEqual(response.status_code, 503)
        self.assertIn(b'name="username" value="editor"', response.content)
        self.assertNotIn(b"s3cret", response.content)

    def test_it_catches_the_driver_error_django_wraps(self):
        self.assertEqual(self.answer(OperationalError(PsycopgOperationalError())).status_code, 503)

    def test_it_leaves_other_errors_alone(self):
        self.assertIsNone(self.answer(ValueError("a bug")))
