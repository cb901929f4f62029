"""The campaign's frames and backgrounds, drawn with Pillow from composer.yaml.

Everything is drawn once per (style, size) at twice the size and scaled down
(cheap anti-aliasing), then kept in memory: composing only pastes layers.
"""

import math
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

SCALE = 2  # supersampling factor


def _rgb(hex_colour, alpha=255):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)) + (alpha,)


def petal(cx, cy, length, width, angle):
    """A rounded almond-blossom petal as a polygon, its tip pointing outwards."""
    upper, lower = [], []
    for step in range(25):
        u = step / 24
        # Narrow at the heart, widest at two thirds, rounded at the tip.
        half = width / 2 * math.sin(math.pi * u**0.75) ** 0.8
        upper.append((length * u, half))
        lower.append((length * u, -half))
    outline = upper + lower[::-1]
    cos, sin = math.cos(angle), math.sin(angle)
    return [(cx + x * cos - y * sin, cy + x * sin + y * cos) for x, y in outline]


def blossom(draw, cx, cy, radius, colours, turn=0.0):
    """Five petals, a dark red heart and golden stamens."""
    for k in range(5):
        angle = turn + k * 2 * math.pi / 5
        draw.polygon(
            petal(cx, cy, radius, radius * 0.9, angle),
            fill=_rgb(colours["petal"]),
            outline=_rgb(colours["edge"]),
            width=max(1, int(radius / 14)),
        )
    heart = radius * 0.22
    draw.ellipse((cx - heart, cy - heart, cx + heart, cy + heart), fill=_rgb(colours["heart"]))
    for k in range(9):
        angle = turn + k * 2 * math.pi / 9
        sx, sy = cx + math.cos(angle) * radius * 0.38, cy + math.sin(angle) * radius * 0.38
        draw.line((cx, cy, sx, sy), fill=_rgb(colours["heart"]), width=max(1, int(radius / 20)))
        dot = radius * 0.06
        draw.ellipse((sx - dot, sy - dot, sx + dot, sy + dot), fill=_rgb(colours["gold"]))


def branch(draw, start, control, end, thick, colour):
    """A tapering branch along a quadratic curve; returns points along it."""
    points = []
    for step in range(41):
        t = step / 40
        x = (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t**2 * end[0]
        y = (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t**2 * end[1]
        points.append((x, y))
    for step in range(40):
        width = max(1, int(thick * (1 - step / 44)))
        draw.line(points[step : step + 2], fill=colour, width=width, joint="curve")
    return points


def corner_spray(draw, size, colours, flip=False):
    """A blossoming branch entering from the top-left (or bottom-right) corner."""
    w, h = size
    unit = min(w, h) / 1080
    rng = random.Random(7 if not flip else 11)

    def place(x, y):
        return (w - x, h - y) if flip else (x, y)

    main = branch(
        draw,
        place(-20 * unit, 420 * unit),
        place(120 * unit, 120 * unit),
        place(460 * unit, -10 * unit),
        26 * unit,
        _rgb(colours["branch"]),
    )
    twig = branch(
        draw, main[14], place(210 * unit, 150 * unit), place(300 * unit, 60 * unit), 11 * unit,
        _rgb(colours["branch"]),
    )  # fmt: skip
    for points in (main[4:36:5], twig[10:40:9]):
        for x, y in points:
            radius = rng.uniform(30, 46) * unit
            blossom(draw, x + rng.uniform(-14, 14) * unit, y + rng.uniform(-14, 14) * unit,
                    radius, colours, rng.uniform(0, math.pi))  # fmt: skip


def gold_border(draw, size, colours, inset=36):
    w, h = size
    unit = min(w, h) / 1080
    gold = _rgb(colours["gold"])
    a = inset * unit
    draw.rectangle((a, a, w - a, h - a), outline=gold, width=max(2, int(3 * unit)))
    b = a + 12 * unit
    draw.rectangle(
        (b, b, w - b, h - b), outline=_rgb(colours["gold"], 170), width=max(1, int(unit))
    )


def band_height(size):
    return int(size[1] * (0.2 if size[1] >= size[0] else 0.26))


def draw_frame(style, colours, size):
    """An RGBA overlay of `size` (drawn at SCALE×, returned at size)."""
    big = (size[0] * SCALE, size[1] * SCALE)
    layer = Image.new("RGBA", big, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    if style == "blossom-corners":
        gold_border(draw, big, colours)
        corner_spray(draw, big, colours)
        corner_spray(draw, big, colours, flip=True)
    elif style == "blossom-band":
        top = big[1] - band_height(big)
        draw.rectangle((0, top, big[0], big[1]), fill=_rgb(colours["band"], 235))
        draw.line((0, top, big[0], top), fill=_rgb(colours["gold"]), width=4 * SCALE)
        unit = min(big) / 1080
        step = 150 * unit
        x = step / 2
        while x < big[0]:
            blossom(draw, x, top, 34 * unit, colours, x / 97)
            x += step
    elif style == "plain":
        gold_border(draw, big, colours, inset=28)
    else:
        raise ValueError(f"Unknown frame style {style!r}")
    return layer.resize(size, Image.Resampling.LANCZOS)


def draw_background(colours, blossoms, size, petal_colours=None):
    """A vertical gradient with a few soft blossoms scattered over it (RGB)."""
    top, bottom = _rgb(colours[0]), _rgb(colours[1])
    column = Image.new("RGB", (1, 256))
    column.putdata(
        [tuple(int(top[c] + (bottom[c] - top[c]) * y / 255) for c in range(3)) for y in range(256)]
    )
    image = column.resize(size, Image.Resampling.BILINEAR)
    if blossoms:
        petal_colours = petal_colours or {
            "petal": "#faf7f2", "edge": "#e8b4bc", "heart": "#9b1d20", "gold": "#c9a227",
        }  # fmt: skip
        big = (size[0] * SCALE, size[1] * SCALE)
        layer = Image.new("RGBA", big, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        rng = random.Random(size[0] * 31 + size[1])
        unit = min(big) / 1080
        for _ in range(blossoms):
            x, y = rng.uniform(0, big[0]), rng.uniform(0, big[1])
            blossom(draw, x, y, rng.uniform(40, 90) * unit, petal_colours, rng.uniform(0, 6.3))
        layer = layer.resize(size, Image.Resampling.LANCZOS).filter(ImageFilter.GaussianBlur(1))
        alpha = layer.getchannel("A").point(lambda a: a * 55 // 100)
        layer.putalpha(alpha)
        image.paste(layer, (0, 0), layer)
    return image


@lru_cache(maxsize=32)
def frame_layer(key, size):
    from clarion.contributions.composer_pack import frame

    spec = frame(key)
    return draw_frame(spec["style"], spec["colours"], size)


@lru_cache(maxsize=32)
def frame_parts(key, size):
    """The frame as an RGB picture and its alpha mask, ready for a fast paste()."""
    layer = frame_layer(key, size)
    return layer.convert("RGB"), layer.getchannel("A")


@lru_cache(maxsize=32)
def background(key, size):
    from clarion.contributions.composer_pack import background as spec_of

    spec = spec_of(key)
    return draw_background(spec["colours"], spec.get("blossoms", 0), size)
