from django.test import RequestFactory, SimpleTestCase, override_settings

from clarion.lib.clientip import client_ip, ip_hash


class RequestMixin:
    def request(self, remote, forwarded=None, rfc7239=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        if rfc7239 is not None:
            extra["HTTP_FORWARDED"] = rfc7239
        return RequestFactory().get("/", **extra)


class ClientIpTestCase(RequestMixin, SimpleTestCase):
    def test_it_ignores_forwarded_for_from_untrusted_peers(self):
        self.assertEqual(client_ip(self.request("203.0.113.9", "1.2.3.4")), "203.0.113.9")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_uses_forwarded_for_from_a_trusted_proxy(self):
        self.assertEqual(client_ip(self.request("127.0.0.1", "1.2.3.4")), "1.2.3.4")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_takes_the_last_untrusted_hop(self):
        # The client put 9.9.9.9 in the header itself; the proxy appended the real one.
        self.assertEqual(client_ip(self.request("127.0.0.1", "9.9.9.9, 1.2.3.4")), "1.2.3.4")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_ignores_a_malformed_header(self):
        self.assertEqual(client_ip(self.request("127.0.0.1", "<script>, x")), "127.0.0.1")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_it_trusts_a_whole_proxy_network(self):
        request = self.request("10.1.2.3", "1.2.3.4, 10.9.9.9")
        self.assertEqual(client_ip(request), "1.2.3.4")

    @override_settings(TRUSTED_PROXIES=["bogus", "127.0.0.1"])
    def test_it_skips_a_bad_proxy_entry(self):
        self.assertEqual(client_ip(self.request("127.0.0.1", "1.2.3.4")), "1.2.3.4")


class HeaderChoiceTestCase(RequestMixin, SimpleTestCase):
    """Security review, finding 5: only the header the operator's proxy sets counts."""

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_ignores_a_forwarded_header_the_client_sent(self):
        # The proxy sets X-Forwarded-For only; the client's own Forwarded passes through.
        request = self.request("127.0.0.1", "1.2.3.4", rfc7239="for=9.9.9.9")
        self.assertEqual(client_ip(request), "1.2.3.4")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"], FORWARDED_HEADER="Forwarded")
    def test_it_reads_only_forwarded_when_told(self):
        request = self.request("127.0.0.1", "9.9.9.9", rfc7239="for=1.2.3.4")
        self.assertEqual(client_ip(request), "1.2.3.4")
        self.assertEqual(client_ip(self.request("127.0.0.1", "9.9.9.9")), "127.0.0.1")


@override_settings(FORWARDED_HEADER="Forwarded")
class ForwardedHeaderTestCase(RequestMixin, SimpleTestCase):
    """RFC 7239 `Forwarded`, the standard form of X-Forwarded-For."""

    def ip(self, remote, header, xff=None):
        return client_ip(self.request(remote, xff, rfc7239=header))

    def test_it_ignores_forwarded_from_untrusted_peers(self):
        self.assertEqual(self.ip("203.0.113.9", "for=1.2.3.4"), "203.0.113.9")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_uses_forwarded_from_a_trusted_proxy(self):
        self.assertEqual(self.ip("127.0.0.1", "for=1.2.3.4;proto=https;by=127.0.0.1"), "1.2.3.4")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.2"])
    def test_it_takes_the_last_untrusted_element(self):
        header = 'for=9.9.9.9, for="1.2.3.4:4711";proto=http, for=10.0.0.2'
        self.assertEqual(self.ip("127.0.0.1", header), "1.2.3.4")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_reads_bracketed_ipv6_with_a_port(self):
        header = 'For="[2001:db8:cafe::17]:4711"'
        self.assertEqual(self.ip("127.0.0.1", header), "2001:db8:cafe::17")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_ignores_x_forwarded_for_then(self):
        self.assertEqual(self.ip("127.0.0.1", "for=1.2.3.4", xff="5.6.7.8"), "1.2.3.4")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_stops_at_an_obfuscated_or_unknown_hop(self):
        self.assertEqual(self.ip("127.0.0.1", "for=1.2.3.4, for=_hidden"), "127.0.0.1")
        self.assertEqual(self.ip("127.0.0.1", "for=1.2.3.4, for=unknown"), "127.0.0.1")

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_it_trusts_nothing_in_a_malformed_header(self):
        for header in [
            "garbage",
            "for=",
            "proto=http",
            'for="1.2.3.4',
            "for=1.2.3.4;for=5.6.7.8",
            "for=1.2.3.4 junk",
            "for=1.2.3.4;;",
            "for=" + "1" * 5000,
            "for=\x00\xff<script>",
        ]:
            with self.subTest(header=header):
                self.assertEqual(self.ip("127.0.0.1", header), "127.0.0.1")


class IpHashTestCase(SimpleTestCase):
    def test_it_is_stable_within_a_period_and_changes_across(self):
        day = 86400
        self.assertEqual(
            ip_hash("1.2.3.4", now=10 * day + 5), ip_hash("1.2.3.4", now=10 * day + 50)
        )
        self.assertNotEqual(ip_hash("1.2.3.4", now=10 * day), ip_hash("1.2.3.4", now=11 * day))

    def test_it_never_contains_the_address(self):
        self.assertNotIn("1.2.3.4", ip_hash("1.2.3.4"))

    def test_it_treats_an_ipv6_64_as_one_client(self):
        self.assertEqual(ip_hash("2001:db8::1", now=0), ip_hash("2001:db8::ffff", now=0))
