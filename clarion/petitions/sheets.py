"""Printable signature sheets for a petition, in its language: the message,
a consent line, fifteen numbered rows, the sheet's number and a QR code that
links back to the petition (A4 pages drawn by clarion.lib.printed)."""

import segno
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from clarion.lib import typeset
from clarion.lib.printed import A4, CRIMSON, MARGIN, MUTED, NIGHT, Page, as_pdf, font

ROWS = 15
ROW_HEIGHT = 64
MAX_SHEETS = 200
QR_SIDE = 210


def petition_url(petition, language):
    return f"{settings.SITE_URL}/{language}/petitions/{petition.slug}/"


def columns():
    """(heading, share of the width) in reading order."""
    return [
        ("#", 0.05),
        (_("Name"), 0.25),
        (_("Town"), 0.16),
        (_("Country"), 0.12),
        (_("Email (optional)"), 0.2),
        (_("I agree"), 0.08),
        (_("Signature"), 0.14),
    ]


def qr_code(page, url, x, y):
    """The code drawn from its module matrix: no image library in between."""
    code = segno.make(url, error="m")
    matrix = code.matrix
    scale = QR_SIDE // (len(matrix) + 8)
    left, top = x + 4 * scale, y + 4 * scale
    page.draw.rectangle((x, y, x + QR_SIDE, y + QR_SIDE), fill="white")
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                cx, cy = left + c * scale, top + r * scale
                page.draw.rectangle((cx, cy, cx + scale - 1, cy + scale - 1), fill="black")


def cell(page, x, width, y, text, size, bold=False):
    """Text in a cell, on the cell's reading side, smaller if it must."""
    while size > 12 and page.length(text, size, bold) > width - 12:
        size -= 1
    start = x + width - 6 - page.length(text, size, bold) if page.rtl else x + 6
    for arabic, part in typeset.runs(typeset.visual(text, page.rtl)):
        face = font(size, bold, arabic)
        page.draw.text((start, y), part, font=face, fill=NIGHT, anchor="ls")
        start += face.getlength(part)


def table(page):
    width = A4[0] - 2 * MARGIN
    spans, x = [], MARGIN
    for heading, share in columns():
        w = int(width * share)
        spans.append((heading, A4[0] - x - w if page.rtl else x, w))
        x += w
    top = page.y
    bottom = top + ROW_HEIGHT * (ROWS + 1)
    for _heading, x, w in spans:
        page.draw.rectangle((x, top, x + w, bottom), outline=NIGHT, width=2)
    for row in range(ROWS + 2):
        y = top + row * ROW_HEIGHT
        page.draw.line((MARGIN, y, A4[0] - MARGIN, y), fill=NIGHT, width=2)
    for heading, x, w in spans:
        cell(page, x, w, top + ROW_HEIGHT - 22, heading, 20, bold=True)
    first = spans[0]
    for row in range(1, ROWS + 1):
        cell(page, first[1], first[2], top + (row + 1) * ROW_HEIGHT - 22, str(row), 20)
    page.y = bottom + 30


def sheet(petition, language, number):
    page = Page(language)
    page.draw.rectangle((0, 0, A4[0], 40), fill=CRIMSON)
    page.y = 70
    page.text(petition.title_in(language), 40, bold=True, gap=0.4)
    text = petition.text_in(language)
    page.text(text if len(text) < 700 else text[:700].rsplit(" ", 1)[0] + " …", 22, gap=0.6)
    names = ", ".join(t.name for t in petition.targets.all())
    if names:
        page.text(_("Addressees: %(names)s") % {"names": names[:300]}, 20, colour=MUTED)
    page.text(
        _(
            "By ticking “I agree” and signing, I support this petition and agree that my "
            "name, town and country are delivered with it to its addressees. An email "
            "address is optional: it is used only to avoid counting me twice."
        ),
        20,
        bold=True,
        gap=0.6,
    )
    table(page)
    page.y = A4[1] - MARGIN - QR_SIDE
    qr_x = MARGIN if page.rtl else A4[0] - MARGIN - QR_SIDE
    qr_code(page, petition_url(petition, language), qr_x, page.y)
    page.text(_("Sheet %(number)s") % {"number": number}, 40, bold=True)
    page.text(_("Sign online too, or read the full petition:"), 20, colour=MUTED, gap=0.1)
    page.text(petition_url(petition, language), 20, colour=CRIMSON)
    return page.image


def sheets_pdf(petition, language, first=1, count=10):
    """`count` sheets numbered from `first`, as one PDF."""
    count = max(1, min(count, MAX_SHEETS))
    with translation.override(language):
        pages = [sheet(petition, language, first + n) for n in range(count)]
        return as_pdf(pages, petition.title_in(language))
