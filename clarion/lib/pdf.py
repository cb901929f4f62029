"""A small PDF writer that streams pages to a file, with one embedded TrueType font.

Pages are written as they are made; only the byte offsets of the objects stay
in memory, so a million-name list costs no more memory than ten. Text is
encoded as glyph ids (Identity-H) with a ToUnicode map, so any script the font
covers can be shown and copied out again. Each line is drawn in visual order
(clarion.lib.typeset: Arabic joined, right-to-left runs reversed); callers
pick a left-to-right language for running text, so Arabic appears in names
and quoted lines, set inside left-to-right lines.
"""

import struct
import zlib
from functools import lru_cache

from clarion.lib import typeset

A4 = (595, 842)


class Font:
    """Glyph ids and advance widths read from a TrueType file."""

    def __init__(self, path):
        with open(path, "rb") as handle:
            self.data = handle.read()
        tables = self._tables()
        head = tables["head"]
        self.units = struct.unpack(">H", self.data[head + 18 : head + 20])[0]
        self.bbox = struct.unpack(">hhhh", self.data[head + 36 : head + 44])
        hhea = tables["hhea"]
        self.ascent, self.descent = struct.unpack(">hh", self.data[hhea + 4 : hhea + 8])
        metrics = struct.unpack(">H", self.data[hhea + 34 : hhea + 36])[0]
        glyphs = struct.unpack(">H", self.data[tables["maxp"] + 4 : tables["maxp"] + 6])[0]
        hmtx = tables["hmtx"]
        widths = [struct.unpack(">H", self.data[hmtx + 4 * i : hmtx + 4 * i + 2])[0]
                  for i in range(metrics)]  # fmt: skip
        widths += [widths[-1]] * (glyphs - metrics)
        self.widths = [round(w * 1000 / self.units) for w in widths]
        self.cmap = self._cmap(tables["cmap"])
        self.hex = _HexTable(self.cmap)

    def _tables(self):
        count = struct.unpack(">H", self.data[4:6])[0]
        found = {}
        for i in range(count):
            entry = self.data[12 + 16 * i : 28 + 16 * i]
            tag, _sum, offset, _length = struct.unpack(">4sIII", entry)
            found[tag.decode("latin-1")] = offset
        return found

    def _cmap(self, base):
        """code point → glyph id, from the Unicode BMP subtable (format 4)."""
        count = struct.unpack(">H", self.data[base + 2 : base + 4])[0]
        for i in range(count):
            platform, encoding, offset = struct.unpack(
                ">HHI", self.data[base + 4 + 8 * i : base + 12 + 8 * i]
            )
            sub = base + offset
            if (platform, encoding) in ((3, 1), (0, 3)) and self._u16(sub) == 4:
                return self._format4(sub)
        raise ValueError("the font has no Unicode (format 4) character map")

    def _u16(self, at):
        return struct.unpack(">H", self.data[at : at + 2])[0]

    def _format4(self, sub):
        segments = self._u16(sub + 6) // 2
        ends, starts = sub + 14, sub + 16 + 2 * segments
        deltas, ranges = starts + 2 * segments, starts + 4 * segments
        mapping = {}
        for i in range(segments):
            end, start = self._u16(ends + 2 * i), self._u16(starts + 2 * i)
            delta = struct.unpack(">h", self.data[deltas + 2 * i : deltas + 2 * i + 2])[0]
            range_offset = self._u16(ranges + 2 * i)
            for code in range(start, min(end, 0xFFFE) + 1):
                if range_offset == 0:
                    glyph = (code + delta) & 0xFFFF
                else:
                    at = ranges + 2 * i + range_offset + 2 * (code - start)
                    glyph = self._u16(at)
                    glyph = (glyph + delta) & 0xFFFF if glyph else 0
                if glyph:
                    mapping[code] = glyph
        return mapping

    def width(self, text, size):
        widths, cmap = self.widths, self.cmap
        return sum(widths[cmap.get(ord(c), 0)] for c in text) * size / 1000

    def fit(self, text, size, width):
        """The text cut (with …) to fit in `width` points."""
        if self.width(text, size) <= width:
            return text
        while text and self.width(text + "…", size) > width:
            text = text[:-1]
        return text + "…"

    def wrap(self, text, size, width):
        return typeset.wrap(text, lambda line: self.width(typeset.visual(line), size), width)


class _HexTable(dict):
    """str.translate table: each character becomes its glyph id as 4 hex digits."""

    def __init__(self, cmap):
        super().__init__()
        self.cmap = cmap

    def __missing__(self, code):
        value = f"{self.cmap.get(code, self.cmap.get(0x3F, 0)):04X}"
        self[code] = value
        return value


@lru_cache(maxsize=4)
def load_font(path):
    return Font(path)


class Writer:
    """Write a PDF page by page: `page()` returns a Page; `close()` finishes."""

    def __init__(self, handle, font, title=""):
        self.out, self.font, self.title = handle, font, title
        self.offsets = {}
        self.pages = []
        self.position = 0
        self.next_id = 8  # 1–7 are the catalog, page tree and font objects
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        self._font_objects()

    def _write(self, data):
        self.out.write(data)
        self.position += len(data)

    def _object(self, number, body):
        self.offsets[number] = self.position
        self._write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def _stream(self, number, data, extra=b"", compress=True):
        if compress:
            data, extra = zlib.compress(data, 3), extra + b"/Filter /FlateDecode "
        head = b"<< " + extra + b"/Length %d >>\nstream\n" % len(data)
        self._object(number, head + data + b"\nendstream")

    def _font_objects(self):
        font = self.font
        self._object(
            3,
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Embedded /Encoding /Identity-H "
            b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
        )
        widths = " ".join(str(w) for w in font.widths).encode()
        self._object(
            4,
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Embedded "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor 5 0 R /CIDToGIDMap /Identity /W [0 [" + widths + b"]] >>",
        )
        scale = 1000 / font.units
        bbox = " ".join(str(round(v * scale)) for v in font.bbox).encode()
        ascent, descent = round(font.ascent * scale), round(font.descent * scale)
        self._object(
            5,
            b"<< /Type /FontDescriptor /FontName /Embedded /Flags 32 /FontBBox [" + bbox + b"] "
            b"/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 7 0 R >>"
            % (ascent, descent, ascent),
        )
        self._stream(6, _to_unicode(font.cmap))
        self._stream(7, font.data, b"/Length1 %d " % len(font.data))

    def page(self):
        return Page(self)

    def _add_page(self, content):
        content_id, page_id = self.next_id, self.next_id + 1
        self.next_id += 2
        self._stream(content_id, content)
        self._object(page_id, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                     b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                     % (A4[0], A4[1], content_id))  # fmt: skip
        self.pages.append(page_id)

    def close(self):
        kids = b" ".join(b"%d 0 R" % p for p in self.pages)
        self._object(2, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(self.pages))
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        info = self.next_id
        self._object(info, b"<< /Title <" + _utf16(self.title) + b"> /Producer (Clarion) >>")
        start = self.position
        count = info + 1
        lines = [b"xref\n0 %d\n" % count, b"0000000000 65535 f \n"]
        lines += [b"%010d 00000 n \n" % self.offsets[n] for n in range(1, count)]
        self._write(b"".join(lines))
        self._write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                    % (count, info, start))  # fmt: skip


class Page:
    """Text placed at points from the top-left corner; written on `finish()`."""

    def __init__(self, writer):
        self.writer, self.parts = writer, []

    def text(self, x, y, text, size=10, rtl=False):
        """`rtl`: the line belongs to a right-to-left paragraph (bidi order)."""
        glyphs = typeset.visual(text, rtl=rtl).translate(self.writer.font.hex)
        self.parts.append(f"BT /F1 {size} Tf {x:.1f} {A4[1] - y:.1f} Td <{glyphs}> Tj ET\n")

    def raw(self, operators):
        self.parts.append(operators)

    def rule(self, x1, y, x2):
        self.parts.append(f"{x1} {A4[1] - y} m {x2} {A4[1] - y} l 0.5 w S\n")

    def finish(self):
        self.writer._add_page("".join(self.parts).encode("ascii"))


def _utf16(text):
    return ("FEFF" + text.encode("utf-16-be").hex().upper()).encode()


def _to_unicode(cmap):
    by_glyph = {}
    for code, glyph in sorted(cmap.items()):
        by_glyph.setdefault(glyph, code)
    entries = sorted(by_glyph.items())
    out = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Clarion-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        out.append(f"{len(chunk)} beginbfchar")
        out.extend(f"<{glyph:04X}> <{code:04X}>" for glyph, code in chunk)
        out.append("endbfchar")
    out += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(out).encode("ascii")
