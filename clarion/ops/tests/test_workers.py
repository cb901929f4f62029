import datetime
import subprocess
import sys

from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.ops import workers
from clarion.ops.models import Worker
from clarion.outbox.models import Mail


def a_dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


class RecoverTestCase(TestCase):
    def setUp(self):
        self.now = timezone.now()
        DBTaskResult.objects.all().delete()  # the content pack's, still queued
        self.mail = Mail.queue("recover:1", "one@example.org", "Hello", "Text")
        self.task = DBTaskResult.objects.get(args_kwargs__args=[self.mail.pk])

    def held_by(self, worker_id, **worker):
        """The mail claimed and its task running in this worker's name."""
        Worker.objects.create(worker_id=worker_id, pid=worker.pop("pid", 1),
                              host=worker.pop("host", workers.host()), **worker)  # fmt: skip
        Mail.objects.filter(pk=self.mail.pk).update(
            status=Mail.SENDING, claimed_by=worker_id, claimed_at=self.now, attempts=1
        )
        DBTaskResult.objects.filter(pk=self.task.pk).update(
            status=TaskResultStatus.RUNNING, started_at=self.now, worker_ids=[worker_id]
        )

    def test_it_takes_back_at_once_what_a_killed_worker_on_this_machine_held(self):
        self.held_by("killed", pid=a_dead_pid(), beat_at=self.now)
        self.assertEqual(workers.recover(self.now), (1, 1, 0))
        self.mail.refresh_from_db()
        self.assertEqual(self.mail.status, Mail.QUEUED)
        self.task.refresh_from_db()
        self.assertEqual(self.task.status, TaskResultStatus.READY)
        # … and a second send task for the mail; whichever runs first sends it.
        self.assertEqual(DBTaskResult.objects.filter(status=TaskResultStatus.READY).count(), 2)
        self.assertIsNotNone(Worker.objects.get(worker_id="killed").stopped_at)

    def test_it_leaves_a_live_worker_alone(self):
        import os

        self.held_by("alive", pid=os.getpid(), beat_at=self.now,
                     process_started=workers.process_started(os.getpid()))  # fmt: skip
        self.assertEqual(workers.recover(self.now), (0, 0, 0))
        self.mail.refresh_from_db()
        self.assertEqual(self.mail.status, Mail.SENDING)

    @override_settings(WORKER_DEAD_SECONDS=30)
    def test_it_finds_a_worker_elsewhere_dead_by_its_silent_heartbeat(self):
        self.held_by("far", host="another-machine", beat_at=self.now)
        self.assertEqual(workers.recover(self.now + datetime.timedelta(seconds=20)), (0, 0, 0))
        self.assertEqual(workers.recover(self.now + datetime.timedelta(seconds=31)), (1, 1, 0))

    def test_it_takes_a_pid_given_to_another_process_for_a_dead_worker(self):
        import os

        self.held_by("reused", pid=os.getpid(), process_started=1, beat_at=self.now)
        self.assertEqual(workers.recover(self.now), (1, 1, 0))

    @override_settings(WORKER_TASK_TRIES=3)
    def test_it_fails_a_task_that_killed_its_worker_three_times(self):
        self.held_by("third", pid=a_dead_pid(), beat_at=self.now)
        DBTaskResult.objects.filter(pk=self.task.pk).update(worker_ids=["a", "b", "third"])
        self.assertEqual(workers.recover(self.now), (1, 0, 1))
        self.task.refresh_from_db()
        self.assertEqual(self.task.status, TaskResultStatus.FAILED)
        self.assertEqual(self.task.exception_class_path, "clarion.ops.workers.WorkerLost")

    def test_it_takes_back_its_own_tasks_after_losing_the_database(self):
        self.held_by("me", pid=1, beat_at=self.now)
        workers.recover_own("me", self.now)
        self.mail.refresh_from_db()
        self.assertEqual(self.mail.status, Mail.QUEUED)
        self.task.refresh_from_db()
        self.assertEqual(self.task.status, TaskResultStatus.READY)

    def test_it_notes_who_claimed_a_mail(self):
        workers._current["id"] = "claimer"
        self.addCleanup(workers._current.update, id="")
        self.assertEqual(Mail.claim_by_id(self.mail.pk).claimed_by, "claimer")
