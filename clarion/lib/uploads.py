"""Checking images that the public uploads.

Every upload is hostile until proven otherwise: the type is decided by the
content (never the name or the browser's word), size and pixel count are
capped before decoding, animations are refused, the orientation is applied and
the picture is re-encoded, which drops EXIF, GPS and anything smuggled after
the image data (polyglots).
"""

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000


class UploadRejected(ValueError):
    """The upload is refused; str(error) is a translated message for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class CleanImage:
    image: Image.Image  # RGB (or RGBA for PNG with transparency), orientation applied
    format: str  # the detected original format

    @property
    def size(self):
        return self.image.size

    def encode(self, fmt="JPEG", quality=88):
        """Fresh bytes with no metadata at all."""
        out = io.BytesIO()
        image = self.image
        if fmt == "JPEG" and image.mode != "RGB":
            image = image.convert("RGB")
        options = {"quality": quality, "optimize": True} if fmt == "JPEG" else {"optimize": True}
        image.save(out, fmt, **options)
        return out.getvalue()


def read_limited(upload, max_bytes=MAX_BYTES):
    """Read at most max_bytes from a file-like upload; refuse anything bigger."""
    if getattr(upload, "size", None) and upload.size > max_bytes:
        raise UploadRejected(_too_big(max_bytes))
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(_too_big(max_bytes))
    if not data:
        raise UploadRejected(_("The file is empty."))
    return data


def _too_big(max_bytes):
    return _("The file is too large: the limit is %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}


def _looks_like_markup(data):
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html")) or b"<svg" in head


def clean_image(upload, *, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS):
    """Return a CleanImage or raise UploadRejected with a message for the person."""
    data = upload if isinstance(upload, bytes) else read_limited(upload, max_bytes)
    if len(data) > max_bytes:
        raise UploadRejected(_too_big(max_bytes))
    if not data:
        raise UploadRejected(_("The file is empty."))
    not_an_image = _("This file is not a picture we can use. Please send a JPEG, PNG or WebP.")
    if _looks_like_markup(data):
        raise UploadRejected(_("SVG and other drawings made of code are not accepted."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the decoders we accept are even tried (no SVG, TIFF, PSD, ICO …).
            probe = Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS))
            # Header only so far: refuse huge canvases before any pixel is decoded.
            width, height = probe.size
            if width * height > max_pixels or max(width, height) > MAX_SIDE:
                raise UploadRejected(
                    _("The picture is too large: at most %(mp)d megapixels.")
                    % {"mp": max_pixels // 1_000_000}
                )
            if probe.format not in ALLOWED_FORMATS:
                raise UploadRejected(not_an_image)
            if getattr(probe, "n_frames", 1) > 1:
                raise UploadRejected(_("Animated pictures are not accepted; send a still image."))
            probe.load()
            image = ImageOps.exif_transpose(probe)
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(
            _("The picture is too large: at most %(mp)d megapixels.")
            % {"mp": max_pixels // 1_000_000}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise UploadRejected(not_an_image) from None
    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.info = {}  # drop EXIF, ICC, comments: nothing of the original travels on
    return CleanImage(image=image, format=probe.format)
