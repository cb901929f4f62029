"""export_mirror: render the public site in-process and write it as files.

Every page in every language (the sitemap's list), the news feeds, the event
calendars, the press kit and every image, style sheet and file they use. Pages
are rendered by Django's test client (no server needed), links are rewritten
to relative file paths (clarion.mirror.rewrite), forms post to SITE_URL.

Incremental: the copy keeps a manifest (.mirror.json) of what it holds and, for
every path, what its answer was made from: the SELECTs run while it was
rendered (each with a digest of its rows), whether it read the clock, the file
written (size and modification time) and the files its links led to. A later
export runs each distinct SELECT once more; a path whose SELECTs all give the
same rows, whose links lead to the same files and whose file is as written is
kept without rendering it. What no SELECT shows (code, templates,
translations, settings, the banner's date) makes one environment key: when it
changes, every page is rendered again. The result is the same, byte for byte,
as a full export of the same state (the tests hold it to that).

For that every page is rendered as if it were the only one: with empty caches
and in-process copies forgotten, so that a number another page cached cannot
hide the read it came from. And every page sees one instant, the copy's clock:
an export less than CLOCK_STEP after the instant of the copy it updates keeps
that instant, so that pages that read the clock (open petitions, upcoming
events, embargoes) need no rendering; a later one takes the time it starts at
and renders those pages again.
"""

import base64
import datetime
import decimal
import hashlib
import json
import multiprocessing
import os
import queue
import shutil
import uuid
from collections import deque
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.test import Client, override_settings
from django.utils import timezone

from clarion.mirror import rewrite

MANIFEST = ".mirror.json"
# Bumped when the manifest's meaning changes: an older copy is then rendered whole once.
MANIFEST_VERSION = 2
# How long the copy's clock stands (see above): pages that read it are as much
# behind at most, like the site's own page cache (PAGE_CACHE_SECONDS).
CLOCK_STEP = datetime.timedelta(hours=1)
EXTENSIONS = {
    "text/html": ".html",
    "application/atom+xml": ".xml",
    "application/rss+xml": ".xml",
    "application/xml": ".xml",
    "text/calendar": ".ics",
    "application/json": ".json",
}
# Paths the copy never holds (private, per person, or writes): links to them go
# to the primary site.
SKIPPED = ("/admin/", "/django-admin/", "/api/", "/documents/")
SKIPPED_PARTS = ("/confirm/", "/my-data/", "/unsubscribe/", "/manage/", "/draft/", "/erase/",
                 "/report/", "/rsvp/", "/new/", "/embed/sign/", "/answer/", "/me/")  # fmt: skip
# Statements that neither read nor change rows; any other statement but SELECT
# is a write, and a page that writes while rendered gets no key (see render).
NEUTRAL = {"BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "SET", "PRAGMA"}
# Per database, a statement whose answer changes when another connection commits
# (on PostgreSQL: any transaction of the server, so a busy one leaves more pages
# without a key, rendered again next time).
MARKERS = {
    "sqlite": "PRAGMA data_version",
    "postgresql": "SELECT txid_current_snapshot()::text",
}
# What the code of the site is: a change to any file here renders every page again.
CODE_FOLDERS = ("clarion", "templates", "locale", "static", "content_packs")


class MirrorError(Exception):
    pass


def languages():
    return [code for code, _name in settings.LANGUAGES]


def wanted(path, langs=None):
    """Whether the copy holds this path (with its query); `langs`: the languages
    it holds (all by default)."""
    plain, _q, query = path.partition("?")
    if plain.startswith(SKIPPED) or any(part in plain for part in SKIPPED_PARTS):
        return False
    if plain.endswith(".pdf") and "/events/" in plain:
        return False  # posters and flyers are drawn on request: the primary site has them
    if query and not all(p.startswith("page=") and p[5:].isdigit() for p in query.split("&")):
        return False  # filters and searches: the primary site
    if is_asset(plain):
        return True
    return plain.split("/")[1:2] and plain.split("/")[1] in (langs or languages())


def is_asset(path):
    """A static or media file: copied as it is, not rendered."""
    return path.startswith((settings.STATIC_URL, settings.MEDIA_URL))


def file_of(path, content_type):
    """Where a path lives in the copy: /fr/news/ -> fr/news/index.html,
    /fr/news/?page=2 -> fr/news/index-page-2.html, files keep their names."""
    plain, _q, query = path.partition("?")
    plain = unquote(plain).lstrip("/")
    kind = content_type.split(";")[0].strip()
    if plain.endswith("/") or not plain:
        name = "index" + (f"-{query.replace('=', '-').replace('&', '-')}" if query else "")
        return plain + name + EXTENSIONS.get(kind, ".html")
    return plain


def _digest(data):
    return hashlib.sha1(data).hexdigest()


def _short(data):
    return hashlib.blake2b(data, digest_size=8).hexdigest()


# Query parameters in the manifest: JSON that brings back the same values.


def encode_params(params):
    """JSON for a query's parameters; TypeError for one it could not bring back."""
    return None if params is None else [_encode(value) for value in params]


def _encode(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [_encode(item) for item in value]}
    for kind in (datetime.datetime, datetime.date, datetime.time):
        if isinstance(value, kind):  # datetime before date: a datetime is a date
            return {kind.__name__: value.isoformat()}
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return {type(value).__name__: str(value)}
    if isinstance(value, (bytes, memoryview)):
        return {"bytes": base64.b64encode(bytes(value)).decode()}
    raise TypeError(type(value).__name__)


DECODERS = {
    "list": lambda items: [_decode(item) for item in items],
    "tuple": lambda items: tuple(_decode(item) for item in items),
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "Decimal": decimal.Decimal,
    "UUID": uuid.UUID,
    "bytes": base64.b64decode,
}


def decode_params(params):
    return None if params is None else [_decode(value) for value in params]


def _decode(value):
    if isinstance(value, dict):
        ((kind, data),) = value.items()
        return DECODERS[kind](data)
    return value


def rows_digest(rows):
    # memoryview's repr is its address: compare the bytes.
    plain = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows]
    return _short(repr(plain).encode())


def code_key():
    """Size and modification time of every file of the site's code, templates,
    translations and static sources: a deployment changes pages without a row."""
    found = []
    base = Path(settings.BASE_DIR)
    for folder in CODE_FOLDERS:
        for root, dirs, files in os.walk(base / folder):
            dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "tests"))
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                found.append([os.path.join(root, name), stat.st_size, stat.st_mtime_ns])
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"  # hashed static names
    if manifest.is_file():
        found.append([str(manifest), manifest.stat().st_size, manifest.stat().st_mtime_ns])
    return _short(json.dumps(found).encode())


def settings_key():
    """Every setting: one may change what a page shows (a feature, a target)."""
    values = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    return _short(repr(_plain(values)).encode())


def _plain(value):
    """A value as plain data with a stable repr: an object's repr often holds its address."""
    if isinstance(value, dict):
        return sorted((str(key), _plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (bool, int, float, str, bytes, Path)):
        return value if not isinstance(value, Path) else str(value)
    return type(value).__name__


def _file_stat(path):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


class Exporter:
    def __init__(
        self, target, *, force=False, full=False, contact="", progress=None, workers=None,
        langs=None,
    ):  # fmt: skip
        self.target = Path(target)
        unknown = sorted(set(langs or ()) - set(languages()))
        if unknown:
            raise MirrorError(
                f"No such language here: {', '.join(unknown)}; choose among "
                f"{', '.join(languages())}."
            )
        # The languages the copy holds; links to the others lead to the primary site.
        self.langs = [code for code in languages() if code in langs] if langs else languages()
        self.workers = workers or os.cpu_count() or 1
        self.site_url = settings.SITE_URL
        self.contact = contact
        self.progress = progress
        host = urlsplit(self.site_url).netloc or "127.0.0.1"
        self.client = Client(HTTP_HOST=host, raise_request_exception=False)
        self.previous = self._previous(force, full)
        self.made_at = self._clock()
        self.environment = self._environment()
        # Keys of the last copy count only if nothing outside the database changed.
        self.known = (
            self.previous.get("paths", {})
            if self.previous.get("environment") == self.environment
            else {}
        )
        self.files = {}  # path -> file in the copy
        self.redirects = {}  # path -> path it redirects to
        self.pages = {}  # path -> (content_type, body) of pages to rewrite
        self.links = {}  # path -> links found in it (kept in the manifest)
        self.entries = {}  # path -> its entry in the new manifest
        self.sql = {}  # sql id -> statement
        self.queries = {}  # query id -> [database alias, sql id, parameters]
        self.rows = {}  # query id -> digest of its rows as they stand (see _current)
        self.rows_at = None  # the databases' change markers when self.rows was filled
        self.reading = None  # what the page being rendered reads
        self.aliases = {DEFAULT_DB_ALIAS}
        self.kept_paths = set()
        self.seen = set()
        # Paths Django answered in this export (one rendered twice is here twice).
        self.rendered_paths = []
        self.rendered_elsewhere = 0  # of those, by helper processes
        self.written = self.kept = 0

    def _previous(self, force, full):
        empty = {"made_at": None, "files": {}, "paths": {}}
        manifest = self.target / MANIFEST
        if manifest.exists():
            previous = json.loads(manifest.read_text())
            return empty if full else previous
        if self.target.exists() and any(self.target.iterdir()) and not force:
            raise MirrorError(
                f"{self.target} is not empty and holds no copy made by export_mirror; "
                "choose an empty directory, or pass --force to write into it."
            )
        return empty

    def _clock(self):
        """The instant every page of this copy sees (see the module's docstring)."""
        now = timezone.now()
        if self.previous.get("made_at"):
            then = datetime.datetime.fromisoformat(self.previous["made_at"])
            if datetime.timedelta(0) <= now - then < CLOCK_STEP:
                return then
        return now

    def _environment(self):
        import django
        import wagtail

        parts = [MANIFEST_VERSION, django.__version__, wagtail.__version__, settings_key()]
        # The banner of every page names the site, the day and the contact address.
        parts += [self.site_url, self.contact, self.made_at.date().isoformat(), code_key()]
        return _short(json.dumps(parts).encode())

    # What to render

    def seeds(self):
        from clarion.api.sitemap import entries

        with self.clock():
            paths = [path for group, _modified in entries() for path in group.values()]
        for lang in self.langs:
            paths += [f"/{lang}/", f"/{lang}/news/feed/", f"/{lang}/events/calendar.ics",
                      f"/{lang}/press/kit.zip", f"/{lang}/join/progress/",
                      f"/{lang}/embed/counter/"]  # fmt: skip
        return [p for p in dict.fromkeys(paths) if wanted(p, self.langs)]

    # Rendering

    def run(self):
        self.target.mkdir(parents=True, exist_ok=True)
        with self.isolated():
            self.crawl(self.seeds())
            # A kept page whose links now lead elsewhere (a page gone, a new
            # redirect) is rendered again: its rewritten links would differ.
            while stale := self.stale_links():
                self.kept_paths.difference_update(stale)
                self.kept -= len(stale)
                self.crawl(stale, again=set(stale))
            self.write_pages()
        self.prune()
        self.save_manifest()
        return {"written": self.written, "kept": self.kept, "files": len(self.files),
                "rendered": len(self.rendered_paths)}  # fmt: skip

    def stale_links(self):
        """Kept pages and style sheets whose links lead to other files than then."""
        return [path for path in self.kept_paths if "targets" in self.known[path]
                and self.targets(path) != self.known[path]["targets"]]  # fmt: skip

    def crawl(self, paths, again=frozenset()):
        """Answer every path, and every path their links lead to, once; paths in
        `again` are rendered even if the last copy's would do. Pages are rendered
        by helper processes, one per CPU, where they can be (see renderers)."""
        queue_, queued, seen = deque(paths), set(paths), self.seen
        seen.difference_update(again)
        if self.progress is not None:
            self.progress.total = len(seen) + len(queue_)
            self.progress.refresh()
        internal = {}  # link -> path: the same menu links are on every page

        def follow(links):
            for link in links:
                if link not in internal:
                    internal[link] = rewrite.internal_path(link, self.site_url)
                found = internal[link]
                if (
                    found
                    and found not in seen
                    and found not in queued
                    and wanted(found, self.langs)
                ):
                    queue_.append(found)
                    queued.add(found)
            if self.progress is not None:
                self.progress.total = len(seen) + len(queue_)
                self.progress.update(1)

        with self.renderers() as renderers:
            waiting = 0
            while queue_ or waiting:
                while queue_ and waiting <= 2 * self.workers:
                    path = queue_.popleft()
                    queued.discard(path)
                    if path in seen:
                        continue
                    seen.add(path)
                    entry = None if path in again else self.known.get(path)
                    if entry is not None and self.unchanged(entry):
                        follow(self.keep(path, entry))
                    elif renderers and not is_asset(path):
                        renderers.send(path)
                        waiting += 1
                    else:
                        follow(self.fetch(path))
                if waiting:
                    path, answer = renderers.receive()
                    waiting -= 1
                    follow(self.fetched(path, answer))

    @contextmanager
    def renderers(self):
        """Helper processes that render pages (None: this process renders them).
        They see what is committed, so an export inside a transaction (a test's)
        renders here; so does one on one CPU."""
        if self.workers < 2 or any(connections[a].in_atomic_block for a in connections):
            yield None
            return
        # The helpers open connections of their own: none may be shared across the fork.
        connections.close_all()
        global _EXPORTER
        _EXPORTER = self
        try:
            with multiprocessing.get_context("fork").Pool(self.workers) as pool:
                yield Renderers(pool, self)
        finally:
            _EXPORTER = None

    def unchanged(self, entry):
        """Whether a path of the last copy would be answered the same now."""
        if entry.get("reads") is None:
            return False
        if entry.get("clock") and self.previous.get("made_at") != self.made_at.isoformat():
            return False
        if "source" in entry and _file_stat(entry["source"][0]) != entry["source"][1:]:
            return False
        if "file" in entry and _file_stat(self.target / entry["file"]) != entry.get("stat"):
            return False  # removed or changed in the copy since
        for qid, _rows in entry["reads"]:
            if qid not in self.queries:
                previous = self.previous["queries"].get(qid)
                if previous is None or previous[1] not in self.previous["sql"]:
                    return False
                self.queries[qid] = previous
                self.sql[previous[1]] = self.previous["sql"][previous[1]]
        current = self._current([qid for qid, _rows in entry["reads"]])
        return all(current[qid] == rows for qid, rows in entry["reads"])

    def keep(self, path, entry):
        self.entries[path] = entry
        if "redirect" in entry:
            self.redirects[path] = entry["redirect"]
            return [entry["redirect"]]
        if "file" not in entry:
            return []  # answered 404 (or the like) then and would now
        self.files[path] = entry["file"]
        self.links[path] = entry.get("links", [])
        self.kept_paths.add(path)
        self.kept += 1
        return self.links[path]

    def fetch(self, path):
        if is_asset(path):
            return self.copy_asset(path)
        return self.fetched(path, self.answer(path))

    def answer(self, path):
        """What Django answered, as plain data (a helper process sends it back)."""
        response, body, entry = self.render(path)
        headers = {
            name: response[name] for name in ("Location", "Content-Type") if name in response
        }
        return response.status_code, headers, body, entry

    def fetched(self, path, answer):
        """Keep what a path answered; returns the links found in it."""
        status, headers, body, entry = answer
        self.entries[path] = entry
        if status in (301, 302, 303, 307, 308):
            location = rewrite.internal_path(headers["Location"], self.site_url) or ""
            if location and wanted(location, self.langs):
                self.redirects[path] = entry["redirect"] = location
                return [location]
            return []
        if status != 200:
            return []
        content_type = headers.get("Content-Type", "text/html")
        self.files[path] = entry["file"] = file_of(path, content_type)
        links = rewrite.links_in(body, content_type)
        self.links[path] = entry["links"] = links
        if content_type.startswith(("text/html", "text/css")):
            self.pages[path] = (content_type, body)
        else:
            self.put(self.files[path], body)
            entry["stat"] = _file_stat(self.target / self.files[path])
        return links

    def render(self, path):
        """(response, body, manifest entry) of one path, with what it read. A
        page that wrote while rendered (the first to show the numbers folds the
        new counts in) is rendered once more: it then mostly reads only, and
        gets a key. So is one rendered while another connection committed (a
        helper process that wrote), once: on a busy database it keeps no key."""
        disturbed_before = False
        for _attempt in range(3):
            response, body, entry, wrote, disturbed = self._render_once(path)
            if not wrote and (not disturbed or disturbed_before):
                break
            disturbed_before |= disturbed
        return response, body, entry

    def _render_once(self, path):
        from clarion.content import live
        from clarion.content.models import Campaign

        for cache in self.private_caches:
            cache.clear()
        Campaign.forget_current()  # in-process copies of rows, read every few seconds
        live.forget()
        before = self._markers()
        self.reading = {"reads": [], "clock": False, "wrote": False}
        try:
            with self.clock():
                response = self.client.get(path)
                body = b"".join(response) if response.streaming else response.content
        finally:
            reading, self.reading = self.reading, None
        self.rendered_paths.append(path)
        entry = {"clock": reading["clock"], "reads": None}
        if reading["wrote"]:
            self.rows_at = None  # rows this connection changed: digests taken before are old
        elif reading["reads"] is not None:
            current = self._current(reading["reads"])
            after = self._markers()
            # Another connection's commit during the render: its rows may not be
            # the ones the page shows, so it gets no key (rendered next time).
            if after != before:
                return response, body, entry, False, True
            if None not in after.values():
                entry["reads"] = [[qid, current[qid]] for qid in dict.fromkeys(reading["reads"])]
        return response, body, entry, reading["wrote"], False

    def copy_asset(self, path):
        plain = unquote(path.partition("?")[0])
        source = None
        if plain.startswith(settings.STATIC_URL):
            relative = plain[len(settings.STATIC_URL) :]
            collected = Path(settings.STATIC_ROOT) / relative
            source = collected if collected.is_file() else finders.find(relative)
        elif plain.startswith(settings.MEDIA_URL):
            candidate = Path(settings.MEDIA_ROOT) / plain[len(settings.MEDIA_URL) :]
            source = candidate if candidate.is_file() else None
        if not source or ".." in Path(plain).parts:
            return []
        name = plain.lstrip("/")
        self.files[path] = name
        stat = _file_stat(source)
        data = Path(source).read_bytes()
        entry = self.entries[path] = {"file": name, "reads": [], "source": [str(source), *stat]}
        if name.endswith(".css"):
            self.pages[path] = ("text/css", data)
            self.links[path] = entry["links"] = rewrite.links_in(data, "text/css")
            return self.links[path]
        self.put(name, data)
        entry["stat"] = _file_stat(self.target / name)
        return []

    # What a page read

    @contextmanager
    def isolated(self):
        """Private, empty caches (the site's own, maybe shared, are neither read
        nor filled), no page cache, and every SELECT recorded."""
        self.private_caches = []
        originals = {alias: caches[alias] for alias in settings.CACHES}
        try:
            for alias in originals:
                options = {"OPTIONS": {"MAX_ENTRIES": 100_000}}
                caches[alias] = private = LocMemCache(f"clarion-mirror-{alias}", options)
                self.private_caches.append(private)
            with ExitStack() as stack:
                stack.enter_context(override_settings(PAGE_CACHE_ENABLED=False))
                for alias in connections:
                    stack.enter_context(connections[alias].execute_wrapper(self._record))
                yield
        finally:
            for alias, cache in originals.items():
                caches[alias] = cache
            for cache in self.private_caches:
                cache.clear()

    @contextmanager
    def clock(self):
        """timezone.now() is the copy's clock, and a page that asks is marked."""
        real = timezone.now

        def now():
            if self.reading is not None:
                self.reading["clock"] = True
            return self.made_at

        timezone.now = now
        try:
            yield
        finally:
            timezone.now = real

    def _record(self, execute, sql, params, many, context):
        reading = self.reading
        if reading is not None:
            # The first word ("(SELECT" starts a UNION).
            word = sql.lstrip(" \t\n(")[:12].split(None, 1)[0].upper() if sql.strip() else ""
            if many or (word != "SELECT" and word not in NEUTRAL):
                reading["wrote"] = True
            elif word == "SELECT" and reading["reads"] is not None:
                alias = context["connection"].alias
                self.aliases.add(alias)
                try:
                    reading["reads"].append(self._query_id(alias, sql, params))
                except TypeError:
                    reading["reads"] = None  # a parameter the manifest cannot keep
        return execute(sql, params, many, context)

    def _query_id(self, alias, sql, params):
        encoded = encode_params(params)
        sid = _short(sql.encode())
        qid = _short(json.dumps([alias, sid, encoded]).encode())
        if qid not in self.queries:
            self.sql[sid] = sql
            self.queries[qid] = [alias, sid, encoded]
        return qid

    def _markers(self):
        """Per database, a value that changes when another connection commits
        (None where the database cannot tell)."""
        found = {}
        for alias in sorted(self.aliases):
            connection = connections[alias]
            statement = MARKERS.get(connection.vendor)
            if statement is None:
                found[alias] = None
                continue
            with connection.cursor() as cursor:
                cursor.execute(statement)
                found[alias] = cursor.fetchone()[0]
        return found

    def _current(self, qids):
        """{query id: digest of its rows now}, each query run once while no other
        connection commits."""
        markers = self._markers()
        if markers != self.rows_at or None in markers.values():
            self.rows, self.rows_at = {}, markers
        for qid in qids:
            if qid not in self.rows:
                self.rows[qid] = self._rows(qid)
        return self.rows

    def _rows(self, qid):
        alias, sid, params = self.queries[qid]
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute(self.sql[sid], decode_params(params))
                return rows_digest(cursor.fetchall())
        except DatabaseError:
            return None  # a table or column gone: not the rows the page saw

    # Writing

    def file_for(self, path):
        for _hop in range(5):
            if path not in self.redirects:
                break
            path = self.redirects[path]
        return self.files.get(path)

    def targets(self, path):
        """Where the links of a page or style sheet lead in this copy: its
        rewritten text depends on that and on nothing else but its own body."""
        base = path.partition("?")[0]
        looked_up = [base, *rewrite.looked_up(self.links.get(path, []), self.site_url)]
        return _short(json.dumps([(p, self.file_for(p)) for p in looked_up]).encode())

    def write_pages(self):
        for path, (content_type, body) in self.pages.items():
            name = self.files[path]
            base = path.partition("?")[0]
            if content_type.startswith("text/html"):
                language = path.split("/")[1] if path.split("/")[1] in languages() else "en"
                body = rewrite.annotate(
                    body, language, self.site_url, base, self.made_at, self.contact
                )
            body = rewrite.rewrite(body, content_type, name, self.file_for, self.site_url, base)
            self.put(name, body)
            self.entries[path]["targets"] = self.targets(path)
            self.entries[path]["stat"] = _file_stat(self.target / name)
        self.put("index.html", self.root_page())

    def root_page(self):
        links = "".join(
            f'<li><a href="{code}/index.html" lang="{code}">{name}</a></li>'
            for code, name in settings.LANGUAGES
            if code in self.langs
        )
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{settings.SITE_NAME}</title></head><body><main>"
            f"<h1>{settings.SITE_NAME}</h1><ul>{links}</ul></main></body></html>"
        ).encode()

    def put(self, name, data):
        if ".." in Path(name).parts or name.startswith("/"):
            return
        digest = _digest(data)
        destination = self.target / name
        if self.previous["files"].get(name) == digest and destination.exists():
            self.kept += 1
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
            self.written += 1
        self.previous.setdefault("new_files", {})[name] = digest

    def prune(self):
        """Remove files an earlier copy wrote that this one no longer has."""
        current = set(self.previous.get("new_files", {})) | set(self.files.values())
        for name in set(self.previous["files"]) - current:
            stale = self.target / name
            if stale.is_file():
                stale.unlink()

    def save_manifest(self):
        files = dict(self.previous["files"])
        files = {name: files[name] for name in set(self.files.values()) if name in files}
        files.update(self.previous.get("new_files", {}))
        paths = {}
        for path, entry in self.entries.items():
            if path in self.files:
                entry = entry | {"file": self.files[path], "links": self.links.get(path, [])}
            paths[path] = entry
        qids = {qid for entry in paths.values() for qid, _rows in entry.get("reads") or ()}
        queries = {qid: self.queries[qid] for qid in qids}
        manifest = {"version": MANIFEST_VERSION, "made_at": self.made_at.isoformat(),
                    "site": self.site_url, "environment": self.environment, "files": files,
                    "paths": paths, "queries": queries,
                    "sql": {q[1]: self.sql[q[1]] for q in queries.values()}}  # fmt: skip
        # Written whole, then renamed: an export cut short leaves the last manifest.
        partial = self.target / (MANIFEST + ".partial")
        partial.write_text(json.dumps(manifest))
        partial.replace(self.target / MANIFEST)


# The exporter the helper processes inherit when they are forked.
_EXPORTER = None


def _render_in_helper(path):
    """In a helper process: one page, with the queries its manifest entry names
    and how many times it was rendered."""
    exporter = _EXPORTER
    before = len(exporter.rendered_paths)
    answer = exporter.answer(path)
    qids = [qid for qid, _rows in answer[3]["reads"] or ()]
    queries = {qid: exporter.queries[qid] for qid in qids}
    sql = {query[1]: exporter.sql[query[1]] for query in queries.values()}
    return answer, queries, sql, sorted(exporter.aliases), len(exporter.rendered_paths) - before


class Renderers:
    """Pages sent to the helper processes, answers received as they finish."""

    def __init__(self, pool, exporter):
        self.pool, self.exporter = pool, exporter
        self.done = queue.SimpleQueue()

    def send(self, path):
        self.pool.apply_async(
            _render_in_helper, (path,),
            callback=lambda result: self.done.put((path, result, None)),
            error_callback=lambda error: self.done.put((path, None, error)),
        )  # fmt: skip

    def receive(self):
        path, result, error = self.done.get()
        if error is not None:
            raise error
        answer, queries, sql, aliases, renders = result
        exporter = self.exporter
        exporter.queries.update(queries)
        exporter.sql.update(sql)
        exporter.aliases.update(aliases)
        exporter.rendered_paths += [path] * renders
        exporter.rendered_elsewhere += renders
        return path, answer


def archive(directory, destination):
    """A .zip or .tar.gz of the copy (for a USB stick or another host)."""
    destination = str(destination)
    fmt = "zip" if destination.endswith(".zip") else "gztar"
    base = destination.removesuffix(".zip").removesuffix(".tar.gz")
    return shutil.make_archive(base, fmt, root_dir=directory)
