import datetime
import threading

from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clarion.events import rsvps
from clarion.events.models import RSVP, Event
from clarion.events.tests.base import ORIGIN, EventsTestCase, make_event
from clarion.outbox.models import Mail


class RSVPTestCase(EventsTestCase):
    def setUp(self):
        super().setUp()
        self.event = make_event(capacity=2)

    def register(self, email, name="Lena Schulz", **extra):
        data = {"name": name, "email": email, "consent": "on", **extra}
        return self.client.post(f"/de/events/{self.event.pk}/rsvp/", data, HTTP_ORIGIN=ORIGIN)

    def test_it_registers_and_mails_a_cancel_link(self):
        response = self.register("lena@example.org")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], f"/de/events/{self.event.pk}/?registered=1")
        entry = RSVP.objects.get(event=self.event)
        self.assertEqual((entry.status, entry.language), (RSVP.GOING, "de"))
        links = self.link_in(f"rsvp:{entry.pk}:going")
        self.assertTrue(any("/de/events/cancel/" in link for link in links))

    def test_it_puts_people_on_the_waiting_list_when_full(self):
        self.register("a@example.org")
        self.register("b@example.org")
        response = self.register("c@example.org")
        self.assertTrue(response["Location"].endswith("registered=1"))  # the mail says which
        statuses = list(RSVP.objects.order_by("pk").values_list("status", flat=True))
        self.assertEqual(statuses, ["going", "going", "waiting"])

    def test_registering_twice_keeps_one_place(self):
        self.register("a@example.org")
        self.register("A@Example.org")
        self.assertEqual(RSVP.objects.count(), 1)

    def test_cancelling_frees_the_place_for_the_waiting_list(self):
        for email in ("a@example.org", "b@example.org", "c@example.org"):
            self.register(email)
        first = RSVP.objects.get(email="a@example.org")
        cancel = next(u for u in self.link_in(f"rsvp:{first.pk}:going") if "/cancel/" in u)
        self.assertEqual(self.client.get(cancel).status_code, 200)
        first.refresh_from_db()
        self.assertEqual(first.status, RSVP.GOING)  # GET only shows the button
        self.client.post(cancel, HTTP_ORIGIN=ORIGIN)
        first.refresh_from_db()
        waiting = RSVP.objects.get(email="c@example.org")
        self.assertEqual((first.status, waiting.status), (RSVP.CANCELLED, RSVP.GOING))
        self.assertTrue(Mail.objects.filter(key__startswith=f"rsvp:{waiting.pk}:promoted").exists())

    def test_it_keeps_the_form_on_errors(self):
        response = self.register("not-an-address", name="Lena Schulz")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Lena Schulz", status_code=400)
        self.assertFalse(RSVP.objects.exists())

    def test_it_refuses_rsvps_to_unpublished_events(self):
        Event.objects.filter(pk=self.event.pk).update(status=Event.NEW)
        self.assertEqual(self.register("a@example.org").status_code, 404)
        self.assertFalse(RSVP.objects.exists())

    def test_the_organiser_sees_and_exports_the_list(self):
        self.register("a@example.org", name="Anna Roth")
        from clarion.events import tokens

        token = tokens.make(self.event.pk, tokens.MANAGE)
        page = self.client.get(f"/en/events/manage/{token}/")
        self.assertContains(page, "Anna Roth")
        export = self.client.get(f"/en/events/manage/{token}/guests.csv")
        self.assertEqual(export["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("Anna Roth,a@example.org,going", export.content.decode())
        self.assertEqual(self.client.get("/en/events/manage/1:forged/").status_code, 400)

    def test_it_reminds_guests_the_day_before_once(self):
        self.register("a@example.org")
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() + datetime.timedelta(hours=20),
            ends_at=timezone.now() + datetime.timedelta(hours=22),
        )
        self.assertEqual(rsvps.send_reminders(), 1)
        self.assertEqual(rsvps.send_reminders(), 0)
        entry = RSVP.objects.get()
        self.assertTrue(Mail.objects.filter(key=f"rsvp:{entry.pk}:reminder").exists())


def test_capacity_holds_under_concurrent_requests(django_db_setup, django_db_blocker):
    """Twelve people take the last five places at once: five go, seven wait."""
    with django_db_blocker.unblock():
        event = make_event(capacity=5, title="Concurrent concert")
        tasks_before = set(DBTaskResult.objects.values_list("pk", flat=True))
        errors, barrier = [], threading.Barrier(12)

        def take(n):
            from django.db import connection as own

            try:
                barrier.wait()
                with override_settings(SITE_URL=ORIGIN):
                    rsvps.rsvp(
                        event.pk,
                        name=f"Guest {n}",
                        email=f"guest{n}@example.org",
                        language="en",
                        consent_text="ok",
                    )
            except Exception as error:
                errors.append(repr(error))
            finally:
                own.close()

        threads = [threading.Thread(target=take, args=(n,)) for n in range(12)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            statuses = sorted(RSVP.objects.filter(event=event).values_list("status", flat=True))
            assert errors == []
            assert statuses.count("going") == 5
            assert statuses.count("waiting") == 7
        finally:
            Mail.objects.filter(key__startswith="rsvp:").delete()
            DBTaskResult.objects.exclude(pk__in=tasks_before).delete()
            event.delete()
            connection.close()  # later tests that forbid the database must not find it open


class GuestExportTestCase(EventsTestCase):
    def test_it_exports_a_formula_as_text(self):
        from clarion.events import tokens

        event = make_event(capacity=5)
        data = {"name": '=SUM(1+1)*cmd', "email": "a@example.org",
                "consent": "on"}  # fmt: skip
        self.client.post(f"/de/events/{event.pk}/rsvp/", data, HTTP_ORIGIN=ORIGIN)
        export = self.client.get(
            f"/en/events/manage/{tokens.make(event.pk, tokens.MANAGE)}/guests.csv"
        )
        self.assertIn("'=SUM(1+1)*cmd,a@example.org", export.content.decode())


class RSVPFloodTestCase(EventsTestCase):
    """Security review, finding 7 and a Low one: fake RSVPs, and what a redirect tells."""

    def setUp(self):
        super().setUp()
        self.event = make_event(capacity=50)

    def register(self, email):
        data = {"name": "Lena Schulz", "email": email, "consent": "on"}
        return self.client.post(f"/en/events/{self.event.pk}/rsvp/", data, HTTP_ORIGIN=ORIGIN)

    def test_it_limits_rsvps_from_one_address_to_one_event(self):
        from clarion.events import rsvps

        for n in range(rsvps.PER_ADDRESS_AND_EVENT):
            self.assertEqual(self.register(f"g{n}@example.org").status_code, 303)
        response = self.register("one-too-many@example.org")
        self.assertContains(response, "Too many registrations", status_code=429)
        self.assertEqual(RSVP.objects.count(), rsvps.PER_ADDRESS_AND_EVENT)

    def test_its_answer_does_not_tell_whether_an_address_was_registered(self):
        first = self.register("known@example.org")
        again = self.register("known@example.org")
        new = self.register("new@example.org")
        self.assertEqual(first["Location"], again["Location"])
        self.assertEqual(first["Location"], new["Location"])
        self.assertNotIn("going", first["Location"])
