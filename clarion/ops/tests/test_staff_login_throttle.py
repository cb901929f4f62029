"""Security review, Low: the staff login refuses guessing."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import TestCase, override_settings


@override_settings(AXES_FAILURE_LIMIT=3)
class StaffLoginThrottleTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()
        get_user_model().objects.create_superuser("boss", "boss@example.org", "right-password-1")

    def login(self, password, address="198.51.100.7"):
        return self.client.post(
            "/admin/login/", {"username": "boss", "password": password}, REMOTE_ADDR=address
        )

    def test_it_refuses_even_the_right_password_after_wrong_ones(self):
        self.assertEqual(self.login("guess").status_code, 200)  # the form again
        self.login("guess")
        self.login("guess")
        response = self.login("right-password-1")
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_lets_the_right_password_in_before_the_limit(self):
        self.login("guess")
        self.assertEqual(self.login("right-password-1").status_code, 302)
