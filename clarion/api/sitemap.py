"""/sitemap.xml and /robots.txt: every public page in every language, each with
its translations as hreflang alternates, at the address in SITE_URL.

Wagtail pages are grouped by translation key (a page and its translations or
untranslated aliases are one entry per language); the views that are not
Wagtail pages (events, petitions, the gallery, letters) are listed with one
entry per language as well.
"""

from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.http import require_GET

MAX_URLS = 50_000  # the protocol's limit for one file
CACHE_KEY = "api:sitemap:v1"


def languages():
    return [code for code, _name in settings.LANGUAGES]


def page_path(language, url_path):
    """/<lang>/join/ from the tree's /home-fr/join/ (the first part is the home page)."""
    rest = url_path.strip("/").split("/")[1:]
    return f"/{language}/" + "".join(f"{part}/" for part in rest)


def page_groups():
    """[{language: path}] for every live Wagtail page, translations together."""
    from wagtail.models import Page

    groups = defaultdict(dict)
    live = Page.objects.live().public().filter(depth__gte=2)
    rows = live.values_list(
        "pk", "translation_key", "locale__language_code", "url_path", "last_published_at"
    ).order_by("path")
    hidden = withheld(live)
    modified = {}
    for pk, key, language, url_path, published in rows:
        if pk in hidden:
            continue
        groups[key][language] = page_path(language, url_path)
        if published and (key not in modified or published > modified[key]):
            modified[key] = published
    return [(paths, modified.get(key)) for key, paths in groups.items()]


def withheld(pages):
    """Ids of pages whose own type keeps them out of sitemaps for now (a press
    release under embargo says so in its get_sitemap_urls)."""
    from wagtail.models import Page, get_page_models

    own = [m for m in get_page_models() if m.get_sitemap_urls is not Page.get_sitemap_urls]
    if not own:
        return set()
    candidates = pages.type(*own).specific()
    return {page.pk for page in candidates if not page.get_sitemap_urls()}


def routed_paths():
    """Paths (without the language) of public views that are not Wagtail pages."""
    from clarion.contributions.models import Submission
    from clarion.events.models import Event
    from clarion.petitions.models import Petition

    paths = ["join/wall/", "join/countries/", "image-message/gallery/", "letters/read/"]
    proposed = Event.objects.filter(status=Event.APPROVED, news_page__isnull=True)
    paths += [f"events/{pk}/" for pk in proposed.values_list("pk", flat=True).order_by("pk")]
    paths += [f"petitions/{slug}/" for slug in Petition.objects.values_list("slug", flat=True)]
    published = Submission.objects.filter(status=Submission.APPROVED).order_by("pk")
    for kind, pk in published.values_list("kind", "pk"):
        if kind == "image":
            paths.append(f"image-message/gallery/{pk}/")
        elif kind == "letter":
            paths.append(f"letters/{pk}/")
    return paths


def entries():
    """[({language: path}, lastmod or None)], at most MAX_URLS urls in all."""
    found = page_groups()
    found += [({lang: f"/{lang}/{path}" for lang in languages()}, None) for path in routed_paths()]
    limited, count = [], 0
    for paths, modified in found:
        count += len(paths)
        if count > MAX_URLS:
            break
        limited.append((paths, modified))
    return limited


def render():
    site = settings.SITE_URL
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ]
    for paths, modified in entries():
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(site + path)}/>'
            for lang, path in sorted(paths.items())
        )
        if "en" in paths:
            alternates += (
                f'<xhtml:link rel="alternate" hreflang="x-default" '
                f"href={quoteattr(site + paths['en'])}/>"
            )
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        for path in paths.values():
            out.append(f"<url><loc>{escape(site + path)}</loc>{lastmod}{alternates}</url>\n")
    out.append("</urlset>\n")
    return "".join(out).encode()


@require_GET
def sitemap(request):
    body = cache.get(CACHE_KEY)
    if body is None:
        body = render()
        cache.set(CACHE_KEY, body, 600)
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_GET
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /api/",
        "Allow: /api/v1/openapi.json",
    ]
    for lang in languages():
        for private in ("join/confirm/", "join/my-data/", "join/unsubscribe/", "events/manage/"):
            lines.append(f"Disallow: /{lang}/{private}")
        lines.append(f"Disallow: /{lang}/embed/sign/")
    lines += ["", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
