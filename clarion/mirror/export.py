"""export_mirror: render the public site in-process and write it as files.

Every page in every language (the sitemap's list), the news feeds, the event
calendars, the press kit and every image, style sheet and file they use. Pages
are rendered by Django's test client (no server needed), links are rewritten
to relative file paths (clarion.mirror.rewrite), forms post to SITE_URL.

Incremental: the copy keeps a manifest of what it holds; a later export
renders again only pages that can have changed (pages edited since, lists and
live figures, new items) and copies only files that changed.
"""

import hashlib
import json
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from clarion.mirror import rewrite

MANIFEST = ".mirror.json"
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
# Pages that show lists or live figures: rendered again on every export.
STABLE_TYPES = {"newsitempage", "standardpage"}


class MirrorError(Exception):
    pass


def languages():
    return [code for code, _name in settings.LANGUAGES]


def wanted(path):
    """Whether the copy holds this path (with its query)."""
    plain, _q, query = path.partition("?")
    if plain.startswith(SKIPPED) or any(part in plain for part in SKIPPED_PARTS):
        return False
    if plain.endswith(".pdf") and "/events/" in plain:
        return False  # posters and flyers are drawn on request: the primary site has them
    if query and not all(p.startswith("page=") and p[5:].isdigit() for p in query.split("&")):
        return False  # filters and searches: the primary site
    if plain.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return True
    return plain.split("/")[1:2] and plain.split("/")[1] in languages()


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


class Exporter:
    def __init__(self, target, *, force=False, full=False, contact="", progress=None):
        self.target = Path(target)
        self.site_url = settings.SITE_URL
        self.contact = contact
        self.progress = progress
        self.made_at = timezone.now()
        host = urlsplit(self.site_url).netloc or "127.0.0.1"
        self.client = Client(HTTP_HOST=host, raise_request_exception=False)
        self.previous = self._previous(force, full)
        self.files = {}  # path -> file in the copy
        self.redirects = {}  # path -> path it redirects to
        self.pages = {}  # path -> (content_type, body) of pages to rewrite
        self.links = {}  # path -> links found in it (kept in the manifest)
        self.written = self.kept = 0

    def _previous(self, force, full):
        manifest = self.target / MANIFEST
        if manifest.exists():
            previous = json.loads(manifest.read_text())
            return {"made_at": None, "files": {}, "paths": {}} if full else previous
        if self.target.exists() and any(self.target.iterdir()) and not force:
            raise MirrorError(
                f"{self.target} is not empty and holds no copy made by export_mirror; "
                "choose an empty directory, or pass --force to write into it."
            )
        return {"made_at": None, "files": {}, "paths": {}}

    # What to render

    def seeds(self):
        from clarion.api.sitemap import entries

        paths = [path for group, _modified in entries() for path in group.values()]
        for lang in languages():
            paths += [f"/{lang}/", f"/{lang}/news/feed/", f"/{lang}/events/calendar.ics",
                      f"/{lang}/press/kit.zip", f"/{lang}/join/progress/",
                      f"/{lang}/embed/counter/"]  # fmt: skip
        return [p for p in dict.fromkeys(paths) if wanted(p)]

    def unchanged_pages(self):
        """Paths of Wagtail pages of stable types not published since the last copy."""
        from wagtail.models import Page

        from clarion.api.sitemap import page_path

        since = self.previous.get("made_at")
        if not since:
            return set()
        # An untranslated page is an alias: it changes when its source does.
        stable = (
            Page.objects.live()
            .filter(content_type__model__in=STABLE_TYPES)
            .filter(
                Q(last_published_at__lt=since)
                | Q(last_published_at__isnull=True, alias_of__last_published_at__lt=since)
            )
        )
        rows = stable.values_list("locale__language_code", "url_path")
        return {page_path(lang, url_path) for lang, url_path in rows}

    # Rendering

    def run(self):
        self.target.mkdir(parents=True, exist_ok=True)
        unchanged = self.unchanged_pages()
        known = self.previous.get("paths", {})
        queue, seen = deque(self.seeds()), set()
        total = len(queue)
        if self.progress is not None:
            self.progress.reset(total=total)
        while queue:
            path = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            if path in unchanged and path in known:
                links = self.keep(path, known[path])
            else:
                links = self.fetch(path)
            for link in links:
                found = rewrite.internal_path(link, self.site_url)
                if found and wanted(found) and found not in seen:
                    queue.append(found)
                    total += 1
            if self.progress is not None:
                self.progress.total = total - (len(queue) - len(set(queue)))
                self.progress.update(1)
        self.write_pages()
        self.prune()
        self.save_manifest()
        return {"written": self.written, "kept": self.kept, "files": len(self.files)}

    def keep(self, path, entry):
        self.files[path] = entry["file"]
        self.links[path] = entry.get("links", [])
        self.kept += 1
        return self.links[path]

    def fetch(self, path):
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return self.copy_asset(path)
        response = self.client.get(path)
        if response.status_code in (301, 302, 303, 307, 308):
            location = rewrite.internal_path(response["Location"], self.site_url) or ""
            if location and wanted(location):
                self.redirects[path] = location
                return [location]
            return []
        if response.status_code != 200:
            return []
        content_type = response.get("Content-Type", "text/html")
        body = b"".join(response) if response.streaming else response.content
        self.files[path] = file_of(path, content_type)
        links = rewrite.links_in(body, content_type)
        self.links[path] = links
        if content_type.startswith(("text/html", "text/css")):
            self.pages[path] = (content_type, body)
        else:
            self.put(self.files[path], body)
        return links

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
        data = Path(source).read_bytes()
        if name.endswith(".css"):
            self.pages[path] = ("text/css", data)
            return rewrite.links_in(data, "text/css")
        self.put(name, data)
        return []

    # Writing

    def file_for(self, path):
        for _hop in range(5):
            if path not in self.redirects:
                break
            path = self.redirects[path]
        return self.files.get(path)

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
        self.put("index.html", self.root_page())

    def root_page(self):
        links = "".join(
            f'<li><a href="{code}/index.html" lang="{code}">{name}</a></li>'
            for code, name in settings.LANGUAGES
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
        paths = {path: {"file": name, "links": self.links.get(path, [])}
                 for path, name in self.files.items()}  # fmt: skip
        manifest = {"made_at": self.made_at.isoformat(), "site": self.site_url,
                    "files": files, "paths": paths}  # fmt: skip
        (self.target / MANIFEST).write_text(json.dumps(manifest))


def archive(directory, destination):
    """A .zip or .tar.gz of the copy (for a USB stick or another host)."""
    destination = str(destination)
    fmt = "zip" if destination.endswith(".zip") else "gztar"
    base = destination.removesuffix(".zip").removesuffix(".tar.gz")
    return shutil.make_archive(base, fmt, root_dir=directory)
