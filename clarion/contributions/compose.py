"""Composing an image message: photo or background, campaign frame, slogan.

Text is laid out by Pillow with libraqm (bidi, Arabic shaping) in Noto fonts
that cover Latin (Azerbaijani ə, ğ, ı), Cyrillic and Arabic. Fonts, frames and
backgrounds are cached per process, so one render is mostly a resize, two
pastes and a JPEG encode.
"""

import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from clarion.contributions import artwork
from clarion.contributions.artwork import band_height

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
FONT_DIR = "/usr/share/fonts/truetype/noto/"
FONTS = {
    "latin": FONT_DIR + "NotoSans-Bold.ttf",  # Latin incl. Azerbaijani, Cyrillic, Greek
    "arabic": FONT_DIR + "NotoNaskhArabic-Bold.ttf",
    # Mixed Arabic and Latin in one slogan: neither Noto face has both.
    "mixed": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
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
    """The Noto face that has every character of the text, else the mixed one."""
    arabic = any("ARABIC" in unicodedata.name(c, "") for c in text if c.isalpha())
    preferred = "arabic" if arabic else "latin"
    if all(has_glyph(preferred, c) for c in set(text)):
        return preferred
    return "mixed"


def base_direction(text):
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@lru_cache(maxsize=64)
def font(script, size):
    return ImageFont.truetype(FONTS[script], size, layout_engine=ImageFont.Layout.RAQM)


def _measure(draw, text, face, direction, language):
    left, top, right, bottom = draw.textbbox(
        (0, 0), text, font=face, direction=direction, language=language, anchor="ls"
    )
    return right - left


def wrap(draw, text, face, max_width, direction, language):
    lines, current = [], ""
    for word in text.split():
        attempt = f"{current} {word}".strip()
        if current and _measure(draw, attempt, face, direction, language) > max_width:
            lines.append(current)
            current = word
        else:
            current = attempt
    if current:
        lines.append(current)
    return lines


def layout_text(draw, text, size, language):
    """Choose the font size and lines so the slogan fits in at most three lines."""
    script = script_for(text)
    direction = base_direction(text)
    width = size[0]
    max_width = int(width * 0.8)
    points = int(min(size) * (0.085 if size[1] >= size[0] else 0.1))
    while True:
        face = font(script, points)
        lines = wrap(draw, text, face, max_width, direction, language)
        widest = max((_measure(draw, ln, face, direction, language) for ln in lines), default=0)
        if (len(lines) <= 3 and widest <= max_width) or points <= 24:
            return face, lines, direction
        points = int(points * 0.9)


def text_centre_y(frame_style, size):
    if frame_style == "blossom-band":
        return size[1] - band_height(size) // 2
    return int(size[1] * (0.8 if size[1] > size[0] else 0.78))


def draw_slogan(canvas, text, frame_style, language):
    """Draw the slogan; return its bounding box on the canvas (or None)."""
    if not text:
        return None
    draw = ImageDraw.Draw(canvas)
    face, lines, direction = layout_text(draw, text, canvas.size, language)
    line_height = int(face.size * (1.45 if face.path == FONTS["arabic"] else 1.25))
    centre_x = canvas.size[0] // 2
    first_y = text_centre_y(frame_style, canvas.size) - line_height * (len(lines) - 1) // 2
    boxes = [
        draw.textbbox(
            (centre_x, first_y + i * line_height),
            line,
            font=face,
            anchor="mm",
            direction=direction,
            language=language,
        )  # fmt: skip
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
        draw.text(
            (centre_x, first_y + i * line_height), line, font=face, fill=WHITE, anchor="mm",
            direction=direction, language=language,
        )  # fmt: skip
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
    box = draw_slogan(
        canvas, composition.text, frame(composition.frame)["style"], composition.language
    )
    return canvas, box


def render_jpeg(composition, photo=None, quality=86):
    image, _ = compose(composition, photo)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()
