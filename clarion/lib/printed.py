"""A4 pages drawn with Pillow and saved as PDF: posters, booklets, sheets.

Text is drawn in the fonts that ship with Clarion, each line wrapped in
reading order and then put in visual order (clarion.lib.typeset), aligned to
the page's reading side. Pages are rasters at 150 dpi: no browser engine, no
network, the same result on every machine.
"""

import io

from django.utils import translation
from PIL import Image, ImageDraw

from clarion.lib import typeset

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


def as_pdf(pages, title):
    out = io.BytesIO()
    first, *rest = pages
    first.save(out, "PDF", resolution=DPI, save_all=True, append_images=rest, title=title)
    return out.getvalue()
