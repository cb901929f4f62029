"""The anonymous page cache: public pages rendered once, served many times.

On a day of mass action most visitors only read. A public page (one that a
view marks with `public_page(request)`) is stored after Django renders it for
an anonymous visitor, with its final headers, an ETag and a gzip copy, and is
then answered from the cache, by `PageCacheFastPath` before Django's
middleware even runs.

Only what exists is stored: 200 answers to GET without a query string, without
cookies either way, for hosts Django accepted. Keys carry a *generation*
number that an editor's publish, unpublish, move or delete (and a content pack
load) increases, so every page in every language is renewed at once. The
generation lives where every process sees it: a file's modification time with
the per-process default cache, the cache itself when that is shared (Redis).

Numbers in a page stay within the counter lag without any JavaScript. The
counter, progress bar and signatures map are live parts (clarion.content.live):
the page is kept long and only those parts are drawn again when the numbers
move. A page that reads the numbers itself (`content.numbers.current_stats`) or
calls `numbers.shows_live_numbers` is kept for PAGE_CACHE_LIVE_SECONDS only.
"""

import gzip
import hashlib
import io
import logging
import os
import threading
import time
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation

from clarion.content import live, numbers

logger = logging.getLogger(__name__)
GENERATION_KEY = "pagecache:generation"
_generation_memo = {"value": 0, "until": 0.0}
# How stale another process's view of an editor's change may be. Measured with
# bench/bench_pages.py's load (64 connections, 32 threads a process): reading
# the generation file on every hit gave 19,000-21,000 pages/s, once a second
# 22,000-25,000.
GENERATION_SECONDS = 1.0
# The busiest pages, as objects, in each process: a hit then costs no copy out
# of the cache (locmem and Redis both pickle: ~100 KB per page and request).
# Keys carry the generation, so an editor's change still renews them at once.
_local_entries = {}
LOCAL_ENTRIES = 256


def cache():
    return caches["pages"]


def public_page(request):
    """A view says: this answer is the same for every anonymous visitor."""
    request.page_cache_public = True


# -- generation --------------------------------------------------------------


def _process_local():
    return caches["pages"].__class__.__name__ in ("LocMemCache", "DummyCache")


def generation_file():
    return Path(settings.PAGE_CACHE_GENERATION_FILE)


def generation():
    """The current generation, read at most once a second per process: a hit
    then makes no system call or cache round trip (a stat per request let
    other threads in and cost the slowest answers; see GENERATION_SECONDS)."""
    now = time.monotonic()
    if now >= _generation_memo["until"]:
        _generation_memo["value"] = _read_generation()
        _generation_memo["until"] = now + GENERATION_SECONDS
    return _generation_memo["value"]


def _read_generation():
    if _process_local():
        try:
            return os.stat(generation_file()).st_mtime_ns
        except FileNotFoundError:
            return 0
    return cache().get(GENERATION_KEY, 0)


def invalidate_all(**_signal_kwargs):
    """Every cached page, in every language, is renewed on its next request
    (in this process at once, in the others within GENERATION_SECONDS)."""
    if _process_local():
        path = generation_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        os.utime(path, ns=(time.time_ns(), max(time.time_ns(), _read_generation() + 1)))
    else:
        cache().add(GENERATION_KEY, 0, timeout=None)
        cache().incr(GENERATION_KEY)
    _generation_memo["until"] = 0.0


# -- lookup and store --------------------------------------------------------


def key_for(environ):
    """The cache key for a request (WSGI environ or request.META), or None when
    the request is not one the cache answers."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("QUERY_STRING"):
        return None
    path = environ.get("PATH_INFO", "")
    if not path.endswith("/") or path.count("/") < 2 or len(path) > 300:
        return None
    if settings.SESSION_COOKIE_NAME + "=" in environ.get("HTTP_COOKIE", ""):
        return None  # editors and staff see the live site
    host = canonical_host(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
    digest = hashlib.blake2b(f"{host}|{path}".encode(), digest_size=16).hexdigest()
    return f"page:{generation()}:{environ.get('wsgi.url_scheme', 'http')}:{digest}"


def canonical_host(host):
    """'Example.ORG.:8443' → 'example.org': the variants that all pass
    ALLOWED_HOSTS share one entry instead of filling the cache with copies."""
    host = host[:260].lower()
    if host.startswith("["):  # [IPv6]:port
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".")[:100] if ":" in host else host.rstrip(".")[:100]


def lookup(environ):
    """(status, headers, body) for a cached page, or None (render it).

    Past its freshness a page is renewed by ONE request per process while the
    others still get the copy for a short grace, so an expiring page never makes
    every thread render it at once."""
    return lookup_key(key_for(environ), environ)


def _cached(key):
    entry = _local_entries.get(key)
    if entry is not None and time.time() <= entry["fresh_until"]:
        return entry
    entry = cache().get(key)
    if entry is not None:
        _keep_locally(key, entry)
    return entry


def _keep_locally(key, entry):
    if len(_local_entries) >= LOCAL_ENTRIES:
        try:
            del _local_entries[next(iter(_local_entries))]  # the oldest
        except (KeyError, RuntimeError, StopIteration):
            pass  # another thread got there first
    _local_entries[key] = entry


def forget_local():
    """Drop this process's copies (tests clear the shared cache under them)."""
    _local_entries.clear()


def lookup_key(key, environ):
    entry = _cached(key) if key else None
    if entry is None:
        return None
    now = time.time()
    if now > entry["fresh_until"]:
        if now > entry["fresh_until"] + settings.PAGE_CACHE_GRACE_SECONDS:
            return None
        if cache().add(key + ":renewing", 1, timeout=settings.PAGE_CACHE_GRACE_SECONDS):
            return None
    return answer(entry, environ, key)


def answer(entry, environ, key=None):
    headers = list(entry["headers"])
    headers += [
        ("Last-Modified", entry["last_modified"]),
        ("Cache-Control", entry["cache_control"]),
        ("Vary", "Accept-Encoding"),
    ]
    body, gzipped, etag = entry["body"], entry["gzip"], entry["etag"]
    if entry.get("parts"):
        body, gzipped, etag = live.assemble(key, entry)
    headers.append(("ETag", etag))
    if etag in _etags(environ.get("HTTP_IF_NONE_MATCH", "")):
        return "304 Not Modified", headers, b""
    if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
        body = gzipped
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Length", str(len(body))))
    if environ.get("REQUEST_METHOD") == "HEAD":
        body = b""
    return "200 OK", headers, body


def _etags(header):
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


SKIPPED_HEADERS = {"content-length", "vary", "etag", "last-modified", "cache-control", "expires"}


def storable(request, response):
    return (
        getattr(request, "page_cache_public", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cookie" not in response.get("Vary", "")
        and not response.has_header("Content-Encoding")
        and response.get("Content-Type", "").startswith("text/html")
    )


def store(key, response, live_page):
    body = response.content
    parts = live.split(body)
    ttl = settings.PAGE_CACHE_LIVE_SECONDS if live_page else settings.PAGE_CACHE_SECONDS
    max_age = settings.PAGE_CACHE_LIVE_SECONDS if live_page or parts else 60
    entry = {
        "fresh_until": time.time() + ttl,
        "headers": [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS],
        "body": body,
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
        "etag": live.etag_of(body),
        "last_modified": formatdate(usegmt=True),
        "cache_control": f"public, max-age={max_age}, stale-while-revalidate={max_age}",
    }
    if parts:
        entry.update(parts=parts, language=translation.get_language(),
                     live_version=live.drawn_version())  # fmt: skip
    cache().set(key, entry, ttl + settings.PAGE_CACHE_GRACE_SECONDS)
    cache().delete(key + ":renewing")
    _keep_locally(key, entry)
    return entry


def to_response(status, headers, body):
    response = HttpResponse(body, status=int(status.split()[0]))
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Outermost middleware: answers from the cache, and stores what may be."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        key = key_for(request.META)
        found = lookup_key(key, request.META)
        if found:
            return to_response(*found)
        first = bool(key) and _render_first(key)
        if key and not first:  # another thread rendered it meanwhile
            found = lookup_key(key, request.META)
            if found:
                return to_response(*found)
        token = numbers.page_shows_them.set(False)
        try:
            response = self.get_response(request)
            live_page = numbers.page_shows_them.get()
            if key and storable(request, response):
                response = to_response(*answer(store(key, response, live_page), request.META, key))
        finally:
            numbers.page_shows_them.reset(token)
            if first:
                _rendered(key)
        return response


# One render per page and process: when many requests miss the same page at
# once (just after a start, or after an editor's change), the first renders it
# and the others wait for that render, rather than each rendering it and
# crowding the interpreter (the slowest answers of a cold start: seconds).
_rendering = {}
_rendering_lock = threading.Lock()
RENDER_WAIT_SECONDS = 5


def _render_first(key):
    """True for the request that renders `key`; the others wait for it (False)."""
    with _rendering_lock:
        done = _rendering.get(key)
        if done is None:
            _rendering[key] = threading.Event()
            return True
    done.wait(RENDER_WAIT_SECONDS)
    return False


def _rendered(key):
    with _rendering_lock:
        done = _rendering.pop(key, None)
    if done is not None:
        done.set()


class PageCacheFastPath:
    """WSGI wrapper: a cached page is answered before Django is involved."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE_ENABLED:
            found = lookup(environ)
            if found:
                status, headers, body = found
                start_response(status, headers)
                return [body] if body else []
        return self.application(environ, start_response)


# -- warming at start ----------------------------------------------------------


def first_paths():
    """The pages visitors open first: each language's home page and the pages
    of its main menu."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    paths = []
    for home in site.root_page.get_translations(inclusive=True).live().order_by("pk"):
        menu = home.get_children().live().in_menu().order_by("path")
        paths += [page.get_url_parts()[2] for page in [home.specific, *menu.specific()]]
    return [path for path in paths if path]


def warm(application):
    """Render the first pages into this process's cache before it takes requests.

    Measured with bench/bench_pages.py (64 connections, right after a start):
    without it each process rendered the pages while the first crowd waited,
    p99 1,080 ms in the first 15 s (the README's paragraph on web processes).
    PAGE_CACHE_WARM=0 skips it."""
    if not (settings.PAGE_CACHE_ENABLED and settings.PAGE_CACHE_WARM):
        return 0
    host = urlsplit(settings.SITE_URL).netloc or "127.0.0.1"
    warmed = 0
    try:
        for path in first_paths():
            status = _warm_one(application, host, path)
            if status.startswith("5"):
                break  # a database not ready yet: requests will render as usual
            warmed += status == "200"  # a menu page that redirects is not stored
    except Exception:  # noqa: BLE001 - warming must never keep the site from starting
        logger.warning("page cache not warmed", exc_info=True)
    finally:
        from django.db import connections

        for conn in connections.all(initialized_only=True):
            if not conn.in_atomic_block:
                conn.close()  # this thread's: requests run on threads of their own
    return warmed


def _warm_one(application, host, path):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": host.rsplit(":", 1)[0], "SERVER_PORT": "80", "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(),
    }  # fmt: skip
    status = []
    body = application(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        for _chunk in body:
            pass
    finally:
        getattr(body, "close", lambda: None)()
    return status[0].split()[0] if status else ""
