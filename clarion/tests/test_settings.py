import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase

from clarion.lib.env import ConfigError, parse_cache_url, parse_email_url

ROOT = settings.BASE_DIR


def start_django(**env):
    """Import the settings in a fresh interpreter with the given environment."""
    clean = {k: v for k, v in os.environ.items() if k not in env and k != "DATABASE_URL"}
    clean.update(env)
    code = "import django; django.setup(); print('started')"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "clarion.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


class ProductionSettingsTestCase(SimpleTestCase):
    def test_it_names_a_missing_secret_key(self):
        result = start_django(ENVIRONMENT="production", SECRET_KEY="")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is required", result.stderr)

    def test_it_names_missing_allowed_hosts(self):
        result = start_django(
            ENVIRONMENT="production",
            SECRET_KEY="x" * 50,
            SITE_URL="https://example.org",
        )
        self.assertIn("ALLOWED_HOSTS is required", result.stderr)

    def test_it_starts_when_everything_is_set(self):
        result = start_django(
            ENVIRONMENT="production",
            SECRET_KEY="x" * 50,
            SITE_URL="https://example.org",
            ALLOWED_HOSTS="example.org",
            EMAIL_URL="smtp://mail.example.org:587?tls=1",
        )
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_it_refuses_a_malformed_boolean(self):
        result = start_django(DEBUG="maybe")
        self.assertIn("DEBUG must be one of", result.stderr)


class UrlParsingTestCase(SimpleTestCase):
    def test_it_parses_smtp_urls(self):
        parsed = parse_email_url("smtp://user:p%40ss@mail.example.org:2525?tls=1")
        self.assertEqual(parsed["EMAIL_HOST"], "mail.example.org")
        self.assertEqual(parsed["EMAIL_PORT"], 2525)
        self.assertEqual(parsed["EMAIL_HOST_PASSWORD"], "p@ss")
        self.assertTrue(parsed["EMAIL_USE_TLS"])

    def test_it_parses_cache_urls(self):
        self.assertIn("RedisCache", parse_cache_url("redis://127.0.0.1:6379/1")["BACKEND"])
        self.assertIn("LocMemCache", parse_cache_url("locmem://x")["BACKEND"])

    def test_it_refuses_unknown_schemes(self):
        with self.assertRaises(ConfigError):
            parse_cache_url("memcached://x")
        with self.assertRaises(ConfigError):
            parse_email_url("pigeon://x")

    def test_sqlite_is_configured_for_concurrent_writers(self):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.sqlite3":
            self.skipTest("SQLite-only settings; this run uses " + db["ENGINE"])
        self.assertEqual(db["OPTIONS"]["transaction_mode"], "IMMEDIATE")
        self.assertIn("journal_mode=WAL", db["OPTIONS"]["init_command"])
