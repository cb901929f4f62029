"""Security review, finding 11: documents go through Wagtail's checks, never SVG."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


class DocumentsTestCase(TestCase):
    def setUp(self):
        super().setUp()
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)

    def test_it_refuses_an_svg_document(self):
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        admin = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(admin)
        response = self.client.post("/admin/documents/add/", {
            "title": "Drawing", "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("drawing.svg", SVG, "image/svg+xml"),
        })  # fmt: skip
        self.assertEqual(response.status_code, 200)  # the form again, with its error
        self.assertFalse(get_document_model().objects.exists())

    def test_it_does_not_serve_document_files_from_media(self):
        # The embedded server's media root is fixed when the URLs load: use it.
        folder = Path(settings.MEDIA_ROOT) / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        secret = folder / "security-test-private-report.pdf"
        secret.write_bytes(b"%PDF-1.4 private")
        self.addCleanup(secret.unlink)
        response = self.client.get(f"/media/documents/{secret.name}")
        self.assertEqual(response.status_code, 404)
