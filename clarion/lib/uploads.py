"""Checking images that the public uploads.

Every upload is hostile until proven otherwise: the type is decided by the
content (never the name or the browser's word), size and pixel count are
capped before decoding, animations are refused, the orientation is applied and
the picture is re-encoded, which drops EXIF, GPS and anything smuggled after
the image data (polyglots).
"""

import io
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
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


def clean_image(upload, *, max_bytes=MAX_BYTES, max_pixels=None):
    """Return a CleanImage or raise UploadRejected with a message for the person.
    Public uploads default to PUBLIC_MAX_PIXELS; staff tools may pass more."""
    max_pixels = max_pixels or PUBLIC_MAX_PIXELS
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


# -- before decoding -----------------------------------------------------------
# A picture costs about 4 bytes per pixel once decoded, whatever its file size
# (a 100 KB PNG of one colour can announce 40 MP: 160 MB). So the limits come
# first, then the decoding, one upload per address at a time and only
# DECODING_PER_PROCESS in a process at once.

PUBLIC_MAX_PIXELS = 24_000_000  # phone cameras take 12 MP; the composer needs far less
DECODING_PER_PROCESS = 2
SLOT_SECONDS = 60  # a slot a crashed process held frees itself
_decoding = threading.BoundedSemaphore(DECODING_PER_PROCESS)


@dataclass
class EncodedImage:
    """A checked picture kept as fresh JPEG bytes, not as decoded pixels."""

    size: tuple
    data: bytes

    def encode(self, *_args, **_kwargs):
        return self.data


def clean_encoded(upload, **limits):
    """clean_image, re-encoded at once: for several photos in one form, so only
    one is ever held decoded."""
    clean = clean_image(upload, **limits)
    return EncodedImage(size=clean.size, data=clean.encode())


def _busy():
    return UploadRejected(
        _("We are still working on your last picture. Please wait a moment and send it again.")
    )


@contextmanager
def decoding_slot(owner):
    """Hold this while decoding what `owner` (an address hash) uploaded: a second
    upload from the same address meanwhile is refused (UploadRejected), and a
    process decodes at most DECODING_PER_PROCESS uploads at once."""
    backend = caches["default"]
    key = f"uploads:decoding:{owner}"
    if not backend.add(key, 1, timeout=SLOT_SECONDS):
        raise _busy()
    try:
        if not _decoding.acquire(timeout=SLOT_SECONDS / 4):
            raise _busy()
        try:
            yield
        finally:
            _decoding.release()
    finally:
        backend.delete(key)


def count_upload(owner, window_seconds=3600):
    """One more upload from `owner` this hour; True while within UPLOADS_PER_HOUR."""
    backend = caches["default"]
    key = f"uploads:count:{owner}:{int(time.time() // window_seconds)}"
    if backend.add(key, 1, timeout=window_seconds + 60):
        return 1 <= settings.UPLOADS_PER_HOUR
    try:
        return backend.incr(key) <= settings.UPLOADS_PER_HOUR
    except ValueError:  # expired in between
        return backend.add(key, 1, timeout=window_seconds + 60) or True


def validate_with_uploads(make_form, data, files, owner, refused=None):
    """Validate a form carrying uploads so that nothing is decoded past a limit.

    make_form(data, files) builds the form; owner is the sender's address hash;
    refused() may return the app's own message (e.g. too many submissions this
    hour). Returns (form, status): status is None when the form is valid, 429
    when a limit refused it (the form keeps what was typed, without its files)
    and 400 when the form has errors."""
    message = refused() if refused else None
    if message is None and any(files.values()) and not count_upload(owner):
        message = _("Too many pictures from your network this hour. Please try again later.")
    if message is None:
        form = make_form(data, files)
        try:
            with decoding_slot(owner):
                return form, (None if form.is_valid() else 400)
        except UploadRejected as error:
            message = error.message
    form = make_form(data, None)
    form.add_error(None, message)
    return form, 429
