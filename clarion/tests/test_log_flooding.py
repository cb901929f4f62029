"""Security review, Low: an over-long POST is logged in one line, not a traceback."""

import io
import logging

from django.test import TestCase, override_settings


class LogFloodingTestCase(TestCase):
    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
    def test_an_over_long_post_logs_one_line(self):
        handler = next(h for h in logging.getLogger("django.security").handlers
                       if h.name == "security")  # fmt: skip
        stream = io.StringIO()
        previous = handler.setStream(stream)
        try:
            response = self.client.post(
                "/en/join/", {"name": "x" * 500}, HTTP_ORIGIN="http://testserver"
            )
        finally:
            handler.setStream(previous)
        self.assertEqual(response.status_code, 400)
        logged = stream.getvalue()
        self.assertIn("exceeded", logged)
        self.assertNotIn("Traceback", logged)
        self.assertEqual(len(logged.strip().splitlines()), 1)
