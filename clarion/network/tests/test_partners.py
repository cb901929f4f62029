"""Issue 21.5: organisations shown, with their consent, on the partners page."""

import io
import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image, PngImagePlugin
from wagtail.models import ModelLogEntry

from clarion.lib import personal_data
from clarion.network.models import Area, Partner
from clarion.network.scoping import DENIED
from clarion.supporters.models import Signature

from .base import ORIGIN, NetworkTestCase, area, coordinator, signature


def logo_bytes(size=(800, 400), mode="RGBA"):
    """A PNG logo carrying a text chunk, which must not survive the re-encoding."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "made by the secret design office")
    out = io.BytesIO()
    colour = {"RGBA": (155, 29, 32, 255), "RGB": (155, 29, 32)}.get(mode, 90)
    Image.new(mode, size, colour).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def ask(client, lang="en", logo=None, **fields):
    data = {
        "name": "Cercle des amis de Lyon",
        "kind": "partner",
        "country": "FR",
        "link": "https://cercle.example.org/",
        "email": "contact@cercle.example.org",
        "consent": "on",
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    if logo is not None:
        data["logo"] = SimpleUploadedFile("logo.png", logo, "image/png")
    return client.post(f"/{lang}/partners/join/", data, HTTP_ORIGIN=ORIGIN)


class PartnersTestCase(NetworkTestCase):
    def setUp(self):
        super().setUp()
        self.media = tempfile.mkdtemp()
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)
        self.addCleanup(shutil.rmtree, self.media, True)

    def publish(self, partner, user=None):
        root = User.objects.filter(username="root").first()
        self.client.force_login(user or root or User.objects.create_superuser("root", "", "pw"))
        response = self.client.post(
            f"/admin/snippets/network/partner/edit/{partner.pk}/",
            {"kind": partner.kind, "name": partner.name, "country": partner.country,
             "link": partner.link, "published": "on"},
        )  # fmt: skip
        self.client.logout()
        return response

    def test_the_form_works_in_every_language(self):
        for lang in ("en", "ru", "tr", "es", "fr", "ar", "de", "az"):
            response = self.client.get(f"/{lang}/partners/join/")
            self.assertContains(response, 'enctype="multipart/form-data"')
            self.assertContains(response, 'name="consent"')
            self.assertContains(self.client.get(f"/{lang}/partners/"), f"/{lang}/partners/join/")

    def test_a_file_that_is_not_a_picture_is_refused_and_the_form_kept(self):
        response = ask(self.client, logo=b"%PDF-1.4 not a logo at all")
        self.assertContains(response, "not a picture we can use", status_code=400)
        self.assertContains(response, 'value="Cercle des amis de Lyon"', status_code=400)
        self.assertContains(response, 'value="contact@cercle.example.org"', status_code=400)
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        response = ask(self.client, logo=svg)
        self.assertContains(response, "SVG", status_code=400)
        self.assertFalse(Partner.objects.exists())

    def test_an_oversized_logo_is_refused_before_it_is_decoded(self):
        too_heavy = logo_bytes()[:-12] + b"\0" * (2 * 1024 * 1024)
        response = ask(self.client, logo=too_heavy)
        self.assertContains(response, "the limit is 2 MB", status_code=400)
        response = ask(self.client, logo=logo_bytes(size=(5000, 4000), mode="L"))  # 20 MP
        self.assertContains(response, "at most 16 megapixels", status_code=400)
        response = ask(self.client, lang="fr", logo=b"GIF89a garbage")
        self.assertContains(response, "Cercle des amis de Lyon", status_code=400)
        self.assertFalse(Partner.objects.exists())

    def test_a_request_waits_for_staff_and_its_logo_is_re_encoded(self):
        response = ask(self.client, logo=logo_bytes())
        self.assertEqual((response.status_code, response["Location"]),
                         (303, "/en/partners/thanks/"))  # fmt: skip
        partner = Partner.objects.get()
        self.assertFalse(partner.published)
        self.assertIn("partners page", partner.consent.text)
        self.assertIsNotNone(partner.consented_at)
        self.assertNotContains(self.client.get("/en/partners/"), "Cercle des amis de Lyon")
        with Image.open(Path(self.media) / partner.logo.name) as stored:
            self.assertEqual(stored.format, "PNG")
            self.assertEqual(stored.size, (partner.logo_width, partner.logo_height))
            self.assertLessEqual(stored.size, (480, 240))
            self.assertNotIn("Comment", stored.info)

    def test_published_partners_are_listed_by_kind_and_country_in_english_and_arabic(self):
        ask(self.client, logo=logo_bytes())
        ask(self.client, name="Bakı Gənclər Birliyi", kind="supporter", country="AZ", link="",
            email="info@birlik.example.org")  # fmt: skip
        for partner in Partner.objects.all():
            self.assertEqual(self.publish(partner).status_code, 302)
        lyon = Partner.objects.get(country="FR")
        self.assertIsNotNone(lyon.published_at)
        page = self.client.get("/en/partners/")
        self.assertContains(page, '<h2 id="partner">Partners</h2>', html=False)
        self.assertContains(page, "<h3>France</h3>", html=True)
        self.assertContains(page, "Bakı Gənclər Birliyi")
        self.assertContains(page, '<a href="https://cercle.example.org/" rel="noopener nofollow">')
        self.assertContains(page, f'src="/media/{lyon.logo.name}"')
        self.assertLess(page.content.index(b"Cercle"), page.content.index(b"Supporters"))
        arabic = self.client.get("/ar/partners/")
        self.assertContains(arabic, 'dir="rtl"')
        self.assertContains(arabic, "فرنسا")
        self.assertContains(arabic, "Cercle des amis de Lyon")
        self.assertContains(arabic, "الشركاء والداعمون")
        for url in ("/en/partners/", "/ar/partners/"):
            body = self.client.get(url).content.decode()
            external = [part.split('"')[0] for part in body.split('src="')[1:]]
            self.assertTrue(all(src.startswith("/") for src in external), external)

    def test_hostile_text_is_escaped_and_only_web_links_are_taken(self):
        response = ask(self.client, link="javascript:alert(1)")
        self.assertContains(response, "address of your website", status_code=400)
        arabic = ask(self.client, lang="ar", link="javascript:alert(1)")
        # In right-to-left text the example address is isolated, or it reads "/https://example.org".
        self.assertContains(arabic, "\u2068https://example.org/\u2069", status_code=400)
        ask(self.client, name="<script>alert(1)</script> Amis", link='cercle.example.org/"><b>')
        self.assertFalse(Partner.objects.exists())
        ask(self.client, name="<img src=x onerror=alert(1)> Amis")
        partner = Partner.objects.get()
        self.publish(partner)
        page = self.client.get("/en/partners/")
        self.assertNotContains(page, "<img src=x")
        self.assertContains(page, "&lt;img src=x onerror=alert(1)&gt; Amis")

    def test_a_coordinator_of_another_country_cannot_see_or_publish_it(self):
        ask(self.client)
        partner = Partner.objects.get()
        hans = coordinator("hans", area(Area.COUNTRY, "Germany", "DE"))
        self.client.force_login(hans)
        self.assertNotContains(
            self.client.get("/admin/snippets/network/partner/"), "Cercle des amis"
        )
        for view in ("edit", "inspect"):
            url = f"/admin/snippets/network/partner/{view}/{partner.pk}/"
            self.assertEqual(self.client.get(url).status_code, 403, view)
        self.assertEqual(self.publish(partner, hans).status_code, 403)
        partner.refresh_from_db()
        self.assertFalse(partner.published)
        self.assertEqual(ModelLogEntry.objects.filter(action=DENIED).count(), 3)
        amelie = coordinator("amelie", area(Area.COUNTRY, "France", "FR"))
        self.assertEqual(self.publish(partner, amelie).status_code, 302)
        partner.refresh_from_db()
        self.assertTrue(partner.published)

    def test_a_member_organisation_is_linked_to_its_signature(self):
        member = signature("Cercle des amis de Lyon", "FR", kind=Signature.ORGANISATION,
                           email="contact@cercle.example.org",
                           email_canonical="contact@cercle.example.org")  # fmt: skip
        ask(self.client)
        self.assertEqual(Partner.objects.get().signature, member)

    def test_my_data_and_erase_cover_the_listing_and_its_logo(self):
        ask(self.client, logo=logo_bytes())
        partner = Partner.objects.get()
        found = personal_data.export("contact@cercle.example.org")
        self.assertEqual(found["partner_listing"]["partners"][0]["organisation"], partner.name)
        stored = Path(self.media) / partner.logo.name
        with self.captureOnCommitCallbacks(execute=True):
            personal_data.erase("contact@cercle.example.org")
        self.assertFalse(Partner.objects.exists())
        self.assertFalse(stored.exists())

    def test_the_footer_links_to_the_partners_page(self):
        self.assertContains(self.client.get("/fr/volunteer/"), 'href="/fr/partners/"')
