import io

from django.core.files.storage import default_storage
from PIL import Image

from clarion.contributions.models import Submission
from clarion.contributions.tests.base import ContributionsTestCase, photo_bytes, upload
from clarion.outbox.models import Mail


class ComposerTestCase(ContributionsTestCase):
    def test_it_shows_the_composer(self):
        response = self.client.get("/ar/image-message/")
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "نتذكّر خوجالي")  # the slogans in the page's language
        self.assertContains(response, 'name="frame"')

    def test_it_makes_a_draft_from_a_background_and_renders_every_size(self):
        url = self.draft_url(self.compose("az"))
        draft = Submission.objects.get()
        self.assertEqual(draft.status, Submission.DRAFT)
        self.assertEqual(draft.composition["text"], "Xocalını unutmuruq")
        self.assertContains(self.client.get(url), "square.jpg")
        for size, dimensions in [
            ("square", (1080, 1080)),
            ("story", (1080, 1920)),
            ("card", (1200, 630)),
        ]:
            response = self.client.get(f"{url}{size}.jpg?download=1")
            self.assertEqual(response["Content-Type"], "image/jpeg")
            self.assertIn("attachment", response["Content-Disposition"])
            self.assertEqual(Image.open(io.BytesIO(response.content)).size, dimensions)
        self.assertEqual(self.client.get(f"{url}poster.jpg").status_code, 404)

    def test_it_keeps_only_the_cleaned_photo_without_gps(self):
        original = photo_bytes(size=(3000, 2000), gps=True)
        url = self.draft_url(self.compose(photo=upload(original)))
        draft = Submission.objects.get()
        with default_storage.open(draft.photo) as stored:
            data = stored.read()
        self.assertNotEqual(data, original)
        self.assertNotIn(b"CameraMaker", data)
        kept = Image.open(io.BytesIO(data))
        self.assertEqual(dict(kept.getexif()), {})
        self.assertLessEqual(max(kept.size), 2400)
        rendered = self.client.get(f"{url}square.jpg").content
        self.assertEqual(dict(Image.open(io.BytesIO(rendered)).getexif()), {})
        self.assertNotIn(b"CameraMaker", rendered)

    def test_it_refuses_hostile_uploads_with_a_message_and_keeps_the_choices(self):
        cases = [
            (b"<svg onload='alert(1)'/>", "SVG"),
            (photo_bytes()[:300], "not a picture"),
            (b"", "empty"),
        ]
        for data, words in cases:
            with self.subTest(words):
                response = self.compose(frame="band", photo=upload(data, "cat.png", "image/png"))
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, words, status_code=400)
                self.assertRegex(response.content.decode(), r'value="band"[^>]* checked')
        self.assertFalse(Submission.objects.exists())

    def test_it_asks_for_own_words_when_chosen(self):
        response = self.compose(slogan="own", own_text="")
        self.assertContains(response, "Please write your words", status_code=400)
        response = self.compose(slogan="own", own_text="Hello\u202eevil")
        self.assertEqual(response.status_code, 400)
        url = self.draft_url(self.compose(slogan="own", own_text="Xocalı, biz unutmuruq"))
        self.assertEqual(Submission.objects.get().composition["text"], "Xocalı, biz unutmuruq")
        self.assertEqual(self.client.get(f"{url}square.jpg").status_code, 200)

    def test_it_changes_a_draft_and_keeps_the_photo(self):
        url = self.draft_url(self.compose(photo=upload()))
        photo = Submission.objects.get().photo
        response = self.post(
            url,
            {
                "background": "almond",
                "frame": "plain",
                "slogan": "date",
                "slogan_language": "ru",
                "position": "top",
                "zoom": "150",
            },
        )
        self.assertEqual(response.status_code, 303)
        draft = Submission.objects.get()
        self.assertEqual(draft.photo, photo)
        self.assertEqual(draft.composition["frame"], "plain")
        self.assertEqual(draft.composition["text"], "Ходжалы · 26 февраля 1992")

    def test_it_refuses_cross_site_posts_and_forged_tokens(self):
        response = self.client.post("/en/image-message/", {}, HTTP_ORIGIN="https://evil.example")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get("/en/image-message/draft/forged/").status_code, 404)
        self.assertEqual(
            self.client.get("/en/image-message/draft/forged/square.jpg").status_code, 404
        )

    def test_it_sends_a_draft_to_the_moderation_queue(self):
        url = self.draft_url(self.compose(photo=upload()))
        response = self.post(f"{url}submit/", self.author(name_display="first"))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], "/en/image-message/thanks/")
        item = Submission.objects.get()
        self.assertEqual(item.status, Submission.PENDING)
        self.assertEqual(item.public_name, "Sample")
        self.assertTrue(default_storage.exists(item.image))
        with default_storage.open(item.card) as card:
            self.assertEqual(Image.open(card).size, (1200, 630))
        mail = Mail.objects.get(to="author@example.org")
        self.assertIn("/en/letters/erase/", mail.body)
        self.assertEqual(self.client.get(url).status_code, 404)  # no longer a draft

    def test_it_shows_the_errors_when_sending_without_consent(self):
        url = self.draft_url(self.compose())
        response = self.post(f"{url}submit/", self.author(consent=None, email="nope"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Please agree", status_code=400)
        self.assertContains(response, 'value="Sample Author"', status_code=400)
        self.assertEqual(Submission.objects.get().status, Submission.DRAFT)
        self.assertFalse(Mail.objects.exists())

    def test_it_explains_a_refused_upload_in_the_visitors_language(self):
        svg = upload(b"<svg/>", "cat.png", "image/png")
        response = self.compose("ar", photo=svg)
        self.assertContains(response, "لا نقبل ملفات SVG", status_code=400)
        response = self.compose("az", photo=upload(b"GIF89a<script>"))
        self.assertContains(response, "istifadə edə biləcəyimiz şəkil deyil", status_code=400)

    def test_the_live_preview_shows_other_choices_without_saving_them(self):
        url = self.draft_url(self.compose())
        saved = self.client.get(f"{url}square.jpg").content
        query = "frame=band&background=almond&slogan=justice&slogan_language=ar&own_text="
        query += "&position=center&zoom=100"
        other = self.client.get(f"{url}square.jpg?{query}")
        self.assertEqual(other.status_code, 200)
        self.assertNotEqual(other.content, saved)
        self.assertEqual(Submission.objects.get().composition["frame"], "blossom")
        bad = self.client.get(f"{url}square.jpg?frame=nope&zoom=7")
        self.assertEqual(bad.status_code, 400)
