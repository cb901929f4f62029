import datetime
from unittest import mock

from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.outbox import retention
from clarion.outbox.models import Mail
from clarion.outbox.tasks import send_mail


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@override_settings(MAIL_KEEP_DAYS=30, TASK_KEEP_DAYS=7)
class RetentionTestCase(TestCase):
    def mail(self, key, status, days):
        mail = Mail.queue(key, f"{key}@example.org", "Please confirm", "Dear Aylin, click here",
                          headers={"List-Unsubscribe": "<https://x.example/u/token>"})  # fmt: skip
        Mail.objects.filter(pk=mail.pk).update(status=status, sent_at=days_ago(days),
                                               created_at=days_ago(days))  # fmt: skip
        return mail

    def test_it_forgets_the_text_of_old_mails_and_keeps_the_rest(self):
        old = self.mail("old", Mail.SENT, 40)
        failed = self.mail("failed", Mail.FAILED, 40)
        recent = self.mail("recent", Mail.SENT, 3)
        waiting = self.mail("waiting", Mail.QUEUED, 40)  # not done: still to be sent
        self.assertEqual(retention.forget_old_mails(), 2)
        for mail in (old, failed):
            mail.refresh_from_db()
            self.assertEqual((mail.body, mail.headers, mail.to), ("", {}, "erased@invalid"))
            self.assertEqual(mail.subject, "Please confirm")
        for mail in (recent, waiting):
            mail.refresh_from_db()
            self.assertEqual(mail.body, "Dear Aylin, click here")
        self.assertEqual(retention.forget_old_mails(), 0)  # done once

    def test_it_works_through_a_backlog_batch_by_batch(self):
        for n in range(5):
            self.mail(f"old{n}", Mail.SENT, 40)
        with mock.patch.object(retention, "BATCH", 2):
            self.assertEqual(retention.forget_old_mails(), 5)
        self.assertEqual(Mail.objects.exclude(body="").count(), 0)

    def test_a_forgotten_mail_is_never_queued_or_sent_again(self):
        old = self.mail("sig:1:confirm", Mail.SENT, 40)
        retention.forget_old_mails()
        again = Mail.queue("sig:1:confirm", "aylin@example.org", "Please confirm", "Text")
        self.assertEqual(again.pk, old.pk)
        self.assertEqual(send_mail.call(old.pk), "skipped")
        self.assertEqual(Mail.objects.count(), 1)

    def test_it_deletes_finished_tasks_after_a_week(self):
        self.mail("a", Mail.QUEUED, 0)
        self.mail("b", Mail.QUEUED, 0)
        self.mail("c", Mail.QUEUED, 0)
        DBTaskResult.objects.exclude(task_path="clarion.outbox.tasks.send_mail").delete()
        tasks = list(DBTaskResult.objects.all())
        DBTaskResult.objects.filter(pk=tasks[0].pk).update(
            status=TaskResultStatus.SUCCESSFUL, finished_at=days_ago(8)
        )
        DBTaskResult.objects.filter(pk=tasks[1].pk).update(
            status=TaskResultStatus.SUCCESSFUL, finished_at=days_ago(2))  # fmt: skip
        self.assertEqual(retention.delete_finished_tasks(), 1)
        self.assertEqual(set(DBTaskResult.objects.values_list("pk", flat=True)),
                         {tasks[1].pk, tasks[2].pk})  # fmt: skip
