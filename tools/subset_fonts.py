"""Make the font files Clarion ships (clarion/lib/fonts/) from Debian's.

    apt-get install fonts-noto-core fonts-dejavu-core
    pip install fonttools==4.68.0
    python tools/subset_fonts.py

Each font keeps only the scripts of the eight interface languages (Latin with
Azerbaijani ə, Cyrillic, Arabic with its presentation forms, which the
renderers draw) plus punctuation and the manat sign, so the seven files weigh
a fraction of the originals. Not run at build or run time: the output is
committed, with the licences beside it.
"""

import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "clarion" / "lib" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
COMMON = "U+0020-007E,U+00A0-00FF,U+2000-206F,U+20A0-20CF,U+2116,U+2190-2193,U+25CF"
LATIN = "U+0100-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0400-052F,U+1E00-1EFF"
ARABIC = "U+0600-06FF,U+0750-077F,U+FB50-FDFF,U+FE70-FEFF"
FONTS = {
    NOTO / "NotoSans-Regular.ttf": LATIN,
    NOTO / "NotoSans-Bold.ttf": LATIN,
    NOTO / "NotoSansArabic-Regular.ttf": ARABIC,
    NOTO / "NotoSansArabic-Bold.ttf": ARABIC,
    NOTO / "NotoNaskhArabic-Bold.ttf": ARABIC,
    # One face with Latin, Cyrillic and Arabic, for text that mixes them.
    DEJAVU / "DejaVuSans.ttf": f"{LATIN},{ARABIC}",
    DEJAVU / "DejaVuSans-Bold.ttf": f"{LATIN},{ARABIC}",
}


def main():
    OUT.mkdir(exist_ok=True)
    for source, ranges in FONTS.items():
        subprocess.run(
            [sys.executable, "-m", "fontTools.subset", str(source),
             f"--unicodes={COMMON},{ranges}", "--layout-features=*", "--no-hinting",
             "--name-IDs=*", "--name-legacy", f"--output-file={OUT / source.name}"],
            check=True,
        )  # fmt: skip
        print(f"{source.name}: {(OUT / source.name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
