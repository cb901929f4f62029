"""A newsletter version as mail: the plain text staff wrote, a simple HTML part
made from it (inline CSS, no remote images, no trackers), and the checks run
before sending (broken links, remote images, missing languages)."""

import hashlib
import re
import secrets
from email.header import Header
from email.utils import formatdate
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from clarion.lib import rawmail
from clarion.outreach import tokens

# An address that goes into the To header and the envelope as it is.
URL = re.compile(r"https?://[^\s<>\"')\]]+")
IMAGE = re.compile(r"<img\b|!\[[^\]]*\]\(\s*https?://", re.IGNORECASE)
STOP_SLOT = "\x00stop\x00"  # the member's own unsubscribe link, filled in per mail

P = "margin:0 0 1em;font:16px/1.5 Arial,Helvetica,sans-serif;color:#1a1a1a"
H = "margin:1em 0 .5em;font:bold 20px/1.3 Arial,Helvetica,sans-serif;color:#1a1a1a"
A = "color:#8a1c1c"
SMALL = "margin:2em 0 0;font:13px/1.5 Arial,Helvetica,sans-serif;color:#555"


def blocks(body):
    """(kind, text) for each paragraph: 'h' for '# heading', else 'p'."""
    for part in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        part = part.strip()
        if part.startswith("# "):
            yield "h", part[2:].strip()
        elif part:
            yield "p", part


def _linked(text):
    out, last = [], 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        out.append(escape(text[last : match.start()]))
        out.append(f'<a href="{escape(url)}" style="{A}">{escape(url)}</a>')
        last = match.start() + len(url)
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br>\n")


def to_html(body, direction="ltr"):
    parts = []
    for kind, text in blocks(body):
        if kind == "h":
            parts.append(f'<h2 style="{H}">{escape(text)}</h2>')
        else:
            parts.append(f'<p style="{P}">{_linked(text)}</p>')
    return "\n".join(parts)


def web_url(newsletter, language):
    return f"{settings.SITE_URL}/{language}/newsletter/{newsletter.pk}/"


def stop_url(signature_id, language, topic):
    return f"{settings.SITE_URL}/{language}/newsletter/stop/{topic}/{tokens.make(signature_id)}/"


class Prepared:
    """One language's subject, text and HTML with a slot for the member's link,
    made once per batch: a mail is then two str.replace calls."""

    def __init__(self, newsletter, version, language):
        self.language = language
        self._head = None  # the MIME skeleton, made on the first as_bytes()
        fallback = version.language != language
        with translation.override(language):
            note = _("This message is not yet available in your language.") if fallback else ""
            footer = _("You receive this because you asked for campaign news when you signed.")
            stop = _("Stop these mails (one click)")
            web = _("Read it on the web")
            direction = "rtl" if translation.get_language_bidi() else "ltr"
        url = web_url(newsletter, language)
        self.subject = version.subject
        text = version.body.strip()
        self.text = "\n\n".join(
            p for p in [note, text, f"{web}: {url}", f"-- \n{footer}\n{stop}: {STOP_SLOT}"] if p
        )
        lang = escape(version.language)
        note_html = f'<p style="{SMALL}">{escape(note)}</p>' if note else ""
        self.html = (
            f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f"<title>{escape(self.subject)}</title></head>"
            f'<body style="margin:0;padding:24px;background:#fff">'
            f'<div style="max-width:640px;margin:0 auto">{note_html}'
            f"{to_html(version.body)}"
            f'<p style="{SMALL}"><a href="{escape(url)}" style="{A}">{escape(web)}</a><br>'
            f'{escape(footer)}<br><a href="{STOP_SLOT}" style="{A}">{escape(stop)}</a></p>'
            f"</div></body></html>"
        )

    def personal(self, link):
        return self.text.replace(STOP_SLOT, link), self.html.replace(STOP_SLOT, escape(link))

    def as_bytes(self, sender, to, link, headers):
        """The whole mail for SMTP (CRLF line ends), as Django would make it:
        multipart/alternative, both parts quoted-printable UTF-8. Everything but
        the address, the member's link and the headers given is made once per
        language; a mail is then two replaces, two C encodings and a join (the
        email package spent two thirds of the sending time building each mail)."""
        if self._head is None:
            self._make_parts()
        text = rawmail.qp(self._text.replace(STOP_SLOT, link))
        html = rawmail.qp(self._html.replace(STOP_SLOT, escape(link)))
        lines = [f"From: {sender}", f"To: {to}", self._subject, f"Date: {formatdate()}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        head = "\r\n".join(lines).encode()
        return b"".join((head, self._head, text, self._middle, html, self._tail))

    def _make_parts(self):
        subject = " ".join(self.subject.split())  # no header injection by a line break
        if not subject.isascii():
            subject = Header(subject, "utf-8").encode(linesep="\r\n")
        self._subject = f"Subject: {subject}"
        self._text = self.text.replace("\r\n", "\n")
        self._html = self.html.replace("\r\n", "\n")
        boundary = f"=_clarion_{secrets.token_hex(12)}"
        part = (
            'Content-Type: text/{}; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable'
        )
        self._head = (
            f"\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\n{part.format('plain')}\r\n\r\n"
        ).encode()
        self._middle = f"\r\n--{boundary}\r\n{part.format('html')}\r\n\r\n".encode()
        self._tail = f"\r\n--{boundary}--\r\n".encode()


def prepare(newsletter):
    """{language: Prepared} for every site language (the English version where a
    language has none it may send), skipping languages with nothing to send."""
    prepared = {}
    for code, _name in settings.LANGUAGES:
        version = newsletter.version_for(code, only_sendable=True)
        if version is not None:
            prepared[code] = Prepared(newsletter, version, code)
    return prepared


def message_id(newsletter_id, signature_id):
    digest = hashlib.sha256(f"newsletter:{newsletter_id}:{signature_id}".encode()).hexdigest()
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    return f"<{digest[:32]}@{domain}>"


def problems(newsletter):
    """What staff should know before sending: (level, message) pairs; level
    'error' blocks sending, 'warning' asks for a second look."""
    found = []
    versions = list(newsletter.versions.all())
    have = {v.language for v in versions}
    if not versions:
        return [("error", _("The newsletter has no version at all."))]
    english = next((v for v in versions if v.language == "en"), None)
    if english is None:
        text = _("No English version: members in languages without a version get nothing.")
        found.append(("warning", text))
    elif not english.sendable(newsletter):
        found.append(("error", _("The English version is machine-made and not reviewed.")))
    missing = [code for code, _name in settings.LANGUAGES if code not in have]
    if missing:
        text = _("No version in %(languages)s: those members get English, marked as such.")
        found.append(("warning", text % {"languages": ", ".join(missing)}))
    for version in versions:
        if not version.sendable(newsletter):
            text = _(
                "%(language)s: machine-made and not reviewed, held back "
                "(those members get English)."
            )
            found.append(("warning", text % {"language": version.language}))
        found += [("warning", f"{version.language}: {p}") for p in link_problems(version.body)]
    return found


def link_problems(body):
    found = []
    if IMAGE.search(body):
        found.append(_("a remote image: mail clients block it and it tells the sender who opened."))
    site = urlsplit(settings.SITE_URL)
    for url in sorted({m.group(0).rstrip(".,;:!?") for m in URL.finditer(body)}):
        parts = urlsplit(url)
        if parts.hostname and parts.hostname == site.hostname:
            if not _resolves(parts.path):
                found.append(_("a link to a page that does not exist here: %(url)s") % {"url": url})
        elif not parts.hostname or "." not in parts.hostname.strip("."):
            found.append(_("a broken link: %(url)s") % {"url": url})
        elif parts.scheme == "http" and parts.hostname != site.hostname:
            found.append(_("an unencrypted link (http://): %(url)s") % {"url": url})
    return found


def _resolves(path):
    """Whether a path of this site answers: a Django view, or a Wagtail page."""
    try:
        match = resolve(path or "/")
    except Resolver404:
        return False
    if match.url_name != "wagtail_serve":
        return True
    from django.http import Http404
    from django.test import RequestFactory
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    request = RequestFactory().get(path)
    components = [part for part in path.split("/") if part]
    try:
        site.root_page.localized.specific.route(request, components)
    except Http404:
        return False
    return True
