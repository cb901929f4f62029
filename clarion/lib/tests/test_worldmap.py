import re
import xml.etree.ElementTree as ET

from clarion.lib.worldmap import legend, render_map, world_map

SVG = "{http://www.w3.org/2000/svg}"


def paths(svg):
    return {p.get("d"): p for p in ET.fromstring(svg).iter(f"{SVG}path")}


def path_of(svg, code):
    return paths(svg)[world_map()["countries"][code]]


def test_it_has_the_countries():
    countries = world_map()["countries"]
    assert len(countries) >= 170
    assert {"AZ", "TR", "US", "FR", "RU", "PK", "MX"} <= countries.keys()
    assert all(len(code) == 2 and code.isupper() for code in countries)
    assert world_map()["viewBox"].startswith("0 0 1000 ")


def test_it_renders_parseable_accessible_svg_with_one_path_per_country():
    svg = render_map({"AZ": 3}, "Signatures by country")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title.get("id") == root.get("aria-labelledby")
    assert title.text == "Signatures by country"
    assert len(list(root.iter(f"{SVG}path"))) == len(world_map()["countries"])


def test_it_gives_the_max_count_the_darkest_class_and_zero_c0():
    svg = render_map({"AZ": 500, "TR": 40, "FR": 1, "US": 0}, "Map")
    assert path_of(svg, "AZ").get("class") == "c5"
    assert path_of(svg, "US").get("class") == "c0"
    assert path_of(svg, "MX").get("class") == "c0"  # not in counts at all
    assert path_of(svg, "FR").get("class") == "c1"
    assert path_of(svg, "US").find(f"{SVG}title") is None
    assert path_of(svg, "AZ").find(f"{SVG}title").text == "AZ: 500"


def test_it_escapes_titles():
    svg = render_map({"AZ": 1}, "<b>map</b>", label=lambda code, n: f"<script>{code}</script>")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;AZ&lt;/script&gt;" in svg
    assert path_of(svg, "AZ").find(f"{SVG}title").text == "<script>AZ</script>"


def test_it_stays_small_with_every_country_counted():
    counts = {code: i + 1 for i, code in enumerate(world_map()["countries"])}
    svg = render_map(counts, "All")
    assert len(svg.encode()) < 150_000
    assert len(paths(svg)) == len(counts)


def test_it_builds_a_legend_covering_every_count():
    counts = {"AZ": 1000, "TR": 50, "FR": 3, "DE": 1}
    rows = legend(counts)
    assert rows[0] == ("c0", 0, 0)
    assert rows[-1][0] == "c5" and rows[-1][2] == 1000
    assert rows[1][1] == 1
    for (_, _, high), (_, low, _) in zip(rows[1:], rows[2:], strict=False):
        assert low == high + 1
    svg = render_map(counts, "Map")
    for code, n in counts.items():
        cls = path_of(svg, code).get("class")
        assert any(c == cls and low <= n <= high for c, low, high in rows)
    assert legend({}) == [("c0", 0, 0)]
    assert legend({"AZ": 1}) == [("c0", 0, 0), ("c5", 1, 1)]


def subpaths(d):
    """Absolute point lists of each subpath; handles the M m l h v z the generator writes."""
    rings, x, y, cmd, args = [], 0.0, 0.0, None, []
    for tok in re.findall(r"[MmlhvZz]|-?(?:\d+\.?\d*|\.\d+)", d):
        if tok.isalpha():
            cmd, args = tok, []
            if cmd in "Zz":
                x, y = rings[-1][0]
            continue
        args.append(float(tok))
        if cmd in "Mml" and len(args) == 2:
            if cmd == "M":
                x, y = args
            else:
                x, y = x + args[0], y + args[1]
            if cmd in "Mm":
                rings.append([])
                cmd = "l"  # further pairs are implicit linetos
            rings[-1].append((x, y))
            args = []
        elif cmd in "hv":
            x, y = (x + args[0], y) if cmd == "h" else (x, y + args[0])
            rings[-1].append((x, y))
            args = []
    return rings


def box(points):
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_it_draws_crimea_as_part_of_ukraine():
    # UN GA resolution 68/262: tools/build_world_map.py moves Russia's Crimea polygon
    # to Ukraine, so Ukraine's path is mainland plus the peninsula to its south.
    countries = world_map()["countries"]
    mainland, crimea = sorted(subpaths(countries["UA"]), key=len, reverse=True)
    mx0, my0, mx1, my1 = box(mainland)
    cx0, cy0, cx1, cy1 = box(crimea)
    assert mx0 < cx0 < cx1 < mx1  # within Ukraine's east-west extent
    assert my0 < cy0 < my1 < cy1  # touching the mainland, reaching further south (SVG y down)
    # And Russia has no ring of its own there any more.
    for ring in subpaths(countries["RU"]):
        rx0, ry0, rx1, ry1 = box(ring)
        assert not (cx0 <= rx0 and rx1 <= cx1 and cy0 <= ry0 and ry1 <= cy1)
