"""Where an error goes, with the settings a campaign sets in its environment:
mailed to ADMINS through a real SMTP server (aiosmtpd) when no SENTRY_DSN is
set, sent to Sentry (here a local HTTP server standing in for it) when one is,
and then not mailed. Each case runs in its own `manage.py` process, because
the settings read the environment once, at start."""

import gzip
import os
import signal
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import TestCase

import brotli

from clarion.tests.smtp import start_smtp

ROOT = Path(__file__).resolve().parents[3]
RAISE = "import logging; logging.getLogger('clarion.ops').error('boom: the mail queue is stuck')"


class SentryStandIn(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 (the standard library's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        SentryStandIn.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


class ErrorReportTestCase(TestCase):
    def setUp(self):
        self.inbox = start_smtp(self)
        folder = tempfile.mkdtemp(prefix="clarion-errors-")
        self.env = dict(os.environ) | {
            "ENVIRONMENT": "development",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{folder}/unused.sqlite3",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.port}",
            "ADMINS": "Campaign staff <ops@example.org>",
            "SENTRY_DSN": "",
        }

    def run_and_log_an_error(self, **env):
        # With Python's fault handler on, a process still running after a minute
        # prints where each of its threads stands (SIGABRT) into the failure.
        process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-v0", "-c", RAISE],
            cwd=ROOT, env=self.env | env | {"PYTHONFAULTHANDLER": "1"}, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            _out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            _out, err = process.communicate()
            self.fail(f"manage.py shell still ran after 60 s: {err[-6000:]}")
        self.assertEqual(process.returncode, 0, err[-2000:])

    def test_it_mails_the_admins_when_no_sentry_is_set(self):
        self.run_and_log_an_error()
        self.assertEqual(len(self.inbox.messages), 1)
        recipients, message = self.inbox.messages[0]
        self.assertEqual(recipients, ["ops@example.org"])
        self.assertIn("boom: the mail queue is stuck", message["Subject"])

    def test_it_sends_the_error_to_sentry_and_mails_nobody_when_a_dsn_is_set(self):
        SentryStandIn.received = []
        server = ThreadingHTTPServer(("127.0.0.1", 0), SentryStandIn)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/7"
        self.run_and_log_an_error(SENTRY_DSN=dsn)
        self.assertEqual(self.inbox.messages, [])
        self.assertTrue(SentryStandIn.received, "Sentry got nothing")
        path, body = SentryStandIn.received[0]
        self.assertEqual(path, "/api/7/envelope/")
        self.assertIn(b"boom: the mail queue is stuck", body)
        self.assertNotIn(b"ops@example.org", body)
