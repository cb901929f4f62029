"""Security review, finding 3: limits are checked before any picture is decoded."""

import struct
import zlib

from django.test import override_settings
from django.utils.datastructures import MultiValueDict

from clarion.contributions.models import Submission
from clarion.lib import uploads
from clarion.lib.clientip import ip_hash

from .base import ContributionsTestCase, photo_bytes, upload


def png_header(width, height):
    """A PNG that announces a huge canvas: only its header is ever read."""

    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def broken():
    return upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, name="x.png", content_type="image/png")


class UploadLimitsTestCase(ContributionsTestCase):
    @override_settings(CONTRIBUTIONS_PER_HOUR=0)
    def test_it_refuses_a_flood_before_reading_the_picture(self):
        response = self.compose(photo=broken(), own_text="Kept words")
        self.assertContains(response, "Too many contributions", status_code=429)
        self.assertContains(response, "Kept words", status_code=429)
        self.assertNotContains(response, "not a picture we can use", status_code=429)

    def test_it_refuses_a_second_upload_while_one_is_being_decoded(self):
        with uploads.decoding_slot(ip_hash("127.0.0.1")):
            response = self.compose(photo=upload())
        self.assertContains(response, "still working on your last picture", status_code=429)
        self.assertFalse(Submission.objects.exists())
        self.assertEqual(self.compose(photo=upload()).status_code, 303)  # the slot is free again

    @override_settings(UPLOADS_PER_HOUR=2)
    def test_it_limits_new_pictures_on_a_draft(self):
        url = self.draft_url(self.compose(photo=upload()))
        fields = {"background": "night", "frame": "blossom", "slogan": "remember",
                  "slogan_language": "en", "position": "center", "zoom": "100"}  # fmt: skip
        self.assertEqual(self.post(url, fields | {"photo": upload()}).status_code, 303)
        response = self.post(url, fields | {"photo": upload()})
        self.assertContains(response, "Too many pictures", status_code=429)

    def test_it_refuses_a_public_picture_over_the_lower_pixel_limit(self):
        self.assertLess(uploads.PUBLIC_MAX_PIXELS, 40_000_000)
        response = self.compose(photo=upload(png_header(6300, 6300), "big.png", "image/png"))
        self.assertContains(response, "The picture is too large", status_code=400)
        self.assertContains(response, f"{uploads.PUBLIC_MAX_PIXELS // 1_000_000} megapixels",
                            status_code=400)  # fmt: skip

    def test_it_keeps_report_photos_encoded_not_decoded(self):
        from clarion.events.forms import ReportForm

        files = [upload(photo_bytes(), f"p{n}.jpg") for n in range(3)]
        form = ReportForm(
            {"attendance": "12", "summary": "Good."}, MultiValueDict({"photos": files})
        )
        self.assertTrue(form.is_valid(), form.errors)
        for photo in form.cleaned_data["photos"]:
            self.assertIsInstance(photo, uploads.EncodedImage)
            self.assertTrue(photo.encode().startswith(b"\xff\xd8"))
