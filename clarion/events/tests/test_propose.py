import datetime

from django.test import override_settings
from django.utils import timezone

from clarion.events.models import Event, Material, SupportItem
from clarion.events.tests.base import ORIGIN, EventsTestCase, make_event, proposal, proposed
from clarion.outbox.models import Mail


class ProposeTestCase(EventsTestCase):
    def test_it_shows_the_form_in_spanish(self):
        response = self.client.get("/es/events/new/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="time_zone"')
        self.assertContains(response, 'lang="es"')

    def test_it_stores_the_proposal_and_mails_a_confirmation(self):
        response = self.propose()
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], "/en/events/new/sent/")
        event = proposed().get()
        self.assertEqual(event.status, Event.UNCONFIRMED)
        self.assertEqual(event.time_zone, "Europe/Paris")
        self.assertEqual(event.local_start.hour, 18)
        self.assertEqual(event.starts_at.utcoffset(), datetime.timedelta(0))
        mail = Mail.objects.get(key=f"event:{event.pk}:confirm")
        self.assertEqual(mail.to, "camille@example.org")

    def test_it_confirms_by_post_only_and_waits_for_review(self):
        self.propose()
        event = proposed().get()
        (url,) = self.link_in(f"event:{event.pk}:confirm")
        self.assertEqual(self.client.get(url).status_code, 200)
        event.refresh_from_db()
        self.assertEqual(event.status, Event.UNCONFIRMED)
        response = self.client.post(url, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 200)
        event.refresh_from_db()
        self.assertEqual(event.status, Event.NEW)
        self.assertTrue(
            Mail.objects.filter(key__startswith=f"event:{event.pk}:status:new").exists()
        )
        self.assertEqual(self.client.get(f"/en/events/{event.pk}/").status_code, 404)

    def test_trusted_host_publishes_directly(self):
        make_event(organiser_email="camille@example.org", organiser_canonical="camille@example.org")
        self.propose()
        event = proposed().get(title="Photo exhibition in Lyon")
        (url,) = self.link_in(f"event:{event.pk}:confirm")
        self.client.post(url, HTTP_ORIGIN=ORIGIN)
        event.refresh_from_db()
        self.assertEqual(event.status, Event.APPROVED)
        self.assertEqual(self.client.get(f"/en/events/{event.pk}/").status_code, 200)

    def test_it_rejects_a_forged_confirmation_link(self):
        response = self.client.get("/en/events/confirm/1:forged/")
        self.assertEqual(response.status_code, 400)

    def test_it_refuses_dates_in_the_past(self):
        day = timezone.localdate() - datetime.timedelta(days=2)
        response = self.propose(date=day.isoformat())
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "This date is in the past.", status_code=400)
        self.assertContains(response, "Photo exhibition in Lyon", status_code=400)
        self.assertFalse(proposed().exists())

    def test_it_refuses_an_end_before_the_start(self):
        response = self.propose(start_time="20:00", end_time="19:00")
        self.assertContains(response, "must end after it starts", status_code=400)
        self.assertFalse(proposed().exists())

    def test_it_refuses_unknown_time_zones(self):
        response = self.propose(time_zone="Mars/Olympus_Mons")
        self.assertContains(response, "Choose a time zone from the list.", status_code=400)

    def test_it_refuses_a_time_skipped_by_a_clock_change(self):
        # 2:30 on the last Sunday of March does not exist in Paris.
        year = timezone.localdate().year + 1
        day = max(
            datetime.date(year, 3, d)
            for d in range(25, 32)
            if datetime.date(year, 3, d).weekday() == 6
        )
        response = self.propose(date=day.isoformat(), start_time="02:30", end_time="04:00")
        self.assertContains(response, "the clocks change", status_code=400)

    def test_it_refuses_impossible_coordinates(self):
        response = self.propose(latitude="91", longitude="10")
        self.assertContains(response, "between -90 and 90", status_code=400)
        response = self.propose(latitude="45.7")
        self.assertContains(response, "both coordinates", status_code=400)
        self.assertFalse(proposed().exists())

    def test_it_translates_messages(self):
        day = timezone.localdate() - datetime.timedelta(days=2)
        response = self.propose(lang="fr", date=day.isoformat())
        self.assertContains(response, "Cette date est passée.", status_code=400)

    def test_it_drops_bots_silently(self):
        response = self.propose(fax_number="123")
        self.assertEqual(response.status_code, 303)
        self.assertFalse(proposed().exists())

    def test_it_refuses_cross_site_posts(self):
        response = self.client.post(
            "/en/events/new/", proposal(), HTTP_ORIGIN="https://evil.example"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(proposed().exists())

    @override_settings(EVENT_PROPOSALS_PER_HOUR=2)
    def test_it_rate_limits_proposals(self):
        for n in range(2):
            self.assertEqual(self.propose(title=f"Lecture number {n}").status_code, 303)
        response = self.propose(title="One too many")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "One too many", status_code=429)
        self.assertEqual(proposed().count(), 2)

    def test_it_stores_the_support_request(self):
        posters = Material.objects.create(name="Posters A2", stock=100)
        response = self.propose(
            **{f"material_{posters.pk}": "20", "help_wanted": ["speaker", "film"]},
            shipping_address="12 rue Exemple, 69001 Lyon",
        )
        self.assertEqual(response.status_code, 303)
        item = SupportItem.objects.get()
        self.assertEqual((item.material, item.quantity, item.status), (posters, 20, "requested"))
        self.assertEqual(proposed().get().help_wanted, ["speaker", "film"])

    def test_it_asks_where_to_ship_materials(self):
        posters = Material.objects.create(name="Posters A2", stock=100)
        response = self.propose(**{f"material_{posters.pk}": "20"})
        self.assertContains(response, "Where should we send the materials?", status_code=400)
