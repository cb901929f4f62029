"""Print-ready poster and booklet PDFs for one event, in the event's language
(A4 pages drawn by clarion.lib.printed)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from clarion.content.models import Campaign, Fact
from clarion.lib.i18n import pick
from clarion.lib.printed import A4, CRIMSON, MARGIN, MUTED, Page


def when_and_where(event):
    start = event.local_start
    place = ", ".join(p for p in (event.address, event.city, event.country_name) if p)
    return f"{start:%Y-%m-%d %H:%M} ({event.time_zone})", place or event.online_url


def poster(event):
    with translation.override(event.language):
        campaign = Campaign.current()
        page = Page(event.language)
        page.draw.rectangle((0, 0, A4[0], 60), fill=CRIMSON)
        page.y = 140
        page.text(pick(campaign.name) if campaign else settings.SITE_NAME, 64, bold=True)
        if campaign:
            page.text(pick(campaign.tagline), 34, colour=CRIMSON, gap=1.5)
        page.text(event.type_label, 36, colour=MUTED)
        page.text(event.title, 76, bold=True, gap=0.8)
        when, where = when_and_where(event)
        page.text(when, 40, bold=True)
        page.text(where, 40, gap=1.2)
        if event.description:
            page.text(event.description[:600], 30, gap=1.2)
        page.y = A4[1] - 260
        page.band(8)
        page.text(_("Sign the declaration"), 34, bold=True)
        page.text(f"{settings.SITE_URL}/{event.language}/join/", 30, colour=CRIMSON)
        return [page.image]


def booklet(event):
    with translation.override(event.language):
        campaign = Campaign.current()
        name = pick(campaign.name) if campaign else settings.SITE_NAME
        cover = Page(event.language)
        cover.band(40)
        cover.y = 500
        cover.text(name, 80, bold=True)
        if campaign:
            cover.text(pick(campaign.tagline), 40, colour=CRIMSON)
        about = Page(event.language)
        if campaign:
            about.text(name, 48, bold=True)
            about.text(pick(campaign.statement), 30, gap=1)
            about.text(pick(campaign.goal), 30, gap=1)
        facts = Page(event.language)
        facts.text(_("Key facts, each with its source"), 48, bold=True)
        for fact in Fact.objects.prefetch_related("figures")[:9]:
            facts.text(pick(fact.label), 30, bold=True, gap=0.1)
            for figure in list(fact.figures.all())[:2]:
                facts.text(f"{figure.value} — {figure.source_outlet}", 24, colour=MUTED, gap=0.1)
            facts.y += 16
            if facts.y > A4[1] - MARGIN - 200:
                break
        back = Page(event.language)
        back.text(event.title, 56, bold=True)
        when, where = when_and_where(event)
        back.text(when, 34, bold=True)
        back.text(where, 34, gap=1.5)
        back.text(_("Sign the declaration"), 34, bold=True)
        back.text(f"{settings.SITE_URL}/{event.language}/join/", 30, colour=CRIMSON)
        return [cover.image, about.image, facts.image, back.image]
