"""The events map: dots at the events' positions, clustered; shading for the rest."""

import datetime
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clarion.events.models import Event
from clarion.events.tests.base import EventsTestCase, make_event
from clarion.lib.worldmap import project, world_map

DOT = re.compile(
    r'<a class="dot" href="([^"]+)"><title>([^<]*)</title><circle cx="([\d.]+)" cy="([\d.]+)"'
)


class ProjectionTestCase(EventsTestCase):
    def test_it_puts_points_where_the_country_shapes_are(self):
        width, height = map(float, world_map()["viewBox"].split()[2:])
        x, y = project(0, 0)
        self.assertAlmostEqual(x, width / 2, places=3)  # the map is centred on Greenwich
        west, _ = project(0, -180)
        self.assertLess(west, 0.5)
        baku_x, baku_y = project(40.41, 49.87)
        paris_x, paris_y = project(48.86, 2.35)
        self.assertGreater(baku_x, paris_x)
        self.assertGreater(baku_y, paris_y)  # further south: lower on the map
        self.assertTrue(0 < baku_y < height)


class EventsMapTestCase(EventsTestCase):
    def dots(self, path="/en/events/"):
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return response, DOT.findall(response.content.decode())

    def test_it_draws_a_linked_dot_at_the_event(self):
        event = make_event(latitude="52.52000", longitude="13.40500")
        response, dots = self.dots()
        self.assertEqual(len(dots), 1)
        href, title, cx, cy = dots[0]
        self.assertEqual(href, f"/en/events/{event.pk}/")
        self.assertIn("Rally in Berlin, Berlin, ", title)
        self.assertIn(str(event.local_start.year), title)
        x, y = project(52.52, 13.405)
        self.assertAlmostEqual(float(cx), x, delta=0.1)
        self.assertAlmostEqual(float(cy), y, delta=0.1)
        self.assertEqual(Event.objects.filter(latitude__isnull=False).count(), 1)

    def test_it_folds_nearby_events_into_one_dot_with_a_count(self):
        for n in range(3):
            make_event(title=f"Stand {n}", latitude=f"52.5{n}", longitude="13.4")
        make_event(title="Paris", city="Paris", country="FR", latitude="48.86", longitude="2.35")
        response, dots = self.dots()
        self.assertEqual(len(dots), 2)
        cluster = next(d for d in dots if d[0] == "/en/events/?country=DE")
        self.assertIn("3 events here", cluster[1])
        self.assertContains(response, "<text", count=1)

    def test_events_without_coordinates_keep_the_country_shading(self):
        make_event(country="FR", city="Lyon")
        response, dots = self.dots()
        self.assertEqual(dots, [])
        self.assertContains(response, "<title>France: 1</title>")
        self.assertContains(response, 'role="img"')

    def test_it_follows_the_filters(self):
        make_event(latitude="52.52", longitude="13.40", type="rally")
        make_event(latitude="48.86", longitude="2.35", type="concert", country="FR")
        _response, dots = self.dots("/en/events/?type=concert")
        self.assertEqual(len(dots), 1)
        self.assertIn("/events/", dots[0][0])

    def test_it_keeps_10000_events_to_a_few_hundred_dots_and_queries(self):
        make_event(latitude="52.52", longitude="13.40")
        with CaptureQueriesContext(connection) as few:
            self.dots()
        cache.clear()
        starts = timezone.now() + datetime.timedelta(days=5)
        Event.objects.bulk_create(
            [
                Event(
                    type="rally", title=f"Event {n}", status=Event.APPROVED, starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=1), country="DE",
                    latitude=(n * 7919) % 14000 / 100 - 60,
                    longitude=(n * 104729) % 36000 / 100 - 180,
                )
                for n in range(10_000)
            ],
            batch_size=2000,
        )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            response, dots = self.dots()
        self.assertLessEqual(len(dots), 400)
        self.assertGreater(len(dots), 50)
        total = sum(
            int(m) for m in re.findall(r"(\d+) events here", response.content.decode())
        ) + sum(1 for d in dots if "events here" not in d[1])
        self.assertEqual(total, 10_001)
        self.assertLessEqual(len(queries), len(few))  # as many as for one event
