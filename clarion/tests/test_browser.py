"""A real browser (Debian's chromium via Playwright) on a live server.

Screenshots go to test-artifacts/ so people can look at the pages.
"""

import os
from pathlib import Path

import pytest
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the live server makes happen in its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]]


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_home_page_in_a_browser(live_server, browser, lang, direction):
    ARTIFACTS.mkdir(exist_ok=True)
    outside = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url) or request.url.startswith("data:")
            else outside.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("h1").count() == 1
    page.screenshot(path=str(ARTIFACTS / f"home-{lang}.png"), full_page=True)
    mobile = browser.new_page(viewport={"width": 390, "height": 844})
    mobile.goto(f"{live_server.url}/{lang}/")
    mobile.screenshot(path=str(ARTIFACTS / f"home-{lang}-mobile.png"), full_page=True)
    assert outside == [], f"third-party requests: {outside}"
    assert axe_violations(page) == []


def test_pages_pass_axe_without_javascript_needed(live_server, browser):
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    for path in (
        "/en/facts/",
        "/ru/news/",
        "/ar/recognition/",
        "/az/resources/",
        "/de/join/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
    # The language switcher and filters work with JavaScript off.
    nojs = browser.new_context(java_script_enabled=False).new_page()
    nojs.goto(f"{live_server.url}/en/news/")
    nojs.locator(".languages summary").click()
    nojs.locator('.languages a[hreflang="fr"]').click()
    assert nojs.url.endswith("/fr/news/")
    nojs.locator(".filters button").click()
    assert "/fr/news/?year=&country=&activity=" in nojs.url
    assert nojs.locator(".news-card").count() == 20
