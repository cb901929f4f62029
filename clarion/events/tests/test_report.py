import datetime
import io

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from clarion.content.models import NewsItemPage
from clarion.contributions.models import Submission
from clarion.events import tokens
from clarion.events.models import Event, Photo, Report
from clarion.events.tests.base import ORIGIN, EventsTestCase, make_event


def jpeg(size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, "crimson").save(out, "JPEG")
    return out.getvalue()


class ReportTestCase(EventsTestCase):
    def setUp(self):
        super().setUp()
        began = timezone.now() - datetime.timedelta(days=1)
        self.event = make_event(starts_at=began, ends_at=began + datetime.timedelta(hours=3))
        self.url = f"/en/events/manage/{tokens.make(self.event.pk, tokens.MANAGE)}/report/"

    def send(self, **extra):
        data = {"attendance": "120", "summary": "A full hall.", "paper_signatures": "3"}
        data.update(extra)
        return self.client.post(self.url, data, HTTP_ORIGIN=ORIGIN)

    def test_it_stores_the_report_with_unpublished_photos(self):
        photo = SimpleUploadedFile("hall.jpg", jpeg(), content_type="image/jpeg")
        response = self.send(photos=[photo], press_links="https://news.example/article\n")
        self.assertEqual(response.status_code, 200)
        report = Report.objects.get(event=self.event)
        self.assertEqual(
            (report.attendance, report.press_list), (120, ["https://news.example/article"])
        )
        stored = Photo.objects.get(report=report)
        self.assertEqual((stored.status, stored.width, stored.height), ("pending", 64, 48))
        self.assertEqual(stored.submission.kind, "event-photo")
        page = self.client.get(f"/en/events/{self.event.pk}/")
        self.assertNotContains(page, stored.image.url)
        Submission.objects.filter(pk=stored.submission_id).update(status=Submission.APPROVED)
        self.assertContains(self.client.get(f"/en/events/{self.event.pk}/"), stored.image.url)

    def test_it_refuses_disguised_photos(self):
        fake = SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
        response = self.send(photos=[fake])
        self.assertContains(response, "not a picture we can use", status_code=400)
        self.assertContains(response, "A full hall.", status_code=400)
        self.assertFalse(Report.objects.exists())

    def test_it_refuses_oversized_photos(self):
        big = SimpleUploadedFile("big.jpg", jpeg() + b"\0" * (10 * 1024 * 1024), "image/jpeg")
        response = self.send(photos=[big])
        self.assertContains(response, "too large", status_code=400)

    def test_it_refuses_reports_before_the_event(self):
        Event.objects.filter(pk=self.event.pk).update(
            starts_at=timezone.now() + datetime.timedelta(days=2),
            ends_at=timezone.now() + datetime.timedelta(days=2, hours=1),
        )
        self.assertEqual(self.send().status_code, 409)
        self.assertFalse(Report.objects.exists())

    def test_staff_turn_a_report_into_a_news_draft_and_import_its_sheet(self):
        sheet = SimpleUploadedFile("sheet.csv", b"name,email,country\nEva Klein,,DE\n")
        self.send(sheet=sheet)
        report = Report.objects.get()
        admin = User.objects.create_superuser("boss", "boss@example.org", "pw")
        self.client.force_login(admin)
        self.client.post(f"/admin/events/reports/{report.pk}/", {"action": "news"})
        self.client.post(f"/admin/events/reports/{report.pk}/", {"action": "news"})
        report.refresh_from_db()
        page = NewsItemPage.objects.get(pk=report.news_page_id)
        self.assertFalse(page.live)
        self.assertEqual(
            (page.title, page.country, page.activity), (self.event.title, "DE", "rally")
        )
        self.assertIn("A full hall.", page.intro)
        self.assertEqual(NewsItemPage.objects.filter(title=self.event.title).count(), 1)
        self.client.post(f"/admin/events/reports/{report.pk}/", {"action": "import"})
        report.refresh_from_db()
        self.assertEqual(report.paper_batch.without_email, 1)
        self.assertIn(self.event.title, report.paper_batch.place)
        self.assertEqual(report.paper_batch.event, self.event)
