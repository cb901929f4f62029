from django.test import SimpleTestCase
from PIL import Image, ImageChops

from clarion.contributions import compose
from clarion.contributions.compose import SIZES, Composition
from clarion.lib import typeset


def render(text, language, size="square", frame="blossom"):
    return compose.compose(Composition(frame, "night", text, size, language=language))


def ink_box(text, language, frame="band"):
    """Where pixels changed between the picture with and without the slogan."""
    with_text, box = render(text, language, frame=frame)
    without, _ = render("", language, frame=frame)
    return ImageChops.difference(with_text, without).getbbox(), box


class ComposeTestCase(SimpleTestCase):
    def test_it_renders_every_size(self):
        for size, dimensions in SIZES.items():
            with self.subTest(size):
                image, box = render("We remember Khojaly", "en", size)
                self.assertEqual(image.size, dimensions)
                self.assertEqual(image.mode, "RGB")
                self.assertTrue(0 <= box[0] < box[2] <= dimensions[0])
                self.assertTrue(0 <= box[1] < box[3] <= dimensions[1])

    def test_it_shapes_arabic_right_to_left_in_the_band(self):
        ink, box = ink_box("نتذكّر خوجالي", "ar")
        # The drawn text sits centred in the band at the bottom, where the layout says.
        self.assertLess(abs((ink[0] + ink[2]) / 2 - 540), 12)
        self.assertGreater(ink[1], 1080 - 216)
        for reported, drawn in zip(box, ink, strict=True):
            self.assertLess(abs(reported - drawn), 12)
        # Shaping joins the letters: the word is narrower than its letters set apart.
        face = compose.font("arabic", 80)
        drawn = typeset.visual("خوجالي")
        self.assertEqual(drawn[-1], "\ufea7")  # خ in its initial form, at the right end
        self.assertTrue(all(0xFE70 <= ord(c) <= 0xFEFF for c in drawn))
        joined = face.getlength(drawn)
        apart = sum(face.getlength(c) for c in "خوجالي")
        self.assertLess(joined, apart * 0.95)

    def test_it_lays_out_arabic_from_the_right(self):
        # In a right-to-left line, the first word is drawn at the right end.
        drawn = typeset.visual("خوجالي نتذكر")
        self.assertTrue(drawn.endswith(typeset.visual("خوجالي")))
        self.assertTrue(typeset.is_rtl("خوجالي 1992"))
        self.assertFalse(typeset.is_rtl("1992 Xocalı"))
        # Numbers keep their order inside Arabic text.
        self.assertIn("1992", typeset.visual("خوجالي 1992"))

    def test_it_draws_azerbaijani_letters_with_real_glyphs(self):
        for char in "əğıöüçşƏĞİÖÜÇŞ":
            with self.subTest(char):
                self.assertTrue(compose.has_glyph("latin", char))
        self.assertEqual(compose.script_for("Xocalını unutmuruq"), "latin")
        ink, box = ink_box("Xocalını unutmuruq", "az")
        self.assertLess(abs((ink[0] + ink[2]) / 2 - 540), 12)
        for reported, drawn in zip(box, ink, strict=True):
            self.assertLess(abs(reported - drawn), 12)

    def test_it_draws_cyrillic_and_falls_back_for_mixed_scripts(self):
        self.assertEqual(compose.script_for("Мы помним Ходжалы"), "latin")
        self.assertTrue(all(compose.has_glyph("latin", c) for c in "Ходжалы"))
        self.assertEqual(compose.script_for("خوجالي"), "arabic")
        self.assertEqual(compose.script_for("Khojaly خوجالي"), "mixed")
        self.assertTrue(all(compose.has_glyph("mixed", c) for c in "Khojaly خوجالي"))

    def test_it_wraps_long_slogans_into_at_most_three_lines_inside_the_picture(self):
        text = "Justice for Khojaly " * 4
        image, box = render(text.strip(), "en", "card")
        self.assertGreaterEqual(box[0], 0)
        self.assertLessEqual(box[2], 1200)
        self.assertLess(box[3] - box[1], 630)

    def test_it_crops_the_photo_around_the_chosen_part(self):
        photo = Image.new("RGB", (2000, 1000), (255, 0, 0))
        photo.paste((0, 0, 255), (1000, 0, 2000, 1000))  # right half blue
        left = compose.fit_photo(photo, (1080, 1080), "left")
        right = compose.fit_photo(photo, (1080, 1080), "right")
        self.assertEqual(left.getpixel((540, 540)), (255, 0, 0))
        self.assertEqual(right.getpixel((540, 540)), (0, 0, 255))
        zoomed = compose.fit_photo(photo, (1080, 1080), "center", 200)
        self.assertEqual(zoomed.size, (1080, 1080))
