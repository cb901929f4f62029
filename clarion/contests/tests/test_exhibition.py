"""The online exhibition: only works approved and consented to, by their chosen
names; the winners of each category first once results are published, in every
language; and the physical exhibitions that show them."""

import datetime

import time_machine

from clarion.contests.models import Exhibition
from clarion.contributions.models import Submission
from clarion.events.models import Event
from clarion.events.tests.base import make_event
from clarion.tests.clock import TEST_NOW

from .test_contests import AFTER, JUDGING, ContestTestCase

URL = "/{}/contests/peace-art/exhibition/"


class ExhibitionPageTestCase(ContestTestCase):
    def setUp(self):
        super().setUp()
        self.gold = self.entry("Almond tree", name="Lale", thumbnail="t/gold.jpg",
                               thumbnail_width=480, thumbnail_height=360)  # fmt: skip
        self.silver = self.entry("River", name="Ada")
        self.child = self.entry("Pomegranate", category=self.young, name="Nur", age=9,
                                guardian_confirmed_at=TEST_NOW)  # fmt: skip
        self.entry("Waiting work", name="Pending", status=Submission.PENDING)
        self.entry("Refused work", name="Rejected", status=Submission.REJECTED)
        # Approved by mistake before the guardian agreed: still not shown.
        self.entry("Unconsented work", category=self.young, name="Kid", age=8)
        self.first = self.juror("first", self.open, self.young)

    def publish(self):
        self.client.force_login(self.first.user)
        with time_machine.travel(JUDGING, tick=False):
            for work, value in ((self.gold, 9), (self.silver, 6), (self.child, 8)):
                url = f"/admin/contests/{self.contest.pk}/jury/"
                self.client.post(url, {"entry": work.pk, "value": str(value)})
        self.client.logout()
        self.contest.results_published = True
        self.contest.save()

    def test_it_shows_approved_and_consented_works_by_their_chosen_names_only(self):
        page = self.client.get(URL.format("en"))
        self.assertContains(page, "<h1>Online exhibition</h1>", html=True)
        for title in ("Almond tree", "River", "Pomegranate"):
            self.assertContains(page, title)
        for title in ("Waiting work", "Refused work", "Unconsented work"):
            self.assertNotContains(page, title)
        self.assertContains(page, '<img src="/media/t/gold.jpg" alt="Almond tree" width="480" '
                                  'height="360" loading="lazy">', html=True)  # fmt: skip
        self.assertContains(page, 'href="/media/x.jpg"')  # the whole work, without JavaScript
        self.assertNotContains(page, "Lale Full")
        self.assertNotContains(page, "@example.org")
        self.assertNotContains(page, "Prize")

    def test_winners_come_first_in_english_and_arabic_once_published(self):
        self.publish()
        before = self.client.get(URL.format("en"))  # published, but judging is not over
        self.assertNotContains(before, "Prize")
        self.assertNotContains(before, 'id="winners-title"')
        with time_machine.travel(AFTER, tick=False):
            english = self.client.get(URL.format("en")).content.decode()
            arabic = self.client.get(URL.format("ar")).content.decode()
        self.assertIn('<h2 id="winners-title">Results</h2>', english)
        self.assertIn("Prize: place 1", english)
        results, rest = english.split('id="works-title"')
        self.assertLess(results.index("Under 12"), results.index("Pomegranate"))
        self.assertLess(results.index("Almond tree"), results.index("River"))  # 9 before 6
        self.assertNotIn("Almond tree", rest)  # shown once, among the winners
        self.assertNotIn("Lale Full", english)
        self.assertIn('dir="rtl"', arabic)
        self.assertIn('<html lang="ar"', arabic)
        self.assertIn("معرض على الإنترنت", arabic)  # "Online exhibition"
        self.assertIn('<h2 id="winners-title">النتائج</h2>', arabic)
        self.assertIn("دون 12", arabic)  # the category's Arabic name
        self.assertIn("Lale", arabic)
        self.assertNotIn("Waiting work", arabic)
        self.assertNotIn("Unconsented work", arabic)

    def test_every_language_has_the_page(self):
        from django.conf import settings

        for code, _name in settings.LANGUAGES:
            with self.subTest(code):
                page = self.client.get(URL.format(code))
                self.assertContains(page, f'<html lang="{code}"')
                self.assertContains(page, "Almond tree")

    def test_a_bad_page_number_is_no_error(self):
        for page in ("x", "999", "-1"):
            self.assertEqual(self.client.get(URL.format("en") + f"?page={page}").status_code, 200)

    def test_an_unknown_or_future_contest_is_a_404(self):
        self.assertEqual(self.client.get(URL.replace("peace-art", "nope").format("en")).status_code,
                         404)  # fmt: skip
        self.contest.opens_at = TEST_NOW + datetime.timedelta(days=30)
        self.contest.save()
        self.assertEqual(self.client.get(URL.format("en")).status_code, 404)

    def test_it_says_where_the_works_are_also_shown(self):
        event = make_event(title="Drawings from Khojaly children")
        show = Exhibition.objects.create(
            contest=self.contest, title={"en": "Drawings for peace", "ar": "رسوم من أجل السلام"},
            place="Town hall", city="Berlin", country="DE", starts_on="2027-02-20",
            ends_on="2027-02-27", event=event,
        )  # fmt: skip
        show.works.add(self.gold, self.contest.entries.get(title="Waiting work"))
        page = self.client.get(URL.format("en"))
        self.assertContains(page, "Also shown at")
        self.assertContains(page, "Town hall, Berlin, Germany")
        self.assertContains(page, '<time datetime="2027-02-20">')
        self.assertContains(page, f'href="/en/events/{event.pk}/"')
        self.assertContains(page, "Works shown: Almond tree (Lale)")
        self.assertNotContains(page, "Waiting work")
        arabic = self.client.get(URL.format("ar"))
        self.assertContains(arabic, "رسوم من أجل السلام")
        self.assertContains(arabic, f'href="/ar/events/{event.pk}/"')
        Event.objects.filter(pk=event.pk).update(status=Event.REJECTED)
        self.assertNotContains(self.client.get(URL.format("en")), f"/en/events/{event.pk}/")
