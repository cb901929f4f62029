import datetime

from django.utils import timezone

from clarion.api import series
from clarion.api.models import SeriesDay
from clarion.api.tests.base import ApiTestCase, confirmed_signature
from clarion.supporters.models import PaperBatch


class TimeSeriesTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        now = timezone.now()
        self.today = now.date()
        confirmed_signature("a@example.org", "FR", now - datetime.timedelta(days=9))
        confirmed_signature("b@example.org", "FR", now - datetime.timedelta(days=9))
        confirmed_signature("c@example.org", "DE", now - datetime.timedelta(days=2))

    def day(self, days_ago):
        return (self.today - datetime.timedelta(days=days_ago)).isoformat()

    def test_it_counts_per_day_with_a_running_total(self):
        series.rollup()
        points = self.get_valid("/statistics/timeseries")["points"]
        self.assertEqual(
            points,
            [
                {"date": self.day(9), "signatures": 2, "total": 2},
                {"date": self.day(2), "signatures": 1, "total": 3},
            ],
        )

    def test_it_shows_what_was_not_rolled_up_yet_on_today(self):
        series.rollup()
        confirmed_signature("d@example.org", "FR")
        data = self.get_valid("/statistics/timeseries")
        self.assertEqual(data["points"][-1], {"date": self.day(0), "signatures": 1, "total": 4})
        self.assertEqual(data["total"], 4)

    def test_it_ends_at_the_total_before_any_rollup(self):
        data = self.get_valid("/statistics/timeseries")
        self.assertEqual(data["points"], [{"date": self.day(0), "signatures": 3, "total": 3}])

    def test_it_counts_one_country(self):
        series.rollup()
        data = self.get_valid("/statistics/timeseries", "?country=fr")
        self.assertEqual(data["country"], "FR")
        self.assertEqual(data["points"], [{"date": self.day(9), "signatures": 2, "total": 2}])

    def test_it_counts_per_week_from_monday(self):
        series.rollup()
        points = self.get_valid("/statistics/timeseries", "?interval=week")["points"]
        mondays = [datetime.date.fromisoformat(p["date"]).weekday() for p in points]
        self.assertEqual(set(mondays), {0})
        self.assertEqual(points[-1]["total"], 3)

    def test_it_counts_paper_on_the_day_of_the_sheet(self):
        PaperBatch.objects.create(
            place="Street stand",
            date=datetime.date(2009, 2, 26),
            without_email_by_country={"GB": 4},
        )
        series.rollup()
        first = self.get_valid("/statistics/timeseries")["points"][0]
        self.assertEqual(first, {"date": "2009-02-26", "signatures": 4, "total": 4})

    def test_it_rolls_up_again_without_counting_twice(self):
        series.rollup()
        series.rollup()
        series.rollup(full=True)
        self.assertEqual(SeriesDay.objects.filter(country="").count(), 2)
        self.assertEqual(self.get_valid("/statistics/timeseries")["points"][-1]["total"], 3)

    def test_it_filters_dates_but_keeps_running_totals(self):
        series.rollup()
        points = self.get_valid("/statistics/timeseries", f"?from={self.day(5)}")["points"]
        self.assertEqual(points, [{"date": self.day(2), "signatures": 1, "total": 3}])

    def test_it_refuses_bad_parameters(self):
        for query in ("interval=month", "country=ZZ", "from=2008-13-01"):
            with self.subTest(query=query):
                response = self.client.get(f"/api/v1/statistics/timeseries?{query}")
                self.assertEqual(response.status_code, 400)
