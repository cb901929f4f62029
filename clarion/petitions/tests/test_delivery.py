import datetime
from unittest import mock

import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clarion.petitions import delivery, signing
from clarion.petitions.models import Attempt, Delivery, Petition

from .base import OFFICE_TIME, PetitionTestCase


def run_claimed(now=OFFICE_TIME):
    """What the worker does: run every enqueued deliver task once (at `now`)."""
    results = []
    tasks = DBTaskResult.objects.filter(task_path="clarion.petitions.tasks.deliver")
    with time_machine.travel(now, tick=False):
        for task in tasks.filter(status="READY").order_by("pk"):
            results.append(delivery.attempt(*task.args_kwargs["args"]))
            task.delete()
    return results


class DeliveryTestCase(PetitionTestCase):
    def sign_members(self, n, petition=None, **fields):
        petition = petition or self.petition
        for i in range(n):
            member = self.member(email=f"s{i}@example.org", name=f"Signer {i}")
            signing.sign_as_member(petition, member, **fields)

    def email_rows(self):
        return Delivery.objects.filter(channel=Delivery.EMAIL)

    def test_it_sends_within_office_hours_only(self):
        self.sign_members(1)
        saturday = OFFICE_TIME + datetime.timedelta(days=3)
        evening = OFFICE_TIME.replace(hour=19)
        self.assertEqual(delivery.dispatch(saturday), 0)
        self.assertEqual(delivery.dispatch(evening), 0)
        self.assertEqual(self.email_rows().get().status, Delivery.QUEUED)
        self.assertEqual(delivery.dispatch(OFFICE_TIME), 2)  # email and fax
        self.assertEqual(run_claimed().count(Delivery.SENT), 1)  # the fax has no gateway
        self.assertEqual(len(mail.outbox), 1)

    def test_it_respects_the_target_local_time(self):
        self.mail_target.time_zone = "Asia/Tokyo"  # 19:00 there
        self.mail_target.save()
        self.sign_members(1)
        delivery.dispatch(OFFICE_TIME)
        self.assertEqual(self.email_rows().get().status, Delivery.QUEUED)

    def test_it_keeps_to_the_daily_cap(self):
        self.sign_members(5)
        delivery.dispatch(OFFICE_TIME)
        self.assertEqual(self.email_rows().filter(status=Delivery.SENDING).count(), 3)
        run_claimed()
        delivery.dispatch(OFFICE_TIME + datetime.timedelta(hours=1))
        self.assertEqual(self.email_rows().filter(status=Delivery.SENT).count(), 3)
        self.assertEqual(self.email_rows().filter(status=Delivery.QUEUED).count(), 2)
        delivery.dispatch(OFFICE_TIME + datetime.timedelta(days=1))  # Thursday
        self.assertEqual(self.email_rows().filter(status=Delivery.SENDING).count(), 2)
        self.assertEqual(Attempt.objects.filter(delivery__channel=Delivery.EMAIL).count(), 3)

    def test_it_sends_only_to_the_test_inbox_in_test_mode(self):
        self.petition.test_mode = True
        self.petition.save()
        self.sign_members(2, line="My words")
        evening = OFFICE_TIME.replace(hour=22)  # test runs ignore office hours
        self.assertEqual(delivery.dispatch(evening), 4)
        self.assertEqual(run_claimed(), ["sent"] * 4)
        self.assertEqual({m.to[0] for m in mail.outbox}, {"inbox@test.example"})
        self.assertTrue(all(m.subject.startswith("[TEST] ") for m in mail.outbox))
        faxes = [m for m in mail.outbox if m.attachments]
        self.assertEqual(len(faxes), 2)  # the faxes, as PDFs, to the inbox
        self.assertTrue(faxes[0].attachments[0][1].startswith(b"%PDF"))
        self.assertIn("Fax Office", faxes[0].body)

    def test_it_writes_the_message_in_the_target_language(self):
        self.sign_members(1, line="Mes mots", reply_to_ok=True)
        delivery.dispatch(OFFICE_TIME)
        run_claimed()
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Reconnaître les faits")
        self.assertIn("Nous vous demandons.", message.body)
        self.assertIn("Mes mots", message.body)
        self.assertIn("Signer 0", message.body)

    def test_it_records_a_refused_recipient_as_bounced(self):
        import smtplib

        self.sign_members(1)
        delivery.dispatch(OFFICE_TIME)
        refused = smtplib.SMTPRecipientsRefused({"office@example.org": (550, b"no such user")})
        with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                        side_effect=refused):  # fmt: skip
            run_claimed()
        row = self.email_rows().get()
        self.assertEqual(row.status, Delivery.BOUNCED)
        self.assertIn("refused", row.last_error)
        log = Attempt.objects.filter(delivery=row).values_list("status", flat=True)
        self.assertEqual(list(log), [Delivery.BOUNCED])

    def test_it_retries_a_temporary_failure_with_back_off(self):
        self.sign_members(1)
        delivery.dispatch(OFFICE_TIME)
        with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                        side_effect=ConnectionRefusedError("down")):  # fmt: skip
            self.assertIn("retry", run_claimed())
        row = self.email_rows().get()
        self.assertEqual((row.status, row.attempts), (Delivery.QUEUED, 1))
        self.assertGreater(row.not_before, OFFICE_TIME)
        self.assertEqual(delivery.dispatch(OFFICE_TIME), 0)  # not before its time
        later = row.not_before + datetime.timedelta(seconds=1)
        delivery.dispatch(later)
        self.assertEqual(self.email_rows().get().status, Delivery.SENDING)
        run_claimed(later)
        row.refresh_from_db()
        self.assertEqual((row.status, row.attempts), (Delivery.SENT, 2))
        self.assertEqual(Attempt.objects.filter(delivery=row).count(), 2)

    @override_settings(PETITIONS_MAX_ATTEMPTS=1)
    def test_it_gives_up_after_the_last_attempt(self):
        self.sign_members(1)
        delivery.dispatch(OFFICE_TIME)
        with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                        side_effect=TimeoutError("slow")):  # fmt: skip
            run_claimed()
        self.assertEqual(self.email_rows().get().status, Delivery.FAILED)

    def test_a_late_duplicate_task_sends_nothing(self):
        self.sign_members(1)
        delivery.dispatch(OFFICE_TIME)
        row = self.email_rows().get()
        self.assertEqual(delivery.attempt(row.pk, row.attempts), Delivery.SENT)
        self.assertEqual(delivery.attempt(row.pk, row.attempts), "skipped")
        self.assertEqual(len(mail.outbox), 1)

    def test_it_delivers_a_digest_on_its_date(self):
        day = timezone.localdate() + datetime.timedelta(days=2)
        digest = self.make_petition("digest", mode=Petition.DIGEST, deliver_on=day)
        self.sign_members(3, petition=digest)
        self.assertEqual(Delivery.objects.filter(petition=digest).count(), 0)
        rows = Delivery.objects.filter(petition=digest)
        # (The pack's own petitions are due on 10 December: count this one's rows.)
        delivery.queue_due_digests(day - datetime.timedelta(days=1))
        self.assertEqual(rows.count(), 0)
        delivery.queue_due_digests(day)
        delivery.queue_due_digests(day)
        self.assertEqual(rows.count(), 3)  # same keys: still three rows
        self.assertEqual(sorted(rows.values_list("channel", flat=True)), ["email", "fax", "post"])
        delivery.dispatch(OFFICE_TIME)
        run_claimed()
        message = mail.outbox[0]
        self.assertIn("3 personnes et organisations", message.body)  # the target reads French
        self.assertEqual(message.attachments[0][0], "petition.pdf")
        self.assertEqual(rows.get(channel="post").status, Delivery.QUEUED)  # staff hand it over

    def test_a_test_run_sends_even_the_postal_summary_to_the_inbox(self):
        day = timezone.localdate()
        digest = self.make_petition("digest", mode=Petition.DIGEST, deliver_on=day, test_mode=True)
        self.sign_members(2, petition=digest)
        delivery.queue_due_digests(day)
        self.assertEqual(delivery.dispatch(OFFICE_TIME.replace(hour=23)), 3)
        run_claimed()
        self.assertEqual([m.to for m in mail.outbox], [["inbox@test.example"]] * 3)
        self.assertEqual(Delivery.objects.filter(status=Delivery.SENT).count(), 3)

    def test_it_reports_progress_at_milestones(self):
        self.petition.progress_every = 2
        self.petition.save()
        self.sign_members(3)
        self.assertEqual(delivery.queue_progress_reports(), 3)
        self.assertEqual(delivery.queue_progress_reports(), 0)
        self.assertEqual(Delivery.objects.filter(kind=Delivery.PROGRESS).count(), 3)
