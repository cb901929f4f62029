import io
import shutil
import tempfile

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from clarion.contributions.models import Submission

ORIGIN = "http://testserver"


def photo_bytes(size=(640, 480), fmt="JPEG", gps=False, colour=(30, 90, 160)):
    out = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (40.0, 26.0, 0.0), 3: "E", 4: (46.0, 45.0, 0.0)}
        exif[0x010F] = "CameraMaker"
        options["exif"] = exif.tobytes()
    Image.new("RGB", size, colour).save(out, fmt, **options)
    return out.getvalue()


def upload(data=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, photo_bytes() if data is None else data, content_type)


class ContributionsTestCase(TestCase):
    """Media go to a temporary folder; posts carry this site's Origin like a browser's."""

    def setUp(self):
        super().setUp()
        cache.clear()
        self.media = tempfile.mkdtemp()
        self.override = override_settings(MEDIA_ROOT=self.media, SITE_URL=ORIGIN)
        self.override.enable()
        # Cleanups run even when a subclass's setUp fails after this point
        # (tearDown would not, and the setting would leak into later tests).
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.addCleanup(self.override.disable)

    def post(self, url, data, **extra):
        return self.client.post(url, data, HTTP_ORIGIN=ORIGIN, **extra)

    def compose(self, lang="en", **fields):
        data = {
            "background": "night",
            "frame": "blossom",
            "slogan": "remember",
            "slogan_language": lang,
            "own_text": "",
            "position": "center",
            "zoom": "100",
        }
        data.update(fields)
        return self.post(
            f"/{lang}/image-message/", {k: v for k, v in data.items() if v is not None}
        )

    def draft_url(self, response):
        self.assertEqual(response.status_code, 303, getattr(response, "content", b"")[:2000])
        return response["Location"]

    def author(self, **fields):
        data = {
            "author_name": "Sample Author",
            "name_display": "full",
            "country": "FR",
            "email": "author@example.org",
            "consent": "on",
        }
        data.update(fields)
        return {k: v for k, v in data.items() if v is not None}

    def letter(self, lang="en", **fields):
        data = self.author(
            genre="poem",
            title="Almond trees",
            language=lang,
            text="The almond trees bloom again in spring and we remember.",
        )
        extra = {k: fields.pop(k) for k in list(fields) if k.isupper()}  # e.g. REMOTE_ADDR
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        return self.post(f"/{lang}/letters/", data, **extra)

    def published(self, kind="letter", n=1, **fields):
        values = {
            "kind": kind,
            "status": Submission.APPROVED,
            "language": "en",
            "country": "FR",
            "author_name": "Sample Author",
            "text": "Words.",
        }
        values.update(fields)
        return [Submission.objects.create(**values) for _ in range(n)]
