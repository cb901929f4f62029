"""The press kit as one download: the campaign's artwork, a fact sheet in
the reader's language, every figure with its source, and the press room's
releases, coverage and contact (clarion.press.room)."""

import io
import zipfile

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

from clarion.content.models import Campaign, Fact
from clarion.lib.i18n import pick
from clarion.lib.printed import A4, MARGIN, MUTED, Page, as_pdf
from clarion.press import room

ARTWORK = ["pack/logo-mark.svg", "pack/hero.svg", "img/og-default.png"]


def fact_sheet(language):
    """The facts page on paper: each figure with who gives it and when."""
    campaign = Campaign.current()
    name = pick(campaign.name) if campaign else settings.SITE_NAME
    pages = [Page(language)]
    pages[0].text(name, 48, bold=True)
    pages[0].text(_("Key facts, each with its source"), 34, gap=1)
    for fact in Fact.objects.prefetch_related("figures"):
        if pages[-1].y > A4[1] - MARGIN - 220:
            pages.append(Page(language))
        page = pages[-1]
        page.text(pick(fact.label), 28, bold=True, gap=0.1)
        for figure in fact.figures.all():
            line = f"{figure.shown} — {figure.source_outlet}, {figure.source_date}"
            page.text(line, 22, colour=MUTED, gap=0.1)
        page.y += 18
    pages[-1].text(f"{settings.SITE_URL}/{language}/facts/", 22)
    return as_pdf([page.image for page in pages], _("Key facts, each with its source"))


def build(language):
    """The zip's bytes: artwork files as they are, and the fact sheet."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as kit:
        for name in ARTWORK:
            path = finders.find(name)
            if path:
                kit.write(path, name.rsplit("/", 1)[1])
        kit.writestr(f"facts-{language}.pdf", fact_sheet(language))
        kit.writestr(f"press-releases-and-coverage-{language}.pdf", room.sheet(language))
    return out.getvalue()
