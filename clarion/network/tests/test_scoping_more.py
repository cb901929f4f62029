"""The press and contests admin are scoped by the coordinator's area too
(default-deny), like signatures, paper batches, events and volunteers."""

from django.contrib.auth.models import Permission, User
from django.utils import timezone

from clarion.contests.models import Exhibition
from clarion.network.models import Area
from clarion.press.models import Coverage, PressEnquiry

from .base import NetworkTestCase, area, coordinator

PRESS = ["view_coverage", "change_coverage", "view_pressenquiry", "view_exhibition"]


def with_permissions(user):
    user.user_permissions.add(*Permission.objects.filter(codename__in=PRESS))
    return User.objects.get(pk=user.pk)  # permissions are cached on the instance


class ScopedPressAndContestsTestCase(NetworkTestCase):
    def setUp(self):
        super().setUp()
        today = timezone.localdate()
        for country, outlet in (("FR", "Le Quotidien"), ("DE", "Die Tageszeitung")):
            Coverage.objects.create(url=f"https://{country.lower()}.example.org/a", title="Khojaly",
                                    outlet=outlet, country=country, published_on=today,
                                    language="en")  # fmt: skip
            PressEnquiry.objects.create(name=f"Reporter {country}", email="r@example.org",
                                        email_canonical="r@example.org", country=country,
                                        language="en", message="A question.")  # fmt: skip
            Exhibition.objects.create(title={"en": f"Drawings in {country}"}, place="Hall",
                                      city="Lyon" if country == "FR" else "Berlin",
                                      country=country, starts_on=today, ends_on=today)  # fmt: skip

    def test_a_national_coordinator_sees_only_their_country(self):
        user = coordinator("amelie", area(Area.COUNTRY, "France", "FR"))
        self.client.force_login(with_permissions(user))
        coverage = self.client.get("/admin/snippets/press/coverage/")
        self.assertContains(coverage, "Le Quotidien")
        self.assertNotContains(coverage, "Die Tageszeitung")
        enquiries = self.client.get("/admin/snippets/press/pressenquiry/")
        self.assertContains(enquiries, "Reporter FR")
        self.assertNotContains(enquiries, "Reporter DE")
        exhibitions = self.client.get("/admin/snippets/contests/exhibition/")
        self.assertContains(exhibitions, "Drawings in FR")
        self.assertNotContains(exhibitions, "Drawings in DE")

    def test_another_countrys_item_is_refused_and_logged(self):
        from wagtail.models import ModelLogEntry

        german = Coverage.objects.get(country="DE")
        user = coordinator("amelie", area(Area.COUNTRY, "France", "FR"))
        self.client.force_login(with_permissions(user))
        response = self.client.get(f"/admin/snippets/press/coverage/edit/{german.pk}/")
        self.assertEqual(response.status_code, 403)
        enquiry = PressEnquiry.objects.get(country="DE")
        inspect = self.client.get(f"/admin/snippets/press/pressenquiry/inspect/{enquiry.pk}/")
        self.assertEqual(inspect.status_code, 403)
        self.assertEqual(ModelLogEntry.objects.filter(action="clarion.denied").count(), 2)

    def test_a_regional_coordinator_sees_the_region_and_staff_without_a_role_nothing(self):
        region = area(Area.REGION, "Western Europe", "FR,DE")
        self.client.force_login(with_permissions(coordinator("greta", region)))
        listing = self.client.get("/admin/snippets/press/coverage/")
        self.assertContains(listing, "Le Quotidien")
        self.assertContains(listing, "Die Tageszeitung")
        self.client.force_login(with_permissions(coordinator("nobody")))
        listing = self.client.get("/admin/snippets/press/coverage/")
        self.assertNotContains(listing, "Le Quotidien")
        self.assertNotContains(listing, "Die Tageszeitung")

    def test_a_city_coordinator_sees_the_exhibitions_of_their_city(self):
        lyon = area(Area.CITY, "Lyon", "FR", city="Lyon")
        self.client.force_login(with_permissions(coordinator("lucie", lyon)))
        exhibitions = self.client.get("/admin/snippets/contests/exhibition/")
        self.assertContains(exhibitions, "Drawings in FR")
        self.assertNotContains(exhibitions, "Drawings in DE")
        coverage = self.client.get("/admin/snippets/press/coverage/")
        self.assertNotContains(coverage, "Le Quotidien")  # no city on coverage: none
