import datetime
from xml.etree import ElementTree

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from clarion.api import series
from clarion.api.tests.base import confirmed_signature
from clarion.reach import charts

SVG = "{http://www.w3.org/2000/svg}"


@override_settings(SITE_URL="http://testserver")
class ProgressTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def test_it_draws_the_campaign_over_time_with_a_table(self):
        when = timezone.now() - datetime.timedelta(days=400)
        confirmed_signature("a@example.org", "FR", when)
        confirmed_signature("b@example.org", "DE")
        series.rollup()
        response = self.client.get("/en/join/progress/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('class="chart chart--time"', html)
        self.assertIn('class="chart chart--bars"', html)
        self.assertIn("<table", html)
        self.assertIn(f'<th scope="row">{when.year}</th>', html)
        self.assertNotIn("<script", html.split("<main")[1] if "<main" in html else html)

    def test_it_works_in_arabic_without_signatures(self):
        response = self.client.get("/ar/join/progress/")
        self.assertEqual(response.status_code, 200)
        self.assertIn('dir="rtl"', response.content.decode())


class ChartTestCase(TestCase):
    def test_it_rounds_the_scale_up(self):
        self.assertEqual(charts.nice_top(0), 10)
        self.assertEqual(charts.nice_top(131), 200)
        self.assertEqual(charts.nice_top(1_000_000), 1_000_000)

    def test_it_labels_the_scale_with_whole_steps(self):
        day = datetime.date(2026, 1, 1)
        for total, expected in (
            (7, "0 2 4 6 8 10"),
            (20, "0 5 10 15 20"),
            (31, "0 10 20 30 40 50"),
        ):
            svg = ElementTree.fromstring(charts.time_chart([(day, total)], day, day))
            labels = [t.text for t in svg.iter(SVG + "text") if t.get("text-anchor") == "end"]
            self.assertEqual(" ".join(labels), expected)

    def test_it_mirrors_the_bars_for_a_right_to_left_language(self):
        # The page's direction must not move the labels: the chart fixes its
        # own, and in Arabic the labels stand right of the bars, which grow left.
        for rtl in (False, True):
            svg = ElementTree.fromstring(charts.bar_chart([("أذربيجان", 4), ("فرنسا", 3)], rtl=rtl))
            self.assertEqual(svg.get("direction"), "ltr")
            label, bar, value = list(svg)[1:4]
            left, right = float(bar.get("x")), float(bar.get("x")) + float(bar.get("width"))
            at = float(label.get("x"))
            if rtl:
                self.assertEqual(
                    (label.get("text-anchor"), value.get("text-anchor")), ("start", "end")
                )
                self.assertGreater(at, right)
                self.assertLess(float(value.get("x")), left)
                self.assertLessEqual(right, charts.WIDTH)
            else:
                self.assertEqual(
                    (label.get("text-anchor"), value.get("text-anchor")), ("end", "start")
                )
                self.assertLess(at, left)
                self.assertGreater(float(value.get("x")), right)

    def test_it_escapes_labels(self):
        svg = charts.bar_chart([("<b>&", 3)], title="x")
        self.assertIn("&lt;b&gt;&amp;", svg)

    def test_it_totals_per_year(self):
        points = [(datetime.date(2008, 5, 8), 10), (datetime.date(2008, 9, 1), 15),
                  (datetime.date(2010, 1, 1), 40)]  # fmt: skip
        self.assertEqual(charts.per_year(points), [(2008, 15, 15), (2010, 25, 40)])


class DashboardTestCase(TestCase):
    def test_staff_see_the_campaign_over_time_on_the_dashboard(self):
        from django.contrib.auth import get_user_model

        confirmed_signature("a@example.org", "FR")
        admin = get_user_model().objects.create_superuser("staff", "", "pw-staff-1")
        self.client.force_login(admin)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Signatures over time", html)
        self.assertIn("chart--time", html)
