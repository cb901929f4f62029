from django.contrib.auth.models import User

from clarion.network import tokens
from clarion.network.models import Application, Area, Role, Volunteer

from .base import ORIGIN, NetworkTestCase, area, coordinator


def volunteer(city="Lyon", country="FR"):
    return Volunteer.objects.create(
        name="Aylin Demir", email="aylin@example.org", email_canonical="aylin@example.org",
        country=country, city=city, status=Volunteer.ACTIVE,
    )  # fmt: skip


class ApplicationTestCase(NetworkTestCase):
    def apply(self, who, level="city"):
        url = f"/en/volunteer/me/{tokens.make(who.pk, tokens.PAGE)}/"
        data = {"action": "apply", "level": level, "motivation": "I run a group in Lyon."}
        return self.client.post(url, data, HTTP_ORIGIN=ORIGIN)

    def test_a_national_coordinator_approves_a_city_coordinator(self):
        who = volunteer()
        self.assertEqual(self.apply(who).status_code, 303)
        application = Application.objects.get()
        self.assertEqual((application.level, application.city), ("city", "Lyon"))
        self.client.force_login(coordinator("amelie", area(Area.COUNTRY, "France", "FR")))
        self.assertContains(self.client.get("/admin/volunteers/applications/"), "Aylin Demir")
        data = {"id": application.pk, "action": "approve"}
        self.client.post("/admin/volunteers/applications/", data)
        application.refresh_from_db()
        self.assertEqual(application.status, Application.APPROVED)
        account = User.objects.get(email="aylin@example.org")
        self.assertTrue(account.is_staff)
        self.assertFalse(account.has_usable_password())
        role = Role.objects.get(user=account)
        self.assertEqual((role.area.level, role.area.city), (Area.CITY, "Lyon"))

    def test_the_same_level_or_another_country_cannot_decide(self):
        who = volunteer()
        self.apply(who, level="country")
        application = Application.objects.get()
        peer = coordinator("peer", area(Area.COUNTRY, "France", "FR"))
        self.client.force_login(peer)
        self.assertNotContains(self.client.get("/admin/volunteers/applications/"), "Aylin")
        data = {"id": application.pk, "action": "approve"}
        self.assertEqual(self.client.post("/admin/volunteers/applications/", data).status_code, 403)
        self.client.force_login(coordinator("hans", area(Area.REGION, "DACH", "DE,AT,CH")))
        self.assertEqual(self.client.post("/admin/volunteers/applications/", data).status_code, 403)
        application.refresh_from_db()
        self.assertEqual(application.status, Application.WAITING)
        self.client.force_login(coordinator("eu", area(Area.REGION, "Europe", "FR,DE,ES")))
        self.client.post("/admin/volunteers/applications/", data)
        application.refresh_from_db()
        self.assertEqual(application.status, Application.APPROVED)

    def test_it_refuses_an_empty_motivation_or_a_second_application(self):
        who = volunteer()
        url = f"/en/volunteer/me/{tokens.make(who.pk, tokens.PAGE)}/"
        response = self.client.post(url, {"action": "apply", "level": "city"}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 400)
        self.apply(who)
        self.assertEqual(self.apply(who).status_code, 400)
        self.assertEqual(Application.objects.count(), 1)
