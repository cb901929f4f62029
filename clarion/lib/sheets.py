"""Reading uploaded tables (CSV in UTF-8, or the first sheet of an XLSX file)."""

import csv
import io


class SheetError(ValueError):
    """The file cannot be read as a table; the message says why."""


def read_sheet(filename, raw, columns, required):
    """Rows as (line number, {column: text}) for the named `columns`.

    The first row names the columns (any case, any order); it must name at
    least one of `required`. Blank lines are skipped; line numbers are those
    a person sees in a spreadsheet.
    """
    if filename.lower().endswith(".xlsx"):
        lines = _xlsx_lines(raw)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SheetError(f"The file is not UTF-8 text (byte {error.start}).") from None
        lines = csv.reader(io.StringIO(text, newline=""))
    return _rows(iter(lines), columns, required)


def _xlsx_lines(raw):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise SheetError(f"The file is not a readable XLSX workbook ({error}).") from None
    rows = book.worksheets[0].iter_rows(values_only=True)
    return (["" if v is None else str(v) for v in row] for row in rows)


def _rows(lines, columns, required):
    header = [h.strip().lower() for h in next(lines, [])]
    if not set(required) & set(header):
        raise SheetError(f"The first row must name the columns: {', '.join(columns)}.")
    index = {name: header.index(name) for name in columns if name in header}
    for number, cells in enumerate(lines, start=2):
        if cells:
            yield (
                number,
                {n: (cells[i].strip() if i < len(cells) else "") for n, i in index.items()},
            )


# -- writing -----------------------------------------------------------------
# A cell that starts with one of these is a formula to Excel, LibreOffice and
# Sheets: a signer named =HYPERLINK(…) would run when staff or an official
# open the export. A leading apostrophe makes it text (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row):
        return self.writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **options):
    """csv.writer whose cells never run as spreadsheet formulas."""
    return _SafeWriter(csv.writer(handle, **options))
