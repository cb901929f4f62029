"""The press and contests admin are scoped by the coordinator's area too
(default-deny), like signatures, paper batches, events and volunteers."""

from django.contrib.auth.models import Permission, User
from django.test import SimpleTestCase
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


class ScopedPetitionPaperImportsTestCase(NetworkTestCase):
    """Paper sheets of a petition lie in a country: coordinators see, inspect
    and import only within their area."""

    def setUp(self):
        super().setUp()
        from clarion.petitions.models import PaperImport, Petition

        self.petition = Petition.objects.create(slug="recognise", title={"en": "Recognise"},
                                                text={"en": "Please act."})  # fmt: skip
        today = timezone.localdate()
        for country, place in (("FR", "Marché de Lyon"), ("DE", "Alexanderplatz")):
            PaperImport.objects.create(petition=self.petition, place=place, date=today,
                                       country=country, imported=3)  # fmt: skip
        self.france = area(Area.COUNTRY, "France", "FR")

    def test_a_national_coordinator_sees_only_their_countrys_imports(self):
        self.client.force_login(coordinator("amelie", self.france))
        listing = self.client.get("/admin/snippets/petitions/paperimport/")
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, "Marché de Lyon")
        self.assertNotContains(listing, "Alexanderplatz")
        page = self.client.get(f"/admin/petitions/{self.petition.pk}/paper/")
        self.assertContains(page, "Marché de Lyon")
        self.assertNotContains(page, "Alexanderplatz")
        self.client.force_login(coordinator("nobody"))
        listing = self.client.get("/admin/snippets/petitions/paperimport/")
        self.assertNotContains(listing, "Marché de Lyon")

    def test_another_countrys_import_is_refused_and_logged(self):
        from wagtail.models import ModelLogEntry

        from clarion.network.scoping import DENIED
        from clarion.petitions.models import PaperImport

        german = PaperImport.objects.get(country="DE")
        self.client.force_login(coordinator("amelie", self.france))
        for view in ("inspect", "edit", "delete"):
            url = f"/admin/snippets/petitions/paperimport/{view}/{german.pk}/"
            self.assertEqual(self.client.get(url).status_code, 403, view)
        response = self.client.post(f"/admin/snippets/petitions/paperimport/delete/{german.pk}/")
        self.assertEqual(response.status_code, 403)
        self.assertTrue(PaperImport.objects.filter(pk=german.pk).exists())
        entry = ModelLogEntry.objects.filter(action=DENIED).first()
        self.assertEqual((entry.user.username, entry.object_id), ("amelie", str(german.pk)))
        self.assertEqual(ModelLogEntry.objects.filter(action=DENIED).count(), 4)

    def upload(self, sheet, **fields):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {"date": "2026-02-26", "place": "Stand", "country": ""} | fields
        data["file"] = SimpleUploadedFile("sheets.csv", sheet.encode())
        return self.client.post(f"/admin/petitions/{self.petition.pk}/paper/", data)

    def test_a_coordinator_imports_into_their_own_country_only(self):
        from clarion.petitions.models import PaperImport, PaperSigner

        self.client.force_login(coordinator("amelie", self.france))
        sheet = "name,town,country,consent\nChloé,Nantes,FR,yes\nKlaus,Bonn,DE,yes\n"
        response = self.upload(sheet)  # no country chosen: required for a coordinator
        self.assertEqual(response.status_code, 400)
        response = self.upload(sheet, country="DE")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(PaperSigner.objects.exists())
        response = self.upload(sheet, country="FR")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(PaperSigner.objects.values_list("name", flat=True)), ["Chloé"])
        batch = PaperImport.objects.get(place="Stand")
        self.assertEqual((batch.country, batch.rejected), ("FR", 1))
        self.assertContains(response, "DE is outside your area")

    def test_staff_with_every_country_get_the_rows_common_country(self):
        from clarion.petitions.models import PaperImport

        self.client.force_login(User.objects.create_superuser("root", "", "pw"))
        self.upload("name,town,country,consent\nChloé,Nantes,FR,yes\nLéa,Lyon,FR,x\n")
        self.assertEqual(PaperImport.objects.get(place="Stand").country, "FR")
        self.upload("name,town,country,consent\nAnna,Wien,AT,yes\nIvan,Kyiv,UA,x\n", place="Mix")
        self.assertEqual(PaperImport.objects.get(place="Mix").country, "")


class EverySnippetInACountryIsScopedTestCase(SimpleTestCase):
    # Public reference data editors keep (recognising bodies, decision makers,
    # testimonies from published sources): no coordinator permission reaches them.
    EDITORIAL = {"content.RecognitionBody", "petitions.Target", "testimonies.Testimony"}

    def test_it_scopes_every_snippet_that_lies_in_a_country(self):
        from wagtail.snippets.models import get_snippet_models

        from clarion.network.roles import COORDINATOR_PERMISSIONS
        from clarion.network.scoped_admin import ScopedViewSet

        scoped = []
        for model in get_snippet_models():
            label = model._meta.label
            if "country" not in {field.name for field in model._meta.get_fields()}:
                continue
            if label in self.EDITORIAL:
                granted = {code for app, code in COORDINATOR_PERMISSIONS
                           if app == model._meta.app_label}  # fmt: skip
                self.assertFalse({c for c in granted if c.endswith(f"_{model._meta.model_name}")})
                continue
            self.assertIsInstance(model.snippet_viewset, ScopedViewSet, label)
            scoped.append(label)
        for label in ("network.Partner", "petitions.PaperImport", "supporters.Signature"):
            self.assertIn(label, scoped)
