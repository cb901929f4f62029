"""Security review, Low: /healthz does not show the database's error."""

from django.db import OperationalError, connection
from django.test import TestCase


def broken(execute, sql, params, many, context):
    raise OperationalError('password authentication failed for user "clarion" at 10.0.0.10')


class HealthzErrorTestCase(TestCase):
    def test_it_says_unavailable_without_details(self):
        with self.assertLogs("clarion.ops", "ERROR"), connection.execute_wrapper(broken):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], {"ok": False, "error": "unavailable"})
        self.assertNotIn(b"10.0.0.10", response.content)
