"""Live numbers inside cached pages, without re-rendering the page.

The signature counter, the progress bar and the signatures map change every few
seconds on a busy day; the rest of the home and sign pages changes only when an
editor publishes. A template puts a live part in with `{% live "stats" %}`: it
is rendered from the current numbers and wrapped in markers. The page cache
keeps the page split at those markers and, when the numbers have moved, puts
freshly rendered parts between the unchanged pieces (`assemble`). Each part is
rendered once per language and per change of the numbers in a process, about a
millisecond, where rendering the whole page again cost 30-40 ms and held every
other request of the process behind it.
"""

import contextvars
import gzip
import hashlib
import json
import re
import threading
import time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

MEMO_LIMIT = 2000

_parts = {}  # name -> function(stats) -> (template, context)
_memo = {}
_numbers = {"stats": None, "version": "", "until": 0.0}
_lock = threading.Lock()
_drawn = contextvars.ContextVar("live_numbers_drawn", default="")
MARKER = re.compile(r"<!--live:([a-z_]+)-->.*?<!--/live-->", re.S)


# A registry: content sits below the features whose parts it shows (the signature
# map is the declaration's), and must not import them.
def register(name, build):
    """`build(stats)` returns (template name, context) for the live part `name`."""
    _parts[name] = build


def numbers():
    """(stats, version) as the public counters stand, read at most once every
    LIVE_NUMBERS_SECONDS (a second: well within the 10 s counter lag)."""
    now = time.monotonic()
    if now >= _numbers["until"]:
        from clarion.content.numbers import current_stats

        stats = current_stats(live_page=False)
        stable = {k: v for k, v in stats.items() if k != "updated_at"}
        version = hashlib.blake2b(
            json.dumps(stable, sort_keys=True).encode(), digest_size=8
        ).hexdigest()
        _numbers.update(stats=stats, version=version, until=now + settings.LIVE_NUMBERS_SECONDS)
    return _numbers["stats"], _numbers["version"]


def forget():
    """Read the numbers again on the next request (tests, after a recount)."""
    _numbers["until"] = 0.0
    _memo.clear()


def render(name):
    """The live part `name` in the active language, between its markers."""
    stats, version = numbers()
    _drawn.set(version)
    return mark_safe(_marked(name, translation.get_language(), version, stats))


def drawn_version():
    """The version of the numbers this request's live parts were drawn from."""
    return _drawn.get()


def _marked(name, language, version, stats):
    return f"<!--live:{name}-->{_rendered(name, language, version, stats)}<!--/live-->"


def _rendered(name, language, version, stats):
    key = ("part", name, language, version)
    html = _memo.get(key)
    if html is None:
        with translation.override(language):
            template, context = _parts[name](stats)
            html = render_to_string(template, context)
        _remember(key, html)
    return html


def split(body):
    """[text, name, text, name, …, text] for a page with live parts, else None."""
    text = body.decode()
    pieces = MARKER.split(text)
    return pieces if len(pieces) > 1 else None


def assemble(key, entry):
    """(body, gzip body, etag) of a cached page with its live parts up to date."""
    stats, version = numbers()
    if version == entry["live_version"]:
        return entry["body"], entry["gzip"], entry["etag"]
    memo_key = ("page", key, version)
    found = _memo.get(memo_key)
    if found is None:
        pieces = entry["parts"]
        language = entry["language"]
        out = []
        for index, piece in enumerate(pieces):
            out.append(_marked(piece, language, version, stats) if index % 2 else piece)
        body = "".join(out).encode()
        found = (body, gzip.compress(body, compresslevel=6, mtime=0), etag_of(body))
        _remember(memo_key, found)
    return found


def etag_of(body):
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _remember(key, value):
    with _lock:
        if len(_memo) >= MEMO_LIMIT:
            _memo.clear()  # old versions: cheaper to start again than to track ages
        _memo[key] = value
