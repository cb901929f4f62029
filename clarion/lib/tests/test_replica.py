from unittest import mock

from django.db import connections
from django.test import RequestFactory, SimpleTestCase, override_settings

from clarion.lib.replica import ReplicaRouter, replica_reads
from clarion.supporters.models import Signature

WITH_REPLICA = {"default": {}, "replica": {}}


def database_used(request):
    """The alias the router picks for a read made while the request runs."""
    seen = []
    replica_reads(lambda r: seen.append(ReplicaRouter().db_for_read(Signature)))(request)
    return seen[0] or "default"


@override_settings(DATABASES=WITH_REPLICA)
class ReplicaRouterTestCase(SimpleTestCase):
    def test_it_reads_anonymous_page_views_from_the_replica(self):
        self.assertEqual(database_used(RequestFactory().get("/en/facts/")), "replica")

    def test_it_reads_posts_from_the_primary(self):
        self.assertEqual(database_used(RequestFactory().post("/en/join/")), "default")

    def test_it_reads_visitors_with_a_session_from_the_primary(self):
        request = RequestFactory().get("/en/facts/")
        request.COOKIES["sessionid"] = "abc"
        self.assertEqual(database_used(request), "default")

    def test_it_reads_the_admin_from_the_primary(self):
        self.assertEqual(database_used(RequestFactory().get("/admin/pages/")), "default")

    def test_it_reads_inside_a_transaction_from_the_primary(self):
        with mock.patch.object(connections["default"], "in_atomic_block", True):
            self.assertEqual(database_used(RequestFactory().get("/en/")), "default")

    def test_it_writes_to_the_primary_and_never_migrates_the_replica(self):
        router = ReplicaRouter()
        self.assertEqual(router.db_for_write(Signature), "default")
        self.assertFalse(router.allow_migrate("replica", "supporters"))
        self.assertTrue(router.allow_migrate("default", "supporters"))

    def test_outside_a_request_it_reads_the_primary(self):
        self.assertIsNone(ReplicaRouter().db_for_read(Signature))


class WithoutReplicaTestCase(SimpleTestCase):
    def test_it_reads_the_primary_when_no_replica_is_configured(self):
        self.assertEqual(database_used(RequestFactory().get("/en/facts/")), "default")
