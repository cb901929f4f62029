from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from clarion.lib.countries import country_name
from clarion.lib.i18n import language_of, pick

register = template.Library()


@register.filter(name="pick")
def pick_filter(texts):
    """{{ fact.label|pick }}: the text in the visitor's language, else English."""
    return pick(texts)


@register.filter
def country(code):
    return country_name(code)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: to this page's translation, else that language's home."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    translations = {}
    if page is not None and getattr(page, "pk", None):
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[other.locale.language_code] = other.url
    links = []
    match = False
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        if url is None and request is not None:
            match = _resolved(request.path) if match is False else match
            url = _translated(request.path, match, code)
            if page is not None and url == request.path and code != current:
                url = f"/{code}/"
        links.append(
            {
                "code": code,
                "name": name,
                "url": url or f"/{code}/",
                "current": code == current,
            }
        )
    return links


def _resolved(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


def _translated(path, match, code):
    """Django's translate_url, with the path resolved once for all languages
    (resolving walks every URL pattern: eight times was a fifth of a page)."""
    if match is None:
        return path
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(code):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path


@register.filter
def percent_of(value, total):
    try:
        return min(100, round(100 * int(value) / int(total), 2)) if int(total) else 0
    except (TypeError, ValueError):
        return 0


@register.simple_tag(takes_context=True)
def absolute(context, url):
    return f"{settings.SITE_URL}{url}" if url and url.startswith("/") else url


def _lang_attrs(language):
    """` lang=".." dir=".."` when a text is not in the page's language, else nothing."""
    if not language or language == translation.get_language():
        return ""
    direction = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
    return mark_safe(f' lang="{language}" dir="{direction}"')


@register.filter
def lang_attrs(language_code):
    """{{ page.content_language|lang_attrs }}"""
    return _lang_attrs(language_code)


@register.filter
def text_lang_attrs(texts):
    """{{ fact.label|text_lang_attrs }} for {language: text} mappings."""
    return _lang_attrs(language_of(texts))


@register.filter
def figure(value):
    """Numbers with thousands separators; words as they are."""
    return intcomma(int(value)) if str(value).isascii() and str(value).isdigit() else value


@register.simple_tag
def live(name):
    """A part of the page drawn from the live numbers (clarion.content.live)."""
    from clarion.content import live as live_parts

    return live_parts.render(name)


@register.inclusion_tag("includes/machine_notice.html", takes_context=True)
def machine_notice(context, english_url=None, machine=None):
    """A short notice on a page whose text was translated by machine, with a
    link to the English original: for a page marked for review, or for a
    record whose machine-made languages include the reader's."""
    page = context.get("page")
    language = translation.get_language() or "en"
    if machine is not None:
        shown = language in machine
    else:
        shown = bool(getattr(page, "translation_needs_review", False))
        if shown and english_url is None:
            original = page.get_translations().filter(locale__language_code="en").first()
            english_url = original.url if original else ""
    return {"shown": shown and language != "en", "english_url": english_url or ""}
