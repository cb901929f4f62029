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
from clarion.tests.processes import ROOT, Sink, subprocess_database_url

TERMINATE = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"


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
        # At once, not after MAIL_STALLED_SECONDS (600 s): the time is the new
        # worker's start-up, long on a busy machine.
        self.assertLess(sent - began, 300)
        self.assertIn(mail.message_id, sink.message_ids)
        self.assertIsNotNone(Worker.objects.get(pid=first.pid).stopped_at)

    @unittest.skipUnless(connection.vendor == "postgresql", "terminates PostgreSQL backends")
    def test_it_waits_for_its_database_instead_of_exiting(self):
        import psycopg

        settings = connection.settings_dict
        name = settings["NAME"]
        admin_url = (f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
                     f"{settings['PORT'] or 5432}/postgres")  # fmt: skip
        with Sink() as sink:
            worker = self.worker(sink)
            wait(lambda: Worker.objects.filter(pid=worker.pid).exists(), 60, "no heartbeat")
            admin = psycopg.connect(admin_url, autocommit=True)
            self.addCleanup(admin.close)
            # As in a restart: every connection cut and no new one for a while.
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            try:
                admin.execute(TERMINATE, [name])
                time.sleep(4)
                self.assertIsNone(worker.poll(), "the worker exited")
            finally:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            connection.close()  # ours was cut too
            mail = self.queue("away:1")
            wait(lambda: Mail.objects.filter(pk=mail.pk, status=Mail.SENT).exists(), 60,
                 "the worker did not come back to send")  # fmt: skip
            self.assertIsNone(worker.poll())
