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
