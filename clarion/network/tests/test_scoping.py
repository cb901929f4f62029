"""Issue 17.10: per-country roles enforced everywhere in the admin, default-deny."""

import csv
import io

from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from clarion.content.models import NewsIndexPage, NewsItemPage
from clarion.contributions.models import Submission
from clarion.events.models import Event
from clarion.events.tests.base import make_event
from clarion.network.models import Area
from clarion.network.scoping import DENIED, EXPORTED
from clarion.supporters.models import Signature

from .base import NetworkTestCase, area, coordinator, signature


def export_rows(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


class ScopingTestCase(NetworkTestCase):
    def setUp(self):
        super().setUp()
        self.france = area(Area.COUNTRY, "France", "FR")
        self.caucasus = area(Area.REGION, "South Caucasus", "AZ,GE")
        self.lyon = area(Area.CITY, "Lyon", "FR", city="Lyon")
        signature("Amélie Paris", "FR", "Paris")
        signature("Bruno Lyon", "FR", "Lyon")
        signature("Gela Tbilisi", "GE", "Tbilisi")
        signature("Hans Berlin", "DE", "Berlin")

    def test_it_exports_only_the_coordinators_country_and_logs_it(self):
        self.client.force_login(coordinator("amelie", self.france))
        response = self.client.get("/admin/signatures/export.csv")
        self.assertEqual(response.status_code, 200)
        self.assertEqual({r["country"] for r in export_rows(response)}, {"FR"})
        entry = ModelLogEntry.objects.get(action=EXPORTED)
        self.assertEqual(entry.user.username, "amelie")
        self.assertEqual(entry.data["what"], "signatures.csv")
        self.assertEqual(entry.data["rows"], 2)

    def test_a_regional_coordinator_sees_the_countries_of_the_region(self):
        self.client.force_login(coordinator("nino", self.caucasus))
        rows = export_rows(self.client.get("/admin/signatures/export.csv"))
        self.assertEqual([r["name"] for r in rows], ["Gela Tbilisi"])
        listing = self.client.get("/admin/snippets/supporters/signature/")
        self.assertContains(listing, "Gela Tbilisi")
        self.assertNotContains(listing, "Hans Berlin")
        self.assertNotContains(listing, "Amélie Paris")

    def test_a_city_coordinator_sees_only_their_city(self):
        self.client.force_login(coordinator("bruno", self.lyon))
        rows = export_rows(self.client.get("/admin/signatures/export.csv"))
        self.assertEqual([r["name"] for r in rows], ["Bruno Lyon"])

    def test_staff_without_a_role_see_nothing(self):
        user = coordinator("nobody")
        user.user_permissions.add(Permission.objects.get(codename="export_signatures"))
        self.client.force_login(user)
        self.assertEqual(export_rows(self.client.get("/admin/signatures/export.csv")), [])
        listing = self.client.get("/admin/snippets/supporters/signature/")
        self.assertNotContains(listing, "Hans Berlin")
        self.assertNotContains(listing, "Amélie Paris")

    def test_a_global_coordinator_and_superusers_see_everything(self):
        world = area(Area.GLOBAL, "World")
        self.client.force_login(coordinator("chief", world))
        self.assertEqual(len(export_rows(self.client.get("/admin/signatures/export.csv"))), 4)
        self.client.force_login(User.objects.create_superuser("root", "", "pw"))
        self.assertEqual(len(export_rows(self.client.get("/admin/signatures/export.csv"))), 4)

    def test_another_countrys_signature_is_refused_and_logged(self):
        self.client.force_login(coordinator("amelie", self.france))
        hans = signature("Hans Zwei", "DE")
        for view in ("inspect", "edit", "history"):
            response = self.client.get(f"/admin/snippets/supporters/signature/{view}/{hans.pk}/")
            self.assertEqual(response.status_code, 403, view)
        self.assertEqual(ModelLogEntry.objects.filter(action=DENIED).count(), 3)
        own = signature("Chloé Nantes", "FR", "Nantes")
        response = self.client.get(f"/admin/snippets/supporters/signature/inspect/{own.pk}/")
        self.assertEqual(response.status_code, 200)

    def test_event_snippets_are_filtered_by_area(self):
        make_event(title="Vigil in Berlin", country="DE")
        make_event(title="Lecture in Lyon", country="FR", city="Lyon")
        self.client.force_login(coordinator("amelie", self.france))
        listing = self.client.get("/admin/snippets/events/event/")
        self.assertContains(listing, "Lecture in Lyon")
        self.assertNotContains(listing, "Vigil in Berlin")
        berlin = Event.objects.get(title="Vigil in Berlin")
        response = self.client.get(f"/admin/snippets/events/event/edit/{berlin.pk}/")
        self.assertEqual(response.status_code, 403)

    def test_an_event_cannot_be_moved_out_of_the_area(self):
        lyon = make_event(title="Lecture in Lyon", country="FR", city="Lyon")
        user = coordinator("amelie", self.france)
        self.client.force_login(user)
        page = self.client.get(f"/admin/snippets/events/event/edit/{lyon.pk}/")
        data = {
            field.html_name: field.value()
            for field in page.context["form"]
            if field.value() is not None
        }
        data["country"] = "DE"
        self.client.post(f"/admin/snippets/events/event/edit/{lyon.pk}/", data)
        lyon.refresh_from_db()
        self.assertEqual(lyon.country, "FR")

    def test_moderation_fails_closed_for_staff_without_a_role(self):
        Submission.objects.create(kind="letter", country="FR", title="A letter", status="pending")
        user = coordinator("nobody")
        self.client.force_login(user)
        page = self.client.get("/admin/moderation/")
        self.assertNotContains(page, "A letter")
        ids = [str(pk) for pk in Submission.objects.values_list("pk", flat=True)]
        self.client.post("/admin/moderation/", {"id": ids, "action": "approve"})
        self.assertEqual(Submission.objects.get().status, "pending")

    def test_a_coordinator_moderates_only_their_area(self):
        Submission.objects.create(kind="letter", country="FR", title="Lettre", status="pending")
        Submission.objects.create(kind="letter", country="DE", title="Brief", status="pending")
        self.client.force_login(coordinator("amelie", self.france))
        page = self.client.get("/admin/moderation/")
        self.assertContains(page, "Lettre")
        self.assertNotContains(page, "Brief")
        ids = [str(pk) for pk in Submission.objects.values_list("pk", flat=True)]
        self.client.post("/admin/moderation/", {"id": ids, "action": "approve"})
        self.assertEqual(Submission.objects.get(title="Lettre").status, "approved")
        self.assertEqual(Submission.objects.get(title="Brief").status, "pending")

    def test_coordinators_cannot_create_news_drafts(self):
        user = coordinator("amelie", self.france)
        user.groups.add(Group.objects.get(name="Editors"))  # even if added by mistake
        self.client.force_login(user)
        news = NewsIndexPage.objects.first()
        url = f"/admin/pages/add/content/newsitempage/{news.pk}/"
        self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(url, {"title": "Draft", "slug": "draft"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(NewsItemPage.objects.filter(slug="draft").exists())
        item = NewsItemPage.objects.first()
        self.assertEqual(self.client.get(f"/admin/pages/{item.pk}/edit/").status_code, 403)

    def test_paper_imports_only_into_the_area(self):
        self.client.force_login(coordinator("amelie", self.france))
        sheet = SimpleUploadedFile("s.csv", b"name,email,country,city\nKlaus,,DE,Bonn\n")
        response = self.client.post(
            "/admin/signatures/paper/",
            {"file": sheet, "place": "Stand", "date": "2026-02-26", "country": "DE"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Signature.objects.filter(name="Klaus").exists())

    def test_a_coordinator_cannot_turn_a_report_into_a_news_draft(self):
        from clarion.events.models import Report

        event = make_event(title="Lecture in Lyon", country="FR", city="Lyon")
        report = Report.objects.create(event=event, summary="Full room.", attendance=80)
        self.client.force_login(coordinator("amelie", self.france))
        page = self.client.get(f"/admin/events/reports/{report.pk}/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'value="news"')
        response = self.client.post(f"/admin/events/reports/{report.pk}/", {"action": "news"})
        self.assertEqual(response.status_code, 403)
        report.refresh_from_db()
        self.assertIsNone(report.news_page_id)
        self.assertFalse(NewsItemPage.objects.filter(title="Lecture in Lyon").exists())
