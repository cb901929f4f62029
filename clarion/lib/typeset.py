"""The fonts Clarion draws text with, and text put in the order it is drawn.

The fonts ship with the project (clarion/lib/fonts/, subsets of Noto and
DejaVu made by tools/subset_fonts.py), so image messages, posters and PDFs
render on a server where nothing but Python was installed.

Every renderer draws text from left to right, glyph after glyph (Pillow's
basic layout; the PDF writer's glyph ids). Arabic needs two things done first:
its letters take their joined forms (arabic-reshaper maps them to the
presentation forms the fonts carry) and each line is put in visual order by
the Unicode bidirectional algorithm (python-bidi). Pillow could do both with
libraqm, but only where FriBiDi happens to be installed: this way the same
picture comes out on every machine, the one the tests run on included.

Drawn that way, a bracket inside a right-to-left run must also take its
mirrored glyph ("(" drawn as ")"), as a bidi-aware renderer would (rule L4).
python-bidi's fast implementation (`bidi.get_display`, Rust) reorders without
mirroring, which printed Arabic "(المصدر …)" as ")المصدر …(" in the teacher
pack; a line that holds a mirrorable character goes through its reference
implementation (`bidi.algorithm`), which mirrors.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.ligatures import LIGATURES
from bidi import get_display
from bidi.algorithm import get_display as get_display_mirrored
from bidi.mirror import MIRRORED
from PIL import ImageFont

DIR = Path(__file__).resolve().parent / "fonts"
FILES = {
    "sans": "NotoSans-Regular.ttf",  # Latin (Azerbaijani ə too) and Cyrillic
    "sans-bold": "NotoSans-Bold.ttf",
    "arabic": "NotoSansArabic-Regular.ttf",
    "arabic-bold": "NotoSansArabic-Bold.ttf",
    "naskh-bold": "NotoNaskhArabic-Bold.ttf",
    "mixed": "DejaVuSans.ttf",  # Latin, Cyrillic and Arabic in one face
    "mixed-bold": "DejaVuSans-Bold.ttf",
}
_RTL_CLASSES = {"R", "AL"}
# Only the lam-alef ligatures, which every Arabic face carries; the word
# ligatures (ﷲ …) are missing from most and would print as "?".
_RESHAPER = ArabicReshaper(
    configuration={
        name: name.startswith("ARABIC LIGATURE LAM WITH ALEF") and "MAKSURA" not in name
        for name, _forms in LIGATURES
    }  # fmt: skip
)
# Hebrew to Arabic Extended and the presentation forms: a line without any of
# these is drawn as it is (the common case, checked at C speed).
_MAYBE_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Brackets, quotation marks, < > and the like (Bidi_Mirrored characters).
_MIRRORABLE = re.compile("[" + "".join(re.escape(c) for c in sorted(MIRRORED)) + "]")


def path(name):
    return str(DIR / FILES[name])


@lru_cache(maxsize=128)
def font(name, size):
    """A Pillow face drawing glyph after glyph (with libraqm, Pillow would
    reorder text that `visual` has put in order already)."""
    return ImageFont.truetype(path(name), size, layout_engine=ImageFont.Layout.BASIC)


def missing():
    """Font files the renderers need that are not where they should be."""
    return [str(DIR / name) for name in FILES.values() if not (DIR / name).is_file()]


def is_arabic(char):
    code = ord(char)
    return 0x600 <= code <= 0x6FF or 0x750 <= code <= 0x77F or 0xFB50 <= code <= 0xFEFF


def is_rtl(text):
    """True when the first strongly directional character is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return False


@lru_cache(maxsize=4096)
def visual(line, rtl=None):
    """One line of text as it is drawn from left to right: Arabic letters
    joined, runs of each direction in bidi order. `rtl` is the paragraph's
    direction (None: taken from the line's first strong character). Wrap
    text into lines first, in logical order; then call this per line."""
    if not _MAYBE_RTL.search(line) and not (rtl and _MIRRORABLE.search(line)):
        return line  # a line of a right-to-left paragraph may still end in ")"
    base = "R" if (is_rtl(line) if rtl is None else rtl) else "L"
    reorder = get_display_mirrored if _MIRRORABLE.search(line) else get_display
    return reorder(_RESHAPER.reshape(line), base_dir=base)


def runs(line):
    """A visual line split into (is_arabic, text) runs, so each run can be drawn
    in the face that has its glyphs; spaces and punctuation stay with the run
    they are in."""
    found = []
    for char in line:
        kind = is_arabic(char) if char.isalnum() else None
        if found and (kind is None or kind == found[-1][0]):
            found[-1][1] += char
        else:
            found.append([bool(kind), char])
    return [(arabic, part) for arabic, part in found]


def wrap(text, measure, width):
    """Lines of `text` (logical order) no wider than `width` by `measure`;
    paragraphs break at newlines."""
    lines = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and measure(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines
