from django.core.cache import cache
from django.test import SimpleTestCase, override_settings

from clarion.supporters import limits


class LimitsTestCase(SimpleTestCase):
    def setUp(self):
        cache.clear()

    def test_it_counts_a_batch_as_if_one_event_came_after_another(self):
        self.assertEqual(limits.hit("ip:a", 60), 1)
        self.assertEqual(limits.hit("ip:a", 60), 2)
        events = [("ip:a", 60), ("ip:b", 60), ("ip:a", 60), ("ip:a", 60)]
        self.assertEqual(limits.hit_many(events), [3, 1, 4, 5])
        self.assertEqual(limits.hit("ip:a", 60), 6)
        self.assertEqual(limits.hit("ip:a", 3600), 1)  # another window, another bucket

    @override_settings(RATE_LIMIT_IP_PER_HOUR=2, RATE_LIMIT_DOMAIN_PER_HOUR=3,
                       RATE_LIMIT_GLOBAL_PER_MINUTE=100)  # fmt: skip
    def test_it_quarantines_exactly_those_of_a_batch_over_a_limit(self):
        senders = [("a", "one.example"), ("a", "one.example"), ("b", "one.example"),
                   ("a", "two.example"), ("c", "one.example"), ("", "gmail.com")]  # fmt: skip
        self.assertEqual(limits.quarantine_reasons(senders),
                         ["", "", "", "ip-rate", "domain-rate", ""])  # fmt: skip
        self.assertEqual(limits.quarantine_reason("d", "three.example"), "")
