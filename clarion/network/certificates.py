"""Certificates: issued once per reason, numbered unguessably, drawn as a
one-page A4 PDF (vector: the campaign's colours and frame, the holder's name
shaped in any script, a QR code of the verify link), revocable by staff.

Drawing one costs about a millisecond (bench/certificates.py): the embedded
font's objects are written once per process and copied into each file.
"""

import io
import secrets
from functools import lru_cache

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clarion.lib import emails, pdf, typeset
from clarion.network.models import Certificate

# Crockford's base 32 without look-alikes; 10 characters = 50 bits of chance.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10


def new_number():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(number):
    """What a person typed (spaces, dashes, lower case, O for 0) as stored."""
    text = "".join(c for c in (number or "").upper() if c.isalnum())
    return text.translate(str.maketrans("OIL", "011"))[: LENGTH * 2]


def display(number):
    return f"{number[:5]}-{number[5:]}"


def _canonical(email):
    try:
        return emails.canonical(email) if email else ""
    except emails.EmailError:
        return ""


def issue(kind, holder, *, source, language="en", email=""):
    """The certificate for this reason, made the first time it is asked for."""
    existing = Certificate.objects.filter(source=source).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    number=new_number(), kind=kind, holder=holder[:200], language=language,
                    issued_on=timezone.localdate(), source=source, email=email,
                    email_canonical=_canonical(email),
                )  # fmt: skip
        except IntegrityError:
            existing = Certificate.objects.filter(source=source).first()
            if existing is not None:
                return existing
    raise IntegrityError("no free certificate number")


def for_organiser(event):
    """An approved event's organiser gets a certificate once the report is in;
    None before (or without a name to put on it)."""
    from clarion.events.models import Report

    name = event.organiser_name.strip()
    if not event.is_public or not name or not Report.objects.filter(event=event).exists():
        return None
    return issue(Certificate.ORGANISER, name, source=f"event:{event.pk}",
                 language=event.organiser_language, email=event.organiser_email)  # fmt: skip


def for_member(signature):
    """A member (person or organisation) whose signature counts gets one."""
    if signature is None or not signature.counts or not signature.name.strip():
        return None
    kind = Certificate.ORGANISATION if signature.kind == "organisation" else Certificate.MEMBER
    return issue(kind, signature.name, source=f"signature:{signature.pk}",
                 language=signature.language, email=signature.email)  # fmt: skip


def find(number):
    number = normalise(number)
    if len(number) != LENGTH:
        return None
    return Certificate.objects.filter(number=number).first()


def revoke(certificate, reason=""):
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:300]
    certificate.save(update_fields=["revoked_at", "revoked_reason"])


def verify_url(certificate):
    return f"{settings.SITE_URL}/{certificate.language}/certificates/verify/{certificate.number}/"


class _Writer(pdf.Writer):
    """The font objects (the same in every certificate) are made once."""

    def _font_objects(self):
        blob, offsets = _font_blob(self.font)
        for number, offset in offsets.items():
            self.offsets[number] = self.position + offset
        self._write(blob)


@lru_cache(maxsize=4)
def _font_blob(font):
    out = io.BytesIO()
    writer = pdf.Writer.__new__(pdf.Writer)
    writer.out, writer.font, writer.offsets, writer.position = out, font, {}, 0
    pdf.Writer._font_objects(writer)
    return out.getvalue(), dict(writer.offsets)


@lru_cache(maxsize=2)
def _font():
    return pdf.load_font(typeset.path("mixed"))


NIGHT, CRIMSON, GOLD = "0.078 0.129 0.239", "0.608 0.114 0.125", "0.78 0.64 0.3"


def _width(font, text, size):
    return sum(font.widths[font.cmap.get(ord(c), 0)] for c in text) * size / 1000


def _centred(page, font, y, text, size):
    drawn = typeset.visual(text, rtl=False)
    page.text((pdf.A4[0] - _width(font, drawn, size)) / 2, y, text, size)


def _fit(font, text, size, width):
    while size > 10 and _width(font, typeset.visual(text, rtl=False), size) > width:
        size -= 1
    return size


def _qr(page, url, x, y, side):
    """The code as filled rectangles, one per run of dark modules in a row. The
    mask is fixed (any mask is valid; choosing the best is 90% of segno's time)."""
    matrix = segno.make(url, error="m", micro=False, mask=0).matrix
    cell = side / len(matrix)
    top = pdf.A4[1] - y
    rects = []
    for row, line in enumerate(matrix):
        bottom = top - (row + 1) * cell
        for start, run in _runs(line):
            rects.append(f"{x + start * cell:.2f} {bottom:.2f} {run * cell:.2f} {cell:.2f} re")
    page.raw("0 0 0 rg\n" + "\n".join(rects) + "\nf\n")


def _runs(line):
    start = None
    for col, dark in enumerate([*line, 0]):
        if dark and start is None:
            start = col
        elif not dark and start is not None:
            yield start, col - start
            start = None


def render(certificate, campaign_name=None):
    """The certificate as PDF bytes, in the holder's language."""
    font = _font()
    out = io.BytesIO()
    with translation.override(certificate.language):
        title = _("Certificate")
        writer = _Writer(out, font, title=f"{title} {display(certificate.number)}")
        page = writer.page()
        width, height = pdf.A4
        page.raw(f"{CRIMSON} RG 6 w 24 24 {width - 48} {height - 48} re S\n")
        page.raw(f"{GOLD} RG 1.5 w 36 36 {width - 72} {height - 72} re S\n")
        page.raw(f"{NIGHT} rg 36 {height - 190} {width - 72} 154 re f\n")
        page.raw("1 1 1 rg\n")
        _centred(page, font, 110, campaign_name or settings.SITE_NAME, 26)
        _centred(page, font, 150, title.upper(), 16)
        page.raw(f"{NIGHT} rg\n")
        _centred(page, font, 270, str(_("This certifies that")), 14)
        size = _fit(font, certificate.holder, 34, width - 140)
        page.raw(f"{CRIMSON} rg\n")
        _centred(page, font, 330, certificate.holder, size)
        page.raw(f"{NIGHT} rg\n")
        _centred(page, font, 385, str(certificate.kind_label), 16)
        issued = certificate.issued_on.isoformat()
        _centred(page, font, 440, _("Issued on %(date)s") % {"date": issued}, 12)
        page.rule(150, 470, width - 150)
        _qr(page, verify_url(certificate), (width - 150) / 2, 560, 150)
        number = _("Number: %(number)s") % {"number": display(certificate.number)}
        _centred(page, font, 740, number, 13)
        where = f"{settings.SITE_URL}/{certificate.language}/certificates/verify/"
        _centred(page, font, 765, _("Check it at %(url)s") % {"url": where}, 9)
        page.finish()
        writer.close()
    return out.getvalue()
