"""Security review, finding 4: exported cells never run as spreadsheet formulas."""

import io

from django.test import SimpleTestCase

from clarion.lib import sheets


class SafeCellTestCase(SimpleTestCase):
    def test_it_escapes_cells_a_spreadsheet_would_run(self):
        for value in ['=HYPERLINK("http://x.example")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]:
            self.assertEqual(sheets.safe_cell(value), "'" + value)

    def test_it_keeps_ordinary_values(self):
        for value in ["Anna Roth", "a@example.org", 12, None, "", "2026-01-01T10:00:00+00:00"]:
            self.assertEqual(sheets.safe_cell(value), value)

    def test_its_writer_escapes_every_row(self):
        out = io.StringIO()
        sheets.csv_writer(out).writerow(["=cmd|' /C calc'!A0", "ok"])
        self.assertEqual(out.getvalue(), "'=cmd|' /C calc'!A0,ok\r\n")
