"""Security review, finding 2: editing a proposal does not empty the page cache."""

from clarion.content import pagecache
from clarion.events import proposing, tokens
from clarion.events.models import Event

from .base import ORIGIN, EventsTestCase, make_event, proposal


class EditFloodTestCase(EventsTestCase):
    def setUp(self):
        super().setUp()
        self.event = make_event(status=Event.NEW, country="FR", time_zone="Europe/Paris")
        self.url = f"/en/events/manage/{tokens.make(self.event.pk, tokens.MANAGE)}/edit/"

    def edit(self, **fields):
        return self.client.post(self.url, proposal(**fields), HTTP_ORIGIN=ORIGIN)

    def test_it_keeps_the_page_cache_when_a_proposal_is_edited(self):
        before = pagecache.generation()
        self.assertEqual(self.edit(title="Corrected title").status_code, 303)
        self.assertEqual(pagecache.generation(), before)
        self.event.refresh_from_db()
        self.assertEqual(self.event.title, "Corrected title")

    def test_it_limits_edits_of_one_event(self):
        for n in range(proposing.EDITS_PER_HOUR):
            self.assertEqual(self.edit(title=f"Title {n}").status_code, 303)
        response = self.edit(title="One too many")
        self.assertEqual(response.status_code, 429)
        self.event.refresh_from_db()
        self.assertEqual(self.event.title, f"Title {proposing.EDITS_PER_HOUR - 1}")

    def test_it_keeps_the_page_cache_when_an_event_goes_to_review(self):
        event = make_event(status=Event.UNCONFIRMED, organiser_canonical="new@example.org")
        before = pagecache.generation()
        proposing.confirm(event.pk)
        event.refresh_from_db()
        self.assertEqual(event.status, Event.NEW)
        self.assertEqual(pagecache.generation(), before)

    def test_it_renews_pages_when_a_public_event_changes(self):
        before = pagecache.generation()
        event = make_event(status=Event.NEW)
        proposing.moderate(event, "approve", "", self.superuser())
        self.assertNotEqual(pagecache.generation(), before)

    def superuser(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
