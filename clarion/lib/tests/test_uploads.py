import io
import struct
import zlib

from django.test import SimpleTestCase
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


class CleanImageTestCase(SimpleTestCase):
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
