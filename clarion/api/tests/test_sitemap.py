import xml.etree.ElementTree as ET

from django.core.cache import cache
from django.test import override_settings
from wagtail.models import Page

from clarion.api.tests.base import ApiTestCase
from clarion.events.tests.base import make_event

SITE = "https://campaign.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGUAGES = {"en", "ru", "tr", "es", "fr", "ar", "de", "az"}


@override_settings(SITE_URL=SITE)
class SitemapTestCase(ApiTestCase):
    def sitemap(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/xml"))
        return ET.fromstring(response.content)

    def test_it_follows_the_protocol(self):
        root = self.sitemap()
        self.assertEqual(root.tag, "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset")
        urls = root.findall("s:url", NS)
        self.assertLessEqual(len(urls), 50_000)
        for url in urls:
            children = [child.tag for child in url]
            self.assertEqual(children[0], f"{{{NS['s']}}}loc")
            loc = url.find("s:loc", NS).text
            self.assertTrue(loc.startswith(SITE + "/"), loc)
            for link in url.findall("x:link", NS):
                self.assertEqual(link.get("rel"), "alternate")
                self.assertIn(link.get("hreflang"), LANGUAGES | {"x-default"})
                self.assertTrue(link.get("href").startswith(SITE + "/"))
            lastmod = url.find("s:lastmod", NS)
            if lastmod is not None:
                self.assertRegex(lastmod.text, r"^\d{4}-\d\d-\d\d$")

    def test_it_lists_every_page_in_every_language_with_alternates(self):
        locs = {url.find("s:loc", NS).text: url for url in self.sitemap().findall("s:url", NS)}
        for lang in LANGUAGES:
            self.assertIn(f"{SITE}/{lang}/join/", locs)
            self.assertIn(f"{SITE}/{lang}/facts/", locs)
        join = locs[f"{SITE}/ar/join/"]
        alternates = {link.get("hreflang"): link.get("href") for link in join}
        self.assertEqual(alternates["fr"], f"{SITE}/fr/join/")
        self.assertEqual(alternates["x-default"], f"{SITE}/en/join/")
        live = Page.objects.live().filter(depth__gte=2).count()
        self.assertGreaterEqual(len(locs), live)

    def test_it_lists_routed_views(self):
        event = make_event()
        locs = {url.find("s:loc", NS).text for url in self.sitemap().findall("s:url", NS)}
        self.assertIn(f"{SITE}/de/events/{event.pk}/", locs)
        self.assertIn(f"{SITE}/tr/image-message/gallery/", locs)

    def test_it_keeps_unapproved_events_out(self):
        event = make_event(status="new")
        self.assertNotIn(f"/events/{event.pk}/", self.client.get("/sitemap.xml").content.decode())


@override_settings(SITE_URL=SITE)
class RobotsTestCase(ApiTestCase):
    def test_it_points_to_the_sitemap_and_keeps_private_pages_out(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        text = response.content.decode()
        self.assertIn(f"Sitemap: {SITE}/sitemap.xml", text)
        self.assertIn("Disallow: /admin/", text)
        self.assertIn("Disallow: /fr/join/confirm/", text)


class FeedsTestCase(ApiTestCase):
    def test_the_atom_feed_has_an_author(self):
        feed = ET.fromstring(self.client.get("/en/news/feed/").content)
        atom = "{http://www.w3.org/2005/Atom}"
        self.assertTrue(feed.find(f"{atom}author/{atom}name").text)

    def test_pages_announce_the_feed_and_the_calendar(self):
        html = self.client.get("/fr/facts/").content.decode()
        self.assertIn('type="application/atom+xml"', html)
        self.assertIn('href="/fr/news/feed/"', html)
        self.assertIn('href="/fr/events/calendar.ics"', html)


@override_settings(SITE_URL=SITE)
class SitemapEmbargoTestCase(ApiTestCase):
    def test_it_leaves_out_a_press_release_under_embargo_until_its_time(self):
        import datetime

        import time_machine

        from clarion.content.models import WayPage
        from clarion.press.models import PressReleasePage
        from clarion.tests.clock import TEST_NOW

        room = WayPage.objects.get(way="press", locale__language_code="en")
        page = room.add_child(
            instance=PressReleasePage(
                title="Embargoed statement", slug="embargoed", date=TEST_NOW.date(),
                place="Baku", intro="Summary.",
                embargo_until=TEST_NOW + datetime.timedelta(hours=2),
            )
        )  # fmt: skip
        page.save_revision().publish()
        self.assertNotIn(b"/embargoed/", self.client.get("/sitemap.xml").content)
        cache.clear()
        with time_machine.travel(TEST_NOW + datetime.timedelta(hours=3), tick=False):
            self.assertIn(b"/embargoed/", self.client.get("/sitemap.xml").content)
