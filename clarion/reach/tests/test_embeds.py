from django.core.cache import cache
from django.test import TestCase, override_settings

from clarion.api.tests.base import confirmed_signature
from clarion.outbox.models import Mail
from clarion.reach import embeds
from clarion.supporters.models import Signature

ORIGIN = "http://testserver"


@override_settings(SITE_URL=ORIGIN)
class EmbedTestCase(TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def sign(self, token=True, **headers):
        data = {"kind": "person", "name": "Aylin Demir", "email": "aylin@example.org",
                "country": "TR", "consent": "on"}  # fmt: skip
        if token:
            data["form_token"] = embeds.form_token()
        return self.client.post("/fr/embed/sign/", data, headers=headers)

    def test_the_counter_shows_the_number_and_may_be_framed(self):
        confirmed_signature("a@example.org")
        response = self.client.get("/ar/embed/counter/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("X-Frame-Options", response)
        self.assertEqual(response["Content-Security-Policy"], "frame-ancestors *")
        html = response.content.decode()
        self.assertIn('dir="rtl"', html)
        self.assertIn(f'href="{ORIGIN}/ar/join/"', html)
        self.assertNotIn("<script", html)
        self.assertLess(len(response.content), 4000)

    def test_other_pages_stay_unframeable(self):
        for path in ("/en/join/", "/en/embed/", "/en/join/progress/"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path)["X-Frame-Options"], "DENY")

    def test_the_sign_form_takes_a_signature_through_the_one_path(self):
        form = self.client.get("/fr/embed/sign/")
        self.assertEqual(form["Content-Security-Policy"], "frame-ancestors *")
        self.assertIn('name="form_token"', form.content.decode())
        response = self.sign(Origin=ORIGIN)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], "/fr/embed/sign/thanks/")
        signature = Signature.objects.get(email="aylin@example.org")
        self.assertEqual(signature.status, Signature.PENDING)
        self.assertEqual(signature.language, "fr")
        self.assertTrue(signature.consent.text)
        self.assertTrue(Mail.objects.filter(key__startswith=f"sig:{signature.pk}:confirm"))
        thanks = self.client.get("/fr/embed/sign/thanks/")
        self.assertEqual(thanks["Content-Security-Policy"], "frame-ancestors *")

    def test_it_refuses_a_post_without_its_token_and_keeps_the_form(self):
        response = self.sign(token=False, Origin=ORIGIN)
        self.assertEqual(response.status_code, 403)
        self.assertIn('value="Aylin Demir"', response.content.decode())
        self.assertFalse(Signature.objects.exists())

    def test_it_refuses_a_forged_token(self):
        response = self.client.post(
            "/fr/embed/sign/", {"form_token": "sign:forged:token", "name": "x"}, headers={}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Signature.objects.exists())

    def test_it_refuses_a_post_from_another_site(self):
        response = self.sign(Origin="https://elsewhere.example")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Signature.objects.exists())

    def test_it_shows_errors_in_the_frame(self):
        response = self.client.post(
            "/fr/embed/sign/", {"form_token": embeds.form_token(), "name": "Aylin"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("field__error", response.content.decode())
        self.assertIn('value="Aylin"', response.content.decode())

    def test_the_share_page_gives_snippets_and_plain_links(self):
        html = self.client.get("/en/embed/").content.decode()
        self.assertIn(f"{ORIGIN}/en/embed/counter/", html)
        self.assertIn(f"{ORIGIN}/en/embed/sign/", html)
        self.assertNotIn("<script", html)
        self.assertIn("mailto:", html)
