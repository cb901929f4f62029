from django.test import TestCase
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.petitions.tasks import build_package


class PriorityTestCase(TestCase):
    def test_a_mail_is_sent_before_background_work_queued_earlier(self):
        with self.captureOnCommitCallbacks(execute=True):
            for _ in range(3):  # e.g. the pack's search-index tasks, or a package to build
                build_package.enqueue(1, 1, "test")
            Mail.queue("priority-test", "aylin@example.org", "Please confirm", "Click here")
        first = DBTaskResult.objects.ready().first()
        self.assertEqual(first.task_path, "clarion.outbox.tasks.send_mail")
