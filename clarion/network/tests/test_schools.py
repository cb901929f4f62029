import io
import re
import zlib

from django.contrib.auth.models import User
from django.core.cache import cache
from PIL import Image

from clarion.contributions import moderation
from clarion.contributions.models import Submission
from clarion.lib import pdf, personal_data, typeset
from clarion.network import schools
from clarion.network.models import Area, Certificate, SchoolClass
from clarion.outbox.models import Mail

from .base import ORIGIN, NetworkTestCase, area, coordinator
from .test_certificates import pdf_to_png
from .test_volunteer import link_in

LANGUAGES = ("en", "ru", "tr", "es", "fr", "ar", "de", "az")


def register(client, lang="en", **fields):
    data = {
        "school": "Lycée Victor Hugo",
        "class_name": "3B",
        "town": "Lyon",
        "country": "FR",
        "age_group": "12-15",
        "pupils": "24",
        "language": "en",
        "email": "teacher@example.org",
        "consent": "on",
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/{lang}/schools/", data, HTTP_ORIGIN=ORIGIN)


def drawn_lines(document):
    """The text of each line of a PDF made by clarion.lib.pdf, in the order its
    glyphs are drawn (from the left): the glyph ids mapped back to characters."""
    font = pdf.load_font(typeset.path("mixed"))
    characters = {}
    for code, glyph in sorted(font.cmap.items()):
        characters.setdefault(glyph, chr(code))
    lines = []
    for stream in re.findall(rb"/FlateDecode /Length \d+ >>\nstream\n(.*?)\nendstream", document,
                             re.S):  # fmt: skip
        content = zlib.decompress(stream)
        for glyphs in re.findall(rb"<([0-9A-F]+)> Tj", content):
            ids = [int(glyphs[i : i + 4], 16) for i in range(0, len(glyphs), 4)]
            lines.append("".join(characters.get(g, "?") for g in ids))
    return lines


def work(**fields):
    text = "We learnt about the night of 25–26 February 1992 and we remember."
    data = {"genre": "letter", "title": "For the families", "class_consent": "on", "text": text}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


class SchoolsTestCase(NetworkTestCase):
    def active_class_page(self, **fields):
        register(self.client, **fields)
        school_class = SchoolClass.objects.get()
        url = link_in(Mail.objects.get(key=f"class:{school_class.pk}:confirm"), "confirm")
        response = self.client.post(url, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 303)
        return school_class, response["Location"]

    def test_the_page_works_in_every_language(self):
        for lang in LANGUAGES:
            response = self.client.get(f"/{lang}/schools/")
            self.assertEqual(response.status_code, 200, lang)
            self.assertContains(response, 'name="pupils"')
            self.assertContains(response, f'href="/{lang}/schools/pack/ar.pdf"')

    def test_a_teacher_registers_confirms_and_gets_the_page_link(self):
        response = register(self.client, language="fr")
        self.assertEqual((response.status_code, response["Location"]), (303, "/en/schools/thanks/"))
        school_class = SchoolClass.objects.get()
        self.assertEqual((school_class.status, school_class.pupils), (SchoolClass.PENDING, 24))
        confirm = Mail.objects.get(key=f"class:{school_class.pk}:confirm")
        self.assertIn("Lycée Victor Hugo, 3B, Lyon", confirm.body)
        self.assertIn("/fr/schools/confirm/", confirm.body)  # in the class's language
        url = link_in(confirm, "confirm")
        self.assertContains(self.client.get(url), "Lycée Victor Hugo")
        school_class.refresh_from_db()
        self.assertEqual(school_class.status, SchoolClass.PENDING)  # a GET changes nothing
        page = self.client.post(url, HTTP_ORIGIN=ORIGIN)["Location"]
        school_class.refresh_from_db()
        self.assertEqual(school_class.status, SchoolClass.ACTIVE)
        self.assertTrue(Mail.objects.filter(key=f"class:{school_class.pk}:page").exists())
        self.assertContains(self.client.get(page), "/schools/pack/fr.pdf")

    def test_the_class_work_reaches_the_moderation_queue_then_the_certificate(self):
        school_class, page = self.active_class_page(language="fr")
        self.assertEqual(self.client.get(f"{page}certificate.pdf").status_code, 400)
        response = self.client.post(page, work(), HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 303)
        letter = Submission.objects.get()
        self.assertEqual((letter.status, letter.for_class), (Submission.PENDING, True))
        self.assertEqual(letter.author_name, "Lycée Victor Hugo, 3B, Lyon")
        self.assertEqual((letter.language, letter.age_group), ("fr", "12-15"))
        staff = User.objects.create_superuser("root", "root@example.org", "pw")
        self.assertIn(letter, moderation.queue_for(staff))
        self.assertNotContains(self.client.get(page), "certificate.pdf")
        moderation.decide(staff, [letter.pk], "approve")
        self.assertContains(self.client.get(page), "certificate.pdf")
        pdf = self.client.get(f"{page}certificate.pdf")
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        certificate = Certificate.objects.get(source=f"class:{school_class.pk}")
        self.assertEqual(certificate.kind, Certificate.SCHOOL)
        check = self.client.get(f"/en/certificates/verify/{certificate.number}/")
        self.assertContains(check, "Lycée Victor Hugo, 3B, Lyon")
        self.assertContains(check, "School class that took part in the campaign")

    def test_the_gallery_can_show_only_school_work(self):
        school_class, page = self.active_class_page()
        self.client.post(page, work(title="From the class"), HTTP_ORIGIN=ORIGIN)
        Submission.objects.create(kind="letter", status=Submission.APPROVED, title="From a person",
                                  text="Words.", language="en", country="DE")  # fmt: skip
        Submission.objects.filter(for_class=True).update(status=Submission.APPROVED)
        everything = self.client.get("/en/letters/read/")
        if everything.status_code == 404:  # no letters page in this database
            self.skipTest("the letters page comes with the content pack")
        self.assertContains(everything, "From a person")
        only = self.client.get("/en/letters/read/", {"school": "1"})
        self.assertContains(only, "From the class")
        self.assertNotContains(only, "From a person")

    def test_pupils_personal_data_is_refused(self):
        school_class, page = self.active_class_page()
        for text in ("Write to Ali: ali.k@example.org", "Call Lea on +33 6 12 34 56 78"):
            response = self.client.post(page, work(text=text), HTTP_ORIGIN=ORIGIN)
            self.assertEqual(response.status_code, 400)
            self.assertContains(response, "personal data is never needed", status_code=400)
            self.assertContains(response, "Write to Ali" if "Ali" in text else "Call Lea",
                                status_code=400)  # fmt: skip
        self.assertFalse(Submission.objects.exists())
        response = register(self.client, class_name="Ali +33612345678")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(SchoolClass.objects.count(), 1)
        dates = work(text="On 26.02.1992, 613 people were killed, in 1992-2024 we remember.")
        self.assertEqual(self.client.post(page, dates, HTTP_ORIGIN=ORIGIN).status_code, 303)

    def test_a_class_without_consent_or_work_gets_messages_not_a_500(self):
        school_class, page = self.active_class_page()
        response = self.client.post(page, work(class_consent=None), HTTP_ORIGIN=ORIGIN)
        self.assertContains(response, "families agree", status_code=400)
        response = self.client.post(page, work(text=""), HTTP_ORIGIN=ORIGIN)
        self.assertContains(response, "Please write the text or add a drawing", status_code=400)
        for bad in ({"pupils": "0"}, {"pupils": "lots"}, {"country": "XX"}, {"language": "xx"},
                    {"age_group": "adult"}, {"consent": None}, {"school": "123"}):  # fmt: skip
            cache.clear()  # the hourly limit counts every attempt
            self.assertEqual(register(self.client, **bad).status_code, 400, bad)
        self.assertEqual(self.client.get("/en/schools/class/forged/").status_code, 400)
        self.assertEqual(self.client.get("/en/schools/confirm/forged/").status_code, 400)

    def test_hostile_school_names_are_text_not_markup(self):
        register(self.client, school="<script>alert(1)</script> School")
        school_class = SchoolClass.objects.get()
        url = link_in(Mail.objects.get(key=f"class:{school_class.pk}:confirm"), "confirm")
        response = self.client.get(url)
        self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(response, "&lt;script&gt;")

    def test_the_teacher_pack_opens_in_every_language_and_not_in_others(self):
        for lang in LANGUAGES:
            response = self.client.get(f"/en/schools/pack/{lang}.pdf")
            self.assertEqual(response["Content-Type"], "application/pdf", lang)
            self.assertTrue(response.content.startswith(b"%PDF"))
        for unknown in ("xx", "EN", "zh", "en.pdf%00"):
            response = self.client.get(f"/fr/schools/pack/{unknown}.pdf")
            self.assertContains(response, "existe pas de dossier pédagogique", status_code=404)
        self.assertEqual(self.client.get("/fr/schools/pack/..%2Fsecret.pdf").status_code, 404)

    def test_the_arabic_pack_draws_pages_with_text(self):
        pages = [pdf_to_png(schools.teacher_pack(lang)) for lang in ("ar", "en")]
        if pages[0] is None:
            self.skipTest("pdftoppm is not installed")
        for image in pages:
            grey = image.convert("L")
            dark = sum(1 for value in grey.getdata() if value < 128)
            self.assertGreater(dark, 500)  # text was drawn, not an empty page
        buffer = io.BytesIO()
        pages[0].save(buffer, "PNG")
        self.assertEqual(Image.open(buffer).size, pages[1].size)

    def test_the_arabic_pack_draws_brackets_the_right_way_round(self):
        lines = drawn_lines(schools.teacher_pack("ar"))
        # Arabic lines holding whole "(…)" pairs (a long one may be wrapped over two).
        with_brackets = [
            line for line in lines
            if any(map(typeset.is_arabic, line)) and 0 < line.count("(") == line.count(")")
        ]  # fmt: skip
        self.assertTrue(with_brackets)
        for line in with_brackets:
            depth = 0
            for char in line:  # read from the left, as it is drawn
                depth += {"(": 1, ")": -1}.get(char, 0)
                self.assertGreaterEqual(depth, 0, line)
            self.assertEqual(depth, 0, line)

    def test_the_pack_names_the_campaign_in_its_language(self):
        english = [line.strip() for line in drawn_lines(schools.teacher_pack("en"))]
        arabic = [line.strip() for line in drawn_lines(schools.teacher_pack("ar"))]
        self.assertIn("Justice for Khojaly", english)
        self.assertNotIn("Justice for Khojaly", arabic)

    def test_coordinators_see_only_the_classes_of_their_area(self):
        register(self.client)
        register(self.client, school="Goethe-Gymnasium", town="Berlin", country="DE",
                 email="lehrer@example.org")  # fmt: skip
        german = SchoolClass.objects.get(country="DE")
        self.client.force_login(coordinator("amelie", area(Area.COUNTRY, "France", "FR")))
        listing = self.client.get("/admin/snippets/network/schoolclass/")
        self.assertContains(listing, "Lycée Victor Hugo")
        self.assertNotContains(listing, "Goethe-Gymnasium")
        inspect = self.client.get(f"/admin/snippets/network/schoolclass/inspect/{german.pk}/")
        self.assertEqual(inspect.status_code, 403)

    def test_the_teacher_can_download_and_erase_the_class(self):
        register(self.client)
        found = personal_data.export("teacher@example.org")
        self.assertEqual(found["schools"]["school_classes"][0]["pupils"], 24)
        personal_data.erase("teacher@example.org")
        self.assertFalse(SchoolClass.objects.exists())
        self.assertFalse(Mail.objects.filter(key__startswith="class:").exclude(body="").exists())
