from django.contrib.auth.models import Permission, User

from clarion.contributions import moderation
from clarion.contributions.models import BannedWord, Submission
from clarion.contributions.tests.base import ContributionsTestCase
from clarion.network.models import Area, Role


class ModerationTestCase(ContributionsTestCase):
    def moderator(self, countries=None):
        user = User.objects.create_user("mod", password="pw", is_staff=True)
        user.user_permissions.add(
            Permission.objects.get(codename="moderate_submission"),
            Permission.objects.get(codename="access_admin"),
        )
        if countries:
            area = Area.objects.create(level=Area.REGION, name="Some", countries=countries)
        else:
            area = Area.objects.create(level=Area.GLOBAL, name="World")
        Role.objects.create(user=user, area=area)
        self.client.force_login(user)
        return user

    def test_the_first_pass_only_flags(self):
        BannedWord.objects.create(word="badword", language="en")
        self.letter(text="See https://spam.example, badword!")
        self.letter(text="See https://spam.example, badword!", email="other@example.org")
        first, second = Submission.objects.order_by("pk")
        self.assertEqual(first.status, Submission.PENDING)
        self.assertEqual(first.flags, ["banned-word", "link", "short"])
        self.assertIn("repeated", second.flags)
        self.assertEqual(second.status, Submission.PENDING)

    def test_it_approves_rejects_and_features_in_bulk_from_the_admin(self):
        self.letter()
        self.letter(email="b@example.org", text="Another poem about the almond trees in bloom.")
        ids = [str(pk) for pk in Submission.objects.values_list("pk", flat=True)]
        self.moderator()
        page = self.client.get("/admin/moderation/")
        self.assertContains(page, "Almond trees")
        response = self.client.post("/admin/moderation/", {"id": ids, "action": "approve"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Submission.objects.filter(status="approved").count(), 2)
        self.client.post("/admin/moderation/", {"id": ids[:1], "action": "reject"})
        self.assertEqual(Submission.objects.filter(status="approved").count(), 2)  # no reason
        self.client.post(
            "/admin/moderation/", {"id": ids[:1], "action": "reject", "reason": "Off topic"}
        )
        rejected = Submission.objects.get(pk=ids[0])
        self.assertEqual((rejected.status, rejected.reject_reason), ("rejected", "Off topic"))
        self.client.post("/admin/moderation/", {"id": ids[1:], "action": "feature"})
        self.assertTrue(Submission.objects.get(pk=ids[1]).featured)

    def test_a_country_moderator_sees_and_decides_only_their_countries(self):
        self.letter(country="FR")
        self.letter(country="TR", email="t@example.org", title="Turkish poem")
        user = self.moderator(countries="TR")
        self.assertEqual([s.country for s in moderation.queue_for(user)], ["TR"])
        page = self.client.get("/admin/moderation/")
        self.assertNotContains(page, "Almond trees")
        self.assertContains(page, "Turkish poem")
        ids = [str(pk) for pk in Submission.objects.values_list("pk", flat=True)]
        self.client.post("/admin/moderation/", {"id": ids, "action": "approve"})
        self.assertEqual(Submission.objects.get(country="FR").status, "pending")
        self.assertEqual(Submission.objects.get(country="TR").status, "approved")

    def test_people_without_the_permission_cannot_moderate(self):
        user = User.objects.create_user("staff", password="pw", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(user)
        self.letter()
        self.assertIn(self.client.get("/admin/moderation/").status_code, (302, 403))
        ids = [str(pk) for pk in Submission.objects.values_list("pk", flat=True)]
        self.client.post("/admin/moderation/", {"id": ids, "action": "approve"})
        self.assertEqual(Submission.objects.get().status, Submission.PENDING)
