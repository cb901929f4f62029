import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from openpyxl import Workbook

from clarion.supporters import counting
from clarion.supporters.models import PaperBatch, Signature

from .base import SupportersTestCase

SHEET = """name,email,country,city
Kamala R.,kamala@example.org,AZ,Baku
Kamala again,KAMALA@example.org,AZ,Baku
Online Signer,aylin@example.org,TR,
No Email Person,,FR,Paris
Second No Email,,,Lyon
,,,
Bad Country,bad@example.org,QQ,
Bad Email,not-an-email,DE,
,,DE,
"""


class PaperImportTestCase(SupportersTestCase):
    def write(self, text, suffix=".csv"):
        path = Path(tempfile.mkdtemp()) / f"sheet{suffix}"
        path.write_text(text) if isinstance(text, str) else path.write_bytes(text)
        return str(path)

    def test_it_imports_counts_and_reports(self):
        self.confirmed()  # aylin@example.org signed online
        call_command(
            "import_paper_signatures", self.write(SHEET), "--event", "Rally in Paris",
            "--date", "2026-02-26", "--country", "FR", "--no-progress",
        )  # fmt: skip
        batch = PaperBatch.objects.get()
        self.assertEqual(
            (batch.imported, batch.without_email, batch.duplicates, batch.rejected), (1, 2, 2, 3)
        )
        reasons = {entry["line"]: entry["reason"] for entry in batch.report}
        self.assertIn("twice", reasons[3])
        self.assertIn("already signed", reasons[4])
        self.assertIn("country", reasons[8])
        self.assertIn("email", reasons[9])
        paper = Signature.objects.get(email_canonical="kamala@example.org")
        self.assertEqual(
            (paper.source, paper.status, paper.paper_batch), ("paper", "confirmed", batch)
        )
        stats = self.stats()
        self.assertEqual(stats["paper"], 3)
        self.assertEqual(stats["signatures"], 4)
        self.assertEqual(stats["countries"], {"AZ": 1, "FR": 2, "TR": 1})
        counting.fold()
        self.assertEqual(counting.tallied(), counting.recount())

    def test_it_reads_xlsx(self):
        book = Workbook()
        sheet = book.active
        sheet.append(["Name", "Email", "Country"])
        sheet.append(["Elvin", "elvin@example.org", "AZ"])
        sheet.append(["Anonymous on paper", None, "AZ"])
        buffer = io.BytesIO()
        book.save(buffer)
        call_command(
            "import_paper_signatures", self.write(buffer.getvalue(), ".xlsx"),
            "--event", "Baku", "--date", "2026-02-26", "--no-progress",
        )  # fmt: skip
        batch = PaperBatch.objects.get()
        self.assertEqual((batch.imported, batch.without_email), (1, 1))

    def test_it_refuses_files_it_cannot_read(self):
        for content, suffix, message in [
            ("just,some,words\n1,2,3\n", ".csv", "first row"),
            ("name\nÇ\n".encode("utf-16"), ".csv", "not UTF-8"),
            (b"PK\x03\x04garbage", ".xlsx", "XLSX"),
        ]:
            with self.assertRaisesRegex(CommandError, message):
                call_command(
                    "import_paper_signatures", self.write(content, suffix),
                    "--event", "x", "--date", "2026-01-01", "--no-progress",
                )  # fmt: skip
        with self.assertRaisesRegex(CommandError, "YYYY-MM-DD"):
            call_command(
                "import_paper_signatures", self.write(SHEET), "--event", "x",
                "--date", "26/02/2026", "--no-progress",
            )  # fmt: skip
        self.assertFalse(PaperBatch.objects.exists())


class PaperEventLinkTestCase(SupportersTestCase):
    """Batches from the campaign's own events point at the event."""

    def setUp(self):
        super().setUp()
        from clarion.events.tests.base import make_event

        self.event = make_event(title="Stand in Hamburg", city="Hamburg", country="DE")
        self.sheet = PaperImportTestCase.write(
            self, "name,email,country\nEva,,\nOtto,o@example.org,\n"
        )

    def run_import(self, *args):
        call_command("import_paper_signatures", self.sheet, *args, "--no-progress")
        return PaperBatch.objects.get()

    def test_it_links_the_batch_to_an_event_by_number(self):
        batch = self.run_import("--event", str(self.event.pk))
        self.assertEqual(batch.event, self.event)
        self.assertEqual(batch.place, "Stand in Hamburg (Hamburg)")
        self.assertEqual((batch.date, batch.country), (self.event.local_start.date(), "DE"))
        self.assertEqual((batch.imported, batch.without_email), (1, 1))

    def test_it_links_the_batch_by_the_event_page_address(self):
        batch = self.run_import(
            "--event", f"https://example.org/de/events/{self.event.pk}/", "--date", "2026-02-26"
        )
        self.assertEqual((batch.event, str(batch.date)), (self.event, "2026-02-26"))

    def test_it_keeps_a_place_in_words_without_an_event(self):
        batch = self.run_import("--event", "Market square, Ganja", "--date", "2026-02-26",
                                "--country", "AZ")  # fmt: skip
        self.assertIsNone(batch.event)
        self.assertEqual((batch.place, batch.country), ("Market square, Ganja", "AZ"))

    def test_it_refuses_an_event_number_that_does_not_exist(self):
        with self.assertRaisesRegex(CommandError, "no event number 999999"):
            self.run_import("--event", "999999")
        self.assertFalse(PaperBatch.objects.exists())

    def test_it_needs_a_date_for_a_place_in_words(self):
        with self.assertRaisesRegex(CommandError, "--date"):
            self.run_import("--event", "Market square")
        self.assertFalse(PaperBatch.objects.exists())


class PaperAdminEventTestCase(SupportersTestCase):
    def setUp(self):
        super().setUp()
        from django.contrib.auth import get_user_model

        from clarion.events.tests.base import make_event

        self.event = make_event(title="Stand in Hamburg", city="Hamburg", country="DE")
        self.client.force_login(get_user_model().objects.create_superuser("staff", "", "pw"))

    def upload(self, **fields):
        sheet = io.BytesIO(b"name,email,country\nA,a@example.org,\nB,,\n")
        sheet.name = "sheet.csv"
        return self.client.post(
            "/admin/signatures/paper/", {"file": sheet, "date": "2026-02-26", **fields}
        )

    def test_it_offers_the_events(self):
        response = self.client.get("/admin/signatures/paper/")
        self.assertContains(response, f'<option value="{self.event.pk}">Stand in Hamburg')
        self.assertFalse(PaperBatch.objects.exists())

    def test_it_links_the_chosen_event(self):
        response = self.upload(event=str(self.event.pk))
        self.assertEqual(response.status_code, 200)
        batch = PaperBatch.objects.get()
        self.assertEqual((batch.event, batch.place, batch.country),
                         (self.event, "Stand in Hamburg (Hamburg)", "DE"))  # fmt: skip

    def test_it_needs_an_event_or_a_place(self):
        response = self.upload()
        self.assertContains(response, "Choose the event, or name the place", status_code=400)
        self.assertFalse(PaperBatch.objects.exists())
