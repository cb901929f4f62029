"""Debian's chromium through Playwright, for the journey tests: where it is,
how it starts, and axe-core (vendored) to check each page's accessibility.

Screenshots go to test-artifacts/ so people can look at the pages.
"""

from pathlib import Path

from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def axe_violations(page):
    # Evaluated by the browser's tooling, not as a <script> of the page: the
    # site's Content-Security-Policy refuses inline scripts.
    page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:5])
        for v in result["violations"]
    ]
