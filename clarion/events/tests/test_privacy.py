"""Guests and organisers download and erase what events hold about them, through
the declaration's privacy pages; old RSVPs lose their names on schedule."""

import base64
import datetime
import json

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from clarion.events import tokens
from clarion.events.models import RSVP, Event, Material, Report, SupportItem
from clarion.events.tests.base import ORIGIN, EventsTestCase, make_event
from clarion.outbox.models import Mail
from clarion.outbox.tasks import send_mail
from clarion.supporters import tokens as supporter_tokens
from clarion.supporters.models import DataRequest, Signature
from clarion.tests.smtp import start_smtp


def guest(event, email="lena@example.org", name="Lena Schulz", status=RSVP.GOING):
    return RSVP.objects.create(
        event=event, name=name, email=email, email_canonical=email, status=status,
        consent_text="I agree.", language="de",
    )  # fmt: skip


def encodings(text):
    """The text as it could hide in a link: plain, hex, and base64 (both
    alphabets) at each of the three byte alignments, minus the mixed edges."""
    raw = text.encode()
    found = {text.lower(), raw.hex()}
    for pad in (b"", b"\0", b"\0\0"):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(pad + raw).decode()
            found.add(encoded[4 if pad else 0 : -4])
    return found


def past_event(days_ago=2, **fields):
    began = timezone.now() - datetime.timedelta(days=days_ago)
    return make_event(starts_at=began, ends_at=began + datetime.timedelta(hours=3), **fields)


class EventsPrivacyTestCase(EventsTestCase):
    def address_url(self, email):
        request = DataRequest.objects.create(email_canonical=email)
        token = supporter_tokens.make(request.pk, supporter_tokens.DATA_REQUEST)
        return f"/en/join/my-data/{token}/"

    def test_it_exports_registrations_proposals_materials_and_reports(self):
        event = past_event(
            organiser_email="lena@example.org",
            organiser_canonical="lena@example.org",
            organiser_name="Lena Schulz",
            shipping_address="Hauptstr. 1, 10115 Berlin",
        )
        Report.objects.create(event=event, attendance=40, summary="Good evening.")
        posters = Material.objects.create(name="Posters", stock=10)
        SupportItem.objects.create(event=event, material=posters, quantity=5)
        guest(make_event(title="Concert in Bonn"), status=RSVP.WAITING)
        download = self.client.post(
            self.address_url("lena@example.org"), {"action": "download"}, HTTP_ORIGIN=ORIGIN
        )
        self.assertEqual(download.status_code, 200)
        data = json.loads(download.content)["events"]
        self.assertEqual(
            [(r["event"], r["status"], r["name"]) for r in data["rsvps"]],
            [("Concert in Bonn", "waiting", "Lena Schulz")],
        )
        organised = data["organised"][0]
        self.assertEqual(organised["shipping_address"], "Hauptstr. 1, 10115 Berlin")
        self.assertEqual(organised["materials"], [
            {"material": "Posters", "quantity": 5, "status": "requested"}
        ])  # fmt: skip
        self.assertEqual(organised["report"]["summary"], "Good evening.")
        self.assertEqual(RSVP.objects.get().name, "Lena Schulz")  # downloading changes nothing

    def test_it_erases_guests_but_keeps_the_counts(self):
        event = past_event(capacity=5)
        entry = guest(event)
        guest(event, email="other@example.org", name="Other Guest")
        url = self.address_url("lena@example.org")
        response = self.client.post(url, {"action": "erase"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 200)
        entry.refresh_from_db()
        self.assertEqual((entry.name, entry.email, entry.email_canonical), ("", "", None))
        self.assertEqual(entry.status, RSVP.GOING)
        self.assertIsNotNone(entry.anonymised_at)
        self.assertEqual(event.going_count(), 2)
        self.assertFalse(DataRequest.objects.exists())
        self.assertEqual(self.client.get(url).status_code, 400)  # nothing left to show

    def test_the_guest_list_shows_nothing_of_erased_guests(self):
        event = past_event()
        guest(event)
        guest(event, email="other@example.org", name="Other Guest")
        self.client.post(
            self.address_url("lena@example.org"), {"action": "erase"}, HTTP_ORIGIN=ORIGIN
        )
        export = self.client.get(
            f"/en/events/manage/{tokens.make(event.pk, tokens.MANAGE)}/guests.csv"
        )
        self.assertEqual(export.status_code, 200)
        lines = export.content.decode().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertNotIn("lena", export.content.decode().lower())
        self.assertTrue(lines[1].startswith(",,going,") or lines[2].startswith(",,going,"))
        self.assertEqual(RSVP.objects.filter(email="").count(), 1)

    def test_it_gives_up_a_place_still_to_come(self):
        event = make_event(capacity=1)
        entry = guest(event)
        waiting = guest(event, email="next@example.org", status=RSVP.WAITING)
        response = self.client.post(
            self.address_url("lena@example.org"), {"action": "erase"}, HTTP_ORIGIN=ORIGIN
        )
        self.assertEqual(response.status_code, 200)
        entry.refresh_from_db()
        waiting.refresh_from_db()
        self.assertEqual((entry.status, entry.email), (RSVP.CANCELLED, ""))
        self.assertEqual(waiting.status, RSVP.GOING)

    def test_it_blanks_the_organiser_but_keeps_the_public_event(self):
        event = make_event(
            organiser_email="jonas@example.org", shipping_address="Am Markt 2, Berlin"
        )
        Mail.queue(key=f"event:{event.pk}:status:x", to="jonas@example.org", subject="s", body="b")
        self.assertContains(self.client.get(f"/en/events/{event.pk}/"), "Jonas Weber")
        response = self.client.post(
            self.address_url("jonas@example.org"), {"action": "erase"}, HTTP_ORIGIN=ORIGIN
        )
        self.assertEqual(response.status_code, 200)
        event.refresh_from_db()
        self.assertEqual(
            (event.organiser_name, event.organiser_email, event.organiser_canonical),
            ("", "", ""),
        )
        self.assertEqual((event.shipping_address, event.status), ("", Event.APPROVED))
        self.assertFalse(Mail.objects.filter(to="jonas@example.org").exists())
        page = self.client.get(f"/en/events/{event.pk}/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Jonas Weber")

    def test_it_erases_a_signers_event_data_with_the_signature(self):
        guest(past_event(), email="aylin@example.org", name="Aylin Demir")
        signature = Signature.objects.create(
            name="Aylin Demir", email="aylin@example.org", email_canonical="aylin@example.org",
            country="TR", status=Signature.CONFIRMED,
        )  # fmt: skip
        url = f"/en/join/my-data/{supporter_tokens.make(signature.pk, supporter_tokens.MY_DATA)}/"
        download = self.client.post(url, {"action": "download"}, HTTP_ORIGIN=ORIGIN)
        data = json.loads(download.content)
        self.assertEqual((data["email"], len(data["events"]["rsvps"])), ("aylin@example.org", 1))
        response = self.client.post(url, {"action": "erase"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 200)
        signature.refresh_from_db()
        self.assertEqual(signature.status, Signature.ERASED)
        self.assertEqual(RSVP.objects.get().name, "")

    def test_it_refuses_forged_address_links(self):
        guest(past_event())
        forged = self.address_url("lena@example.org")[:-5] + "AAAA/"
        response = self.client.post(forged, {"action": "erase"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(RSVP.objects.get().name, "Lena Schulz")


class PrivacyLinkTestCase(EventsTestCase):
    """The link goes through a real SMTP server (aiosmtpd)."""

    def setUp(self):
        super().setUp()
        self.inbox = start_smtp(self)

    def request_link(self, email):
        return self.client.post("/en/join/my-data/", {"email": email}, HTTP_ORIGIN=ORIGIN)

    def delivered_link(self):
        """Send the newest queued mail over SMTP; the one link in what arrived."""
        mail = Mail.objects.latest("pk")
        self.assertEqual(send_mail.call(mail.pk), "sent")
        _recipients, message = self.inbox.messages[-1]
        body = message.get_payload(decode=True).decode(message.get_content_charset())
        links = [word for word in body.split() if word.startswith("http")]
        self.assertEqual(len(links), 1, body)
        return links[0].replace(ORIGIN, "")

    def test_it_mails_a_link_to_someone_who_only_registered(self):
        guest(past_event())
        response = self.request_link("Lena@Example.org")
        self.assertEqual(response.status_code, 200)
        url = self.delivered_link()
        # To the address as stored, not as typed (security review, Low).
        self.assertEqual(self.inbox.messages[-1][0], ["lena@example.org"])
        self.assertTrue(url.startswith("/en/join/my-data/"))
        page = self.client.get(url)
        self.assertContains(page, "lena@example.org")
        self.assertContains(page, "Event registrations and proposals")
        self.assertFalse(Signature.objects.exists())
        self.assertEqual(DataRequest.objects.get().email_canonical, "lena@example.org")

    def test_it_mails_a_link_without_the_address(self):
        guest(past_event())
        response = self.request_link("Lena@Example.org")
        self.assertEqual(response.status_code, 200)
        url = self.delivered_link()
        for hidden in encodings("Lena@Example.org") | encodings("lena@example.org"):
            self.assertNotIn(hidden, url.lower() if hidden.islower() else url)
        request = DataRequest.objects.get()
        token = url.removeprefix("/en/join/my-data/").strip("/")
        self.assertEqual(supporter_tokens.read(token, supporter_tokens.DATA_REQUEST), request.pk)
        self.assertNotIn("lena", Mail.objects.get().body.lower())

    def test_it_refuses_an_expired_request(self):
        entry = guest(past_event())
        self.request_link("lena@example.org")
        url = self.delivered_link()
        DataRequest.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
        response = self.client.post(url, {"action": "erase"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 400)
        entry.refresh_from_db()
        self.assertEqual((entry.name, entry.email), ("Lena Schulz", "lena@example.org"))
        self.assertEqual(DataRequest.objects.count(), 1)  # maintenance deletes it

    def test_it_deletes_the_requests_when_the_guest_erases(self):
        entry = guest(past_event())
        guest(past_event(), email="other@example.org", name="Other Guest")
        DataRequest.objects.create(email_canonical="lena@example.org")  # an older link
        DataRequest.objects.create(email_canonical="other@example.org")
        self.request_link("lena@example.org")
        url = self.delivered_link()
        response = self.client.post(url, {"action": "erase"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 200)
        entry.refresh_from_db()
        self.assertEqual(entry.email, "")
        self.assertEqual(
            list(DataRequest.objects.values_list("email_canonical", flat=True)),
            ["other@example.org"],
        )
        mail = Mail.objects.get(key__startswith="data-address:")
        self.assertEqual((mail.to, mail.body), ("erased@invalid", ""))
        self.assertEqual(self.client.get(url).status_code, 400)

    def test_it_refuses_a_signature_token_for_a_request(self):
        guest(past_event())
        self.request_link("lena@example.org")
        request = DataRequest.objects.get()
        token = supporter_tokens.make(request.pk, supporter_tokens.MY_DATA)
        response = self.client.get(f"/en/join/my-data/{token}/")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(RSVP.objects.get().name, "Lena Schulz")

    def test_it_answers_the_same_for_addresses_it_does_not_know(self):
        guest(past_event())
        known = self.request_link("lena@example.org")
        unknown = self.request_link("nobody@example.org")
        self.assertEqual(known.status_code, unknown.status_code)
        self.assertEqual(
            known.content.decode().replace("\n", ""), unknown.content.decode().replace("\n", "")
        )
        self.assertEqual(list(Mail.objects.values_list("to", flat=True)), ["lena@example.org"])
        self.assertEqual(
            list(DataRequest.objects.values_list("email_canonical", flat=True)),
            ["lena@example.org"],
        )

    def test_it_mails_at_most_one_link_per_wait(self):
        guest(past_event())
        self.request_link("lena@example.org")
        response = self.request_link("lena@example.org")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Mail.objects.filter(key__startswith="data-address:").count(), 1)
        self.assertEqual(DataRequest.objects.count(), 1)


class RetentionTestCase(EventsTestCase):
    @override_settings(EVENTS_RSVP_RETENTION_DAYS=30)
    def test_it_anonymises_guests_of_events_over_for_the_retention_period(self):
        old = guest(past_event(days_ago=31), email="old@example.org")
        recent = guest(past_event(days_ago=10), email="recent@example.org")
        call_command("run_periodic")
        old.refresh_from_db()
        recent.refresh_from_db()
        self.assertEqual(
            (old.name, old.email, old.email_canonical, old.status), ("", "", None, "going")
        )
        self.assertEqual(recent.email, "recent@example.org")

    @override_settings(EVENTS_RSVP_RETENTION_DAYS=0)
    def test_it_keeps_guests_when_retention_is_off(self):
        old = guest(past_event(days_ago=400))
        call_command("run_periodic")
        old.refresh_from_db()
        self.assertEqual(old.email, "lena@example.org")
