"""Messages reach a real SMTP server (aiosmtpd), once, with the right headers,
even when a worker dies in the middle of a batch."""

import datetime

from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clarion.petitions import delivery, signing
from clarion.petitions.models import Delivery, Petition, Target
from clarion.supporters.models import Signature
from clarion.tests.smtp import start_smtp

from .base import OFFICE_TIME
from .test_delivery import run_claimed


@override_settings(SITE_URL="http://testserver", PETITIONS_TEST_INBOX="inbox@test.example")
class SmtpDeliveryTestCase(TestCase):
    def setUp(self):
        self.inbox = start_smtp(self)
        target = Target.objects.create(
            key="smtp-office", name="Office", kind="office", email="office@example.org",
            time_zone="UTC", office_opens=0, office_closes=24, daily_cap=0,
        )  # fmt: skip
        self.petition = Petition.objects.create(
            slug="smtp", title={"en": "Act now"}, text={"en": "Please act."},
            mode=Petition.PER_SIGNATURE, test_mode=False,
            opens_at=timezone.now() - datetime.timedelta(days=1),
        )  # fmt: skip
        self.petition.targets.set([target])

    def sign(self, n, **fields):
        for i in range(n):
            email = f"p{i}@example.org"
            member = Signature.objects.create(
                name=f"Person {i}", email=email, email_canonical=email, country="DE",
                status=Signature.CONFIRMED,
            )  # fmt: skip
            signing.sign_as_member(self.petition, member, **fields)

    def work(self):
        """What a worker does: run each enqueued delivery task once (the real
        worker command is tested in clarion/supporters/tests/test_worker.py)."""
        run_claimed(OFFICE_TIME)

    def test_it_sends_with_the_right_headers(self):
        self.sign(1, line="My line", reply_to_ok=True)
        self.sign_without_reply_to()
        # Office hours come from the tests' clock (clarion/tests/clock.py), so
        # the test passes whatever the day and hour it runs.
        delivery.dispatch(OFFICE_TIME)
        self.work()
        self.assertEqual(len(self.inbox.messages), 2)
        by_sender = {m["Reply-To"]: (rcpt, m) for rcpt, m in self.inbox.messages}
        rcpt, message = by_sender["p0@example.org"]
        self.assertEqual(rcpt, ["office@example.org"])
        self.assertEqual(message["List-Id"], "smtp <smtp.petitions.testserver>")
        row = Delivery.objects.get(signer__signature__email="p0@example.org")
        self.assertEqual(message["Message-ID"], row.message_id)
        self.assertEqual(row.provider_id, row.message_id)
        self.assertIn("My line", message.get_payload(decode=True).decode())
        self.assertIn(None, by_sender)  # the other signer did not agree to Reply-To

    def sign_without_reply_to(self):
        member = Signature.objects.create(
            name="Quiet", email="quiet@example.org", email_canonical="quiet@example.org",
            country="FR", status=Signature.CONFIRMED,
        )  # fmt: skip
        signing.sign_as_member(self.petition, member, line="x", reply_to_ok=False)

    def test_a_worker_killed_mid_batch_sends_each_message_once(self):
        self.sign(6)
        now = OFFICE_TIME
        self.assertEqual(delivery.dispatch(now), 6)
        tasks = list(DBTaskResult.objects.filter(task_path="clarion.petitions.tasks.deliver"))
        # The worker sent three, then died holding the fourth (claimed, never sent):
        for task in tasks[:3]:
            delivery.attempt(*task.args_kwargs["args"])
        DBTaskResult.objects.filter(pk__in=[t.pk for t in tasks[:4]]).delete()
        self.assertEqual(len(self.inbox.messages), 3)
        # A new worker starts: it finishes the batch, and the stalled row comes back.
        self.work()
        self.assertEqual(len(self.inbox.messages), 5)
        later = now + datetime.timedelta(minutes=delivery.STALLED_MINUTES + 1)
        self.assertEqual(delivery.requeue_stalled(later), 1)
        delivery.dispatch(later)
        self.work()
        self.work()
        ids = [m["Message-ID"] for _rcpt, m in self.inbox.messages]
        self.assertEqual(len(ids), 6)
        self.assertEqual(len(set(ids)), 6)
        self.assertEqual(Delivery.objects.filter(status=Delivery.SENT).count(), 6)
