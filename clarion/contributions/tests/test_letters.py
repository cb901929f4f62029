from clarion.contributions.models import Submission
from clarion.contributions.tests.base import ContributionsTestCase, upload
from clarion.outbox.models import Mail


class LettersTestCase(ContributionsTestCase):
    def test_it_shows_the_form(self):
        response = self.client.get("/az/letters/")
        self.assertContains(response, 'name="text"')
        self.assertContains(response, 'name="class_consent"')

    def test_it_accepts_a_letter_for_moderation_and_mails_an_erase_link(self):
        response = self.letter()
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], "/en/letters/thanks/")
        letter = Submission.objects.get()
        self.assertEqual((letter.kind, letter.status, letter.genre), ("letter", "pending", "poem"))
        self.assertTrue(letter.card)
        self.assertIn("/en/letters/erase/", Mail.objects.get(to="author@example.org").body)

    def test_it_makes_html_and_scripts_inert(self):
        attack = (
            '<script>alert("x")</script><img src=x onerror=alert(1)><b>Bold</b> & more words here'
        )
        self.letter(text=attack, title="Title")
        letter = Submission.objects.get()
        self.assertNotIn("<script", letter.text)
        self.assertNotIn("onerror", letter.text)
        self.assertIn("Bold & more", letter.text)
        Submission.objects.filter(pk=letter.pk).update(status=Submission.APPROVED)
        Submission.objects.filter(pk=letter.pk).update(text='<img src=x onerror=alert(1)> "q"')
        page = self.client.get(f"/en/letters/{letter.pk}/").content.decode()
        self.assertNotIn("<img src=x", page)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", page)

    def test_it_refuses_names_with_direction_overrides_and_markup_in_names_is_escaped(self):
        response = self.letter(author_name="Sample\u202eRohtua")
        self.assertContains(response, "Please use only letters", status_code=400)
        self.letter(author_name="<b>Sample</b> Author")
        letter = Submission.objects.get()
        Submission.objects.filter(pk=letter.pk).update(status=Submission.APPROVED)
        page = self.client.get(f"/en/letters/{letter.pk}/").content.decode()
        self.assertIn("&lt;b&gt;Sample&lt;/b&gt;", page)

    def test_it_drops_direction_overrides_from_the_text(self):
        self.letter(text="Almond \u202etrees\u202c bloom again and again every single spring.")
        self.assertNotIn("\u202e", Submission.objects.get().text)

    def test_it_refuses_an_empty_submission_and_saves_nothing(self):
        response = self.letter(text="", title="", author_name="", email="")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Please write your text or add a drawing", status_code=400)
        self.assertFalse(Submission.objects.exists())
        self.assertFalse(Mail.objects.exists())

    def test_it_keeps_what_was_typed_when_a_field_is_wrong(self):
        response = self.letter(email="not-an-address", text="My words about spring blossoms.")
        self.assertContains(response, "My words about spring blossoms.", status_code=400)
        self.assertContains(response, "Enter a valid email", status_code=400)

    def test_it_needs_consent_and_a_school_when_a_teacher_sends_for_a_class(self):
        response = self.letter(for_class="on")
        self.assertContains(response, "Please name the school", status_code=400)
        self.assertContains(response, "families agree", status_code=400)
        self.assertEqual(
            self.letter(
                for_class="on",
                school="School 5, class 4B",
                class_consent="on",
                age_group="under-12",
            ).status_code,
            303,
        )
        letter = Submission.objects.get()
        self.assertTrue(letter.for_class and letter.class_consent)
        self.assertEqual(letter.age_group, "under-12")

    def test_it_accepts_a_drawing_alone_and_refuses_a_hostile_one(self):
        response = self.letter(text="", genre="drawing", drawing=upload(b"GIF89a<script>"))
        self.assertContains(response, "not a picture", status_code=400)
        self.assertEqual(self.letter(text="", genre="drawing", drawing=upload()).status_code, 303)
        self.assertTrue(Submission.objects.get().image)

    def test_it_shows_the_name_as_chosen(self):
        self.letter(name_display="none")
        letter = Submission.objects.get()
        Submission.objects.filter(pk=letter.pk).update(status=Submission.APPROVED)
        page = self.client.get(f"/en/letters/{letter.pk}/")
        self.assertNotContains(page, "Sample Author")

    def test_it_erases_by_the_mailed_link_only_on_post(self):
        self.letter(drawing=upload())
        letter = Submission.objects.get()
        link = next(w for w in Mail.objects.get().body.split() if w.startswith("http"))
        path = link.replace("http://testserver", "")
        self.assertContains(self.client.get(path), "Erase it now")
        self.assertTrue(Submission.objects.exists())
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.post(path, {}).status_code, 200)
        self.assertFalse(Submission.objects.exists())
        from django.core.files.storage import default_storage

        self.assertFalse(default_storage.exists(letter.image))
        self.assertEqual(self.client.get("/en/letters/erase/forged/").status_code, 400)

    def test_it_refuses_a_flood_from_one_address_and_keeps_the_text(self):
        from django.test import override_settings

        with override_settings(CONTRIBUTIONS_PER_HOUR=2):
            self.letter()
            self.letter(email="b@example.org")
            response = self.letter(email="c@example.org", text="A third poem about blossoms.")
            self.assertContains(response, "Too many contributions", status_code=429)
            self.assertContains(response, "A third poem about blossoms.", status_code=429)
            self.assertEqual(Submission.objects.count(), 2)
            self.assertEqual(self.compose().status_code, 429)
            other = self.letter(email="d@example.org", REMOTE_ADDR="203.0.113.9")
            self.assertEqual(other.status_code, 303)

    def test_an_empty_post_gets_messages_not_a_blank_form(self):
        for url in ("/en/letters/", "/en/image-message/"):
            with self.subTest(url):
                response = self.post(url, {})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "field__error", status_code=400)
        self.assertFalse(Submission.objects.exists())
