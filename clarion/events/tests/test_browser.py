"""A volunteer proposes an event in Spanish; a coordinator approves it in the admin."""

import datetime

import pytest
from django.utils import timezone

from clarion.tests.test_browser import ARTIFACTS, axe_violations, browser, site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_in_spanish_and_approve_in_the_admin(site, browser, settings):  # noqa: F811
    from django.contrib.auth.models import User

    from clarion.events.models import Event
    from clarion.outbox.models import Mail

    settings.SITE_URL = site.url
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site.url}/es/events/new/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert axe_violations(page) == []
    day = timezone.localdate() + datetime.timedelta(days=20)
    page.select_option("#id_type", "film_screening")
    page.select_option("#id_language", "es")
    page.fill("#id_title", "Proyección de un documental en Sevilla")
    page.fill("#id_description", "Una película y un coloquio sobre la campaña.")
    page.fill("#id_date", day.isoformat())
    page.fill("#id_start_time", "19:00")
    page.fill("#id_end_time", "18:00")  # a mistake first: the end comes before the start
    page.select_option("#id_time_zone", "Europe/Madrid")
    page.fill("#id_city", "Sevilla")
    page.select_option("#id_country", "ES")
    page.fill("#id_expected_audience", "60")
    page.fill("#id_organiser_name", "Lucía García")
    page.fill("#id_organiser_email", "lucia@example.org")
    page.check("#id_consent")
    page.click("form.form button[type=submit]")
    assert page.locator("#id_end_time-error").is_visible()
    assert page.input_value("#id_title") == "Proyección de un documental en Sevilla"
    page.fill("#id_end_time", "21:00")
    page.check("#id_consent")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/es/events/new/sent/")
    event = Event.objects.get(organiser_email="lucia@example.org")
    body = Mail.objects.get(key=f"event:{event.pk}:confirm").body
    page.goto(next(word for word in body.split() if word.startswith("http")))
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    event.refresh_from_db()
    assert (event.status, event.organiser_language, event.local_start.hour) == ("new", "es", 19)

    User.objects.create_superuser("coordinator", "coordinator@example.org", "a-long-pass-phrase")
    admin = browser.new_page(viewport={"width": 1280, "height": 900})
    admin.goto(f"{site.url}/admin/login/")
    admin.fill("#id_username", "coordinator")
    admin.fill("#id_password", "a-long-pass-phrase")
    admin.click("button[type=submit]")
    admin.goto(f"{site.url}/admin/events/review/")
    admin.click("text=Proyección de un documental en Sevilla")
    admin.fill("#message", "¡Gracias!")
    admin.click("button[value=approve]")
    admin.wait_for_load_state()
    admin.screenshot(path=str(ARTIFACTS / "events-admin-review.png"), full_page=True)
    event.refresh_from_db()
    assert event.status == "approved"

    page.goto(f"{site.url}/es/events/?country=ES")
    page.click("text=Proyección de un documental en Sevilla")
    assert page.locator("h1").inner_text() == "Proyección de un documental en Sevilla"
    page.screenshot(path=str(ARTIFACTS / "events-event-es.png"), full_page=True)
    assert axe_violations(page) == []
