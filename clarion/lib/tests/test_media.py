"""Video and sound uploads are checked by their structure, never decoded."""

from django.test import SimpleTestCase
from django.utils import translation

from clarion.lib.media import check_media
from clarion.lib.uploads import UploadRejected


def box(kind, payload=b""):
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def header(kind, seconds, timescale=1000):
    return box(
        kind,
        bytes(12)
        + timescale.to_bytes(4, "big")
        + int(seconds * timescale).to_bytes(4, "big")
        + bytes(80),
    )


def track(handler=b"vide", codec=b"avc1", seconds=10, extra=b""):
    stsd = box(b"stsd", bytes(4) + (1).to_bytes(4, "big") + box(codec, bytes(70)))
    minf = box(b"minf", box(b"stbl", stsd))
    hdlr = box(b"hdlr", bytes(8) + handler + bytes(12))
    return box(b"trak", box(b"mdia", header(b"mdhd", seconds) + hdlr + minf) + extra)


def mp4(*tracks, brand=b"isom", seconds=10, moov_extra=b"", top_extra=b""):
    tracks = tracks or (track(), track(b"soun", b"mp4a"))
    moov = box(b"moov", header(b"mvhd", seconds) + b"".join(tracks) + moov_extra)
    return box(b"ftyp", brand + bytes(4) + brand) + moov + top_extra + box(b"mdat", bytes(64))


GPS = box(b"udta", box(b"\xa9xyz", b"+40.4093+049.8671/"))


class MediaTestCase(SimpleTestCase):
    def assertRefused(self, data, words, **limits):
        with translation.override("en"), self.assertRaises(UploadRejected) as caught:
            check_media(data, **limits)
        with translation.override("en"):
            self.assertIn(words, str(caught.exception.message))

    def test_it_accepts_an_mp4_video_and_blanks_its_metadata(self):
        data = mp4(moov_extra=GPS, top_extra=box(b"meta", b"camera serial 123"))
        media = check_media(data)
        self.assertEqual((media.kind, media.extension, media.seconds), ("video", "mp4", 10))
        self.assertEqual(media.codecs, ["avc1", "mp4a"])
        self.assertEqual(len(media.data), len(data))
        self.assertNotIn(b"+40.4093", media.data)
        self.assertNotIn(b"camera serial", media.data)
        self.assertNotIn(b"udta", media.data)

    def test_it_accepts_a_sound_recording(self):
        media = check_media(mp4(track(b"soun", b"mp4a", 60), brand=b"M4A ", seconds=60))
        self.assertEqual((media.kind, media.extension), ("audio", "m4a"))

    def test_it_refuses_what_is_not_a_recording_whatever_its_name(self):
        png = b"\x89PNG\r\n\x1a\n" + bytes(100)
        self.assertRefused(png, "not a video or sound recording")
        self.assertRefused(mp4(brand=b"XXXX"), "not a video or sound recording")
        self.assertRefused(mp4(top_extra=box(b"exec", b"#!/bin/sh")), "not a video")

    def test_it_refuses_a_file_too_large_before_reading_it(self):
        self.assertRefused(mp4(), "too large", max_bytes=100)

    def test_it_takes_the_longest_duration_any_header_claims(self):
        long_track = track(seconds=3600)
        self.assertRefused(mp4(long_track, seconds=10), "too long")
        self.assertRefused(mp4(seconds=181), "too long")

    def test_it_refuses_boxes_that_lie_about_their_size(self):
        data = bytearray(mp4())
        moov = data.index(b"moov") - 4
        data[moov : moov + 4] = (10**6).to_bytes(4, "big")
        self.assertRefused(bytes(data), "longer than it is")

    def test_it_refuses_deep_nesting_and_other_tracks_and_codecs(self):
        deep = box(b"edts", b"")
        for _n in range(12):
            deep = box(b"edts", deep)
        self.assertRefused(mp4(moov_extra=deep), "nested too deeply")
        self.assertRefused(mp4(track(b"text", b"tx3g")), "Only sound and picture")
        self.assertRefused(mp4(track(codec=b"mp4v")), "format is not accepted")

    def test_it_refuses_a_file_that_hides_its_length(self):
        unknown = box(b"mvhd", bytes(12) + (1000).to_bytes(4, "big") + b"\xff" * 4 + bytes(80))
        data = box(b"ftyp", b"isom" + bytes(8)) + box(b"moov", unknown + track()) + box(b"mdat")
        self.assertRefused(data, "does not say how long")
