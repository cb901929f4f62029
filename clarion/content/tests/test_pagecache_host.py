"""Security review, finding 6: variants of one host share one cached page."""

from django.test import SimpleTestCase

from clarion.content import pagecache


def environ(host):
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/en/", "HTTP_HOST": host,
            "wsgi.url_scheme": "https"}  # fmt: skip


class HostKeyTestCase(SimpleTestCase):
    def test_it_keys_port_case_and_trailing_dot_variants_alike(self):
        key = pagecache.key_for(environ("example.org"))
        for variant in ["Example.ORG", "example.org.", "example.org:443", "EXAMPLE.org.:8443"]:
            with self.subTest(variant=variant):
                self.assertEqual(pagecache.key_for(environ(variant)), key)

    def test_it_keeps_different_hosts_apart(self):
        self.assertNotEqual(
            pagecache.key_for(environ("example.org")), pagecache.key_for(environ("example.net"))
        )

    def test_it_reads_an_ipv6_host(self):
        self.assertEqual(
            pagecache.key_for(environ("[::1]:8000")), pagecache.key_for(environ("[::1]"))
        )
