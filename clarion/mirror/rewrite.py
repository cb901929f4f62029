"""Turning a page of the live site into a page of the copy: links made
relative to the file, forms sent to the primary site with a note, a banner."""

import posixpath
import re
from urllib.parse import quote, unquote, urlsplit

from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

ATTRIBUTE = re.compile(r'(?P<name>\b(?:href|src|action|poster))="(?P<value>[^"]*)"')
SRCSET = re.compile(r'\bsrcset="(?P<value>[^"]*)"')
CSS_URL = re.compile(r"url\((?P<quote>['\"]?)(?P<value>[^'\")]+)(?P=quote)\)")
FORM = re.compile(r"<form\b", re.IGNORECASE)
BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def internal_path(value, site_url):
    """The path (with its query) of a link to this site, or None for elsewhere."""
    value = value.strip()
    if value.startswith(site_url + "/"):
        value = value[len(site_url) :]
    if not value.startswith("/") or value.startswith("//"):
        return None
    parts = urlsplit(value)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def lookup_path(value, site_url):
    """The path `rewrite` looks up in the copy for a link value (None: elsewhere)."""
    return internal_path(unquote(value), site_url) if value else None


def looked_up(links, site_url):
    """The paths `rewrite` looks up for these links (a kept page is written
    again when one of them now leads to another file)."""
    return [path for value in links if (path := lookup_path(value, site_url)) is not None]


def relative(from_file, to_file, fragment=""):
    """A link from one file of the copy to another, percent-encoded."""
    link = posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")
    return quote(link) + (f"#{fragment}" if fragment else "")


def links_in(body, content_type):
    """Every link value in an HTML or CSS body."""
    text = body.decode("utf-8", "replace")
    if content_type.startswith("text/css"):
        return [m.group("value") for m in CSS_URL.finditer(text)]
    if not content_type.startswith("text/html"):
        return []
    found = [m.group("value") for m in ATTRIBUTE.finditer(text) if m.group("name") != "action"]
    for match in SRCSET.finditer(text):
        found += [part.strip().split(" ")[0] for part in match.group("value").split(",")]
    found += [m.group("value") for m in CSS_URL.finditer(text)]
    return found


def rewrite(body, content_type, this_file, file_for, site_url, base_path):
    """The body with each internal link pointing at its file in the copy (or at
    the primary site when the copy does not have it). `file_for(path)` gives the
    file of a path, or None."""
    text = body.decode("utf-8", "replace")

    def target(value, is_form=False):
        path = lookup_path(value, site_url)
        if path is None:
            return value
        fragment = urlsplit(value).fragment
        if is_form:
            return escape(site_url + path)
        found = file_for(path)
        if found is None:
            return escape(site_url + path + (f"#{fragment}" if fragment else ""))
        return relative(this_file, found, fragment)

    def attribute(match):
        value = match.group("value")
        if value.startswith("#") or (not value and match.group("name") != "action"):
            return match.group(0)
        if match.group("name") == "action":
            # A form: it goes to the primary site (an empty action posts to this page).
            return f'action="{target(value or base_path, is_form=True)}"'
        return f'{match.group("name")}="{target(value)}"'

    def srcset(match):
        parts = []
        for part in match.group("value").split(","):
            url, _space, size = part.strip().partition(" ")
            parts.append(f"{target(url)} {size}".strip())
        return f'srcset="{", ".join(parts)}"'

    def css(match):
        return f"url({match.group('quote')}{target(match.group('value'))}{match.group('quote')})"

    if content_type.startswith("text/css"):
        return CSS_URL.sub(css, text).encode()
    text = ATTRIBUTE.sub(attribute, text)
    text = SRCSET.sub(srcset, text)
    text = CSS_URL.sub(css, text)
    return text.encode()


def annotate(body, language, site_url, path, made_at, contact):
    """The banner saying this is a copy and when it was made, and a note before
    every form saying where it is sent, with a mail address to use instead."""
    text = body.decode("utf-8", "replace")
    with translation.override(language):
        banner = _(
            "This is a copy of %(site)s, made on %(date)s for readers who cannot reach it."
        ) % {
            "site": escape(urlsplit(site_url).netloc),
            "date": escape(date_format(made_at, "DATE_FORMAT")),
        }
        label = escape(_("Open this page on the main site"))
        banner += f' <a href="{escape(site_url + path)}">{label}</a>'
        note = escape(
            _(
                "This form is sent to the main site, %(site)s. If it is blocked where you are, "
                "the form will not arrive."
            )
            % {"site": urlsplit(site_url).netloc}
        )
        if contact:
            note += (
                " "
                + escape(_("You can write to us instead:"))
                + (f' <a href="mailto:{escape(contact)}">{escape(contact)}</a>')
            )
    style = ("background:#fff7d6;color:#14213d;border-bottom:2px solid #b5121b;"
             "padding:8px 12px;font:15px/1.4 system-ui,sans-serif")  # fmt: skip
    text = BODY.sub(
        lambda m: (
            f'{m.group(0)}<div class="mirror-banner" role="note" style="{style}">{banner}</div>'
        ),
        text,
        count=1,
    )
    text = FORM.sub(
        f'<p class="mirror-note" style="border-left:4px solid #b5121b;padding:4px 8px">'
        f"{note}</p><form",
        text,
    )
    return text.encode()
