"""Checking video and audio that the public uploads, without decoding it.

Only MP4-family files (MP4, M4A, QuickTime, 3GP: ISO base media boxes) are
taken. The size is capped before anything is read; then the boxes are walked
with every size checked against the file (a box that claims more than there
is, too many boxes or boxes nested too deep are refused); the container is
decided by the content, never the name; every track must be sound or
picture in a codec browsers play; the duration is the longest that the movie
or any track claims, so a header cannot hide a long file. Nothing is
decoded, converted or run. Metadata boxes (udta, meta: GPS position, device,
names) are blanked in place as `free` boxes of the same size, so the media
offsets stay right and nothing of them is published.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from clarion.lib.uploads import UploadRejected, read_limited

MAX_BYTES = 50 * 1024 * 1024
MAX_SECONDS = 180
MAX_BOXES = 20_000
MAX_DEPTH = 10
BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
          b"M4A ", b"M4V ", b"qt  ", b"3gp4", b"3gp5", b"3gp6", b"MSNV", b"dash"}  # fmt: skip
TOP_LEVEL = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"udta", b"meta", b"pdin",
             b"uuid"}  # fmt: skip
NESTED = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf"}
METADATA = {b"udta", b"meta"}
VIDEO_CODECS = {b"avc1", b"avc3", b"hvc1", b"hev1", b"vp09", b"av01"}
AUDIO_CODECS = {b"mp4a", b"Opus", b"fLaC"}


@dataclass
class Media:
    kind: str  # "video" or "audio"
    extension: str  # "mp4" or "m4a"
    seconds: float
    codecs: list
    data: bytes  # the upload with its metadata blanked


class _Bad(Exception):
    pass


def _not_media():
    return UploadRejected(
        _(
            "This file is not a video or sound recording we can publish. Please send an MP4 "
            "video (H.264) or an M4A sound recording."
        )  # fmt: skip
    )


def check_media(upload, *, max_bytes=MAX_BYTES, max_seconds=MAX_SECONDS):
    """A Media, or UploadRejected with a message for the person."""
    data = upload if isinstance(upload, bytes) else read_limited(upload, max_bytes)
    if len(data) > max_bytes:
        raise UploadRejected(
            _("The file is too large: the limit is %(mb)d MB.") % {"mb": max_bytes // 2**20}
        )
    if data[4:8] != b"ftyp" or data[8:12] not in BRANDS:
        raise _not_media()
    walker = _Walker(bytearray(data))
    try:
        walker.walk()
    except _Bad as error:
        raise UploadRejected(str(error.args[0])) from None
    except (IndexError, ValueError):
        raise _not_media() from None
    if walker.seconds > max_seconds:
        raise UploadRejected(
            _("The recording is too long: at most %(minutes)d minutes.")
            % {"minutes": max_seconds // 60}
        )
    kind = "video" if b"vide" in walker.handlers else "audio"
    return Media(
        kind=kind,
        extension="mp4" if kind == "video" else "m4a",
        seconds=walker.seconds,
        codecs=sorted(c.decode("latin-1") for c in walker.codecs),
        data=bytes(walker.data),
    )


class _Walker:
    def __init__(self, data):
        self.data, self.count = data, 0
        self.seconds, self.handlers, self.codecs = 0.0, [], set()
        self.moov = 0

    def boxes(self, start, end, depth):
        if depth > MAX_DEPTH:
            raise _Bad(_("The file's structure is nested too deeply."))
        pos = start
        while pos < end:
            self.count += 1
            if self.count > MAX_BOXES or end - pos < 8:
                raise _Bad(_("The file's structure is damaged."))
            size, kind, header = _u32(self.data, pos), bytes(self.data[pos + 4 : pos + 8]), 8
            if size == 1:
                size, header = int.from_bytes(self.data[pos + 8 : pos + 16], "big"), 16
            elif size == 0:
                size = end - pos
            if size < header or pos + size > end:
                raise _Bad(_("The file claims to be longer than it is."))
            yield kind, pos, pos + header, pos + size
            pos += size

    def walk(self):
        for kind, start, body, end in self.boxes(0, len(self.data), 0):
            if kind not in TOP_LEVEL:
                raise _not_media_bad()
            if kind == b"moov":
                self.moov += 1
                self.container(body, end, 1)
            elif kind in METADATA:
                self.blank(start, body, end)
        if self.moov != 1 or not self.handlers or not self.seconds:
            raise _not_media_bad()

    def container(self, start, end, depth):
        for kind, box_start, body, box_end in self.boxes(start, end, depth):
            if kind in METADATA:
                self.blank(box_start, body, box_end)
            elif kind in NESTED:
                self.container(body, box_end, depth + 1)
            elif kind in (b"mvhd", b"mdhd"):
                self.duration(body)
            elif kind == b"hdlr":
                handler = bytes(self.data[body + 8 : body + 12])
                if handler not in (b"vide", b"soun"):
                    raise _Bad(_("Only sound and picture are accepted in the file."))
                self.handlers.append(handler)
            elif kind == b"stsd":
                codec = bytes(self.data[body + 12 : body + 16])
                if codec not in VIDEO_CODECS | AUDIO_CODECS:
                    raise _Bad(_("This video or sound format is not accepted. Please send "
                                 "H.264 video with AAC sound."))  # fmt: skip
                self.codecs.add(codec)

    def duration(self, body):
        if self.data[body] == 1:
            timescale = _u32(self.data, body + 20)
            units = int.from_bytes(self.data[body + 24 : body + 32], "big")
        else:
            timescale, units = _u32(self.data, body + 12), _u32(self.data, body + 16)
        if not timescale:
            raise _Bad(_("The file's structure is damaged."))
        if units in (0xFFFFFFFF, 2**64 - 1):  # "unknown": a file must say how long it is
            raise _Bad(_("The file does not say how long the recording is."))
        self.seconds = max(self.seconds, units / timescale)

    def blank(self, start, body, end):
        self.data[start + 4 : start + 8] = b"free"
        self.data[body:end] = bytes(end - body)


def _not_media_bad():
    return _Bad(_not_media().message)


def _u32(data, at):
    if at + 4 > len(data):
        raise IndexError(at)
    return int.from_bytes(data[at : at + 4], "big")
