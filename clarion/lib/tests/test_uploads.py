import io
import struct
import zlib

from django.test import SimpleTestCase
from django.utils import translation
from PIL import Image

from clarion.lib.uploads import UploadRejected, clean_image


def picture(fmt="JPEG", size=(64, 48), **save):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(out, fmt, **save)
    return out.getvalue()


def huge_png_header(width, height):
    """A tiny PNG whose header claims a giant canvas (a decompression bomb)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


class UploadsTestCase(SimpleTestCase):
    """Messages are checked in English, whatever an earlier request activated."""

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))


class CleanImageTestCase(UploadsTestCase):
    def test_it_accepts_a_jpeg_and_reencodes_it_without_exif(self):
        exif = Image.Exif()
        exif[0x8825] = {2: (40.0, 26.0, 0.0)}  # GPSInfo: latitude
        exif[0x0110] = "Camera"
        clean = clean_image(picture(exif=exif.tobytes()))
        self.assertEqual(clean.format, "JPEG")
        encoded = Image.open(io.BytesIO(clean.encode()))
        self.assertEqual(dict(encoded.getexif()), {})
        self.assertNotIn(b"Camera", clean.encode())

    def test_it_applies_the_orientation(self):
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate 90° clockwise when shown
        clean = clean_image(picture(size=(64, 48), exif=exif.tobytes()))
        self.assertEqual(clean.size, (48, 64))

    def test_it_decides_the_type_by_content(self):
        with self.assertRaises(UploadRejected):
            clean_image(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
        with self.assertRaises(UploadRejected):
            clean_image(b"GIF89a<script>alert(1)</script>")

    def test_it_refuses_decompression_bombs_before_decoding(self):
        with self.assertRaises(UploadRejected) as caught:
            clean_image(huge_png_header(50_000, 50_000))
        self.assertIn("megapixels", str(caught.exception))

    def test_it_refuses_truncated_files(self):
        with self.assertRaises(UploadRejected):
            clean_image(picture()[:200])

    def test_it_refuses_animations(self):
        out = io.BytesIO()
        frames = [Image.new("RGB", (8, 8), c) for c in ("red", "blue")]
        frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
        with self.assertRaises(UploadRejected):
            clean_image(out.getvalue())

    def test_it_refuses_oversized_files(self):
        with self.assertRaises(UploadRejected):
            clean_image(picture(), max_bytes=100)

    def test_it_drops_data_smuggled_after_the_image(self):
        polyglot = picture() + b"PK\x03\x04<html><script>alert(1)</script>"
        clean = clean_image(polyglot)
        self.assertNotIn(b"<script>", clean.encode())


def zip_bomb():
    """A real ZIP holding 50 MB of zeros in a few kilobytes."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.bin", b"\0" * 50_000_000)
    return out.getvalue()


def animated(fmt):
    out = io.BytesIO()
    frames = [Image.new("RGB", (16, 16), c) for c in ("red", "blue", "green")]
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()


NOT_A_PICTURE = "not a picture we can use"
TOO_LARGE = "too large"
ANIMATED = "Animated pictures"
CODE = "SVG"
EMPTY = "empty"

# name → (bytes, words the refusal must contain)
HOSTILE = {
    "empty file": (lambda: b"", EMPTY),
    "svg": (
        lambda: b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        CODE,
    ),
    "svg with xml prolog": (lambda: b'<?xml version="1.0"?>\n<svg onload="alert(1)"/>', CODE),
    "html page": (lambda: b"<!doctype html><html><script>alert(1)</script></html>", CODE),
    "svg after a byte order mark": (lambda: b"\xef\xbb\xbf  <svg/>", CODE),
    "truncated jpeg": (lambda: picture(size=(400, 300))[:300], NOT_A_PICTURE),
    "truncated png": (lambda: picture("PNG", size=(400, 300))[:120], NOT_A_PICTURE),
    "gif header with script": (lambda: b"GIF89a<script>alert(1)</script>", NOT_A_PICTURE),
    "50,000 x 50,000 png": (lambda: huge_png_header(50_000, 50_000), TOO_LARGE),
    "long thin png": (lambda: huge_png_header(60_000, 10), TOO_LARGE),
    "zip bomb": (zip_bomb, NOT_A_PICTURE),
    "pdf": (lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", NOT_A_PICTURE),
    "tiff": (lambda: picture("TIFF"), NOT_A_PICTURE),
    "bmp": (lambda: picture("BMP"), NOT_A_PICTURE),
    "ico": (lambda: picture("ICO", size=(32, 32)), NOT_A_PICTURE),
    "animated gif": (lambda: animated("GIF"), ANIMATED),
    "animated webp": (lambda: animated("WEBP"), ANIMATED),
    "animated png": (lambda: animated("PNG"), ANIMATED),
    "random bytes": (lambda: bytes(range(256)) * 40, NOT_A_PICTURE),
}


class HostileCorpusTestCase(UploadsTestCase):
    def test_it_refuses_every_hostile_file_with_the_right_message(self):
        for name, (make, words) in HOSTILE.items():
            with self.subTest(name):
                with self.assertRaises(UploadRejected) as caught:
                    clean_image(make())
                self.assertIn(words, str(caught.exception))

    def test_it_refuses_a_hostile_file_given_as_an_upload(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        disguised = SimpleUploadedFile("cat.png", b"<svg onload='alert(1)'/>", "image/png")
        with self.assertRaises(UploadRejected):
            clean_image(disguised)

    def test_it_refuses_an_upload_that_claims_to_be_too_big(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("big.jpg", picture(), "image/jpeg")
        upload.size = 20 * 1024 * 1024
        with self.assertRaises(UploadRejected) as caught:
            clean_image(upload)
        self.assertIn("10 MB", str(caught.exception))

    def test_it_removes_gps_from_every_accepted_format(self):
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (40.0, 26.0, 0.0)}
        for fmt in ("JPEG", "PNG", "WEBP"):
            with self.subTest(fmt):
                clean = clean_image(picture(fmt, exif=exif.tobytes()))
                for out_fmt in ("JPEG", "PNG"):
                    encoded = Image.open(io.BytesIO(clean.encode(out_fmt)))
                    self.assertEqual(dict(encoded.getexif()), {})

    def test_it_accepts_unusual_but_harmless_modes(self):
        cmyk = io.BytesIO()
        Image.new("CMYK", (20, 10), (0, 255, 255, 0)).save(cmyk, "JPEG")
        grey16 = io.BytesIO()
        Image.new("I;16", (20, 10), 30000).save(grey16, "PNG")
        palette = io.BytesIO()
        Image.new("P", (20, 10), 0).save(palette, "PNG", transparency=0)
        for data, mode in [(cmyk, "RGB"), (grey16, "RGB"), (palette, "RGBA")]:
            with self.subTest(mode):
                clean = clean_image(data.getvalue())
                self.assertEqual(clean.image.mode, mode)
                self.assertEqual(clean.size, (20, 10))

    def test_it_keeps_a_single_frame_gif(self):
        clean = clean_image(picture("GIF"))
        self.assertEqual(clean.format, "GIF")
        self.assertEqual(clean.image.mode, "RGB")
