"""Composing and downloading an image message in a real browser (Debian's chromium)."""

import io

import pytest
from PIL import Image

from clarion.tests.test_browser import ARTIFACTS, axe_violations, browser, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_compose_download_and_send_in_arabic(site, browser, settings, tmp_path):  # noqa: F811
    from clarion.contributions.models import Submission
    from clarion.contributions.tests.base import photo_bytes

    settings.SITE_URL = site.url
    # Media stay in the default MEDIA_ROOT, which the embedded /media/ route serves;
    # the files made here are deleted at the end.
    ARTIFACTS.mkdir(exist_ok=True)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_bytes(size=(1600, 1200), gps=True))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside = []
    page.on("request", lambda r: None if r.url.startswith(site.url) else outside.append(r.url))
    page.goto(f"{site.url}/ar/image-message/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    page.set_input_files("#id_photo", str(photo))
    page.check('input[name="frame"][value="band"]')
    page.check('input[name="slogan"][value="justice"]')
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/ar/image-message/draft/**")
    assert page.locator("#preview").evaluate("img => img.naturalWidth") == 1080
    page.screenshot(path=str(ARTIFACTS / "image-message-draft-ar.png"), full_page=True)
    # With JavaScript, a new choice redraws the preview without a page load.
    page.check('input[name="frame"][value="plain"]')
    page.wait_for_function("() => document.getElementById('preview').src.includes('frame=plain')")
    page.wait_for_function("() => document.getElementById('preview').complete")
    assert page.locator("#preview").evaluate("img => img.naturalWidth") == 1080
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.click("a[href$='story.jpg?download=1']")
    data = open(info.value.path(), "rb").read()
    picture = Image.open(io.BytesIO(data))
    assert picture.size == (1080, 1920)
    assert dict(picture.getexif()) == {}
    # Send it to the gallery.
    page.fill("#id_author_name", "نموذج")
    page.select_option("#id_country", "JO")
    page.fill("#id_email", "sample@example.org")
    page.check("#id_consent")
    page.click("form[action$='/submit/'] button[type=submit]")
    page.wait_for_url("**/ar/image-message/thanks/")
    assert Submission.objects.get().status == Submission.PENDING
    assert outside == []
    # Once approved it is in the gallery, with a share page; the letters page passes axe.
    Submission.objects.update(status=Submission.APPROVED)
    item = Submission.objects.get()
    page.goto(f"{site.url}/ar/image-message/gallery/")
    assert page.locator(".contribution").count() == 1
    page.screenshot(path=str(ARTIFACTS / "image-message-gallery-ar.png"), full_page=True)
    assert axe_violations(page) == []
    page.goto(f"{site.url}/ar/image-message/gallery/{item.pk}/")
    assert page.locator('meta[property="og:image"]').get_attribute("content").endswith(item.card)
    assert axe_violations(page) == []
    page.goto(f"{site.url}/en/letters/")
    page.screenshot(path=str(ARTIFACTS / "letters-en.png"), full_page=True)
    assert axe_violations(page) == []
    assert outside == []
    from django.core.files.storage import default_storage

    for name in item.files():
        default_storage.delete(name)
