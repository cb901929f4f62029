"""Bounces and complaints, from any provider's webhook (django-anymail) or from
the SMTP server itself, feed one suppression list that every send respects."""

import base64
import json

from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory, override_settings

from clarion.outreach import sending, suppression
from clarion.outreach.models import Suppression

from .base import OutreachTestCase

AT = "2026-12-01T10:00:00Z"


def postmark(record):
    """Postmark's tracking webhook, as anymail serves it, with its basic auth."""
    from anymail.webhooks.postmark import PostmarkTrackingWebhookView

    view = PostmarkTrackingWebhookView.as_view(basic_auth=["hook:secret"])
    auth = base64.b64encode(b"hook:secret").decode()
    request = RequestFactory().post(
        "/anymail/postmark/tracking/",
        json.dumps(record),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )
    return view(request)


class SuppressionTestCase(OutreachTestCase):
    smtp = False

    def test_a_hard_bounce_from_the_provider_stops_the_next_send(self):
        self.member("gone@example.org")
        self.member("here@example.org")
        response = postmark({"RecordType": "Bounce", "Type": "HardBounce", "ID": 1,
                             "Email": "Gone@Example.org", "BouncedAt": AT})  # fmt: skip
        self.assertEqual(response.status_code, 200)
        row = Suppression.objects.get()
        self.assertEqual(
            (row.address, row.reason, row.active), ("gone@example.org", "bounced", True)
        )
        self.assertEqual(sending.start(self.newsletter(), {}), 1)

    def test_a_complaint_suppresses(self):
        postmark({"RecordType": "SpamComplaint", "Type": "SpamComplaint", "ID": 2,
                  "Email": "angry@example.org", "BouncedAt": AT})  # fmt: skip
        self.assertEqual(Suppression.objects.get().reason, Suppression.COMPLAINT)

    @override_settings(SOFT_BOUNCE_LIMIT=3)
    def test_soft_bounces_suppress_only_past_the_limit(self):
        for n in range(3):
            postmark({"RecordType": "Bounce", "Type": "Transient", "ID": 10 + n,
                      "Email": "full@example.org", "BouncedAt": AT})  # fmt: skip
            self.assertEqual(Suppression.objects.get().active, n == 2)

    def test_a_webhook_without_the_secret_changes_nothing(self):
        from anymail.webhooks.postmark import PostmarkTrackingWebhookView

        view = PostmarkTrackingWebhookView.as_view(basic_auth=["hook:secret"])
        request = RequestFactory().post("/anymail/postmark/tracking/", "{}",
                                        content_type="application/json")  # fmt: skip
        with self.assertRaises(SuspiciousOperation):  # Django answers it with a 400
            view(request)
        self.assertFalse(Suppression.objects.exists())

    def test_an_address_the_smtp_server_refuses_is_suppressed(self):
        self.start_smtp()

        async def refuse(server, session, envelope, address, rcpt_options):
            if address.startswith("gone"):
                return "550 5.1.1 no such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        self.inbox.handle_RCPT = refuse
        self.member("gone@example.org")
        self.member("here@example.org")
        sending.start(self.newsletter(), {})
        self.run_batches()
        self.assertEqual(Suppression.objects.get().address, "gone@example.org")
        self.assertEqual(len(self.inbox.messages), 1)

    def test_junk_addresses_are_ignored(self):
        self.assertIsNone(suppression.suppress("not an address", Suppression.HARD))
