"""Composing an image message: photo or background, campaign frame, slogan.

The slogan is drawn in the fonts that ship with Clarion (clarion.lib.typeset:
Noto for Latin, Azerbaijani and Cyrillic, Noto Naskh for Arabic, DejaVu for a
slogan that mixes Arabic with other scripts), with Arabic joined and lines put
in visual order there, so every machine draws the same picture. Fonts, frames
and backgrounds are cached per process, so one render is mostly a resize, two
pastes and a JPEG encode.
"""

import io
from dataclasses import dataclass
from functools import lru_cache, partial

from PIL import Image, ImageDraw

from clarion.contributions import artwork
from clarion.contributions.artwork import band_height
from clarion.lib import typeset

SIZES = {"square": (1080, 1080), "story": (1080, 1920), "card": (1200, 630)}
POSITIONS = {
    "center": (0.5, 0.5),
    "top": (0.5, 0.0),
    "bottom": (0.5, 1.0),
    "left": (0.0, 0.5),
    "right": (1.0, 0.5),
}
ZOOMS = (100, 125, 150, 200)
MAX_SLOGAN = 90
FONTS = {"latin": "sans-bold", "arabic": "naskh-bold", "mixed": "mixed-bold"}
WHITE = (255, 255, 255, 255)


@dataclass(frozen=True)
class Composition:
    frame: str
    background: str
    text: str  # the slogan as it will be drawn
    size: str = "square"
    position: str = "center"
    zoom: int = 100
    language: str = "en"


@lru_cache(maxsize=4096)
def has_glyph(script, char):
    face = font(script, 24)
    return char.isspace() or bytes(face.getmask(char)) != bytes(face.getmask("\ue000"))


def script_for(text):
    """The Noto face that has every character of the text as drawn (Arabic in
    its joined forms), else the mixed one."""
    drawn = typeset.visual(text)
    preferred = "arabic" if any(typeset.is_arabic(c) for c in drawn if c.isalpha()) else "latin"
    if all(has_glyph(preferred, c) for c in set(drawn)):
        return preferred
    return "mixed"


def font(script, size):
    return typeset.font(FONTS[script], size)


def _measure(face, line, *, rtl):
    return face.getlength(typeset.visual(line, rtl))


def layout_text(text, size):
    """Choose the font size and lines so the slogan fits in at most three lines."""
    script = script_for(text)
    rtl = typeset.is_rtl(text)
    max_width = int(size[0] * 0.8)
    points = int(min(size) * (0.085 if size[1] >= size[0] else 0.1))
    while True:
        face = font(script, points)
        lines = typeset.wrap(text, partial(_measure, face, rtl=rtl), max_width)
        widest = max((_measure(face, line, rtl=rtl) for line in lines), default=0)
        if (len(lines) <= 3 and widest <= max_width) or points <= 24:
            return face, [typeset.visual(line, rtl) for line in lines], script


def text_centre_y(frame_style, size):
    if frame_style == "blossom-band":
        return size[1] - band_height(size) // 2
    return int(size[1] * (0.8 if size[1] > size[0] else 0.78))


def draw_slogan(canvas, text, frame_style):
    """Draw the slogan; return its bounding box on the canvas (or None)."""
    if not text:
        return None
    draw = ImageDraw.Draw(canvas)
    face, lines, script = layout_text(text, canvas.size)
    line_height = int(face.size * (1.45 if script == "arabic" else 1.25))
    centre_x = canvas.size[0] // 2
    first_y = text_centre_y(frame_style, canvas.size) - line_height * (len(lines) - 1) // 2
    boxes = [
        draw.textbbox((centre_x, first_y + i * line_height), line, font=face, anchor="mm")
        for i, line in enumerate(lines)
    ]
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    if frame_style != "blossom-band":
        # An "RGBA" drawing context blends the translucent strip straight into the RGB
        # picture: no full-size layer to build and composite.
        pad = face.size // 2
        ImageDraw.Draw(canvas, "RGBA").rounded_rectangle(
            (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad), radius=pad,
            fill=(20, 33, 61, 170),
        )  # fmt: skip
    for i, line in enumerate(lines):
        draw.text((centre_x, first_y + i * line_height), line, font=face, fill=WHITE, anchor="mm")
    return box


def cover(photo, size):
    """The photo scaled so it just covers `size` (done once per photo and size)."""
    pw, ph = photo.size
    scale = max(size[0] / pw, size[1] / ph)
    target = (max(size[0], round(pw * scale)), max(size[1], round(ph * scale)))
    return photo.resize(target, Image.Resampling.BILINEAR, reducing_gap=2.0)


def fit_photo(photo, size, position="center", zoom=100):
    """Cover `size` with the photo, cropped around `position`, zoomed in by zoom %.
    A photo already scaled by cover() at zoom 100 is only cropped (fast path)."""
    pw, ph = photo.size
    w, h = size
    scale = max(w / pw, h / ph) * max(100, zoom) / 100
    cw, ch = w / scale, h / scale
    fx, fy = POSITIONS.get(position, POSITIONS["center"])
    left, top = (pw - cw) * fx, (ph - ch) * fy
    if abs(scale - 1) < 1e-6:
        return photo.crop((round(left), round(top), round(left) + w, round(top) + h))
    box = (left, top, left + cw, top + ch)
    return photo.resize(size, Image.Resampling.BICUBIC, box=box, reducing_gap=2.0)


def open_photo(data, size):
    """Decode a stored (already cleaned) JPEG at a reduced scale when it is big."""
    image = Image.open(io.BytesIO(data))
    image.draft("RGB", size)
    return image.convert("RGB")


def compose(composition, photo=None):
    """The composed picture (RGB) and the slogan's bounding box."""
    from clarion.contributions.composer_pack import frame

    size = SIZES[composition.size]
    if photo is not None:
        base = fit_photo(photo, size, composition.position, composition.zoom)
    else:
        base = artwork.background(composition.background, size)
    canvas = base.copy() if photo is None else base  # cached backgrounds stay untouched
    colours, alpha = artwork.frame_parts(composition.frame, size)
    canvas.paste(colours, (0, 0), alpha)
    box = draw_slogan(canvas, composition.text, frame(composition.frame)["style"])
    return canvas, box


def render_jpeg(composition, photo=None, quality=86):
    image, _ = compose(composition, photo)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()
