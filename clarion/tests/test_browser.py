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


@pytest.fixture
def site(live_server):
    """The live server with the content pack. A live-server test empties the
    database when it ends, so a later one loads the pack again."""
    from django.core.management import call_command

    from clarion.content.models import HomePage

    if not HomePage.objects.exists():
        call_command("load_content_pack", "khojaly", no_progress=True, verbosity=0)
    return live_server


def axe_violations(page):
    # Evaluated by the browser's tooling, not as a <script> of the page: the
    # site's Content-Security-Policy refuses inline scripts.
    page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:5])
        for v in result["violations"]
    ]


def test_home_page_in_arabic_and_english(site, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    for lang, direction in [("en", "ltr"), ("ar", "rtl")]:
        outside = []
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on(
            "request",
            lambda request, outside=outside: (
                None
                if request.url.startswith(site.url) or request.url.startswith("data:")
                else outside.append(request.url)
            ),
        )
        response = page.goto(f"{site.url}/{lang}/")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator(".way").count() == 6
        page.screenshot(path=str(ARTIFACTS / f"home-{lang}.png"), full_page=True)
        mobile = browser.new_page(viewport={"width": 390, "height": 844})
        mobile.goto(f"{site.url}/{lang}/")
        mobile.screenshot(path=str(ARTIFACTS / f"home-{lang}-mobile.png"), full_page=True)
        assert outside == [], f"third-party requests: {outside}"
        assert axe_violations(page) == [], lang


def test_pages_pass_axe_and_work_without_javascript(site, browser):
    page = browser.new_page()
    for path in ("/en/facts/", "/ru/news/", "/ar/recognition/", "/az/resources/", "/de/join/"):
        response = page.goto(f"{site.url}{path}")
        assert response.status == 200, path
        assert axe_violations(page) == [], path
    # The language switcher and the news filters work with JavaScript off.
    nojs = browser.new_context(java_script_enabled=False).new_page()
    nojs.goto(f"{site.url}/en/news/")
    nojs.locator(".languages summary").click()
    nojs.locator('.languages a[hreflang="fr"]').click()
    assert nojs.url.endswith("/fr/news/")
    nojs.locator(".filters button").click()
    assert "/fr/news/?year=&country=&activity=" in nojs.url
    assert nojs.locator(".news-card").count() == 20


def test_sign_and_confirm_in_arabic(site, browser, settings):
    from clarion.outbox.models import Mail
    from clarion.supporters.models import Signature

    settings.SITE_URL = site.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site.url}/ar/join/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # First a mistake: the form comes back with a message and keeps the name.
    page.fill("#id_name", "ليلى حسن")
    page.fill("#id_email", "layla@@example")
    page.select_option("#id_country", "JO")
    page.check("#id_consent")
    page.click(".sign button[type=submit]")
    assert page.locator("#id_email-error").is_visible()
    assert page.input_value("#id_name") == "ليلى حسن"
    page.fill("#id_email", "layla@example.org")
    page.check("#id_consent")
    page.click(".sign button[type=submit]")
    page.wait_for_url("**/ar/join/thanks/")
    page.screenshot(path=str(ARTIFACTS / "join-thanks-ar.png"))
    signature = Signature.objects.get(email="layla@example.org")
    assert signature.language == "ar"
    body = Mail.objects.get(key=f"sig:{signature.pk}:confirm").body
    link = next(word for word in body.split() if word.startswith("http"))
    page.goto(link)
    signature.refresh_from_db()
    assert signature.status == Signature.PENDING  # opening the link is not enough
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    signature.refresh_from_db()
    assert signature.status == Signature.CONFIRMED
    page.screenshot(path=str(ARTIFACTS / "join-confirmed-ar.png"))
    assert axe_violations(page) == []
