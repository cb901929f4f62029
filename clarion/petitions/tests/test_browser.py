"""Signing a petition in a real browser, then in one click; axe on every page."""

import datetime

import pytest
from django.utils import timezone

from clarion.tests.test_browser import ARTIFACTS, axe_violations, browser, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_as_newcomer_then_in_one_click(site, browser, settings):  # noqa: F811
    from clarion.outbox.models import Mail
    from clarion.petitions.models import Petition, Signer, Target
    from clarion.supporters.models import Signature

    settings.SITE_URL = site.url
    ARTIFACTS.mkdir(exist_ok=True)
    petition = Petition.objects.create(
        slug="recognition", title={"en": "Recognise the massacre", "ar": "اعترفوا بالمجزرة"},
        text={"en": "We ask you to recognise it.", "ar": "نطلب منكم الاعتراف بها."},
        mode=Petition.PER_SIGNATURE, test_mode=True,
        opens_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    petition.targets.set(Target.objects.filter(key__in=["pace", "european-parliament"]))
    outside = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", lambda r: None if r.url.startswith((site.url, "data:"))
            else outside.append(r.url))  # fmt: skip
    assert page.goto(f"{site.url}/en/petitions/").status == 200
    page.screenshot(path=str(ARTIFACTS / "petitions-list-en.png"), full_page=True)
    assert axe_violations(page) == []
    page.click("text=Recognise the massacre")
    page.fill("#id_name", "Aylin Demir")
    page.fill("#id_email", "aylin@example.org")
    page.select_option("#id_country", "TR")
    page.fill("#id_line", "x" * 600)
    page.check("#id_consent")
    page.click(".sign-form button[type=submit]")
    assert page.locator("#id_line-error").is_visible()  # too long, and still there
    assert page.input_value("#id_name") == "Aylin Demir"
    page.screenshot(path=str(ARTIFACTS / "petition-error-en.png"), full_page=True)
    assert axe_violations(page) == []
    page.fill("#id_line", "Please recognise it.")
    page.check("#id_consent")
    page.click(".sign-form button[type=submit]")
    page.wait_for_url("**/petitions/recognition/thanks/?mail=1")
    signature = Signature.objects.get(email="aylin@example.org")
    signer = Signer.objects.get(signature=signature)
    assert (signer.status, signer.line) == (Signer.PENDING, "Please recognise it.")
    # Confirmed later: the browser gets a one-click link from "Email me a link".
    Signature.objects.filter(pk=signature.pk).update(status=Signature.CONFIRMED, mailed_at=None)
    page.goto(f"{site.url}/ar/petitions/recognition/")
    page.fill("#id_link-email", "aylin@example.org")
    page.click(".link-form button[type=submit]")
    page.wait_for_url("**/petitions/recognition/thanks/?link=1")
    body = Mail.objects.get(key__startswith=f"sig:{signature.pk}:petition-link:").body
    page.goto(next(w for w in body.split() if "/me/" in w))
    page.click("main form button[type=submit]")  # the link shows a button; it remembers
    page.wait_for_url("**/petitions/recognition/")
    page.goto(f"{site.url}/ar/petitions/recognition/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=str(ARTIFACTS / "petition-one-click-ar.png"), full_page=True)
    assert axe_violations(page) == []
    page.click(".sign form button[type=submit]")
    page.wait_for_url("**/ar/petitions/recognition/thanks/?signed=1")
    signer.refresh_from_db()
    assert signer.status == Signer.ACTIVE
    page.goto(f"{site.url}/ar/petitions/recognition/report/")
    page.screenshot(path=str(ARTIFACTS / "petition-report-ar.png"), full_page=True)
    assert axe_violations(page) == []
    assert outside == [], outside
