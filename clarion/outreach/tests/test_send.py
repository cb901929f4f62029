"""A newsletter goes to a segment through a real SMTP server (aiosmtpd), once."""

import datetime
import re

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clarion.outreach import sending
from clarion.outreach.models import Newsletter, OptOut, Recipient, Suppression, Version

from .base import ORIGIN, SEND_BATCH, OutreachTestCase


class SendTestCase(OutreachTestCase):
    def test_it_sends_each_member_their_language_with_the_headers(self):
        self.member("ada@example.org", "en")
        self.member("olga@example.org", "ru")
        self.member("amal@example.org", "ar")
        self.member("hans@example.org", "de")  # no German version: English, marked
        newsletter = self.newsletter()
        self.assertEqual(sending.start(newsletter, {}), 4)
        self.run_batches()
        self.assertEqual(len(self.inbox.messages), 4)
        [ru] = self.inbox.to("olga@example.org")
        self.assertEqual(ru["Subject"], "Новости кампании")
        self.assertIn("Мы провели 12 мероприятий.", self.text_of(ru))
        self.assertEqual(ru["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        link = re.sub(r"\s+", "", ru["List-Unsubscribe"])
        self.assertRegex(link, r"^<http://testserver/ru/newsletter/stop/news/[^>]+/>$")
        self.assertIn(link[1:-1], self.text_of(ru))  # the visible link too
        [ar] = self.inbox.to("amal@example.org")
        self.assertIn('dir="rtl"', self.html_of(ar))
        [de] = self.inbox.to("hans@example.org")
        self.assertEqual(de["Subject"], "Campaign news")
        self.assertIn("noch nicht in Ihrer Sprache", self.text_of(de))
        [en] = self.inbox.to("ada@example.org")
        html = self.html_of(en)
        self.assertIn('<a href="https://example.org/report"', html)
        self.assertNotIn("<img", html)
        newsletter.refresh_from_db()
        self.assertEqual(newsletter.status, Newsletter.SENT)
        self.assertEqual(newsletter.progress()["sent"], 4)

    def test_it_only_mails_members_who_confirmed_and_opted_in(self):
        self.member("yes@example.org")
        self.member("no-news@example.org", wants_news=False)
        self.member("pending@example.org", status="pending")
        self.member("quarantined@example.org", quarantined=True)
        stopped = self.member("stopped@example.org")
        OptOut.objects.create(signature=stopped, topic="news")
        self.member("bounced@example.org")
        Suppression.objects.create(address="bounced@example.org", reason=Suppression.HARD)
        self.assertEqual(sending.start(self.newsletter(), {}), 1)
        self.run_batches()
        self.assertEqual([r for r, _m in self.inbox.messages], [["yes@example.org"]])

    def test_it_sends_to_a_segment_by_language_and_country(self):
        self.member("a@example.org", "ru", "AZ")
        self.member("b@example.org", "ru", "TR")
        self.member("c@example.org", "en", "AZ")
        newsletter = self.newsletter()
        segment = {"languages": ["ru"], "countries": ["AZ"]}
        self.assertEqual(sending.count(newsletter, segment), 1)
        sending.start(newsletter, segment)
        self.run_batches()
        self.assertEqual([r for r, _m in self.inbox.messages], [["a@example.org"]])

    def test_it_sends_each_mail_once_when_batches_run_twice(self):
        for n in range(5):
            self.member(f"m{n}@example.org")
        newsletter = self.newsletter()
        sending.start(newsletter, {})
        from clarion.outreach.tasks import send_batch

        args = (newsletter.pk, newsletter.run, 0, 10**9)
        send_batch.call(*args)
        send_batch.call(*args)
        self.run_batches()
        self.assertEqual(len(self.inbox.messages), 5)

    def test_it_does_not_mail_a_member_who_stops_while_it_is_sending(self):
        first = self.member("first@example.org")
        later = self.member("later@example.org")
        newsletter = self.newsletter()
        sending.start(newsletter, {})
        self.assertEqual(Recipient.objects.filter(signature=later).count(), 1)
        OptOut.objects.create(signature=later, topic="news")  # clicked meanwhile
        self.run_batches()
        self.assertEqual([r for r, _m in self.inbox.messages], [[first.email]])
        skipped = Recipient.objects.get(signature=later)
        self.assertEqual(skipped.status, Recipient.SKIPPED)

    def test_it_pauses_and_resumes_without_sending_twice(self):
        for n in range(30):
            self.member(f"m{n:02}@example.org")
        newsletter = self.newsletter()
        sending.start(newsletter, {})
        from clarion.outreach.tasks import Batch

        batch = Batch(newsletter, newsletter.run, 0, 10**9)
        for recipient_id, member in batch.claim():  # the first few go out …
            batch.deliver(recipient_id, *member)
        batch.close()
        self.assertTrue(sending.pause(newsletter))
        self.assertEqual(self.run_batches(), 1)  # … the batch task sees the pause
        sent = len(self.inbox.messages)
        self.assertEqual(sent, 20)
        self.assertTrue(sending.resume(newsletter))
        self.run_batches()
        addresses = [r[0] for r, _m in self.inbox.messages]
        self.assertEqual(len(addresses), 30)
        self.assertEqual(len(set(addresses)), 30)
        newsletter.refresh_from_db()
        self.assertEqual(newsletter.status, Newsletter.SENT)

    def test_a_dead_workers_mails_go_out_once_after_recovery(self):
        for n in range(25):
            self.member(f"m{n:02}@example.org")
        newsletter = self.newsletter()
        sending.start(newsletter, {})
        from clarion.outreach.tasks import Batch

        # A worker claimed 20 recipients, mailed 5, then was killed.
        batch = Batch(newsletter, newsletter.run, 0, 10**9)
        claimed = batch.claim()
        for recipient_id, member in claimed[:5]:
            batch.deliver(recipient_id, *member)
        batch.close()
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        long_ago = timezone.now() - datetime.timedelta(hours=1)
        DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=long_ago)
        Recipient.objects.filter(status=Recipient.SENDING).update(claimed_at=long_ago)
        self.assertEqual(sending.recover(), 1)
        self.run_batches()
        addresses = [r[0] for r, _m in self.inbox.messages]
        self.assertEqual(sorted(addresses), sorted(set(addresses)))
        self.assertEqual(len(addresses), 25)
        newsletter.refresh_from_db()
        self.assertEqual(newsletter.status, Newsletter.SENT)

    def test_it_resumes_after_an_smtp_outage_without_sending_twice(self):
        for n in range(10):
            self.member(f"m{n}@example.org")
        newsletter = self.newsletter()
        self.controller.stop()  # the server is down
        sending.start(newsletter, {})
        self.run_batches(limit=1)
        self.assertEqual(Recipient.objects.filter(status=Recipient.QUEUED).count(), 10)
        self.restart_smtp()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.update(run_after=timezone.now())  # the back-off has passed
        self.run_batches()
        self.assertEqual(len(self.inbox.messages), 10)
        self.assertEqual(Recipient.objects.filter(status=Recipient.SENT).count(), 10)

    def test_queueing_does_not_load_members(self):
        for n in range(50):
            self.member(f"m{n}@example.org")
        newsletter = self.newsletter()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(sending.start(newsletter, {}), 50)
        self.assertLess(len(queries), 25)
        self.assertTrue(any("INSERT" in q["sql"] and "SELECT" in q["sql"] for q in queries))

    def test_a_machine_made_version_is_held_until_reviewed(self):
        self.member("olga@example.org", "ru")
        newsletter = self.newsletter()
        Version.objects.filter(language="ru").update(machine_made=True, reviewed=False)
        sending.start(newsletter, {})
        self.run_batches()
        [mail] = self.inbox.messages
        self.assertEqual(mail[1]["Subject"], "Campaign news")  # English instead

    def test_it_refuses_to_send_twice(self):
        self.member("a@example.org")
        newsletter = self.newsletter()
        sending.start(newsletter, {})
        with self.assertRaises(sending.SendError):
            sending.start(newsletter, {})

    @override_settings(NEWSLETTER_RATE=100, NEWSLETTER_BATCH=10)
    def test_batches_are_spaced_to_keep_the_rate(self):
        for n in range(30):
            self.member(f"m{n}@example.org")
        sending.start(self.newsletter(), {})
        from django_tasks_db.models import DBTaskResult

        batches = DBTaskResult.objects.filter(task_path=SEND_BATCH)
        times = sorted(batches.values_list("run_after", flat=True))
        self.assertEqual(len(times), 3)
        self.assertAlmostEqual((times[2] - times[0]).total_seconds(), 0.2, places=2)


class ScheduleTestCase(OutreachTestCase):
    smtp = False

    def test_it_starts_when_due(self):
        self.member("a@example.org")
        newsletter = self.newsletter()
        when = timezone.now() + datetime.timedelta(hours=2)
        sending.schedule(newsletter, {"countries": ["TR"]}, when)
        self.assertEqual(sending.start_due(), 0)
        self.assertEqual(sending.start_due(when), 1)
        newsletter.refresh_from_db()
        self.assertEqual(newsletter.status, Newsletter.SENDING)
        self.assertEqual(newsletter.total, 1)


class LinksTestCase(OutreachTestCase):
    smtp = False

    def test_it_warns_of_broken_links_and_remote_images(self):
        from clarion.outreach.compose import link_problems

        found = link_problems(
            f"See {ORIGIN}/en/no-such-page/ and https://nowhere and "
            f"{ORIGIN}/en/join/ and ![x](https://tracker.example.com/pixel.png)"
        )
        self.assertEqual(len(found), 3, found)  # the join page is there
        self.assertIn("remote image", found[0])
        self.assertTrue(any("no-such-page" in p for p in found))
        self.assertTrue(any("https://nowhere" in p for p in found))
