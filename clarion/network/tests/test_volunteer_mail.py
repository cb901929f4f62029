"""A volunteer's offer reaches them as ONE mail (through a real SMTP server,
aiosmtpd, started here) whose link confirms the offer and the signature."""

from clarion.network.models import Volunteer
from clarion.outbox.models import Mail
from clarion.outbox.tasks import send_mail
from clarion.supporters.models import Signature
from clarion.tests.smtp import start_smtp

from .base import ORIGIN, NetworkTestCase, signature
from .test_volunteer import offer


class VolunteerMailTestCase(NetworkTestCase):
    def setUp(self):
        super().setUp()
        self.inbox = start_smtp(self)

    def deliver(self):
        """Send every queued mail as the worker would; the messages received."""
        for pk in Mail.objects.filter(status=Mail.QUEUED).values_list("pk", flat=True):
            send_mail.call(pk)
        return self.inbox.messages

    def confirm_from(self, message):
        body = message.get_payload(decode=True).decode(message.get_content_charset())
        links = [word for word in body.split() if word.startswith("http")]
        self.assertEqual(len(links), 1, body)
        url = links[0].replace(ORIGIN, "")
        self.assertIn("/volunteer/confirm/", url)
        self.assertEqual(self.client.post(url, HTTP_ORIGIN=ORIGIN).status_code, 303)
        return body

    def test_it_sends_one_mail_that_confirms_the_offer_and_the_signature(self):
        self.assertEqual(offer(self.client, lang="fr").status_code, 303)
        received = self.deliver()
        self.assertEqual([to for to, _message in received], [["aylin@example.org"]])
        body = self.confirm_from(received[0][1])
        self.assertIn("déclaration", body)
        volunteer = Volunteer.objects.get()
        self.assertEqual(volunteer.status, Volunteer.ACTIVE)
        self.assertEqual(volunteer.signature.status, Signature.CONFIRMED)
        self.assertEqual(len(self.deliver()), 1)  # nothing more on the way

    def test_someone_who_signed_before_still_gets_one_mail(self):
        earlier = signature("Aylin Demir", "FR", email="aylin@example.org",
                            email_canonical="aylin@example.org", status=Signature.PENDING,
                            confirmed_at=None)  # fmt: skip
        offer(self.client)
        received = self.deliver()
        self.assertEqual(len(received), 1)
        self.confirm_from(received[0][1])
        earlier.refresh_from_db()
        self.assertEqual(earlier.status, Signature.CONFIRMED)
        self.assertEqual(Volunteer.objects.get().signature, earlier)

    def test_no_reminder_follows_about_the_signature(self):
        import datetime

        from django.utils import timezone

        from clarion.supporters import maintenance

        offer(self.client)
        later = timezone.now() + datetime.timedelta(days=5)
        self.assertEqual(maintenance.send_reminders(later), 0)
