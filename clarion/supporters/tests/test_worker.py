from django.core import mail
from django.core.management import call_command
from django.test import Client, TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.supporters.models import Signature

ORIGIN = "http://testserver"


@override_settings(SITE_URL=ORIGIN)
class WorkerTestCase(TransactionTestCase):
    """The real worker command takes the committed task and sends the mail once."""

    def work(self):
        call_command(
            "run_worker", "--batch", "--no-periodic", "--no-startup-delay", "--queue-name", "*",
            verbosity=0,
        )  # fmt: skip

    def test_the_worker_sends_the_confirmation_once(self):
        response = Client().post(
            "/en/join/",
            {
                "kind": "person",
                "name": "Worker Test",
                "email": "worker@example.org",
                "country": "DE",
                "consent": "on",
            },  # fmt: skip
            HTTP_ORIGIN=ORIGIN,
        )
        self.assertEqual(response.status_code, 303)
        # Only our task matters here (a consent row queues index updates).
        DBTaskResult.objects.exclude(
            task_path__startswith="clarion.outbox.tasks.send_mail"
        ).delete()
        self.work()
        self.work()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["worker@example.org"])
        self.assertIn("/en/join/confirm/", mail.outbox[0].body)
        sent = Mail.objects.get()
        self.assertEqual((sent.status, sent.attempts), (Mail.SENT, 1))
        self.assertEqual(Signature.objects.get().status, Signature.PENDING)
