"""Report photos wait in the one moderation queue; its decisions decide what the
public event page shows."""

import datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clarion.contributions.models import Submission
from clarion.events import tokens
from clarion.events.models import Photo
from clarion.events.tests.base import ORIGIN, EventsTestCase, make_event
from clarion.events.tests.test_report import jpeg
from clarion.network.models import Area, Role


class PhotoModerationTestCase(EventsTestCase):
    def setUp(self):
        super().setUp()
        began = timezone.now() - datetime.timedelta(days=1)
        self.event = make_event(starts_at=began, ends_at=began + datetime.timedelta(hours=3))
        url = f"/en/events/manage/{tokens.make(self.event.pk, tokens.MANAGE)}/report/"
        photo = SimpleUploadedFile("hall.jpg", jpeg(), content_type="image/jpeg")
        data = {"attendance": "50", "summary": "A full hall.", "paper_signatures": "0"}
        response = self.client.post(url, {**data, "photos": [photo]}, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 200)
        self.photo = Photo.objects.get()
        self.staff = User.objects.create_superuser("mod", "mod@example.org", "pw")

    def decide(self, action, **extra):
        self.client.force_login(self.staff)
        data = {"action": action, "id": [self.photo.submission_id], **extra}
        response = self.client.post("/admin/moderation/?kind=event-photo", data)
        self.client.logout()
        return response

    def event_page(self):
        return self.client.get(f"/en/events/{self.event.pk}/")

    def test_it_lists_report_photos_in_the_queue(self):
        self.client.force_login(self.staff)
        response = self.client.get("/admin/moderation/?kind=event-photo")
        self.assertContains(response, "Event photo #")
        self.assertContains(response, self.photo.image.url)
        submission = self.photo.submission
        self.assertEqual(
            (submission.kind, submission.status, submission.country),
            ("event-photo", "pending", "DE"),
        )

    def test_it_publishes_a_photo_approved_in_the_queue(self):
        self.assertNotContains(self.event_page(), self.photo.image.url)
        response = self.decide("approve")
        self.assertEqual(response.status_code, 302)
        self.photo.submission.refresh_from_db()
        self.assertEqual(self.photo.submission.status, Submission.APPROVED)
        self.assertContains(self.event_page(), self.photo.image.url)

    def test_it_hides_a_photo_rejected_in_the_queue(self):
        self.decide("approve")
        response = self.decide("reject", reason="Shows children without consent")
        self.assertEqual(response.status_code, 302)
        self.photo.submission.refresh_from_db()
        self.assertEqual(self.photo.submission.status, Submission.REJECTED)
        self.assertNotContains(self.event_page(), self.photo.image.url)

    def test_it_needs_a_reason_to_reject(self):
        response = self.decide("reject")
        self.assertEqual(response.status_code, 302)
        self.photo.submission.refresh_from_db()
        self.assertEqual(self.photo.submission.status, Submission.PENDING)

    def test_a_moderator_of_other_countries_cannot_publish_it(self):
        self.staff = User.objects.create_superuser("fr", "fr@example.org", "pw")
        self.staff.is_superuser = False
        self.staff.save()
        france = Area.objects.create(level=Area.COUNTRY, name="France", countries="FR")
        Role.objects.create(user=self.staff, area=france)
        from django.contrib.auth.models import Permission

        self.staff.user_permissions.add(
            Permission.objects.get(codename="moderate_submission"),
            Permission.objects.get(codename="access_admin"),
        )
        response = self.decide("approve")
        self.assertEqual(response.status_code, 302)
        self.photo.submission.refresh_from_db()
        self.assertEqual(self.photo.submission.status, Submission.PENDING)

    def test_approved_event_photos_stay_out_of_the_gallery(self):
        self.decide("approve")
        pk = self.photo.submission_id
        response = self.client.get(f"/en/image-message/gallery/{pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get(f"/en/letters/{pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/en/image-message/gallery/"), self.photo.image.url)
