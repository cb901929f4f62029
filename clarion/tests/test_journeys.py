"""Every way to join, walked in Chromium against the site as `make run` starts
it (clarion/tests/journeys.py), in English and in Arabic: what the person
sees, what is stored and what is mailed.

The site is set up once for this module, in a fresh database of the engine
the suite runs on; the journeys run in file order and the later ones build on
the earlier (a member who confirmed signs a petition in one click).
"""

import datetime
import io
import json
import os
import time
import urllib.request
import zipfile

import pytest
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from time_machine import escape_hatch

from clarion.contributions.tests.base import photo_bytes
from clarion.tests.browser import ARGS, ARTIFACTS, CHROMIUM, axe_violations
from clarion.tests.journeys import Inbox, ShippedSite, drop_database, fresh_database, links_in

pytestmark = [pytest.mark.browser, pytest.mark.journey]
LANGUAGES = ["en", "ar"]
NAMES = {"en": "Sarah Whitfield", "ar": "سارة الحسيني"}
STAFF = ("journey-staff", "a-long-journey-password-7")


def t(lang, message):
    """What the page says in `lang` (the catalogues the site uses)."""
    with translation.override(lang):
        return gettext(message)


@pytest.fixture(scope="module")
def inbox():
    inbox = Inbox()
    inbox.controller.start()
    yield inbox
    inbox.controller.stop()


@pytest.fixture(scope="module")
def site(inbox, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("shipped")
    suite_database = os.environ.get("DATABASE_URL", "")
    url = fresh_database(suite_database, f"journey_{os.getpid()}")
    site = ShippedSite(workdir, inbox, url or f"sqlite:///{workdir}/db.sqlite3")
    site.manage("migrate", "--noinput")
    site.env["DJANGO_SUPERUSER_PASSWORD"] = STAFF[1]
    site.manage("createsuperuser", "--noinput", "--username", STAFF[0], "--email", "s@example.org")
    del site.env["DJANGO_SUPERUSER_PASSWORD"]
    site.setup()
    site.start()
    yield site
    site.stop()
    if url:
        drop_database(url)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def visit(browser, site, request):
    """A new visitor (own cookies); no request may leave the site."""
    outside = []
    context = browser.new_context(base_url=site.url, accept_downloads=True)
    context.on("request", lambda r: None if r.url.startswith(site.url) else outside.append(r.url))
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"journey-{request.node.name}.png", full_page=True)
    context.close()
    assert not [url for url in outside if not url.startswith("data:")]


def open_in(page, lang, path):
    response = page.goto(f"/{lang}/{path}")
    assert response.status == 200, (path, response.status)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")


def accessible(page):
    assert axe_violations(page) == [], page.url


def says(page, lang, message):
    assert t(lang, message) in page.locator("body").inner_text(), message


def one_link(mail, site, part):
    links = [url for url in links_in(mail, site.url) if part in url]
    assert len(links) == 1, links
    return links[0].removeprefix(site.url)


def sign_as(form, lang, address, country):
    """Fill a declaration form (the site's or a framed one) and send it."""
    form.locator("[name=name]").fill(NAMES[lang])
    form.locator("[name=email]").fill(address)
    form.locator("[name=country]").select_option(country)
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()


def stats(site):
    with urllib.request.urlopen(f"{site.url}/api/v1/stats.json") as answer:
        return json.load(answer)


def staff_login(page):
    page.goto("/admin/login/")
    page.fill("[name=username]", STAFF[0])
    page.fill("[name=password]", STAFF[1])
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_offers_the_six_ways_on_a_desktop_and_a_phone(site, browser, visit, lang):
    open_in(visit, lang, "")
    assert visit.locator(".way").count() == 6
    accessible(visit)
    ARTIFACTS.mkdir(exist_ok=True)
    phone = browser.new_context(base_url=site.url, viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"/{lang}/")
    page.screenshot(path=ARTIFACTS / f"journey-home-{lang}-phone.png", full_page=True)
    phone.close()


def test_pages_pass_axe_and_work_without_javascript(site, browser, visit):
    for path in ("/en/facts/", "/ru/news/", "/ar/recognition/", "/az/resources/", "/de/join/"):
        assert visit.goto(path).status == 200, path
        accessible(visit)
    # The language switcher and the news filters work with JavaScript off.
    plain = browser.new_context(base_url=site.url, java_script_enabled=False)
    page = plain.new_page()
    page.goto("/en/news/")
    page.locator(".languages summary").click()
    page.locator('.languages a[hreflang="fr"]').click()
    assert page.url.endswith("/fr/news/")
    page.locator(".filters button").click()
    assert "/fr/news/?year=&country=&activity=" in page.url
    assert page.locator(".news-card").count() == 20
    plain.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_signs_the_declaration_and_confirms_from_the_mail(site, inbox, visit, lang):
    address = f"member-{lang}@example.org"
    open_in(visit, lang, "join/")
    accessible(visit)
    form = visit.locator("form", has=visit.locator("[name=consent]"))
    # First a mistake: the form comes back with a message and keeps the name.
    form.locator("[name=name]").fill(NAMES[lang])
    form.locator("[name=email]").fill(f"member-{lang}@@example")
    form.locator("[name=country]").select_option("AZ")
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    assert visit.locator("#id_email-error").is_visible()
    assert form.locator("[name=name]").input_value() == NAMES[lang]
    accessible(visit)
    sign_as(form, lang, address, "AZ")
    visit.wait_for_url(f"**/{lang}/join/thanks/")
    says(visit, lang, "Check your mailbox")
    stored = site.query(
        "SELECT s.status, s.language, s.name, c.text FROM supporters_signature s "
        "JOIN supporters_consenttext c ON c.id = s.consent_id WHERE s.email = %s", address
    )  # fmt: skip
    assert [row[:3] for row in stored] == [("pending", lang, NAMES[lang])]
    assert stored[0][3]  # the consent wording the person saw is kept

    mail = inbox.wait_for(address)
    assert mail["List-Unsubscribe"]
    visit.goto(one_link(mail, site, "/join/confirm/"))
    says(visit, lang, "Confirm your signature")
    assert site.value("SELECT status FROM supporters_signature WHERE email = %s", address) == (
        "pending"  # opening the link (as a mail scanner would) confirms nothing
    )
    visit.locator("main form button[type=submit]").click()
    says(visit, lang, "Thank you: your signature counts")
    assert site.value("SELECT status FROM supporters_signature WHERE email = %s", address) == (
        "confirmed"
    )
    # The counter shows it within seconds: counts are folded in batches, and
    # each web process keeps the numbers for STATS_CACHE_SECONDS (3 s), so
    # two reads may come from two processes that are a few seconds apart.
    expected = site.value(
        "SELECT count(*) FROM supporters_signature WHERE status = 'confirmed' AND quarantined = %s",
        False,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    counted = stats(site)["signatures"]
    while counted != expected and time.monotonic() < deadline:
        visit.wait_for_timeout(300)
        counted = stats(site)["signatures"]
    assert counted == expected


def petition_title(site, slug, lang):
    title = site.value("SELECT title FROM petitions_petition WHERE slug = %s", slug)
    return (json.loads(title) if isinstance(title, str) else title)[lang]  # PostgreSQL: a dict


def signer_status(site, slug, address):
    return site.value(
        "SELECT g.status FROM petitions_signer g "
        "JOIN petitions_petition p ON p.id = g.petition_id "
        "JOIN supporters_signature s ON s.id = g.signature_id "
        "WHERE p.slug = %s AND s.email = %s", slug, address,
    )  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_signs_a_petition_as_a_newcomer_and_confirms_from_the_mail(site, inbox, visit, lang):
    slug = "international-organisations"  # shipped by the content pack
    address = f"petitioner-{lang}@example.org"
    own_words = "Remember Khojaly." if lang == "en" else "تذكّروا خوجالي."
    open_in(visit, lang, "petitions/")
    title = petition_title(site, slug, lang)
    visit.locator(f"main a[href='/{lang}/petitions/{slug}/']").first.click()
    visit.wait_for_url(f"**/{lang}/petitions/{slug}/")
    assert visit.locator("h1").inner_text() == title
    says(visit, lang, "manual delivery (handed over by the campaign)")
    form = visit.locator("form.sign-form")
    form.locator("[name=name]").fill(NAMES[lang])
    form.locator("[name=email]").fill(address)
    form.locator("[name=country]").select_option("FR")
    form.locator("[name=line]").fill("x" * 600)  # too long: said, and the rest kept
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    assert visit.locator("#id_line-error").is_visible()
    assert form.locator("[name=name]").input_value() == NAMES[lang]
    accessible(visit)
    form.locator("[name=line]").fill(own_words)
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/petitions/{slug}/thanks/?mail=1")
    says(visit, lang, "Check your mailbox")
    # Stored before the answer: the declaration signature and the petition's, both waiting.
    assert site.query(
        "SELECT s.status, s.language, g.status, g.line, g.language FROM petitions_signer g "
        "JOIN supporters_signature s ON s.id = g.signature_id WHERE s.email = %s", address
    ) == [("pending", lang, "pending", own_words, lang)]  # fmt: skip

    mail = inbox.wait_for(address)  # one mail confirms both
    visit.goto(one_link(mail, site, "/join/confirm/"))
    visit.locator("main form button[type=submit]").click()
    says(visit, lang, "Thank you: your signature counts")
    assert site.value("SELECT status FROM supporters_signature WHERE email = %s", address) == (
        "confirmed"
    )
    # The worker counts the petition signature once its declaration is confirmed.
    assert site.wait_until(
        "SELECT g.status FROM petitions_signer g JOIN supporters_signature s "
        "ON s.id = g.signature_id WHERE s.email = %s", address, expected="active",
    ) == "active"  # fmt: skip
    # A digest petition: nothing goes to its addressees before its day.
    assert site.value(
        "SELECT count(*) FROM petitions_delivery d JOIN petitions_petition p "
        "ON p.id = d.petition_id WHERE p.slug = %s", slug
    ) == 0  # fmt: skip
    assert inbox.to(address) == []  # no second mail


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_member_signs_a_petition_in_one_click(site, inbox, visit, lang):
    slug = "united-states"
    member = f"member-{lang}@example.org"  # confirmed in the first journey
    open_in(visit, lang, f"petitions/{slug}/")
    link = visit.locator("form.link-form")
    link.locator("[name='link-email']").fill(member)
    link.locator("button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/petitions/{slug}/thanks/?link=1")
    mail = inbox.wait_for(member, t(lang, "Your link to sign petitions in one click"))
    visit.goto(one_link(mail, site, f"/petitions/{slug}/me/"))
    # Opening the link (as a mail scanner would) remembers nobody: the button does.
    says(visit, lang, "Sign petitions in one click")
    visit.locator("main form button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/petitions/{slug}/")
    assert NAMES[lang] in visit.locator("main form").inner_text()  # "You are signing as …"
    assert signer_status(site, slug, member) is None
    visit.locator("main form button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/petitions/{slug}/thanks/?signed=1")
    says(visit, lang, "Thank you for signing")
    assert petition_title(site, slug, lang) in visit.locator("main").inner_text()
    assert signer_status(site, slug, member) == "active"  # counted at once
    open_in(visit, lang, f"petitions/{slug}/")
    says(visit, lang, "You have signed this petition. Thank you!")
    assert visit.locator("form.sign-form").count() == 0
    accessible(visit)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_makes_an_image_message_and_sends_it_to_the_gallery(site, inbox, visit, lang, tmp_path):
    open_in(visit, lang, "image-message/")
    accessible(visit)
    form = visit.locator("form[enctype='multipart/form-data']")
    if lang == "ar":  # an own photo (with a location in it), a frame and a slogan
        photo = tmp_path / "photo.jpg"
        photo.write_bytes(photo_bytes(size=(1600, 1200), gps=True))
        form.locator("[name=photo]").set_input_files(str(photo))
        form.locator('input[name="frame"][value="band"]').check()
        form.locator('input[name="slogan"][value="justice"]').check()
    form.locator("button[type=submit]").click()  # in English, the defaults
    visit.wait_for_url(f"**/{lang}/image-message/draft/**")
    preview = visit.locator("#preview")
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 1080
    accessible(visit)
    # With JavaScript, a new choice redraws the preview without a page load.
    visit.locator('input[name="frame"][value="plain"]').check()
    visit.wait_for_function("() => document.getElementById('preview').src.includes('frame=plain')")
    visit.wait_for_function("() => document.getElementById('preview').complete")
    assert preview.evaluate("img => img.naturalWidth") == 1080
    with visit.expect_download() as download:
        visit.locator("a[href*='story.jpg']").click()
    with open(download.value.path(), "rb") as handle:
        picture = Image.open(io.BytesIO(handle.read()))
    assert (picture.format, picture.size) == ("JPEG", (1080, 1920))
    assert dict(picture.getexif()) == {}  # no location, no camera
    author = f"artist-{lang}@example.org"
    send = visit.locator("form[action$='/submit/']")
    send.locator("[name=author_name]").fill(NAMES[lang])
    send.locator("[name=country]").select_option("FR")
    send.locator("[name=email]").fill(author)
    send.locator("[name=consent]").check()
    send.locator("button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/image-message/thanks/")
    says(visit, lang, "Thank you")
    assert site.query(
        "SELECT kind, status, language FROM contributions_submission WHERE email = %s", author
    ) == [("image", "pending", lang)]
    assert inbox.wait_for(author)  # the receipt, with the link to erase it


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_sends_a_letter_for_moderation(site, inbox, visit, lang):
    open_in(visit, lang, "letters/")
    accessible(visit)
    author = f"writer-{lang}@example.org"
    form = visit.locator("form[action$='/letters/']")
    form.locator("[name=title]").fill("For Khojaly" if lang == "en" else "من أجل خوجالي")
    form.locator("[name=text]").fill(
        "We remember the people of Khojaly and ask for justice. " * 3
        if lang == "en"
        else "نتذكر أهل خوجالي ونطالب بالعدالة. " * 3
    )
    form.locator("[name=author_name]").fill(NAMES[lang])
    form.locator("[name=country]").select_option("DE")
    form.locator("[name=email]").fill(author)
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").first.click()
    visit.wait_for_url(f"**/{lang}/letters/thanks/")
    says(visit, lang, "Thank you")
    assert site.query(
        "SELECT kind, status FROM contributions_submission WHERE email = %s", author
    ) == [("letter", "pending")]
    assert inbox.wait_for(author)


def test_staff_approve_an_image_message_and_it_appears_in_the_gallery(site, visit):
    image = site.value(
        "SELECT id FROM contributions_submission WHERE email = %s", "artist-en@example.org"
    )
    staff_login(visit)
    visit.goto("/admin/moderation/?status=pending")
    visit.locator(f"input[name=id][value='{image}']").check()
    visit.locator("button[name=action][value=approve]").click()
    assert site.value("SELECT status FROM contributions_submission WHERE id = %s", image) == (
        "approved"
    )
    visit.context.clear_cookies()
    visit.goto(f"/en/image-message/gallery/{image}/")
    assert visit.locator("main img").count() >= 1
    card = visit.locator('meta[property="og:image"]').get_attribute("content")
    assert visit.context.request.get(card).body()[:3] == b"\xff\xd8\xff"
    accessible(visit)
    visit.goto("/en/image-message/gallery/")
    accessible(visit)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_proposes_an_event_that_staff_approve_and_guests_join(site, inbox, visit, browser, lang):
    organiser = f"organiser-{lang}@example.org"
    open_in(visit, lang, "events/new/")
    form = visit.locator("form", has=visit.locator("[name=organiser_email]"))
    # The site runs on the real clock, not the tests' frozen one.
    day = escape_hatch.datetime.date.today() + datetime.timedelta(days=30)
    title = "Candles for Khojaly" if lang == "en" else "شموع من أجل خوجالي"
    form.locator("[name=type]").select_option(index=1)
    form.locator("[name=title]").fill(title)
    form.locator("[name=description]").fill("A quiet evening of remembrance with candles.")
    form.locator("[name=date]").fill(day.isoformat())
    form.locator("[name=start_time]").fill("18:00")
    form.locator("[name=end_time]").fill("17:00")  # a mistake first: it ends before it starts
    form.locator("[name=time_zone]").select_option("Europe/Berlin")
    form.locator("[name=country]").select_option("DE")
    form.locator("[name=city]").fill("Berlin")
    form.locator("[name=address]").fill("Pariser Platz")
    form.locator("[name=expected_audience]").fill("40")
    form.locator("[name=language]").select_option(lang)
    form.locator("[name=organiser_name]").fill(NAMES[lang])
    form.locator("[name=organiser_email]").fill(organiser)
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    assert visit.locator("#id_end_time-error").is_visible()
    assert form.locator("[name=title]").input_value() == title
    accessible(visit)
    form.locator("[name=end_time]").fill("20:00")
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/events/new/sent/")
    says(visit, lang, "Thank you for your proposal")
    event = site.value("SELECT id FROM events_event WHERE organiser_email = %s", organiser)
    visit.goto(one_link(inbox.wait_for(organiser), site, "/events/confirm/"))
    visit.locator("main form button[type=submit]").click()
    status = site.value("SELECT status FROM events_event WHERE id = %s", event)
    assert status == "new", status  # waiting for review

    staff = browser.new_context(base_url=site.url)
    admin = staff.new_page()
    staff_login(admin)
    admin.goto(f"/admin/events/review/{event}/")
    admin.locator("button[name=action][value=approve]").click()
    staff.close()
    assert site.value("SELECT status FROM events_event WHERE id = %s", event) == "approved"

    guest = f"guest-{lang}@example.org"
    visit.goto(f"/{lang}/events/{event}/")
    assert title in visit.locator("main").inner_text()
    accessible(visit)
    rsvp = visit.locator("form[action$='/rsvp/']")
    rsvp.locator("[name=name]").fill("Guest " + lang)
    rsvp.locator("[name=email]").fill(guest)
    rsvp.locator("[name=consent]").check()
    rsvp.locator("button[type=submit]").click()
    assert site.value("SELECT count(*) FROM events_rsvp WHERE email = %s", guest) == 1
    assert inbox.wait_for(guest)
    poster = visit.locator("main a[href$='poster.pdf']").get_attribute("href")
    answer = visit.context.request.get(poster)
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_downloads_the_press_kit(site, visit, lang):
    open_in(visit, lang, "press/")
    with visit.expect_download() as download:
        visit.locator("a[href$='press/kit.zip']").click()
    with zipfile.ZipFile(download.value.path()) as kit:
        names = kit.namelist()
        assert any(name.endswith(".svg") for name in names)
        assert any(name.endswith(".png") for name in names)
        facts = [name for name in names if name.endswith(".pdf")]
        assert facts and kit.read(facts[0]).startswith(b"%PDF-")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_gives_a_member_their_data_and_erases_it(site, inbox, visit, lang):
    member = f"member-{lang}@example.org"
    open_in(visit, lang, "join/my-data/")
    visit.locator("main form [name=email]").fill(member)
    visit.locator("main form button[type=submit]").click()
    says(visit, lang, "Check your mailbox")
    visit.goto(one_link(inbox.wait_for(member), site, "/join/my-data/"))
    with visit.expect_download() as download:
        visit.locator("button[value=download]").click()
    with open(download.value.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert NAMES[lang] in json.dumps(data, ensure_ascii=False)
    visit.locator("button[value=erase]").click()
    says(visit, lang, "Your data is erased")
    assert (
        site.query(
            "SELECT status, name FROM supporters_signature WHERE email_canonical = %s", member
        )
        == []
    )
    assert site.value("SELECT count(*) FROM supporters_signature WHERE status = 'erased'") >= 1


def certificate_checks_out(visit, site, lang, source, holder):
    """The certificate's number, typed on the public verify page, names its holder."""
    number = site.value("SELECT number FROM network_certificate WHERE source = %s", source)
    assert number, source
    open_in(visit, lang, "certificates/verify/")
    visit.locator("main form [name=number]").fill(number)
    visit.locator("main form button[type=submit]").click()
    assert holder in visit.locator("main").inner_text()
    accessible(visit)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_volunteer_signs_up_does_a_task_and_gets_a_certificate(site, inbox, visit, lang):
    address = f"volunteer-{lang}@example.org"
    open_in(visit, lang, "volunteer/")
    accessible(visit)
    form = visit.locator("main form.form")
    form.locator("[name=name]").fill(NAMES[lang])
    form.locator("[name=email]").fill(address)
    form.locator("[name=country]").select_option("FR")
    form.locator("[name=city]").fill("Lyon")
    form.locator(f"[name=languages][value={lang}]").check()
    form.locator("[name=skills]").first.check()
    form.locator("[name=hours_per_month]").fill("4")
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/volunteer/thanks/")
    assert site.query(
        "SELECT status, language, city FROM network_volunteer WHERE email = %s", address
    ) == [("pending", lang, "Lyon")]  # fmt: skip

    offer = inbox.wait_for(address, t(lang, "Please confirm your offer to help"))
    visit.goto(one_link(offer, site, "/volunteer/confirm/"))
    visit.locator("main form button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/volunteer/me/**")
    says(visit, lang, "Your volunteer page")
    volunteer = site.value("SELECT id FROM network_volunteer WHERE email = %s", address)
    # A coordinator of the area gives a task (the admin's side: clarion/network/tests).
    site.query(
        "INSERT INTO network_assignment (volunteer_id, task, details, status, created_at, "
        "report, hours) VALUES (%s, %s, '', 'offered', CURRENT_TIMESTAMP, '', 0)",
        volunteer, "Hand out leaflets",
    )  # fmt: skip
    visit.reload()
    assert "Hand out leaflets" in visit.locator("main").inner_text()
    visit.locator("button[name=action][value=accept]").click()
    visit.locator("main textarea[name=report]").fill("Two hundred leaflets in the square.")
    visit.locator("button[name=action][value=done]").click()
    assert site.value(
        "SELECT status FROM network_assignment WHERE volunteer_id = %s", volunteer
    ) == "done"  # fmt: skip
    accessible(visit)
    pdf = visit.locator("main a[href$='certificate.pdf']").get_attribute("href")
    assert visit.context.request.get(pdf).body().startswith(b"%PDF-")
    certificate_checks_out(visit, site, lang, f"volunteer:{volunteer}", NAMES[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_school_class_takes_part_and_gets_its_certificate(site, inbox, visit, lang):
    teacher = f"teacher-{lang}@example.org"
    school = "Lycée Victor Hugo" if lang == "en" else "مدرسة الأمل"
    open_in(visit, lang, "schools/")
    accessible(visit)
    form = visit.locator("main form.form")
    form.locator("[name=school]").fill(school)
    form.locator("[name=class_name]").fill("9B")
    form.locator("[name=town]").fill("Lyon")
    form.locator("[name=country]").select_option("FR")
    form.locator("[name=age_group]").select_option(index=1)
    form.locator("[name=pupils]").fill("24")
    form.locator("[name=language]").select_option(lang)
    form.locator("[name=email]").fill(teacher)
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/schools/thanks/")
    assert site.query(
        "SELECT status, pupils FROM network_schoolclass WHERE email = %s", teacher
    ) == [("pending", 24)]  # fmt: skip

    mail = inbox.wait_for(teacher, t(lang, "Please confirm your class"))
    visit.goto(one_link(mail, site, "/schools/confirm/"))
    visit.locator("main form button[type=submit]").click()
    visit.wait_for_url(f"**/{lang}/schools/class/**")
    accessible(visit)
    pack = visit.locator("main a[href*='/schools/pack/']").get_attribute("href")
    assert visit.context.request.get(pack).body().startswith(b"%PDF-")
    work = visit.locator("main form.form")
    work.locator("[name=genre]").select_option("letter")
    work.locator("[name=text]").fill(
        "We learned what happened in Khojaly and we ask for justice. " * 2
    )
    work.locator("[name=class_consent]").check()
    work.locator("button[type=submit]").click()
    visit.wait_for_url("**?sent=1")
    submission = site.value(
        "SELECT id FROM contributions_submission WHERE email = %s AND status = 'pending'", teacher
    )
    assert submission
    assert visit.locator("main a[href$='certificate.pdf']").count() == 0  # not yet published

    staff = visit.context.browser.new_context(base_url=site.url)
    admin = staff.new_page()
    staff_login(admin)
    admin.goto("/admin/moderation/?status=pending")
    admin.locator(f"input[name=id][value='{submission}']").check()
    admin.locator("button[name=action][value=approve]").click()
    staff.close()
    visit.reload()
    pdf = visit.locator("main a[href$='certificate.pdf']").get_attribute("href")
    assert visit.context.request.get(pdf).body().startswith(b"%PDF-")
    school_class = site.value("SELECT id FROM network_schoolclass WHERE email = %s", teacher)
    certificate_checks_out(visit, site, lang, f"class:{school_class}", school)


@pytest.fixture(scope="module")
def partner_site(tmp_path_factory):
    """Another site (localhost, not 127.0.0.1: another origin and another site)
    whose page frames ours, served by a plain static server."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = tmp_path_factory.mktemp("partner")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://localhost:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_partner_site_frames_the_counter_and_the_sign_form(
    site, inbox, browser, partner_site, lang
):
    root, partner = partner_site
    (root / f"{lang}.html").write_text(
        f'<!doctype html><html lang="en"><title>Partner</title><h1>A partner</h1>'
        f'<iframe name="counter" title="Counter" src="{site.url}/{lang}/embed/counter/"></iframe>'
        f'<iframe name="join" title="Join" src="{site.url}/{lang}/join/"></iframe>'
        f'<iframe name="sign" title="Sign" width="400" height="900" '
        f'src="{site.url}/{lang}/embed/sign/"></iframe>',
        encoding="utf-8",
    )
    outside = []
    context = browser.new_context()
    context.on(
        "request",
        lambda r: None if r.url.startswith((site.url, partner)) else outside.append(r.url),
    )
    page = context.new_page()
    page.goto(f"{partner}/{lang}.html")
    page.wait_for_load_state("load")
    # Each frame by its element: a frame that was refused may lose its name.
    counter, join, sign = (
        page.locator(f"iframe[name={name}]").element_handle().content_frame()
        for name in ("counter", "join", "sign")
    )

    # The counter shows the number, readable and accessible inside the frame.
    for _ in range(30):  # two processes' numbers may be a few seconds apart
        expected = str(stats(site)["signatures"])
        shown = counter.locator(".embed__count strong").inner_text()
        if "".join(ch for ch in shown if ch.isdigit()) == expected:
            break
        time.sleep(0.2)
        counter.goto(counter.url)
    assert "".join(ch for ch in shown if ch.isdigit()) == expected
    assert counter.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert axe_violations(counter) == []
    # Any other page of the site refuses to be framed.
    for _ in range(50):  # the browser's error page takes its place
        if join.url.startswith("chrome-error://"):
            break
        time.sleep(0.1)
    assert join.url.startswith("chrome-error://"), join.url

    # The framed form takes a signature through the one sign path; the mail confirms it.
    assert axe_violations(sign) == []
    address = f"partner-frame-{lang}@example.org"
    sign_as(sign.locator("form"), lang, address, "DE")
    sign.wait_for_url(f"**/{lang}/embed/sign/thanks/")
    assert t(lang, "Check your mailbox") in sign.locator("body").inner_text()
    assert site.query(
        "SELECT status, language FROM supporters_signature WHERE email = %s", address
    ) == [("pending", lang)]
    assert one_link(inbox.wait_for(address), site, "/join/confirm/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"journey-partner-{lang}.png", full_page=True)
    context.close()
    assert not [url for url in outside if not url.startswith("data:")]
