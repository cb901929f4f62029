"""Print-ready poster and booklet PDFs for one event, in the event's language.

Drawn with Pillow in the fonts that ship with Clarion (clarion.lib.typeset:
Arabic joined and each line put in visual order there), then saved as PDF
pages at 150 dpi. No browser engine and no network.
"""

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from clarion.content.models import Campaign, Fact
from clarion.lib import typeset
from clarion.lib.i18n import pick

DPI = 150
A4 = (1240, 1754)  # 210 × 297 mm at 150 dpi
MARGIN = 110
NIGHT, CRIMSON, PAPER, MUTED = "#14213d", "#9b1d20", "#faf7f2", "#555555"


def font(size, bold=False, arabic=False):
    """Noto Sans Arabic has no Latin letters: each run is drawn in the face
    that has its glyphs."""
    family = "arabic" if arabic else "sans"
    return typeset.font(f"{family}-bold" if bold else family, size)


class Page:
    def __init__(self, language):
        self.image = Image.new("RGB", A4, PAPER)
        self.draw = ImageDraw.Draw(self.image)
        self.rtl = translation.get_language_bidi() if language else False
        self.y = MARGIN

    def length(self, line, size, bold):
        drawn = typeset.visual(line, self.rtl)
        return sum(font(size, bold, arabic).getlength(part) for arabic, part in typeset.runs(drawn))

    def text(self, value, size, bold=False, colour=NIGHT, gap=0.35):
        """Wrapped paragraph at the current height, aligned to the page's
        reading side; moves down past it."""
        width = A4[0] - 2 * MARGIN
        for line in typeset.wrap(value, lambda line: self.length(line, size, bold), width):
            x = A4[0] - MARGIN - self.length(line, size, bold) if self.rtl else MARGIN
            for arabic, part in typeset.runs(typeset.visual(line, self.rtl)):
                face = font(size, bold, arabic)
                self.draw.text((x, self.y + size), part, font=face, fill=colour, anchor="ls")
                x += face.getlength(part)
            self.y += int(size * 1.35)
        self.y += int(size * gap)

    def band(self, height, colour=CRIMSON):
        self.draw.rectangle((0, self.y, A4[0], self.y + height), fill=colour)
        self.y += height + 40


def when_and_where(event):
    start = event.local_start
    place = ", ".join(p for p in (event.address, event.city, event.country_name) if p)
    return f"{start:%Y-%m-%d %H:%M} ({event.time_zone})", place or event.online_url


def poster(event):
    with translation.override(event.language):
        campaign = Campaign.current()
        page = Page(event.language)
        page.draw.rectangle((0, 0, A4[0], 60), fill=CRIMSON)
        page.y = 140
        page.text(pick(campaign.name) if campaign else settings.SITE_NAME, 64, bold=True)
        if campaign:
            page.text(pick(campaign.tagline), 34, colour=CRIMSON, gap=1.5)
        page.text(event.type_label, 36, colour=MUTED)
        page.text(event.title, 76, bold=True, gap=0.8)
        when, where = when_and_where(event)
        page.text(when, 40, bold=True)
        page.text(where, 40, gap=1.2)
        if event.description:
            page.text(event.description[:600], 30, gap=1.2)
        page.y = A4[1] - 260
        page.band(8)
        page.text(_("Sign the declaration"), 34, bold=True)
        page.text(f"{settings.SITE_URL}/{event.language}/join/", 30, colour=CRIMSON)
        return [page.image]


def booklet(event):
    with translation.override(event.language):
        campaign = Campaign.current()
        name = pick(campaign.name) if campaign else settings.SITE_NAME
        cover = Page(event.language)
        cover.band(40)
        cover.y = 500
        cover.text(name, 80, bold=True)
        if campaign:
            cover.text(pick(campaign.tagline), 40, colour=CRIMSON)
        about = Page(event.language)
        if campaign:
            about.text(name, 48, bold=True)
            about.text(pick(campaign.statement), 30, gap=1)
            about.text(pick(campaign.goal), 30, gap=1)
        facts = Page(event.language)
        facts.text(_("Key facts, each with its source"), 48, bold=True)
        for fact in Fact.objects.prefetch_related("figures")[:9]:
            facts.text(pick(fact.label), 30, bold=True, gap=0.1)
            for figure in list(fact.figures.all())[:2]:
                facts.text(f"{figure.value} — {figure.source_outlet}", 24, colour=MUTED, gap=0.1)
            facts.y += 16
            if facts.y > A4[1] - MARGIN - 200:
                break
        back = Page(event.language)
        back.text(event.title, 56, bold=True)
        when, where = when_and_where(event)
        back.text(when, 34, bold=True)
        back.text(where, 34, gap=1.5)
        back.text(_("Sign the declaration"), 34, bold=True)
        back.text(f"{settings.SITE_URL}/{event.language}/join/", 30, colour=CRIMSON)
        return [cover.image, about.image, facts.image, back.image]


def as_pdf(pages, title):
    out = io.BytesIO()
    first, *rest = pages
    first.save(out, "PDF", resolution=DPI, save_all=True, append_images=rest, title=title)
    return out.getvalue()
