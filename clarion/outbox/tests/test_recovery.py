import datetime

from django.core import mail as outbox
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.outbox.recovery import SEND_MAIL, SEND_MAIL_BATCH, requeue_orphaned_mail
from clarion.outbox.tasks import send_mail, send_mail_batch


@override_settings(MAIL_STALLED_SECONDS=60)
class OrphanedMailTestCase(TestCase):
    def orphan(self, started_seconds_ago):
        """A mail whose worker took its task, then died before claiming the mail."""
        mail = Mail.queue("orphan:1", "orphan@example.org", "Subject", "Body")
        DBTaskResult.objects.filter(task_path=SEND_MAIL).update(
            status=TaskResultStatus.RUNNING,
            started_at=timezone.now() - datetime.timedelta(seconds=started_seconds_ago),
        )
        return mail

    def test_it_queues_the_mail_of_a_dead_worker_again(self):
        mail = self.orphan(started_seconds_ago=120)
        self.assertEqual(requeue_orphaned_mail(), 1)
        tasks = DBTaskResult.objects.filter(task_path=SEND_MAIL)
        self.assertEqual(tasks.filter(status=TaskResultStatus.FAILED).count(), 1)
        ready = tasks.get(status=TaskResultStatus.READY)
        self.assertEqual(ready.args_kwargs["args"], [mail.pk])
        self.assertEqual(send_mail.call(mail.pk), "sent")
        self.assertEqual(len(outbox.outbox), 1)
        self.assertEqual(requeue_orphaned_mail(), 0)  # nothing left behind

    def test_it_leaves_a_task_that_is_still_running(self):
        self.orphan(started_seconds_ago=5)
        self.assertEqual(requeue_orphaned_mail(), 0)
        tasks = DBTaskResult.objects.filter(task_path=SEND_MAIL)
        self.assertEqual(list(tasks.values_list("status", flat=True)), [TaskResultStatus.RUNNING])

    def test_it_does_not_queue_a_mail_already_sent(self):
        mail = self.orphan(started_seconds_ago=120)
        Mail.objects.filter(pk=mail.pk).update(status=Mail.SENT)
        self.assertEqual(requeue_orphaned_mail(), 0)
        tasks = DBTaskResult.objects.filter(task_path=SEND_MAIL)
        self.assertEqual(list(tasks.values_list("status", flat=True)), [TaskResultStatus.FAILED])

    def test_it_queues_what_a_dead_worker_left_of_a_batch(self):
        mails = [Mail(key=f"orphan:batch:{n}", to=f"p{n}@example.org", subject="S", body="B")
                 for n in range(3)]  # fmt: skip
        pks = Mail.queue_many(mails)
        batch_tasks = DBTaskResult.objects.filter(task_path=SEND_MAIL_BATCH)
        batch_tasks.update(status=TaskResultStatus.RUNNING,
                           started_at=timezone.now() - datetime.timedelta(seconds=120))  # fmt: skip
        Mail.objects.filter(pk=pks[0]).update(status=Mail.SENT)  # it got that far
        self.assertEqual(requeue_orphaned_mail(), 2)
        ready = batch_tasks.get(status=TaskResultStatus.READY)
        self.assertEqual(ready.args_kwargs["args"], [pks[1:]])
        self.assertEqual(send_mail_batch.call(pks[1:]), ["sent", "sent"])
        self.assertEqual(len(outbox.outbox), 2)
        self.assertEqual(requeue_orphaned_mail(), 0)
