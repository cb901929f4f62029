import threading

from django.db import connection
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext

from clarion.supporters import counting, signing
from clarion.supporters.models import CountEvent, Signature

from .base import SupportersTestCase


class CountingTestCase(SupportersTestCase):
    def test_only_confirmed_signatures_count(self):
        self.sign(email="pending@example.org")
        self.confirmed(email="a@example.org", country="AZ")
        self.confirmed(email="b@example.org", country="AZ", kind="organisation",
                       organisation_type="ngo", contact_person="B")  # fmt: skip
        stats = self.stats()
        self.assertEqual((stats["signatures"], stats["people"], stats["organisations"]), (2, 1, 1))
        self.assertEqual(stats["countries"], {"AZ": 2})

    def test_counts_are_folded_from_events_in_batches(self):
        for n in range(5):
            self.confirmed(email=f"p{n}@example.org")
        self.assertEqual(CountEvent.objects.count(), 5)
        self.assertEqual(counting.fold(), 5)
        self.assertEqual(CountEvent.objects.count(), 0)
        self.assertEqual(counting.tallied()["signatures"], 5)

    def test_a_reader_with_nothing_to_fold_locks_nothing(self):
        # Every page that shows the numbers folds first: with nothing pending that
        # is one plain read, no row lock (on PostgreSQL a lock costs a transaction id).
        counting.fold()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(counting.fold(), 0)
        self.assertEqual(len(queries), 1)
        self.assertNotIn("FOR UPDATE", queries[0]["sql"])

    def test_batched_counts_equal_a_recount(self):
        for n in range(6):
            self.confirmed(email=f"p{n}@example.org", country=["FR", "DE", "AZ"][n % 3])
        signing.set_status(Signature.objects.filter(email="p0@example.org"), "invalidated", "test")
        signing.erase(Signature.objects.get(email="p1@example.org").pk)
        counting.fold()
        self.assertEqual(counting.tallied(), counting.recount())
        self.assertEqual(counting.tallied()["signatures"], 4)

    def test_quarantined_signatures_are_not_counted_until_released(self):
        with self.settings(RATE_LIMIT_IP_PER_HOUR=2):
            for n in range(3):
                self.confirmed(email=f"q{n}@example.org")
        quarantined = Signature.objects.filter(quarantined=True)
        self.assertEqual(quarantined.count(), 1)
        self.assertEqual(quarantined.get().quarantine_reason, "ip-rate")
        self.assertEqual(self.stats()["signatures"], 2)
        signing.release_quarantine(Signature.objects.all())
        counting.fold()
        self.assertEqual(counting.tallied()["signatures"], 3)

    def test_busy_domains_are_quarantined_but_big_providers_are_not(self):
        with self.settings(RATE_LIMIT_DOMAIN_PER_HOUR=1, RATE_LIMIT_IP_PER_HOUR=100):
            self.sign(email="a@spam.example")
            self.sign(email="b@spam.example")
            self.sign(email="a@gmail.com")
            self.sign(email="b@gmail.com")
        self.assertEqual(
            list(Signature.objects.filter(quarantined=True).values_list("email", flat=True)),
            ["b@spam.example"],
        )

    def test_stats_json_has_the_contract(self):
        self.confirmed()
        response = self.client.get("/api/v1/stats.json")
        self.assertIn("stale-while-revalidate", response["Cache-Control"])
        data = response.json()
        self.assertEqual(data["signatures"], 1)
        self.assertEqual(data["target"], 1_000_000)
        self.assertIn("updated_at", data)

    def test_the_home_page_shows_the_number(self):
        self.confirmed()
        self.assertContains(self.client.get("/en/"), 'id="stat-signatures">1<')

    def test_the_recount_command_agrees(self):
        from django.core.management import call_command

        self.confirmed()
        call_command("recount_signatures")


class ConcurrentSignTestCase(TransactionTestCase):
    """Identical submissions at the same moment leave exactly one row."""

    def test_concurrent_identical_submissions_give_one_row(self):
        from django.test import Client

        if (
            connection.vendor == "sqlite"
            and connection.settings_dict["NAME"]
            in (
                "",
                ":memory:",
            )
            or "mode=memory" in str(connection.settings_dict["NAME"])
        ):
            self.skipTest("in-memory SQLite is one connection; the file-backed test covers it")
        barrier = threading.Barrier(6)
        codes = []

        def submit():
            client = Client()
            barrier.wait()
            response = client.post(
                "/en/join/",
                {
                    "kind": "person",
                    "name": "Same Person",
                    "email": "same@example.org",
                    "country": "FR",
                    "consent": "on",
                },  # fmt: skip
                HTTP_ORIGIN="http://testserver",
            )
            codes.append(response.status_code)
            connection.close()

        with self.settings(SITE_URL="http://testserver"):
            threads = [threading.Thread(target=submit) for _ in range(6)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(codes, [303] * 6)
        self.assertEqual(Signature.objects.filter(email_canonical="same@example.org").count(), 1)
