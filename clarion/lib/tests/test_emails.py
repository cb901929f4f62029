from django.test import SimpleTestCase

from clarion.lib.emails import EmailError, canonical, normalise


class CanonicalTestCase(SimpleTestCase):
    def test_it_folds_case(self):
        self.assertEqual(canonical("Ali.Veli@Example.ORG"), "ali.veli@example.org")

    def test_it_removes_gmail_dots_and_tags(self):
        self.assertEqual(canonical("A.l.i+campaign@googlemail.com"), "ali@gmail.com")

    def test_it_keeps_dots_where_the_provider_does(self):
        self.assertEqual(canonical("a.li+x@outlook.com"), "a.li@outlook.com")
        self.assertEqual(canonical("a.li+x@example.org"), "a.li+x@example.org")

    def test_it_keeps_yahoo_dash_addresses_apart(self):
        # Security review, Low: Yahoo's "base-keyword" addresses belong to whoever
        # chose that base name, not to the owner of ali@yahoo.com.
        self.assertEqual(canonical("ali-news@yahoo.com"), "ali-news@yahoo.com")
        self.assertNotEqual(canonical("ali-news@yahoo.com"), canonical("ali@yahoo.com"))

    def test_it_normalises_unicode_domains(self):
        self.assertEqual(normalise("ali@bücher.de"), "ali@xn--bcher-kva.de")
        self.assertEqual(canonical("ali@BÜCHER.de"), "ali@xn--bcher-kva.de")

    def test_it_strips_surrounding_spaces(self):
        self.assertEqual(canonical("  ali@example.org \n"), "ali@example.org")


class HostileEmailTestCase(SimpleTestCase):
    def assertRefused(self, address, code="invalid"):
        with self.assertRaises(EmailError) as caught:
            canonical(address)
        self.assertEqual(str(caught.exception), code, address)

    def test_it_refuses_garbage(self):
        garbage = ["", "a", "a@", "@b.org", "a@@b.org", "a@b", "a@b..org", "a b@c.org"]
        garbage += [".a@b.org", "a.@b.org", "a@-b.org", "a@b.123", "x" * 65 + "@b.org"]
        for address in garbage:
            self.assertRefused(address)

    def test_it_refuses_control_and_invisible_characters(self):
        for address in ["a\x00@b.org", "a\u200b@b.org", "a@b\u202e.org", "a\r\nBcc:x@b.org"]:
            self.assertRefused(address)

    def test_it_refuses_look_alike_domains(self):
        # Cyrillic "а" inside a Latin domain name.
        self.assertRefused("ali@gm\u0430il.com", "look-alike")

    def test_it_refuses_non_ascii_local_parts(self):
        self.assertRefused("\u0430li@gmail.com", "look-alike")

    def test_it_refuses_non_strings(self):
        self.assertRefused(None)
