"""Security review, Low: digits Python calls digits but int() refuses ("²")."""

from django.test import TestCase


class OddDigitsTestCase(TestCase):
    def test_paging_and_filters_answer_without_a_server_error(self):
        for url in ["/en/join/wall/?before=²", "/en/image-message/gallery/?before=²",
                    "/en/news/?year=²", "/en/events/?offset=²", "/en/letters/gallery/?before=①",
                    "/en/news/?year=١٩٩٢"]:  # fmt: skip
            with self.subTest(url=url):
                self.assertLess(self.client.get(url).status_code, 500)
