from io import StringIO

from django.core.management import call_command
from django.test import TestCase


class MigrationsTestCase(TestCase):
    def test_no_migrations_are_missing(self):
        out = StringIO()
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
        self.assertIn("No changes detected", out.getvalue())
