import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from clarion.supporters.models import Signature

from .base import SupportersTestCase


class StaffTestCase(SupportersTestCase):
    def setUp(self):
        super().setUp()
        self.admin = get_user_model().objects.create_superuser("staff", "", "pw")
        self.editor = get_user_model().objects.create_user("editor", "", "pw")
        self.editor.user_permissions.add(Permission.objects.get(codename="access_admin"))

    def test_abuse_review_previews_then_invalidates(self):
        with self.settings(RATE_LIMIT_IP_PER_HOUR=1000):
            for n in range(3):
                self.confirmed(email=f"bot{n}@spam.example")
            self.confirmed(email="real@example.org")
        self.client.force_login(self.admin)
        page = self.client.get("/admin/signatures/abuse/")
        self.assertContains(page, "spam.example")
        preview = self.client.post(
            "/admin/signatures/abuse/",
            {
                "domain": "spam.example",
                "action": "invalidate",
                "reason": "scripted burst",
            },  # fmt: skip
        )
        self.assertContains(preview, "3 signatures match: 3 are counted now")
        self.assertEqual(Signature.objects.filter(status="invalidated").count(), 0)
        self.client.post(
            "/admin/signatures/abuse/",
            {
                "domain": "spam.example",
                "action": "invalidate",
                "reason": "scripted burst",
                "confirmed": "yes",
            },  # fmt: skip
        )
        self.assertEqual(Signature.objects.filter(status="invalidated").count(), 3)
        self.assertEqual(
            Signature.objects.filter(status="invalidated").first().invalid_reason, "scripted burst"
        )
        self.assertEqual(self.stats()["signatures"], 1)

    def test_export_streams_csv_for_staff_only(self):
        self.confirmed()
        self.client.force_login(self.editor)
        denied = self.client.get("/admin/signatures/export.csv")
        # Wagtail answers a permission error in its admin with a redirect home.
        self.assertEqual((denied.status_code, denied["Location"]), (302, "/admin/"))
        self.client.force_login(self.admin)
        response = self.client.get("/admin/signatures/export.csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(rows[0][:3], ["id", "kind", "status"])
        self.assertEqual(rows[1][4], "aylin@example.org")

    def test_paper_upload_in_the_admin(self):
        self.client.force_login(self.admin)
        sheet = io.BytesIO(b"name,email,country\nA,a@example.org,AZ\nB,,AZ\n")
        sheet.name = "sheet.csv"
        response = self.client.post(
            "/admin/signatures/paper/",
            {"file": sheet, "place": "Street stand", "date": "2026-02-26", "country": "AZ"},
        )
        self.assertContains(response, "1 with an email address imported, 1 without email counted")
        bad = io.BytesIO(b"\x00\x01")
        bad.name = "sheet.exe"
        response = self.client.post(
            "/admin/signatures/paper/", {"file": bad, "place": "x", "date": "2026-02-26"}
        )
        self.assertEqual(response.status_code, 400)
