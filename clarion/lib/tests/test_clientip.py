from django.test import RequestFactory, SimpleTestCase, override_settings

from clarion.lib.clientip import client_ip, ip_hash


class ClientIpTestCase(SimpleTestCase):
    def request(self, remote, forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

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
