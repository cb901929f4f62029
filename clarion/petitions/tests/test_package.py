"""The printed package: PDF and CSV streamed to disk, with the right counts."""

import csv
import re
import subprocess
import tempfile
import zlib
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from clarion.lib import typeset
from clarion.lib.pdf import load_font
from clarion.petitions import package, signing

from .base import PetitionTestCase

NAMES = [("Nigar Əliyeva", "AZ"), ("Иван Петров", "RU"), ("Zoé Müller", "FR"), ("Ali Kaya", "TR")]


class PackageTestCase(PetitionTestCase):
    def setUp(self):
        super().setUp()
        for i, (name, country) in enumerate(NAMES * 50):
            member = self.member(email=f"n{i}@example.org", name=name, country=country)
            signing.sign_as_member(self.petition, member, line="A word" if i == 0 else "")
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        moved = override_settings(PETITIONS_PACKAGE_DIR=self.directory.name)
        moved.enable()
        self.addCleanup(moved.disable)

    def test_it_writes_a_pdf_and_a_csv_with_the_right_counts(self):
        pdf, csv_path = package.build(self.petition, self.mail_target, "2026-12-10")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True)
        self.assertIn("Pages:", info.stdout)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        # The mail target reads French first: the cover letter and text are in French.
        self.assertIn("Reconnaître les faits", text)
        self.assertIn("Nous vous demandons.", text)
        self.assertIn("200", text)
        self.assertIn("Azerbaïdjan: 50", text)
        self.assertIn("Russie: 50", text)
        self.assertIn("Иван Петров (RU)", text)
        self.assertIn("200. Ali Kaya (TR)", text)
        with open(csv_path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        self.assertEqual(rows[0][:3], ["number", "name", "country"])
        self.assertEqual(len(rows), 201)
        self.assertEqual(rows[1][1:3], ["Nigar Əliyeva", "AZ"])
        self.assertEqual(rows[1][5], "A word")
        self.assertFalse(list(Path(self.directory.name).rglob("*.part")))
        png = Path(self.directory.name) / "page"
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", pdf, png], check=True)
        self.assertEqual(len(list(Path(self.directory.name).glob("page*.png"))), 2)

    def test_it_includes_every_declaration_signature_when_asked(self):
        self.petition.include_declaration = True
        self.petition.save()
        self.member(email="only-declaration@example.org", name="Only Declaration", country="DE")
        _pdf, csv_path = package.build(self.petition, self.mail_target, "all")
        with open(csv_path, newline="", encoding="utf-8") as handle:
            names = [row[1] for row in csv.reader(handle)]
        self.assertIn("Only Declaration", names)
        self.assertEqual(len(names), 202)


class ArabicNamesTestCase(PetitionTestCase):
    def test_it_prints_arabic_names_joined_and_in_reading_order(self):
        member = self.member(email="ar@example.org", name="خوجالي العدالة", country="JO")
        signing.sign_as_member(self.petition, member)
        with tempfile.TemporaryDirectory() as directory:
            with override_settings(PETITIONS_PACKAGE_DIR=directory):
                pdf, _csv = package.build(self.petition, self.mail_target, "all")
            streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", Path(pdf).read_bytes(), re.S)
        content = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")
        font = load_font(settings.PETITIONS_FONT)
        drawn = typeset.visual("1. خوجالي العدالة (JO)", rtl=False)
        # The first word of the name is drawn to the right of the second, each
        # word in its joined forms, inside the left-to-right list line.
        first, second = typeset.visual("خوجالي"), typeset.visual("العدالة")
        self.assertEqual(drawn, f"1. {second} {first} (JO)")
        self.assertTrue(all(0xFE70 <= ord(c) <= 0xFEFF for c in first + second))
        self.assertIn(drawn.translate(font.hex).encode(), content)
        unshaped = "1. خوجالي العدالة (JO)".translate(font.hex).encode()
        self.assertNotIn(unshaped, content)
