"""The press room on paper, for the press kit: released press releases in the
reader's language, coverage by country, and where to reach the coordinator."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from clarion.lib.printed import A4, CRIMSON, MARGIN, MUTED, Page, as_pdf
from clarion.press.models import Coverage, PressReleasePage

ROOM = 260  # pixels kept free at the foot of a page before starting another


def sheet(language):
    with translation.override(language):
        pages = [Page(language)]

        def page():
            if pages[-1].y > A4[1] - MARGIN - ROOM:
                pages.append(Page(language))
            return pages[-1]

        site = settings.SITE_URL
        page().text(_("Press releases"), 44, bold=True)
        for release in PressReleasePage.released(language)[:30]:
            current = page()
            current.text(release.title, 28, bold=True, gap=0.1)
            current.text(f"{release.date:%Y-%m-%d} · {release.place}", 22, colour=MUTED, gap=0.1)
            if release.intro:
                current.text(release.intro[:400], 22, gap=0.1)
            url = release.url or ""
            current.text(url if url.startswith("http") else f"{site}{url}", 20, colour=CRIMSON)
        page().text(_("In the media"), 44, bold=True)
        for country, items in Coverage.by_country():
            page().text(country, 28, bold=True, gap=0.1)
            for item in items[:20]:
                line = f"{item.outlet}, {item.published_on:%Y-%m-%d}: {item.title}"
                page().text(line[:300], 20, gap=0.1)
                page().text(item.url, 18, colour=MUTED, gap=0.1)
        page().text(_("Press contact"), 44, bold=True)
        page().text(f"{site}/{language}/press/contact/", 24, colour=CRIMSON)
        return as_pdf([p.image for p in pages], _("Press releases"))
