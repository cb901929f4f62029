"""Security review, Low: links in mails expire (they end up in logs and inboxes)."""

import datetime

import time_machine
from django.test import TestCase
from django.utils import timezone

from clarion.contributions import submitting
from clarion.contributions.models import Submission
from clarion.events import tokens as event_tokens
from clarion.events.tests.base import make_event
from clarion.supporters import tokens as supporter_tokens
from clarion.supporters.models import Signature


class LinkExpiryTestCase(TestCase):
    def later(self, days):
        return time_machine.travel(timezone.now() + datetime.timedelta(days=days), tick=False)

    def test_event_links_expire(self):
        event = make_event()
        manage = f"/en/events/manage/{event_tokens.make(event.pk, event_tokens.MANAGE)}/"
        self.assertEqual(self.client.get(manage).status_code, 200)
        with self.later(event_tokens.MAX_AGE[event_tokens.MANAGE] // 86400 + 1):
            self.assertEqual(self.client.get(manage).status_code, 400)
        self.assertIsNotNone(event_tokens.MAX_AGE[event_tokens.CANCEL])

    def test_erase_links_expire(self):
        item = Submission.objects.create(kind="letter", status=Submission.APPROVED, text="Words.",
                                         language="en", country="FR")  # fmt: skip
        url = f"/en/letters/erase/{submitting.make_token(item.pk, submitting.ERASE)}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        with self.later(submitting.ERASE_DAYS + 1):
            self.assertEqual(self.client.get(url).status_code, 400)

    def test_unsubscribe_links_expire(self):
        signature = Signature.objects.create(
            name="A", email="a@example.org", email_canonical="a@example.org", country="FR"
        )
        token = supporter_tokens.make(signature.pk, supporter_tokens.UNSUBSCRIBE)
        url = f"/en/join/unsubscribe/{token}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        with self.later(supporter_tokens.UNSUBSCRIBE_DAYS + 1):
            self.assertEqual(self.client.get(url).status_code, 400)
