"""The confirmation mail goes through a real SMTP server (aiosmtpd) started here."""

import smtplib

from aiosmtpd.controller import Controller

from clarion.outbox.models import Mail
from clarion.outbox.tasks import _failed, send_mail, send_mail_batch
from clarion.supporters.models import Signature
from clarion.tests.smtp import start_smtp

from .base import ORIGIN, SupportersTestCase


class SmtpTestCase(SupportersTestCase):
    def setUp(self):
        super().setUp()
        self.inbox = start_smtp(self)

    def test_the_confirmation_mail_arrives_with_one_working_link(self):
        self.sign(lang="az", email="nigar@example.org", name="Nigar Əliyeva")
        mail = Mail.objects.get()
        self.assertEqual(send_mail.call(mail.pk), "sent")
        self.assertEqual(len(self.inbox.messages), 1)
        recipients, message = self.inbox.messages[0]
        self.assertEqual(recipients, ["nigar@example.org"])
        self.assertEqual(message["Message-ID"], mail.message_id)
        self.assertIn("List-Unsubscribe=One-Click", message["List-Unsubscribe-Post"])
        # Long headers may be folded onto the next line; unfolded, it is one <URL>.
        self.assertRegex(
            message["List-Unsubscribe"].strip(), r"^<http://testserver/az/join/unsubscribe/[^>]+>$"
        )
        body = message.get_payload(decode=True).decode(message.get_content_charset())
        self.assertIn("Nigar Əliyeva", body)
        links = [word for word in body.split() if word.startswith("http")]
        self.assertEqual(len(links), 1)
        url = links[0].replace(ORIGIN, "")
        self.assertTrue(url.startswith("/az/join/confirm/"))
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.post(url, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(Signature.objects.get().status, Signature.CONFIRMED)

    def test_it_sends_each_mail_once(self):
        self.sign()
        mail = Mail.objects.get()
        self.assertEqual(send_mail.call(mail.pk), "sent")
        self.assertEqual(send_mail.call(mail.pk), "skipped")
        self.assertEqual(len(self.inbox.messages), 1)

    def test_it_retries_later_when_the_server_is_down(self):
        self.sign()
        mail = Mail.objects.get()
        self.controller.stop()
        self.assertEqual(send_mail.call(mail.pk), "retry")
        mail.refresh_from_db()
        self.assertEqual((mail.status, mail.attempts), (Mail.QUEUED, 1))
        self.assertTrue(mail.last_error)
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.assertEqual(send_mail.call(mail.pk), "sent")
        self.assertEqual(len(self.inbox.messages), 1)

    def test_a_worker_that_died_mid_send_is_recovered(self):
        self.sign()
        mail = Mail.objects.get()
        self.assertIsNotNone(Mail.claim_by_id(mail.pk))  # a worker took it, then was killed
        self.assertEqual(send_mail.call(mail.pk), "skipped")
        Mail.objects.filter(pk=mail.pk).update(claimed_at="2000-01-01T00:00:00Z")
        self.assertEqual(Mail.requeue_stalled(older_than=mail.created_at), 1)
        self.assertEqual(send_mail.call(mail.pk), "sent")
        self.assertEqual(len(self.inbox.messages), 1)

    def queue_three(self):
        mails = [Mail(key=f"batch:{n}", to=f"person{n}@example.org", subject="Hello", body="Hi")
                 for n in range(3)]  # fmt: skip
        return Mail.queue_many(mails)

    def test_a_batch_goes_over_one_connection_and_each_mail_once(self):
        pks = self.queue_three()
        self.assertEqual(send_mail_batch.call(pks), ["sent"] * 3)
        self.assertEqual(send_mail_batch.call(pks), ["skipped"] * 3)
        self.assertEqual(len(self.inbox.peers), 1)  # one connection for the three
        recipients = sorted(to for (to,), _message in self.inbox.messages)
        self.assertEqual(recipients, [f"person{n}@example.org" for n in range(3)])
        self.assertEqual(set(Mail.objects.values_list("status", flat=True)), {Mail.SENT})

    def test_a_batch_the_server_refuses_is_retried_mail_by_mail(self):
        pks = self.queue_three()
        self.controller.stop()
        self.assertEqual(send_mail_batch.call(pks), ["retry"] * 3)
        self.assertEqual(set(Mail.objects.values_list("status", "attempts")), {(Mail.QUEUED, 1)})
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.assertEqual([send_mail.call(pk) for pk in pks], ["sent"] * 3)
        self.assertEqual(len(self.inbox.messages), 3)

    def test_a_batch_skips_a_mail_another_worker_has(self):
        pks = self.queue_three()
        self.assertEqual(Mail.claim_by_id(pks[1]).pk, pks[1])  # another worker has this one
        self.assertEqual(send_mail_batch.call(pks), ["sent", "skipped", "sent"])
        statuses = dict(Mail.objects.values_list("pk", "status"))
        self.assertEqual([statuses[pk] for pk in pks], [Mail.SENT, Mail.SENDING, Mail.SENT])
        self.assertEqual(len(self.inbox.messages), 2)

    def test_a_failure_noted_late_does_not_undo_another_workers_send(self):
        pks = self.queue_three()
        stale = Mail.claim_by_id(pks[0])  # this worker hangs on a dead server …
        Mail.objects.filter(pk=pks[0]).update(status=Mail.QUEUED)  # … is taken for stalled
        self.assertEqual(send_mail.call(pks[0]), "sent")  # another worker sends it
        self.assertEqual(deliver_claimed_after_failure(stale), "skipped")
        self.assertEqual(Mail.objects.get(pk=pks[0]).status, Mail.SENT)
        self.assertEqual(len(self.inbox.messages), 1)


def deliver_claimed_after_failure(mail):
    """What the hanging worker does when its send finally fails."""
    return _failed(mail, smtplib.SMTPServerDisconnected("gone"))
