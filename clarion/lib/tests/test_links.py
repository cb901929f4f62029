from django.test import SimpleTestCase

from clarion.lib.links import has_link


class HasLinkTestCase(SimpleTestCase):
    def test_it_finds_links(self):
        for text in ["see http://x.example", "www.x.example", "buy at pills.com!",
                     "(Casino.xyz)", "news.example.co.uk", "mail me: a.b.ru"]:  # fmt: skip
            with self.subTest(text=text):
                self.assertTrue(has_link(text))

    def test_it_leaves_ordinary_text(self):
        ordinary = ["Dr. Aylin Demir", "J.R.R. Tolkien", "Mary-Jane O'Neil", "1.5 million",
                    "St. Petersburg", "We remember.", "e.g. this", "Khojaly, 1992."]  # fmt: skip
        for text in ordinary:
            with self.subTest(text=text):
                self.assertFalse(has_link(text))
