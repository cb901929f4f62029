"""Real worker processes against the test database: one killed mid-send, one
whose database goes away."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import unittest

from django.db import connection, transaction
from django.test import TransactionTestCase
from django_tasks_db.models import DBTaskResult

from clarion.ops.models import Worker
from clarion.outbox.models import Mail
from clarion.scaleout.tests.helpers import Sink, subprocess_database_url
from clarion.scaleout.topology import ROOT

TERMINATE = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = %s AND pid <> pg_backend_pid()"
)


class SlowSink(Sink):
    """An SMTP server that holds each message for `delay` seconds before taking it."""

    delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


def wait(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(0.1)
    raise AssertionError(message)


class WorkerProcessTestCase(TransactionTestCase):
    def setUp(self):
        DBTaskResult.objects.all().delete()
        self.processes = []
        self.addCleanup(self.stop_all)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()

    def worker(self, sink, *extra):
        env = dict(os.environ, DATABASE_URL=subprocess_database_url(), EMAIL_URL=sink.url,
                   ENVIRONMENT="test", LOG_LEVEL="ERROR")  # fmt: skip
        args = [sys.executable, "manage.py", "run_worker", "--no-periodic", "--no-startup-delay",
                "--queue-name", "*", "--interval", "0.2", "-v0", *extra]  # fmt: skip
        process = subprocess.Popen(args, cwd=ROOT, env=env)
        self.processes.append(process)
        return process

    def queue(self, key):
        with transaction.atomic():
            return Mail.queue(key, f"{key.replace(':', '-')}@example.org", "Hello", "Text")

    def test_it_sends_at_once_the_mail_a_killed_worker_was_sending(self):
        mail = self.queue("killed:1")
        with SlowSink() as sink:
            sink.delay = 60
            first = self.worker(sink)
            wait(lambda: Mail.objects.filter(pk=mail.pk, status=Mail.SENDING).exists(), 60,
                 "the first worker never took the mail")  # fmt: skip
            first.send_signal(signal.SIGKILL)
            first.wait(10)
            sink.delay = 0
            began = time.monotonic()
            # The next worker (as the supervisor starts it) finds the first one dead.
            self.assertEqual(self.worker(sink, "--batch").wait(60), 0)
            sent = wait(lambda: Mail.objects.filter(pk=mail.pk, status=Mail.SENT).exists(), 30,
                        "the mail was not sent again")  # fmt: skip
        self.assertLess(sent - began, 30)  # not after MAIL_STALLED_SECONDS (10 minutes)
        self.assertIn(mail.message_id, sink.message_ids)
        self.assertIsNotNone(Worker.objects.get(pid=first.pid).stopped_at)

    @unittest.skipUnless(connection.vendor == "postgresql", "terminates PostgreSQL backends")
    def test_it_waits_for_its_database_instead_of_exiting(self):
        name = connection.settings_dict["NAME"]
        with Sink() as sink:
            worker = self.worker(sink)
            wait(lambda: Worker.objects.filter(pid=worker.pid).exists(), 60, "no heartbeat")
            with connection.cursor() as cursor:
                # As in a restart: its connections cut and no new ones for a while.
                cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                try:
                    cursor.execute(TERMINATE, [name])
                    time.sleep(4)
                    self.assertIsNone(worker.poll(), "the worker exited")
                finally:
                    cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            mail = self.queue("away:1")
            wait(lambda: Mail.objects.filter(pk=mail.pk, status=Mail.SENT).exists(), 60,
                 "the worker did not come back to send")  # fmt: skip
            self.assertIsNone(worker.poll())
