"""Contests: entries with a guardian's consent for minors, a jury whose scores
stay hidden until judging closes, results and the exhibition in two languages."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError

from clarion.contests.models import Category, Contest, Entry, Exhibition, Juror, Score
from clarion.contributions.models import Submission
from clarion.contributions.tests.base import ContributionsTestCase, upload
from clarion.events.tests.base import make_event
from clarion.lib import personal_data
from clarion.outbox.models import Mail
from clarion.tests.clock import TEST_NOW

DAY = datetime.timedelta(days=1)
JUDGING = TEST_NOW + 2 * DAY
AFTER = TEST_NOW + 5 * DAY


class ContestTestCase(ContributionsTestCase):
    def setUp(self):
        super().setUp()
        self.contest = Contest.objects.create(
            slug="peace-art", title={"en": "Art for peace", "ar": "فن من أجل السلام"},
            rules={"en": "One work per artist.", "ar": "عمل واحد لكل فنان."},
            opens_at=TEST_NOW - DAY, closes_at=TEST_NOW + DAY, judging_closes_at=TEST_NOW + 4 * DAY,
        )  # fmt: skip
        self.young = Category.objects.create(
            contest=self.contest, name={"en": "Under 12", "ar": "دون 12"}, max_age=11
        )
        self.open = Category.objects.create(
            contest=self.contest, name={"en": "Open", "ar": "مفتوحة"}, order=1
        )

    def enter(self, lang="en", **fields):
        data = {
            "category": self.open.pk, "title": "Almond tree", "author_name": "Lale Aksoy",
            "display_name": "Lale", "age": "30", "country": "TR", "email": "lale@example.org",
            "consent": "on", "image": upload(),
        } | fields  # fmt: skip
        return self.post(f"/{lang}/contests/peace-art/enter/", data)

    def entry(self, title, category=None, name="Artist", status=Submission.APPROVED, **fields):
        """An entry as the moderation queue left it (approved unless told)."""
        submission = Submission.objects.create(
            kind=Entry.KIND, status=status, title=title, author_name=name, country="DE",
            language="en", email=f"{name.lower()}@example.org",
        )  # fmt: skip
        values = {"contest": self.contest, "category": category or self.open, "title": title,
                  "image": "x.jpg", "author_name": f"{name} Full", "display_name": name,
                  "country": "DE", "language": "en", "email": f"{name.lower()}@example.org",
                  "email_canonical": f"{name.lower()}@example.org", "consent_text": "yes",
                  "submission": submission, "age": 30}  # fmt: skip
        return Entry.objects.create(**(values | fields))

    def juror(self, username, *categories):
        user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
        admin = Group.objects.get_or_create(name="Admin access")[0]
        admin.permissions.add(Permission.objects.get(codename="access_admin"))
        user.groups.add(admin)
        juror = Juror.objects.create(contest=self.contest, user=user)
        juror.categories.set(categories or [self.open])
        return juror


class ContestRulesTestCase(ContestTestCase):
    def test_it_refuses_the_slug_the_guardians_link_uses(self):
        self.contest.slug = "guardian"
        with self.assertRaises(ValidationError) as caught:
            self.contest.full_clean()
        self.assertIn("slug", caught.exception.message_dict)


class EntryTestCase(ContestTestCase):
    def test_an_adult_enters_with_a_picture(self):
        response = self.enter()
        self.assertEqual(response.status_code, 303)
        entry = Entry.objects.get()
        self.assertEqual((entry.display_name, entry.age), ("Lale", 30))
        self.assertEqual((entry.submission.kind, entry.submission.status), (Entry.KIND, "pending"))
        self.assertIn("own work", entry.consent_text)
        self.assertTrue(entry.thumbnail)
        self.assertLessEqual(max(entry.thumbnail_width, entry.thumbnail_height), 480)
        self.assertFalse(Entry.objects.eligible().exists())

    def test_it_asks_a_minors_entry_for_a_parent_or_guardian_and_mails_them(self):
        response = self.enter(category=self.young.pk, age="9")
        self.assertContains(response, "consent by mail", status_code=400)
        self.assertContains(response, "Almond tree", status_code=400)
        self.assertFalse(Entry.objects.exists())
        response = self.enter(category=self.young.pk, age="9", guardian_name="Ayşe Aksoy",
                              guardian_email="ayse@example.org", image=upload())  # fmt: skip
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response["Location"].endswith("/thanks/?guardian=1"))
        self.assertContains(self.client.get(response["Location"]), "mailed the parent")
        entry = Entry.objects.get()
        self.assertTrue(entry.awaiting_guardian)
        self.assertEqual(entry.submission.status, Submission.DRAFT)  # not in the queue yet
        mail = Mail.objects.get(to="ayse@example.org")
        self.assertEqual(mail.key, f"contribution:{entry.submission_id}:guardian")
        self.assertIn("/en/contests/guardian/", mail.body)
        self.assertTrue(Mail.objects.filter(to="lale@example.org").exists())  # the receipt

    def test_it_needs_the_artists_age(self):
        response = self.enter(age="")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Entry.objects.exists())

    def test_the_category_must_fit_the_age(self):
        response = self.enter(category=self.young.pk, age="30")
        self.assertContains(response, "another age group", status_code=400)

    def test_a_picture_that_lies_is_refused(self):
        response = self.enter(image=upload(b"<svg onload=alert(1)>", "work.jpg"))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Entry.objects.exists())

    def test_no_entries_once_closed(self):
        with time_machine.travel(JUDGING, tick=False):
            self.assertEqual(self.enter().status_code, 410)

    def test_my_data_and_erase_cover_entries_and_guardians(self):
        self.entry("Mine", name="Kid", guardian_canonical="parent@example.org")
        self.assertEqual(personal_data.export("parent@example.org")["contests"][0]["title"], "Mine")
        self.assertEqual(personal_data.erase("parent@example.org")["contests"], 1)
        self.assertFalse(Entry.objects.exists())


class JuryTestCase(ContestTestCase):
    def setUp(self):
        super().setUp()
        self.first = self.juror("first")
        self.second = self.juror("second")
        self.works = [self.entry(f"Work {n}", name=f"Artist{n}") for n in range(4)]
        self.hidden = self.entry("Pending work", status=Submission.PENDING)

    def score(self, juror, entry, value):
        self.client.force_login(juror.user)
        url = f"/admin/contests/{self.contest.pk}/jury/"
        return self.client.post(url, {"entry": entry.pk, "value": str(value)})

    def test_a_juror_scores_and_cannot_see_other_jurors_scores_until_closing(self):
        with time_machine.travel(JUDGING, tick=False):
            self.assertEqual(self.score(self.first, self.works[0], 9).status_code, 302)
            self.assertEqual(self.score(self.second, self.works[0], 3).status_code, 302)
            page = self.client.get(f"/admin/contests/{self.contest.pk}/jury/")
            self.assertContains(page, 'value="3"')
            self.assertNotContains(page, 'value="9"')
            self.assertNotContains(page, "Pending work")
            scores = self.client.get(f"/admin/contests/{self.contest.pk}/scores/")
            self.assertEqual(scores.status_code, 403)
        with time_machine.travel(AFTER, tick=False):
            self.assertEqual(
                self.client.get(f"/admin/contests/{self.contest.pk}/scores/").status_code, 200
            )
            self.assertEqual(self.score(self.first, self.works[1], 5).status_code, 403)
        self.assertEqual(Score.objects.count(), 2)

    def test_a_juror_scores_only_their_categories_with_a_valid_mark(self):
        other = self.entry("Young work", category=self.young, age=8, guardian_confirmed_at=TEST_NOW)
        with time_machine.travel(JUDGING, tick=False):
            self.assertEqual(self.score(self.first, other, 7).status_code, 403)
            self.assertEqual(self.score(self.first, self.works[0], 11).status_code, 400)
            self.assertEqual(self.score(self.first, self.works[0], 0).status_code, 400)
        self.assertFalse(Score.objects.exists())

    def test_someone_off_the_jury_is_refused(self):
        outsider = get_user_model().objects.create_user("outsider", "o@example.org", "pw")
        outsider.groups.add(Group.objects.get(name="Admin access"))
        self.client.force_login(outsider)
        self.assertEqual(
            self.client.get(f"/admin/contests/{self.contest.pk}/jury/").status_code, 403
        )

    def test_results_publish_and_the_exhibition_shows_the_winners_in_arabic_and_english(self):
        with time_machine.travel(JUDGING, tick=False):
            for juror in (self.first, self.second):
                for work, value in zip(self.works, (6, 9, 4, 8), strict=True):
                    self.score(juror, work, value)
        self.client.logout()
        self.assertNotContains(self.client.get("/en/contests/peace-art/"), "Results")
        self.contest.results_published = True
        self.contest.save()
        self.assertNotContains(
            self.client.get("/en/contests/peace-art/"), '<h2 id="results-title">'
        )
        with time_machine.travel(AFTER, tick=False):
            page = self.client.get("/en/contests/peace-art/")
            self.assertContains(page, "Results")
            winners = [p for p, e, _a in self.contest.winners()[self.open]]
            self.assertEqual(winners, [1, 2, 3])
            self.assertEqual([e.title for _p, e, _a in self.contest.winners()[self.open]],
                             ["Work 1", "Work 3", "Work 0"])  # fmt: skip
            english = self.client.get("/en/contests/peace-art/exhibition/")
            self.assertContains(english, "Prize: place 1")
            self.assertContains(english, "Artist1")
            self.assertNotContains(english, "Artist1 Full")
            arabic = self.client.get("/ar/contests/peace-art/exhibition/")
            self.assertContains(arabic, 'dir="rtl"')
            self.assertContains(arabic, "فن من أجل السلام")
            self.assertContains(arabic, "Artist1")


class ExhibitionTestCase(ContestTestCase):
    def test_the_works_picker_offers_approved_entries_of_the_editors_area_only(self):
        from clarion.contests.wagtail_hooks import ExhibitionViewSet
        from clarion.network.models import Area
        from clarion.network.tests.base import area, coordinator

        self.entry("Berlin almond", name="Dora")
        self.entry("Paris almond", name="Rene", country="FR")
        self.entry("Waiting in Paris", name="Ines", country="FR", status=Submission.PENDING)
        form_class = ExhibitionViewSet().get_form_class()
        french = coordinator("amelie", area(Area.COUNTRY, "France", "FR"))
        offered = {e.title for e in form_class(for_user=french).fields["works"].queryset}
        self.assertEqual(offered, {"Paris almond"})
        admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
        offered = {e.title for e in form_class(for_user=admin).fields["works"].queryset}
        self.assertEqual(offered, {"Berlin almond", "Paris almond"})

    def test_a_physical_exhibition_is_linked_to_its_event(self):
        event = make_event(title="Drawings from Khojaly children")
        show = Exhibition.objects.create(
            contest=self.contest, title={"en": "Drawings for peace"}, place="Town hall",
            city="Berlin", country="DE", starts_on="2027-02-20", ends_on="2027-02-27", event=event,
        )  # fmt: skip
        show.works.add(self.entry("On the wall"))
        page = self.client.get("/en/contests/")
        self.assertContains(page, "Drawings for peace")
        self.assertContains(page, f"/en/events/{event.pk}/")
