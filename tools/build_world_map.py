"""Build clarion/lib/world_map.json: country outlines as SVG path strings.

Source and licence
------------------
Shapes: npm package ``world-atlas@2`` (countries-110m.json, TopoJSON), ISC licence,
Copyright 2013-2019 Michael Bostock. It is derived from Natural Earth 1:110m
Admin 0 countries, which are in the public domain (https://www.naturalearthdata.com/).
ISO 3166-1 numeric -> alpha-2: ``codes.json`` from npm ``i18n-iso-countries`` (MIT).
Features without an ISO id (Kosovo, N. Cyprus, Somaliland) and Antarctica are left out.
Crimea is drawn as part of Ukraine, following UN GA resolution 68/262 (the source has
de facto borders, with Crimea as one of Russia's polygons): see ``reassign_crimea``.

The map uses the Equal Earth projection (Šavrič, Patterson, Jenny 2018) and a
viewBox 1000 units wide, coordinates rounded to 0.1 unit. The offsets and the
scale are written beside the shapes ("projection"), so that points (events)
can be placed on the same map.

Re-run (stdlib only, no network at run time):

    cd /tmp && npm pack world-atlas@2 i18n-iso-countries
    mkdir -p wa iso && tar xzf world-atlas-2.*.tgz -C wa && tar xzf i18n-iso-countries-*.tgz -C iso
    cd /work/main && python3 tools/build_world_map.py \\
        /tmp/wa/package/countries-110m.json /tmp/iso/package/codes.json \\
        [clarion/lib/world_map.json]
"""

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from clarion.lib.worldmap import equal_earth  # noqa: E402  (stdlib only, like this tool)

OUT = ROOT / "clarion" / "lib" / "world_map.json"
WIDTH = 1000
SKIP = {"010"}  # Antarctica


def decode_arcs(topo):
    """Undo the quantisation delta encoding; return arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def stitch(ring, arcs):
    """Join a ring's arcs (negative index = reversed arc ~i), dropping shared ends."""
    points = []
    for i in ring:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def clip(ring, keep, cross):
    """Sutherland-Hodgman: the part of a closed ring on one side of a meridian."""
    out = []
    for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
        if keep(b):
            if not keep(a):
                out.append(cross(a, b))
            out.append(b)
        elif keep(a):
            out.append(cross(a, b))
    return out


def at_lon(lon):
    def cross(a, b):
        t = (lon - a[0]) / (b[0] - a[0])
        return lon, a[1] + t * (b[1] - a[1])

    return cross


def split_antimeridian(ring):
    """world-atlas v2 rings run across ±180° (Russia, Fiji): cut them there."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in zip(ring, ring[1:], strict=False)):
        return [ring]
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        delta = (lon - unwrapped[-1][0] + 180) % 360 - 180
        unwrapped.append((unwrapped[-1][0] + delta, lat))
    pieces = []
    for shift in (-360, 0, 360):
        piece = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = clip(piece, lambda p: p[0] <= 180, at_lon(180))
        piece = clip(piece, lambda p: p[0] >= -180, at_lon(-180)) if piece else []
        if len(piece) >= 3:
            pieces.append(piece + piece[:1])
    return pieces


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


RUSSIA, UKRAINE = "643", "804"
CRIMEA = (32.4, 44.3, 36.7, 46.3)  # lon/lat box around the peninsula: W, S, E, N


def reassign_crimea(geometries, arcs):
    """Move the Russian polygon lying inside the CRIMEA box to Ukraine (UN GA res. 68/262).

    In world-atlas@2 (countries-110m) Crimea is a separate polygon of Russia's MultiPolygon,
    so no cut is needed; the shared arc at the Perekop isthmus stays, as an outline between
    the two rings of Ukraine's path. Fails loudly if the source data no longer looks like that.
    """
    by_id = {g.get("id"): g for g in geometries}
    russia, ukraine = by_id[RUSSIA], by_id[UKRAINE]
    w, s, e, n = CRIMEA

    def inside(polygon):
        return all(w <= lon <= e and s <= lat <= n for lon, lat in stitch(polygon[0], arcs))

    moved = [p for p in polygons(russia) if inside(p)]
    if len(moved) != 1:
        raise SystemExit(f"expected one Crimea polygon in Russia's shape, found {len(moved)}")
    russia.update(type="MultiPolygon", arcs=[p for p in polygons(russia) if not inside(p)])
    ukraine.update(type="MultiPolygon", arcs=polygons(ukraine) + moved)


def num(v):
    """Format an integer number of tenths as compactly as SVG allows."""
    s = f"{v / 10:.1f}".removesuffix(".0")
    if s.startswith("0."):
        s = s[1:]
    elif s.startswith("-0."):
        s = "-" + s[2:]
    return s


class PathWriter:
    """Writes path commands, omitting repeated command letters and needless separators."""

    def __init__(self):
        self.out, self.cmd, self.prev = [], None, ""

    def add(self, cmd, *values):
        for i, v in enumerate(values):
            s = num(v)
            if i == 0 and cmd != self.cmd:
                self.out.append(cmd)
            elif not (s[0] == "-" or (s[0] == "." and "." in self.prev)):
                # Only needed where the next number could be read as part of the previous.
                self.out.append(" ")
            self.out.append(s)
            self.prev = s
        self.cmd = cmd

    def close(self):
        self.out.append("z")
        self.cmd, self.prev = None, ""

    def text(self):
        return "".join(self.out)


def add_ring(writer, points, start):
    """Append one closed ring of integer points; return its start point (or None if empty)."""
    clean = []
    for p in points:
        if not clean or p != clean[-1]:
            clean.append(p)
    while len(clean) > 1 and clean[-1] == clean[0]:
        clean.pop()
    if len(clean) < 3:
        return None
    x0, y0 = clean[0]
    if start is None or len(num(x0) + num(y0)) <= len(num(x0 - start[0]) + num(y0 - start[1])):
        writer.add("M", x0, y0)
    else:
        writer.add("m", x0 - start[0], y0 - start[1])
    writer.cmd = None  # state the first lineto's command even if it could be implicit
    px, py = x0, y0
    for x, y in clean[1:]:
        dx, dy = x - px, y - py
        if dy == 0:
            writer.add("h", dx)
        elif dx == 0:
            writer.add("v", dy)
        else:
            writer.add("l", dx, dy)
        px, py = x, y
    writer.close()
    return x0, y0


def main(topo_path, codes_path, out_path=OUT):
    topo = json.loads(Path(topo_path).read_text())
    alpha2 = {numeric: a2 for a2, _a3, numeric, *_ in json.loads(Path(codes_path).read_text())}
    arcs = decode_arcs(topo)
    reassign_crimea(topo["objects"]["countries"]["geometries"], arcs)

    shapes = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = alpha2.get(geometry.get("id"))
        if geometry.get("id") in SKIP or not code:
            print("skipped:", geometry.get("id"), geometry["properties"].get("name"))
            continue
        rings = [
            [equal_earth(*p) for p in piece]
            for polygon in polygons(geometry)
            for ring in polygon
            for piece in split_antimeridian(stitch(ring, arcs))
        ]
        shapes.setdefault(code, []).extend(rings)

    xs = [x for rings in shapes.values() for ring in rings for x, _ in ring]
    ys = [y for rings in shapes.values() for ring in rings for _, y in ring]
    x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
    scale = WIDTH / (x_max - x_min)
    height = math.ceil((y_max - y_min) * scale)

    countries = {}
    for code in sorted(shapes):
        writer, start = PathWriter(), None
        for ring in shapes[code]:
            # SVG y grows downwards: flip latitude. Work in integer tenths of a unit.
            pts = [
                (round((x - x_min) * scale * 10), round((y_max - y) * scale * 10)) for x, y in ring
            ]
            start = add_ring(writer, pts, start) or start
        if writer.out:
            countries[code] = writer.text()
        else:
            print("no visible outline:", code)

    # How clarion.lib.worldmap.project() puts a point (events) on the same map.
    projection = {"x_min": round(x_min, 9), "y_max": round(y_max, 9), "scale": round(scale, 9)}
    data = {"viewBox": f"0 0 {WIDTH} {height}", "countries": countries, "projection": projection}
    Path(out_path).write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{len(countries)} countries, {Path(out_path).stat().st_size} bytes -> {out_path}")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
