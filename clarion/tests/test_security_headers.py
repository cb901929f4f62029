"""Issue 19, item 3, and the review's Low findings on headers: a fast-path
answer carries the same security headers as Django's answer to the same
request; a public page has a CSP that allows nothing from other origins."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.test import TestCase, override_settings

from clarion.api.fastpath import BODY_KEY
from clarion.lib.headers import NAMES
from clarion.tests.wsgi import ORIGIN, call, environ_for


def security(headers):
    return {name: value for name, value in headers.items() if name in NAMES}


@override_settings(SITE_URL=ORIGIN)
class SameHeadersTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def call(self, environ):
        # The chain of clarion/wsgi.py, without importing it (it unlocks the
        # process's context locals, which another test counts).
        from django.core.wsgi import get_wsgi_application

        from clarion.api.fastpath import StatsFastPath
        from clarion.content.pagecache import PageCacheFastPath
        from clarion.speedups.signpost import SignFastPath

        application = StatsFastPath(
            PageCacheFastPath(
                SignFastPath(
                    get_wsgi_application(), accept="clarion.supporters.views.accept", path="join/"
                )
            )
        )

        status, headers, _body = call(application, environ)
        return status, headers

    def sign(self, **fields):
        data = {"kind": "person", "name": "Leyla Mammadova", "email": "leyla@example.org",
                "country": "AZ", "consent": "on"} | fields  # fmt: skip
        return self.call(environ_for("POST", "/en/join/", urlencode(data).encode()))

    def assert_same(self, fast, django):
        self.assertEqual(security(fast), security(django))
        self.assertIn("Content-Security-Policy", security(fast))
        self.assertIn("Cross-Origin-Opener-Policy", security(fast))

    def test_the_sign_fast_path_answers_with_djangos_headers(self):
        fast_status, fast = self.sign()
        django_status, django = self.sign(email="not-an-address")  # Django shows the form
        self.assertEqual((fast_status[:3], django_status[:3]), ("303", "400"))
        self.assert_same(fast, django)

    @override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
                       SECURE_HSTS_SECONDS=31_536_000)  # fmt: skip
    def test_the_sign_fast_path_sends_hsts_on_https(self):
        _status, fast = self.call(environ_for(
            "POST", "/en/join/", urlencode({"kind": "person", "name": "Leyla Mammadova",
            "email": "l2@example.org", "country": "AZ", "consent": "on"}).encode(),
            HTTP_X_FORWARDED_PROTO="https",
        ))  # fmt: skip
        self.assertEqual(fast.get("Strict-Transport-Security"), "max-age=31536000")

    def test_the_counter_fast_path_answers_with_djangos_headers(self):
        cache.delete(BODY_KEY)
        _status, django = self.call(environ_for("GET", "/api/v1/stats.json"))  # renders
        _status, fast = self.call(environ_for("GET", "/api/v1/stats.json"))  # from bytes
        self.assert_same(fast, django)


class ContentSecurityPolicyTestCase(TestCase):
    def test_a_public_page_allows_nothing_from_other_origins(self):
        response = self.client.get("/en/join/")
        self.assertEqual(response.status_code, 200)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        self.assertEqual(directives["default-src"], "'none'")
        self.assertEqual(directives["frame-ancestors"], "'none'")
        for name, sources in directives.items():
            for source in sources.split():
                with self.subTest(directive=name, source=source):
                    self.assertIn(source, ("'self'", "'none'", "data:", "'unsafe-inline'"))
        self.assertNotIn("'unsafe-inline'", directives["script-src"])

    def test_its_pages_have_no_inline_script(self):
        import re

        body = self.client.get("/en/join/").content.decode()
        self.assertFalse(re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body))
        self.assertNotIn(" onclick=", body)


class HstsDefaultTestCase(TestCase):
    def test_hsts_is_on_by_default_behind_tls(self):
        import subprocess
        import sys

        code = "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)"
        env = {"PATH": "/usr/bin:/bin", "ENVIRONMENT": "test", "SITE_URL": "https://x.example",
               "DJANGO_SETTINGS_MODULE": "clarion.settings"}  # fmt: skip
        command = [sys.executable, "-c", f"import django; django.setup(); {code}"]
        out = subprocess.run(
            command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
        )
        self.assertEqual(out.stdout.strip(), "31536000")
