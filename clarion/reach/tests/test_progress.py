import datetime

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone

from clarion.api import series
from clarion.api.tests.base import confirmed_signature
from clarion.reach import charts


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
