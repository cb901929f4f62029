import os
import subprocess
import sys

from django.db import transaction
from django.test import TransactionTestCase
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.outbox.tasks import send_mail
from clarion.tests.processes import ROOT, Sink, subprocess_database_url

MAILS = 30


class WorkersRaceTestCase(TransactionTestCase):
    """Two real worker processes take tasks from the same database queue."""

    def test_two_workers_on_one_queue_send_each_mail_once(self):
        with transaction.atomic():
            queued = [
                Mail.queue(f"race:{i}", f"race{i}@example.org", "Race", "Once only.")
                for i in range(MAILS)
            ]
        for mail in queued:  # a second task for every mail, as after a requeue
            send_mail.enqueue(mail.pk)
        DBTaskResult.objects.exclude(task_path="clarion.outbox.tasks.send_mail").delete()
        self.assertEqual(DBTaskResult.objects.count(), 2 * MAILS)
        with Sink() as sink:
            env = dict(os.environ, DATABASE_URL=subprocess_database_url(), EMAIL_URL=sink.url,
                       ENVIRONMENT="test", LOG_LEVEL="ERROR")  # fmt: skip
            args = [sys.executable, "manage.py", "run_worker", "--batch", "--no-periodic",
                    "--no-startup-delay", "--queue-name", "*", "-v0"]  # fmt: skip
            workers = [subprocess.Popen(args, cwd=ROOT, env=env) for _ in range(2)]
            for worker in workers:
                self.assertEqual(worker.wait(120), 0)
        expected = sorted(mail.message_id for mail in queued)
        self.assertEqual(sorted(sink.message_ids), expected)  # every mail, none twice
        self.assertEqual(Mail.objects.filter(status=Mail.SENT, attempts=1).count(), MAILS)
        self.assertFalse(DBTaskResult.objects.exclude(status="SUCCESSFUL").exists())
