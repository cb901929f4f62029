"""The press room: releases with embargo and feed, the press contact,
coverage reported by volunteers and listed by country, all in the press kit."""

import datetime
import io
import zipfile

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings

from clarion.content.models import WayPage
from clarion.lib import personal_data
from clarion.outbox.models import Mail
from clarion.press.models import Coverage, PressEnquiry, PressReleasePage
from clarion.tests.clock import TEST_NOW

ORIGIN = "http://testserver"
LATER = TEST_NOW + datetime.timedelta(hours=3)


@override_settings(SITE_URL=ORIGIN, PRESS_COORDINATOR_EMAIL="coordinator@example.org")
class PressTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()
        self.room = WayPage.objects.get(way="press", locale__language_code="en")

    def release(self, slug="statement", embargo=None, room=None, **fields):
        room = room or self.room
        values = {"title": "Statement of the campaign", "slug": slug, "date": TEST_NOW.date(),
                  "place": "Baku", "intro": "Summary.", "embargo_until": embargo}  # fmt: skip
        page = room.add_child(instance=PressReleasePage(**(values | fields)))
        page.save_revision().publish()
        return page

    def post(self, path, data, **extra):
        return self.client.post(path, data, HTTP_ORIGIN=ORIGIN, **extra)


class ReleasesTestCase(PressTestCase):
    def test_an_embargoed_release_appears_at_its_time_and_not_before(self):
        page = self.release(embargo=TEST_NOW + datetime.timedelta(hours=2))
        self.assertEqual(self.client.get(page.url).status_code, 404)
        self.assertEqual(self.client.get(page.url).status_code, 404)  # nor kept as one
        listing = self.client.get("/en/press/releases/")
        self.assertNotContains(listing, "Statement of the campaign")
        self.assertIn("no-cache", listing["Cache-Control"])
        self.assertNotContains(self.client.get("/en/press/releases/feed/"), "Statement")
        with time_machine.travel(LATER, tick=False):
            self.assertContains(self.client.get(page.url), "Statement of the campaign")
            self.assertContains(self.client.get("/en/press/releases/"), page.url)
            feed = self.client.get("/en/press/releases/feed/")
            self.assertEqual(feed["Content-Type"], "application/atom+xml; charset=utf-8")
            self.assertContains(feed, "Statement of the campaign")

    def test_editors_see_an_embargoed_release(self):
        from django.contrib.auth import get_user_model

        page = self.release(embargo=TEST_NOW + datetime.timedelta(hours=2))
        staff = get_user_model().objects.create_superuser("editor", "ed@example.org", "pw")
        self.client.force_login(staff)
        self.assertContains(self.client.get(page.url), "only editors see this page")

    def test_each_language_lists_its_own_releases(self):
        arabic_room = WayPage.objects.get(way="press", locale__language_code="ar")
        self.release(slug="bayan", title="بيان الحملة", room=arabic_room)
        self.release()
        arabic = self.client.get("/ar/press/releases/")
        self.assertContains(arabic, "بيان الحملة")
        self.assertNotContains(arabic, "Statement of the campaign")

    def test_a_release_can_only_live_under_the_press_page(self):
        join = WayPage.objects.get(way="join", locale__language_code="en")
        self.assertFalse(PressReleasePage.can_create_at(join))
        self.assertTrue(PressReleasePage.can_create_at(self.room))


class ContactTestCase(PressTestCase):
    data = {"name": "Eva Novak", "email": "eva@example.org", "outlet": "Daily Example",
            "country": "CZ", "message": "I would like an interview."}  # fmt: skip

    def test_it_reaches_the_coordinator_without_showing_their_address(self):
        page = self.client.get("/en/press/contact/")
        self.assertNotContains(page, "coordinator@example.org")
        response = self.post("/en/press/contact/", self.data)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], "/en/press/contact/sent/")
        enquiry = PressEnquiry.objects.get()
        self.assertEqual((enquiry.email_canonical, enquiry.language), ("eva@example.org", "en"))
        mail = Mail.objects.get()
        self.assertEqual(mail.to, "coordinator@example.org")
        self.assertEqual(mail.headers["Reply-To"], "eva@example.org")
        self.assertIn("I would like an interview.", mail.body)

    def test_a_form_with_errors_keeps_what_was_typed(self):
        response = self.post("/fr/press/contact/", self.data | {"email": "not an address"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "I would like an interview.", status_code=400)
        self.assertFalse(PressEnquiry.objects.exists())

    def test_a_name_cannot_break_the_mail_headers(self):
        self.post("/en/press/contact/", self.data | {"name": "Eva\r\nBcc: x@example.org"})
        self.assertEqual(
            Mail.objects.get().subject, "Press enquiry from Eva Bcc: x@example.org (Daily Example)"
        )

    def test_it_refuses_posts_from_other_sites(self):
        response = self.client.post(
            "/en/press/contact/", self.data, HTTP_ORIGIN="https://evil.example"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(PressEnquiry.objects.exists())

    @override_settings(PRESS_PER_HOUR=2)
    def test_it_limits_messages_per_network(self):
        for _n in range(2):
            self.assertEqual(self.post("/en/press/contact/", self.data).status_code, 303)
        self.assertEqual(self.post("/en/press/contact/", self.data).status_code, 429)


class CoverageTestCase(PressTestCase):
    data = {"url": "https://news.example.org/khojaly-campaign", "title": "Campaign in town",
            "outlet": "News Example", "kind": "article", "country": "DE",
            "published_on": "2026-02-26", "language": "de", "submitted_by": "Volunteer",
            "email": "volunteer@example.org"}  # fmt: skip

    def test_a_reported_link_is_listed_by_country_once_checked(self):
        response = self.post("/en/press/coverage/new/", self.data)
        self.assertEqual(response.status_code, 303)
        self.assertNotContains(self.client.get("/en/press/coverage/"), "Campaign in town")
        Coverage.objects.update(status=Coverage.APPROVED)
        Coverage.objects.create(url="https://tv.example.com/x", title="Evening news", outlet="TV",
                                kind="broadcast", country="FR", published_on="2026-02-25",
                                language="fr", status=Coverage.APPROVED)  # fmt: skip
        page = self.client.get("/fr/press/coverage/")
        self.assertContains(page, "<h2>Allemagne</h2>", html=True)
        self.assertContains(page, "<h2>France</h2>", html=True)
        self.assertContains(page, 'href="https://news.example.org/khojaly-campaign" rel="nofollow')
        self.assertNotContains(page, "volunteer@example.org")

    def test_it_refuses_links_that_are_not_web_addresses(self):
        for url in ("javascript:alert(1)", "ftp://example.org/file", "not a link"):
            response = self.post("/en/press/coverage/new/", self.data | {"url": url})
            self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Campaign in town", status_code=400)
        self.assertFalse(Coverage.objects.exists())

    def test_a_link_reported_twice_is_kept_once(self):
        self.post("/en/press/coverage/new/", self.data)
        response = self.post("/en/press/coverage/new/", self.data)
        self.assertContains(response, "reported already", status_code=400)
        self.assertEqual(Coverage.objects.count(), 1)

    def test_my_data_and_erase(self):
        self.post("/en/press/coverage/new/", self.data)
        self.post("/en/press/contact/", ContactTestCase.data | {"email": "volunteer@example.org"})
        found = personal_data.export("volunteer@example.org")["press"]
        self.assertEqual(len(found["enquiries"]), 1)
        self.assertEqual(found["coverage_reported"][0]["name"], "Volunteer")
        personal_data.erase("volunteer@example.org")
        self.assertFalse(PressEnquiry.objects.exists())
        self.assertEqual(Coverage.objects.get().submitted_by, "")


class KitTestCase(PressTestCase):
    def test_the_press_kit_carries_releases_and_coverage(self):
        self.release()
        Coverage.objects.create(url="https://tv.example.com/x", title="Evening news", outlet="TV",
                                country="FR", published_on="2026-02-25", language="fr",
                                status=Coverage.APPROVED)  # fmt: skip
        response = self.client.get("/en/press/kit.zip")
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        self.assertIn("press-releases-and-coverage-en.pdf", names)

    def test_the_press_page_leads_to_the_press_room(self):
        page = self.client.get("/en/press/")
        for path in ("press/releases/", "press/coverage/", "press/contact/", "press/kit.zip"):
            self.assertContains(page, f"/en/{path}")
