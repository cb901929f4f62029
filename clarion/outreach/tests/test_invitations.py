"""Issue 17, finding 8: phishing through invitations. An organiser approved once
had every later event approved at once, and its invitations then mailed every
opted-in member of the country with a subject the organiser chose. Now an
organiser only asks; staff read and send (a segment send), and asks are capped."""

from django.test import override_settings

from clarion.events import tokens
from clarion.events.tests.base import make_event
from clarion.ops import periodic
from clarion.outbox.models import Mail
from clarion.outreach import sending
from clarion.outreach.models import Newsletter

from .base import ORIGIN, OutreachTestCase


class InvitationTestCase(OutreachTestCase):
    smtp = False

    def setUp(self):
        super().setUp()
        self.members = [
            self.member("m1@example.org", "de", "DE", city="Berlin"),
            self.member("m2@example.org", "en", "DE", city="Hamburg"),
            self.member("m3@example.org", "en", "FR"),
        ]

    def ask(self, event):
        token = tokens.make(event.pk, tokens.MANAGE)
        url = f"/en/events/manage/{token}/"
        return self.client.post(url, {"action": "invite"}, HTTP_ORIGIN=ORIGIN)

    def mailed_to_members(self):
        return Mail.objects.filter(to__in=[m.email for m in self.members]).count()

    def test_an_organisers_invitation_waits_for_review(self):
        event = make_event(title="URGENT: confirm your signature at evil.example")
        response = self.ask(event)
        self.assertEqual(response.status_code, 200)
        periodic.run_all()  # what the worker does every minute
        self.assertEqual(self.mailed_to_members(), 0)
        draft = Newsletter.objects.get(kind=Newsletter.INVITATION, event=event)
        self.assertEqual(draft.status, Newsletter.DRAFT)
        self.assertEqual(draft.versions.count(), 8)

    def test_an_organiser_approved_before_still_needs_review(self):
        make_event(title="First rally")  # approved once
        later = make_event(title="Second rally")
        self.ask(later)
        periodic.run_all()
        self.assertEqual(self.mailed_to_members(), 0)

    @override_settings(EVENT_INVITATION_REQUESTS=2)
    def test_it_caps_invitation_requests_per_organiser(self):
        for n in range(3):
            response = self.ask(make_event(title=f"Rally {n}"))
        self.assertEqual(Newsletter.objects.filter(kind=Newsletter.INVITATION).count(), 2)
        self.assertContains(response, "too many", status_code=429)

    def test_asking_twice_for_one_event_makes_one_draft(self):
        event = make_event()
        self.ask(event)
        self.ask(event)
        self.assertEqual(Newsletter.objects.filter(event=event).count(), 1)

    def test_staff_send_it_to_members_near_the_event_in_their_language(self):
        self.start_smtp()
        event = make_event()
        self.ask(event)
        draft = Newsletter.objects.get(event=event)
        segment = {"near_event": event.pk, "near": "city"}
        self.assertEqual(sending.count(draft, segment), 1)
        self.assertEqual(sending.start(draft, {"near_event": event.pk}), 2)
        self.run_batches()
        [german] = self.inbox.to("m1@example.org")
        self.assertIn("Rally in Berlin", german["Subject"])
        self.assertIn("/de/events/", self.text_of(german))
        self.assertIn("/de/newsletter/stop/invitations/", german["List-Unsubscribe"])
        self.assertEqual(self.inbox.to("m3@example.org"), [])
