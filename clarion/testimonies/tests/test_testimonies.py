"""Supporters' voices: a recording goes through the one moderation queue to
the gallery of its language; links stay plain links; published sources cited."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from clarion.contributions import moderation
from clarion.contributions.models import Submission
from clarion.contributions.tests.base import ContributionsTestCase
from clarion.lib import personal_data
from clarion.lib.tests.test_media import GPS, mp4
from clarion.outbox.models import Mail
from clarion.testimonies.models import Testimony


class TestimoniesTestCase(ContributionsTestCase):
    def send(self, lang="en", recording=None, **fields):
        data = {
            "title": "Why I remember", "language": lang, "author_name": "Samira Haddad",
            "name_display": "first", "country": "JO", "email": "samira@example.org",
            "consent": "on", "summary": "I learned about Khojaly at school and I speak of it.",
        } | fields  # fmt: skip
        if recording is not None:
            data["recording"] = SimpleUploadedFile("me.mp4", recording, "video/mp4")
        return self.post(f"/{lang}/testimonies/new/", data)

    def approve(self):
        staff = get_user_model().objects.create_superuser("mod", "mod@example.org", "pw")
        ids = list(Submission.objects.values_list("pk", flat=True))
        moderation.decide(staff, ids, "approve")

    def test_a_recording_passes_moderation_and_appears_in_its_language(self):
        response = self.send("ar", recording=mp4(moov_extra=GPS), title="لماذا أتذكر")
        self.assertEqual(response.status_code, 303)
        testimony = Testimony.objects.get()
        self.assertEqual((testimony.medium, testimony.seconds), ("video", 10))
        self.assertEqual(testimony.submission.status, Submission.PENDING)
        stored = Path(self.media) / testimony.media
        self.assertNotIn(b"+40.4093", stored.read_bytes())
        self.assertTrue(Mail.objects.filter(to="samira@example.org").exists())
        self.assertNotContains(self.client.get("/ar/testimonies/"), "لماذا أتذكر")
        self.approve()
        gallery = self.client.get("/ar/testimonies/")
        self.assertContains(gallery, "لماذا أتذكر")
        self.assertContains(gallery, f'<video controls preload="none" src="{testimony.media_url}"')
        self.assertContains(gallery, "Samira")
        self.assertNotContains(gallery, "Haddad")
        self.assertNotContains(self.client.get("/en/testimonies/"), "لماذا أتذكر")

    def test_a_link_is_shown_as_a_plain_link_never_embedded(self):
        self.send(link="https://video.example.org/watch/123")
        self.approve()
        gallery = self.client.get("/en/testimonies/")
        self.assertContains(gallery, 'href="https://video.example.org/watch/123" rel="nofollow')
        self.assertNotContains(gallery, "<iframe")

    def test_a_bad_upload_is_refused_and_the_form_kept(self):
        response = self.send(recording=b"\x89PNG\r\n\x1a\n" + bytes(200))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "not a video or sound recording", status_code=400)
        self.assertContains(response, "I learned about Khojaly at school", status_code=400)
        response = self.send(recording=mp4(seconds=600))
        self.assertContains(response, "too long", status_code=400)
        self.assertFalse(Testimony.objects.exists())
        self.assertFalse(Submission.objects.exists())

    def test_it_needs_a_recording_or_a_link_and_consent(self):
        response = self.send(consent="")
        self.assertContains(
            response, "Please add your recording, or a link to it.", status_code=400
        )
        self.assertContains(response, "Please agree", status_code=400)

    def test_staff_add_published_testimonies_with_their_source(self):
        Testimony.objects.create(
            title="A published account", summary="Text as the source publishes it.",
            language="en", speaker="As named by the source", source_outlet="Example Press",
            source_date="2012-02-26", published=True,
        )  # fmt: skip
        gallery = self.client.get("/en/testimonies/")
        self.assertContains(gallery, "A published account")
        self.assertContains(gallery, "Example Press, 2012-02-26")

    def test_my_data_and_erase_take_the_recording_too(self):
        self.send(recording=mp4())
        stored = Path(self.media) / Testimony.objects.get().media
        exported = personal_data.export("samira@example.org")["testimonies"]
        self.assertEqual(exported[0]["title"], "Why I remember")
        with self.captureOnCommitCallbacks(execute=True):
            personal_data.erase("samira@example.org")
        self.assertFalse(Testimony.objects.exists())
        self.assertFalse(stored.exists())
