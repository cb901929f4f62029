"""Security review, Low: the staff password is printed once and stored nowhere."""

import io
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase


class EnsureStaffTestCase(TestCase):
    def run_command(self, **env):
        out = io.StringIO()
        with self.settings(**env):
            call_command("ensure_staff", stdout=out)
        return out.getvalue()

    def test_it_prints_the_password_once_and_keeps_no_copy(self):
        before = set(settings.BASE_DIR.iterdir())
        first = self.run_command()
        password = re.search(r"password (\S+)", first)[1]
        user = get_user_model().objects.get(is_superuser=True)
        self.assertTrue(user.check_password(password))
        self.assertEqual(set(settings.BASE_DIR.iterdir()) - before, set())  # no file
        again = self.run_command()
        self.assertNotIn(password, again)
        self.assertIn("changepassword", again)
