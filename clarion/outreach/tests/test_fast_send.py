"""Sending as bytes over plain SMTP, pipelined when the server offers it
(RFC 2920), and Django messages for a provider's back-end."""

from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clarion.outreach import compose, sending
from clarion.outreach.models import Recipient, Suppression, Version

from .base import Inbox, OutreachTestCase


class PipeliningInbox(Inbox):
    """aiosmtpd reads commands one by one from its buffer, so it takes them
    pipelined; it only has to say so. Addresses in `refuse` get that answer."""

    def __init__(self):
        super().__init__()
        self.refuse = {}

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"


class PipelinedTestCase(OutreachTestCase):
    def start_smtp(self):
        super().start_smtp()
        self.controller.stop()
        self.inbox = PipeliningInbox()
        self.restart_smtp()

    def test_it_pipelines_mails_that_arrive_whole(self):
        olga = self.member("olga@example.org", "ru")
        self.member("amal@example.org", "ar")
        self.member("hans@example.org", "de")
        newsletter = self.newsletter()
        english = Version.objects.get(newsletter=newsletter, language="en")
        english.body += "\n\n.A line that starts with a dot.\n\n" + "Long line. " * 40
        english.save()
        sending.start(newsletter, {})
        self.run_batches()
        self.assertEqual(len(self.inbox.messages), 3)
        [ru] = self.inbox.to("olga@example.org")
        self.assertEqual(ru["Subject"], "Новости кампании")
        self.assertEqual(ru["Message-ID"], compose.message_id(newsletter.pk, olga.pk))
        self.assertEqual(ru["Precedence"], "bulk")
        link = ru["List-Unsubscribe"].strip()[1:-1]
        self.assertIn("/ru/newsletter/stop/news/", link)
        self.assertIn(link, self.text_of(ru))
        self.assertIn(f'href="{link}"', self.html_of(ru))
        self.assertIn("Мы провели 12 мероприятий.", self.text_of(ru))
        [ar] = self.inbox.to("amal@example.org")
        self.assertIn('dir="rtl"', self.html_of(ar))
        [de] = self.inbox.to("hans@example.org")
        text = self.text_of(de).replace("\r\n", "\n")  # CRLF on the wire, as SMTP wants
        self.assertIn("\n.A line that starts with a dot.\n", text)
        self.assertIn(("Long line. " * 40).strip(), text)  # one line, whole again
        self.assertEqual(Recipient.objects.filter(status=Recipient.SENT).count(), 3)

    def test_a_refused_address_is_suppressed_and_the_rest_go_out(self):
        for name in ("a", "b", "c"):
            self.member(f"{name}@example.org")
        self.inbox.refuse["b@example.org"] = "550 5.1.1 No such user"
        sending.start(self.newsletter(), {})
        self.run_batches()
        self.assertEqual(sorted(r[0] for r, _m in self.inbox.messages),
                         ["a@example.org", "c@example.org"])  # fmt: skip
        failed = Recipient.objects.get(status=Recipient.FAILED)
        self.assertEqual(failed.signature.email, "b@example.org")
        self.assertTrue(Suppression.objects.filter(address="b@example.org").exists())

    def test_a_broken_address_fails_alone(self):
        self.member("a@example.org")
        self.member("broken@@example.org")
        self.member("c@example.org")
        newsletter = self.newsletter()
        sending.start(newsletter, {})
        self.run_batches()
        self.assertEqual(len(self.inbox.messages), 2)
        failed = Recipient.objects.get(status=Recipient.FAILED)
        self.assertEqual(failed.signature.email, "broken@@example.org")
        self.assertIn("Invalid address", failed.last_error)
        newsletter.refresh_from_db()
        self.assertEqual(newsletter.status, "sent")

    def test_a_temporary_refusal_is_tried_again_later(self):
        for name in ("a", "b", "c"):
            self.member(f"{name}@example.org")
        self.inbox.refuse["b@example.org"] = "450 4.2.0 Greylisted, come back later"
        sending.start(self.newsletter(), {})
        self.run_batches(limit=1)
        self.assertEqual(len(self.inbox.messages), 1)  # a went; b and the rest wait
        self.assertEqual(Recipient.objects.filter(status=Recipient.QUEUED).count(), 2)
        self.assertFalse(Suppression.objects.exists())
        del self.inbox.refuse["b@example.org"]
        DBTaskResult.objects.update(run_after=timezone.now())  # the back-off has passed
        self.run_batches()
        addresses = sorted(r[0] for r, _m in self.inbox.messages)
        self.assertEqual(addresses, ["a@example.org", "b@example.org", "c@example.org"])


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class ProviderTestCase(OutreachTestCase):
    smtp = False

    def test_a_providers_backend_gets_django_messages(self):
        ada = self.member("ada@example.org")
        self.member("olga@example.org", "ru")
        newsletter = self.newsletter()
        sending.start(newsletter, {})
        self.run_batches()
        self.assertEqual(len(mail.outbox), 2)
        [en] = [m for m in mail.outbox if m.to == ["ada@example.org"]]
        self.assertEqual(en.extra_headers["Message-ID"], compose.message_id(newsletter.pk, ada.pk))
        self.assertEqual(en.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn(en.extra_headers["List-Unsubscribe"][1:-1], en.body)
        self.assertEqual(en.alternatives[0][1], "text/html")
