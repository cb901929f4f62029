"""Paper petitions: sheets printed, typed up, imported into the petition,
deduplicated against online signers, counted apart, handed over."""

import csv
import io
import subprocess
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from clarion.events.tests.base import make_event
from clarion.lib import personal_data
from clarion.petitions import package, paper, signing
from clarion.petitions.models import Handover, PaperImport, PaperSigner
from clarion.petitions.tests.base import PetitionTestCase

SHEET = """sheet,name,town,country,email,consent
1,Leyla Mammadova,,AZ,member@example.org,yes
1,L\u0435yla  MAMMADOVA,,AZ,,x
1,Иван Петров,Москва,RU,,да
2,иван петров,москва,RU,,✓
2,Anna Schmidt,Berlin,DE,,
2,Somebody,Nowhere,ZZ,,yes
3,نور حسن,الكويت,KW,nour@example.org,نعم
"""


class PaperTestCase(PetitionTestCase):
    def setUp(self):
        super().setUp()
        online = self.member()  # Leyla Mammadova, AZ, member@example.org
        signing.sign_as_member(self.petition, online)
        self.staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
        self.client.force_login(self.staff)

    def upload(self, text, name="sheets.csv", **fields):
        data = {"date": "2026-02-26", "place": "Brussels", "country": ""} | fields
        data["file"] = SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)
        return self.client.post(f"/admin/petitions/{self.petition.pk}/paper/", data)

    def test_it_imports_sheets_deduplicated_with_reasons_per_row(self):
        response = self.upload(SHEET)
        self.assertEqual(response.status_code, 200)
        batch = PaperImport.objects.get()
        self.assertEqual((batch.imported, batch.duplicates, batch.rejected), (2, 3, 2))
        reasons = {row["line"]: (row["status"], row["reason"]) for row in batch.report}
        self.assertEqual(reasons[2], ("duplicate", "already signed online"))
        self.assertEqual(reasons[3], ("duplicate", "already signed online"))
        self.assertEqual(reasons[5], ("duplicate", "appears twice in these sheets"))
        self.assertEqual(reasons[6], ("rejected", "the consent box is not ticked"))
        self.assertEqual(reasons[7][0], "rejected")
        self.assertContains(response, "the consent box is not ticked")
        names = sorted(PaperSigner.objects.values_list("name", "sheet", "country"))
        self.assertEqual(names, [("Иван Петров", 1, "RU"), ("نور حسن", 3, "KW")])
        self.assertEqual(self.petition.paper_count(), 2)
        self.assertEqual(self.petition.signer_count(), 1)

    def test_a_second_import_of_the_same_sheets_adds_nobody(self):
        self.upload(SHEET)
        self.upload(SHEET)
        second = PaperImport.objects.order_by("pk").last()
        self.assertEqual((second.imported, second.duplicates), (0, 5))
        self.assertIn(
            {"line": 4, "status": "duplicate", "reason": "already imported from another sheet"},
            second.report,
        )
        self.assertEqual(PaperSigner.objects.count(), 2)

    def test_it_links_the_import_to_the_event(self):
        event = make_event(starts_at=self.petition.opens_at)
        self.upload(SHEET, place="", event=str(event.pk))
        batch = PaperImport.objects.get()
        self.assertEqual((batch.event, batch.place), (event, "Rally in Berlin (Berlin)"))

    def test_it_reads_xlsx(self):
        from openpyxl import Workbook

        book = Workbook()
        for row in csv.reader(io.StringIO(SHEET)):
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        self.upload(buffer.getvalue(), name="sheets.xlsx")
        self.assertEqual(PaperSigner.objects.count(), 2)

    def test_it_refuses_a_file_that_is_not_a_sheet(self):
        response = self.upload(b"\xff\xfe\x00garbage", name="sheets.csv")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "not UTF-8", status_code=400)
        response = self.upload("just,some,words\n", name="sheets.csv")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(PaperImport.objects.exists())

    def test_the_petition_page_and_report_count_paper_apart(self):
        self.upload(SHEET)
        page = self.client.get(f"/en/petitions/{self.petition.slug}/")
        self.assertContains(page, "1 signature of 10,000")
        self.assertContains(page, "and 2 signatures on paper, collected at events")
        report = self.client.get(f"/ar/petitions/{self.petition.slug}/report/")
        self.assertEqual(report.status_code, 200)
        self.assertContains(report, "2")

    def test_the_package_lists_paper_signatures_after_online_ones(self):
        self.upload(SHEET)
        with tempfile.TemporaryDirectory() as directory:
            with override_settings(PETITIONS_PACKAGE_DIR=directory):
                pdf, table = package.build(self.petition, self.fax_target, "all")
            text = subprocess.run(
                ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
            ).stdout
            rows = list(csv.reader(Path(table).open(encoding="utf-8")))
        self.assertIn("signed by 3 people", text)
        self.assertIn("1 signed online and 2 on paper", text)
        self.assertIn("2. Иван Петров (RU)*", text)
        self.assertEqual(rows[0][-1], "source")
        self.assertEqual([(r[1], r[-1]) for r in rows[1:]], [
            ("Leyla Mammadova", "online"), ("Иван Петров", "paper"), ("نور حسن", "paper"),
        ])  # fmt: skip
        self.assertEqual(rows[2][4], "2026-02-26")

    def test_it_prints_numbered_sheets_in_the_petitions_language(self):
        url = f"/admin/petitions/{self.petition.pk}/paper/?language=ar&first=7&count=2"
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(response.content)
            handle.flush()
            info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True)
        self.assertRegex(info.stdout, r"Pages:\s+2\n")
        too_many = self.client.get(url.replace("count=2", "count=5000"))
        self.assertEqual(too_many.status_code, 400)

    def test_the_sheets_qr_code_links_back_to_the_petition(self):
        import segno
        from django.utils import translation

        from clarion.lib.printed import A4, MARGIN
        from clarion.petitions import sheets

        with translation.override("fr"):
            image = sheets.sheet(self.petition, "fr", 3)
        image.save("/tmp/offline-sheet-fr.png")
        with translation.override("ar"):
            sheets.sheet(self.petition, "ar", 3).save("/tmp/offline-sheet-ar.png")
        url = f"http://testserver/fr/petitions/{self.petition.slug}/"
        matrix = segno.make(url, error="m").matrix
        scale = sheets.QR_SIDE // (len(matrix) + 8)
        left = A4[0] - MARGIN - sheets.QR_SIDE + 4 * scale
        top = A4[1] - MARGIN - sheets.QR_SIDE + 4 * scale
        drawn = [
            [image.getpixel((left + c * scale + scale // 2, top + r * scale + scale // 2))[0] < 128
             for c in range(len(matrix))]
            for r in range(len(matrix))
        ]  # fmt: skip
        self.assertEqual(drawn, [[bool(v) for v in row] for row in matrix])

    def test_a_handover_is_shown_on_the_petition(self):
        Handover.objects.create(
            petition=self.petition, target=self.hand_target, handed_on="2026-03-01",
            place="Strasbourg", received_by="The secretariat", signatures=1200,
        )  # fmt: skip
        Handover.objects.create(
            petition=self.petition, handed_on="2026-03-02", place="Hidden",
            received_by="Not yet public", published=False,
        )  # fmt: skip
        page = self.client.get(f"/en/petitions/{self.petition.slug}/")
        self.assertContains(page, "Handed over in person")
        self.assertContains(page, "1,200 signatures handed over")
        self.assertContains(page, "The secretariat")
        self.assertNotContains(page, "Not yet public")

    def test_my_data_and_erase_cover_paper_signatures(self):
        self.upload(SHEET)
        found = personal_data.export("nour@example.org")
        self.assertEqual(found["petition_paper"][0]["name"], "نور حسن")
        self.assertEqual(personal_data.erase("nour@example.org")["petition_paper"], 1)
        self.assertEqual(list(PaperSigner.objects.values_list("name", flat=True)), ["Иван Петров"])


class PersonKeyTestCase(PetitionTestCase):
    def test_it_folds_case_accents_spacing_and_lookalike_letters(self):
        key = paper.person_key
        self.assertEqual(key("José  Núñez", "Bogotá", "co"), key("jose nunez", "BOGOTA", "CO"))
        self.assertEqual(key("Anna", "", "DE"), key("\u0410nna", "", "DE"))  # Cyrillic А
        self.assertNotEqual(key("Anna", "", "DE"), key("Anna", "", "AT"))
