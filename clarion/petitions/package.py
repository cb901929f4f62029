"""The printed package for a target: a PDF (cover letter, the petition in the
target's language, counts per country, the list of names) and a CSV of every
signature — both streamed to disk row by row. Signatures typed up from paper
sheets (clarion.petitions.paper) follow those made online, marked as such."""

import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from clarion.lib import sheets, typeset
from clarion.lib.countries import country_name
from clarion.lib.pdf import A4, Writer, load_font
from clarion.petitions.models import PaperImport, PaperSigner, Signer
from clarion.supporters.models import Signature

MARGIN, LINE, SIZE = 56, 14, 11
LIST_SIZE, LIST_LINE, LIST_ROWS = 8, 10.5, 72


def pdf_language(target):
    """The target's first language the PDF can set (left-to-right), else English."""
    known = {code for code, _name in settings.LANGUAGES} - set(settings.LANGUAGES_BIDI)
    return next((code for code in target.languages if code in known), "en")


def signatures(petition):
    """(name, country, city, when, own line, source) for everyone in the
    package: online oldest first, then those on paper. Read with a plain cursor:
    a million rows skip the ORM's per-row conversions. `when` is an ISO 8601
    string (the day of the event for paper)."""
    q = connection.ops.quote_name
    # SQLite: walk the table in rowid order instead of sorting an index scan.
    plain = " NOT INDEXED" if connection.vendor == "sqlite" else ""
    if petition.include_declaration:
        sql = (
            f"SELECT name, country, city, confirmed_at, '', {q('id')} "
            f"FROM {q(Signature._meta.db_table)}{plain} "
            "WHERE status = %s AND quarantined = %s ORDER BY id"
        )
        params = [Signature.CONFIRMED, False]
    else:
        sql = (
            "SELECT s.name, s.country, s.city, p.activated_at, "
            "CASE WHEN p.folded THEN '' ELSE p.line END, p.id "
            f"FROM {q(Signer._meta.db_table)} p "
            f"JOIN {q(Signature._meta.db_table)} s ON s.id = p.signature_id "
            "WHERE p.petition_id = %s AND p.status = %s ORDER BY p.id"
        )
        params = [petition.pk, Signer.ACTIVE]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            for name, country, city, when, line, _pk in rows:
                yield name, country, city, _iso(when), line, "online"
    yield from paper_signatures(petition)


def paper_signatures(petition):
    q = connection.ops.quote_name
    sql = (
        "SELECT p.name, p.country, p.city, b.date "
        f"FROM {q(PaperSigner._meta.db_table)} p "
        f"JOIN {q(PaperImport._meta.db_table)} b ON b.id = p.batch_id "
        "WHERE p.petition_id = %s ORDER BY p.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [petition.pk])
        while rows := cursor.fetchmany(5000):
            for name, country, city, day in rows:
                yield name, country, city, str(day), "", "paper"


def _iso(when):
    if when is None:
        return ""
    if isinstance(when, str):  # SQLite keeps UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]"
        return when.replace(" ", "T", 1) + "+00:00"
    return when.isoformat()


def counts_by_country(petition):
    if petition.include_declaration:
        rows = Signature.objects.filter(status=Signature.CONFIRMED, quarantined=False)
        grouped = rows.values_list("country").annotate(n=Count("pk")).order_by()
    else:
        rows = Signer.objects.filter(petition=petition, status=Signer.ACTIVE)
        grouped = rows.values_list("signature__country").annotate(n=Count("pk")).order_by()
    counts = dict(grouped)
    for country, n in paper_counts_by_country(petition):
        counts[country] = counts.get(country, 0) + n
    return sorted(counts.items(), key=lambda row: (-row[1], row[0]))


def paper_counts_by_country(petition):
    rows = PaperSigner.objects.filter(petition=petition)
    return list(rows.values_list("country").annotate(n=Count("pk")).order_by())


class _Flow:
    """Lines of text down the page, starting a new page when full."""

    def __init__(self, writer):
        self.writer, self.page, self.y = writer, None, 0

    def line(self, text, size=SIZE, x=MARGIN, gap=LINE):
        if self.page is None or self.y + gap > A4[1] - MARGIN:
            self.new_page()
        self.page.text(x, self.y, text, size)
        self.y += gap

    def paragraph(self, text, size=SIZE):
        for line in self.writer.font.wrap(text, size, A4[0] - 2 * MARGIN):
            self.line(line, size)
        self.y += LINE / 2

    def new_page(self):
        if self.page is not None:
            self.page.finish()
        self.page, self.y = self.writer.page(), MARGIN + LINE

    def finish(self):
        if self.page is not None:
            self.page.finish()
            self.page = None


def write_pdf(handle, petition, target, *, with_list=True, csv_writer=None, now=None):
    """Write the PDF to an open binary file; returns the number of names listed.
    With a csv.writer, the same pass over the signatures writes the CSV too."""
    now = now or timezone.now()
    language = pdf_language(target)
    font = load_font(settings.PETITIONS_FONT)
    writer = Writer(handle, font, petition.title_in(language))
    flow = _Flow(writer)
    countries = counts_by_country(petition)
    total = sum(n for _code, n in countries)
    with translation.override(language):
        if petition.test_mode:
            flow.line(_("TEST — not delivered to the addressee"), 14)
        flow.line(_campaign_name(), 10)
        flow.line(settings.SITE_URL, 10, gap=LINE * 2)
        flow.line(target.name, 13)
        flow.line(date_format(timezone.localtime(now), "DATE_FORMAT"))
        flow.y += LINE
        flow.line(petition.title_in(language), 16, gap=LINE * 2)
        cover = _(
            "Please find below the petition '%(title)s', signed by %(total)s people and "
            "organisations from %(countries)s countries, with the number of signatures per "
            "country and the list of signatories."
        ) % {
            "title": petition.title_in(language),
            "total": number(total),
            "countries": len(countries),
        }
        flow.paragraph(cover)
        on_paper = sum(n for _code, n in paper_counts_by_country(petition))
        if on_paper:
            flow.paragraph(
                _(
                    "%(online)s signed online and %(paper)s on paper at events; "
                    "names signed on paper are marked with *."
                )
                % {"online": number(total - on_paper), "paper": number(on_paper)}
            )
        flow.paragraph(petition.text_in(language))
        flow.line(_("Signatures per country"), 13, gap=LINE * 1.5)
        for code, n in countries:
            flow.line(f"{country_name(code, language)}: {number(n)}")
        flow.y += LINE
        flow.line(_("Total: %(total)s") % {"total": number(total)}, 12)
        flow.y += LINE
        flow.line(_campaign_name())
        listed = _list(flow, petition, total, csv_writer) if with_list and total else 0
    flow.finish()
    writer.close()
    return listed


def number(n):
    return number_format(n, force_grouping=True)


def _campaign_name():
    from clarion.content.models import Campaign
    from clarion.lib.i18n import pick

    campaign = Campaign.current()
    return pick(campaign.name) if campaign else settings.SITE_NAME


def _list(flow, petition, total, csv_writer=None):
    """The names, two columns a page, as one text block per column (the
    hot loop of a million-name package: one translate and a few appends)."""
    flow.finish()
    font, heading = flow.writer.font, _("Signatories")
    column = (A4[0] - 2 * MARGIN) / 2
    per_page, glyphs = LIST_ROWS * 2, font.hex
    n, page = 0, None
    for name, country, city, when, line, source in signatures(petition):
        slot = n % per_page
        if slot == 0:
            if page is not None:
                page.raw("ET\n")
                page.finish()
            page = flow.writer.page()
            last = min(total, n + per_page)
            page.text(MARGIN, MARGIN - 8, f"{heading} {n + 1}–{last} / {total}", LIST_SIZE)
        if slot % LIST_ROWS == 0:
            if slot:
                page.raw("ET\n")
            x = MARGIN + (column if slot else 0)
            page.raw(f"BT /F1 {LIST_SIZE} Tf {LIST_LINE} TL {x:.1f} {A4[1] - MARGIN - 8:.1f} Td\n")
        n += 1
        if csv_writer is not None:
            csv_writer.writerow([n, name, country, city, when, line, source])
        mark = "*" if source == "paper" else ""
        text = f"{n}. {typeset.visual(name, rtl=False)} ({country}){mark}"
        if len(text) > 40:
            text = font.fit(text, LIST_SIZE, column - 8)
        page.raw("<" + text.translate(glyphs) + "> Tj T*\n")
    if page is not None:
        page.raw("ET\n")
        page.finish()
    return n


CSV_HEADER = ["number", "name", "country", "city", "signed_at", "message", "source"]


def package_dir(petition):
    return Path(settings.PETITIONS_PACKAGE_DIR) / petition.slug


def build(petition, target, label):
    """Write <target>-<label>.pdf and .csv in one pass over the signatures,
    each to a temporary file renamed when complete."""
    directory = package_dir(petition)
    directory.mkdir(parents=True, exist_ok=True)
    stem = directory / f"{target.key}-{label}"
    pdf, table = stem.with_suffix(".pdf"), stem.with_suffix(".csv")
    pdf_part, csv_part = Path(f"{pdf}.part"), Path(f"{table}.part")
    with (
        open(pdf_part, "wb") as pdf_handle,
        open(csv_part, "w", newline="", encoding="utf-8") as csv_handle,
        _streaming_reads(),
    ):
        writer = sheets.csv_writer(csv_handle)
        writer.writerow(CSV_HEADER)
        write_pdf(pdf_handle, petition, target, csv_writer=writer)
    os.replace(pdf_part, pdf)
    os.replace(csv_part, table)
    return pdf, table


@contextmanager
def _streaming_reads():
    """SQLite maps up to 128 MB of the database into memory (clarion.lib.db);
    a scan of a million rows would fill it for nothing. Read through the small
    page cache instead while the package is written."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size={int(before)}")
