"""On SQLite a worker journals the mails the SMTP server took and marks them
sent a few at a time; whoever takes a dead worker's mails back settles its
journal first, so what was sent does not go out twice."""

import datetime
from unittest import mock

from django.db import connection
from django.test import TestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clarion.ops import workers
from clarion.ops.models import Worker
from clarion.outbox import journal
from clarion.outbox.models import Mail
from clarion.outbox.tasks import send_mail_batch
from clarion.tests.smtp import start_smtp


def queued(count, prefix="j"):
    return Mail.queue_many([Mail(key=f"{prefix}:{n}", to=f"p{n}@example.org", subject="S",
                                 body="B") for n in range(count)])  # fmt: skip


def as_worker(worker_id):
    return mock.patch.dict(workers._current, {"id": worker_id})


class JournalTestCase(TransactionTestCase):
    def setUp(self):
        self.inbox = start_smtp(self)

    def test_it_marks_mails_sent_a_few_at_a_time_on_sqlite(self):
        pks = queued(45)
        with as_worker("worker-a"), CaptureQueriesContext(connection) as queries:
            self.assertEqual(send_mail_batch.call(pks), ["sent"] * 45)
        self.assertEqual(len(self.inbox.messages), 45)
        self.assertEqual(Mail.objects.filter(pk__in=pks, status=Mail.SENT).count(), 45)
        marks = [q for q in queries.captured_queries
                 if q["sql"].startswith("UPDATE") and "'sent'" in q["sql"]]  # fmt: skip
        if connection.vendor == "sqlite":
            self.assertEqual(len(marks), 3)  # 20 + 20 + 5, not 45
            self.assertFalse(journal.path_for(journal.directory(), "worker-a").exists())
        else:  # writers do not queue on PostgreSQL: each mail is marked at once
            self.assertIsNone(journal.directory())
            self.assertEqual(len(marks), 45)

    def test_outside_a_worker_each_mail_is_marked_at_once(self):
        pks = queued(3)
        self.assertEqual(send_mail_batch.call(pks), ["sent"] * 3)
        self.assertEqual(Mail.objects.filter(status=Mail.SENT).count(), 3)


class SettleTestCase(TestCase):
    """A worker killed after the server took some mails, before it marked them."""

    def setUp(self):
        if journal.directory() is None:  # PostgreSQL: no journals to settle
            self.assertEqual(journal.settle(), 0)
            self.skipTest("journals are kept on SQLite only")
        self.folder = journal.directory()
        self.folder.mkdir(exist_ok=True)

    def killed_mid_batch(self, worker_id, sent):
        pks = queued(5, prefix=worker_id)
        Mail.objects.filter(pk__in=pks).update(
            status=Mail.SENDING, claimed_by=worker_id,
            claimed_at=timezone.now() - datetime.timedelta(hours=1),
        )  # fmt: skip
        path = journal.path_for(self.folder, worker_id)
        self.addCleanup(path.unlink, missing_ok=True)
        lines = "".join(f"{pk}\n" for pk in pks[:sent])
        path.write_text(lines + str(pks[sent]))  # the last line was being written
        return pks

    def test_taking_back_a_dead_workers_mails_skips_what_it_had_sent(self):
        pks = self.killed_mid_batch("worker-dead", sent=3)
        Worker.objects.create(worker_id="worker-dead", host="elsewhere", pid=1,
                              beat_at=timezone.now() - datetime.timedelta(hours=1))  # fmt: skip
        DBTaskResult.objects.all().delete()
        mails, _tasks, _failed = workers.recover()
        self.assertEqual(mails, 2)
        statuses = dict(Mail.objects.filter(pk__in=pks).values_list("pk", "status"))
        self.assertEqual([statuses[pk] for pk in pks], ["sent"] * 3 + ["queued"] * 2)
        queued_again = [task.args_kwargs["args"][0] for task in DBTaskResult.objects.all()]
        self.assertEqual(sorted(queued_again), pks[3:])
        self.assertFalse(journal.path_for(self.folder, "worker-dead").exists())

    def test_stalled_mails_are_settled_before_they_are_queued_again(self):
        pks = self.killed_mid_batch("worker-gone", sent=2)
        Mail.requeue_stalled(timezone.now())
        statuses = dict(Mail.objects.filter(pk__in=pks).values_list("pk", "status"))
        self.assertEqual([statuses[pk] for pk in pks], ["sent"] * 2 + ["queued"] * 3)
