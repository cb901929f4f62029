from django.test import TestCase

LANGS = ["en", "ru", "tr", "es", "fr", "ar", "de", "az"]


class BaseTestCase(TestCase):
    """The Khojaly pack is loaded once per test run (see conftest.py)."""

    def get_page(self, path, **extra):
        response = self.client.get(path, **extra)
        self.assertEqual(response.status_code, 200, f"{path} -> {response.status_code}")
        return response
