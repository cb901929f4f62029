import datetime

from django.utils import timezone, translation
from icalendar import Calendar

from clarion.content.models import NewsItemPage
from clarion.events import news
from clarion.events.models import Event
from clarion.events.tests.base import EventsTestCase, make_event
from clarion.lib import typeset


class CalendarTestCase(EventsTestCase):
    def test_it_lists_upcoming_public_events_only(self):
        make_event(title="Rally in Berlin")
        make_event(title="Hidden proposal", status=Event.NEW)
        response = self.client.get("/en/events/")
        self.assertContains(response, "Rally in Berlin")
        self.assertNotContains(response, "Hidden proposal")
        self.assertContains(response, '<svg xmlns="http://www.w3.org/2000/svg" class="worldmap"')
        self.assertContains(response, "<title>Germany: 1</title>", html=False)

    def test_it_filters_by_country_type_language_and_month(self):
        make_event(title="Rally in Berlin")
        soon = timezone.now() + datetime.timedelta(days=40)
        make_event(
            title="Concert in Paris", type="concert", country="FR", language="fr", starts_at=soon,
            ends_at=soon + datetime.timedelta(hours=2),
        )  # fmt: skip
        for query in ("country=FR", "type=concert", "language=fr", f"month={soon:%Y-%m}"):
            response = self.client.get(f"/en/events/?{query}")
            self.assertContains(response, "Concert in Paris", msg_prefix=query)
            self.assertNotContains(response, "Rally in Berlin", msg_prefix=query)

    def test_it_ignores_nonsense_filters(self):
        make_event(title="Rally in Berlin")
        response = self.client.get("/en/events/?country=XX&type=<b>&month=2026-13&from=-4")
        self.assertContains(response, "Rally in Berlin")

    def test_past_events_of_the_news_archive_are_linked_not_copied(self):
        page = NewsItemPage.objects.get(locale__language_code="en", pack_key__contains="kiev")
        event = Event.objects.get(news_page=page)
        self.assertEqual(
            (event.status, event.country, event.type), ("approved", "UA", "exhibition")
        )
        response = self.client.get("/ru/events/?when=past&country=UA")
        self.assertContains(response, f'href="/ru/news/{page.slug}/"')
        self.assertEqual(self.client.get(f"/ru/news/{page.slug}/").status_code, 200)
        count = Event.objects.filter(source=Event.NEWS).count()
        self.assertEqual(news.sync_from_pack(), count)  # running again changes nothing
        self.assertEqual(Event.objects.filter(source=Event.NEWS).count(), count)

    def test_the_feed_parses_back(self):
        berlin = make_event(title="Rally in Berlin", latitude="52.52", longitude="13.405")
        response = self.client.get("/en/events/calendar.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        calendar = Calendar.from_ical(response.content)
        events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
        self.assertIn("Rally in Berlin", events)
        vevent = events["Rally in Berlin"]
        self.assertEqual(vevent.decoded("dtstart"), berlin.starts_at.replace(microsecond=0))
        self.assertEqual(str(vevent.decoded("dtstart").tzinfo), "Europe/Berlin")
        self.assertIn("Europe/Berlin", [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")])
        self.assertEqual(vevent["url"], f"http://testserver/en/events/{berlin.pk}/")

    def test_each_event_has_its_own_ics(self):
        event = make_event(title="Rally in Berlin")
        response = self.client.get(f"/de/events/{event.pk}/event.ics")
        (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual(str(vevent["summary"]), "Rally in Berlin")
        self.assertEqual(vevent.decoded("dtend"), event.ends_at.replace(microsecond=0))

    def test_the_home_page_shows_upcoming_events(self):
        make_event(title="Rally in Berlin")
        response = self.client.get("/de/")
        self.assertContains(response, "Rally in Berlin")

    def test_times_are_shown_in_the_event_time_zone(self):
        zone = self.zone("Asia/Baku")
        day = timezone.localdate() + datetime.timedelta(days=5)
        starts = datetime.datetime.combine(day, datetime.time(18, 30), tzinfo=zone)
        event = make_event(
            title="Evening in Baku", time_zone="Asia/Baku", country="AZ", city="Baku",
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
        )  # fmt: skip
        response = self.client.get(f"/en/events/{event.pk}/")
        self.assertContains(response, "6:30 p.m.")
        self.assertContains(response, "8:30 p.m.</time> (Asia/Baku)")


class PrintablesTestCase(EventsTestCase):
    def test_poster_and_booklet_are_pdfs_in_the_event_language(self):
        event = make_event(title="وقفة في عمّان", language="ar", country="JO", city="Amman")
        poster = self.client.get(f"/en/events/{event.pk}/poster.pdf")
        self.assertEqual(poster["Content-Type"], "application/pdf")
        self.assertTrue(poster.content.startswith(b"%PDF"))
        self.assertEqual(poster.content.count(b"/Type /Page\n"), 1)
        booklet = self.client.get(f"/en/events/{event.pk}/booklet.pdf")
        self.assertEqual(booklet.content.count(b"/Type /Page\n"), 4)
        self.assertEqual(self.client.get(f"/en/events/{event.pk}/flyer.pdf").status_code, 404)

    def test_it_draws_an_arabic_poster_right_aligned_in_the_arabic_font(self):
        from clarion.lib import printed

        with translation.override("ar"):
            page = printed.Page("ar")
            page.text("ألمانيا Berlin 2026", 40)
        ink = page.image.convert("L").point(lambda v: 255 if v < 128 else 0).getbbox()
        self.assertGreater(ink[2], printed.A4[0] - printed.MARGIN - 4)  # from the right
        self.assertGreater(ink[0], printed.A4[0] // 2)
        drawn = typeset.visual("ألمانيا Berlin 2026", True)
        self.assertEqual([arabic for arabic, _ in typeset.runs(drawn)], [False, True])
