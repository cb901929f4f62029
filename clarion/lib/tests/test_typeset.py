from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, override_settings
from PIL import Image, ImageDraw

from clarion.lib import typeset


class TypesetTestCase(SimpleTestCase):
    def test_it_ships_every_font_the_renderers_use(self):
        self.assertEqual(typeset.missing(), [])
        for name in typeset.FILES:
            self.assertTrue(Path(typeset.path(name)).is_relative_to(Path("clarion").resolve()))

    def test_it_leaves_left_to_right_text_alone(self):
        for text in ("Justice for Khojaly", "Xocalı soyqırımı", "Ходжалинская трагедия"):
            self.assertEqual(typeset.visual(text), text)

    def test_it_joins_arabic_and_puts_it_in_visual_order(self):
        drawn = typeset.visual("خوجالي")
        # Reversed for drawing from the left, in joined forms: final yeh first.
        self.assertEqual(drawn, "\ufef2\ufedf\ufe8e\ufe9f\ufeee\ufea7")

    def test_it_keeps_numbers_and_latin_words_in_reading_order_inside_arabic(self):
        drawn = typeset.visual("خوجالي 1992 Khojaly", rtl=True)
        self.assertTrue(drawn.startswith("Khojaly 1992 "))
        self.assertTrue(drawn.endswith("\ufea7"))
        # A name in a left-to-right line (a PDF list) stays where it was typed.
        self.assertTrue(typeset.visual("1. خوجالي (AZ)", rtl=False).startswith("1. "))

    def test_it_draws_each_arabic_name_with_joined_glyphs(self):
        """Drawn joined, the word is one connected stroke narrower than its
        letters set apart, in every Arabic face shipped."""
        for name in ("arabic", "arabic-bold", "naskh-bold", "mixed"):
            face = typeset.font(name, 60)
            joined = face.getlength(typeset.visual("خوجالي"))
            apart = sum(face.getlength(c) for c in "خوجالي")
            self.assertLess(joined, apart * 0.95, name)
            image = Image.new("L", (600, 120), 0)
            ImageDraw.Draw(image).text((10, 10), typeset.visual("خوجالي"), font=face, fill=255)
            self.assertIsNotNone(image.getbbox(), name)

    def test_it_mirrors_brackets_inside_right_to_left_runs(self):
        """Drawn glyph after glyph from the left, an Arabic "(…)" must come out
        as "(" on the left and ")" on the right: the reordered brackets take
        their mirrored glyphs (Unicode bidi rule L4)."""
        drawn = typeset.visual("خوجالي (1992) [نص] «كلمة»", rtl=True)
        for opening, closing in ("()", "[]", "«»"):
            self.assertLess(drawn.index(opening), drawn.index(closing), drawn)
        self.assertTrue(drawn.startswith("«"), drawn)
        self.assertTrue(typeset.visual("(خوجالي)", rtl=False).startswith("("))
        # The last line of an Arabic paragraph may hold only Latin words and the ")".
        self.assertEqual(typeset.visual("Center (ICYF), 2024)", rtl=True), "(Center (ICYF), 2024")
        self.assertEqual(typeset.visual("(Khojaly) [1992]", rtl=False), "(Khojaly) [1992]")

    def test_it_splits_a_visual_line_into_script_runs(self):
        runs = typeset.runs(typeset.visual("Xocalı خوجالي", rtl=False))
        self.assertEqual([arabic for arabic, _part in runs], [False, True])

    def test_it_refuses_to_start_without_a_font(self):
        with mock.patch.dict(typeset.FILES, {"sans": "Gone-Regular.ttf"}):
            with self.assertRaisesMessage(SystemCheckError, "Gone-Regular.ttf"):
                call_command("check")

    @override_settings(PETITIONS_FONT="/nowhere/Font.ttf")
    def test_it_names_a_missing_petitions_font(self):
        with self.assertRaisesMessage(SystemCheckError, "/nowhere/Font.ttf"):
            call_command("check")

    def test_it_uses_only_ligatures_every_shipped_face_has(self):
        """'الله' in a name must not become the one-glyph ligature ﷲ, which the
        PDF font lacks (it printed as '?')."""
        drawn = typeset.visual("محمد عبد الله لا")
        self.assertNotIn("\ufdf2", drawn)
        self.assertIn("\ufefb", drawn)  # lam-alef, which every Arabic face has
        for name in ("arabic", "naskh-bold", "mixed"):
            face = typeset.font(name, 40)
            for char in set(drawn) - {" "}:
                self.assertNotEqual(
                    bytes(face.getmask(char)), bytes(face.getmask("\ue000")), (name, char)
                )

    def test_it_renders_from_the_repository_alone(self):
        """Nothing the site draws with comes from the system's font folders
        (on a fresh server they are empty)."""
        from django.conf import settings

        self.assertTrue(Path(settings.PETITIONS_FONT).is_relative_to(Path("clarion").resolve()))
        for source in Path("clarion").rglob("*.py"):
            if "tests" not in source.parts:
                self.assertNotIn("/usr/share/fonts", source.read_text(), source)
