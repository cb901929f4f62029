"""Loading a content pack into the database: one transaction, idempotent by key.

Running it again after editing the pack updates what changed and leaves the
rest alone. Features load their own parts of the pack on `pack_loaded` (the
petitions app its targets and petitions, the events app past events).
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.html import escape
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from tqdm import tqdm
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from clarion.content import models as m
from clarion.content.models.records import PackItem
from clarion.content.packs import read_pack

# Sent inside the loading transaction, so features can derive rows from the pack.
pack_loaded = Signal()

LANGS = [code for code, _name in settings.LANGUAGES]
# Page key -> page type, in the order pages appear in the tree.
PAGE_TYPES = {
    "join": m.WayPage,
    "image-message": m.WayPage,
    "letters": m.WayPage,
    "petitions": m.WayPage,
    "events": m.WayPage,
    "press": m.WayPage,
    "facts": m.FactsPage,
    "news": m.NewsIndexPage,
    "recognition": m.RecognitionPage,
    "resources": m.ResourcesPage,
    "memorial": m.MemorialPage,
    "about": m.StandardPage,
    "privacy": m.StandardPage,
}
IN_MENU = {"join", "petitions", "events", "facts", "news", "recognition", "about"}


def texts(value):
    """A pack text (string or mapping) as a {language: text} mapping."""
    if value is None:
        return {}
    return {"en": value} if isinstance(value, str) else dict(value)


def in_language(value, language):
    mapping = texts(value)
    return mapping.get(language) or mapping.get("en", "")


def parse_date(text):
    """'2009', '2009-03' or '2009-03-05' -> (date, precision)."""
    parts = [int(p) for p in text.split("-")]
    precision = ["year", "month", "day"][len(parts) - 1]
    parts += [1] * (3 - len(parts))
    return datetime.date(*parts), precision


def source_fields(source):
    return {
        "source_outlet": source["outlet"],
        "source_date": source["date"],
        "source_title": source.get("headline") or source.get("about", ""),
        "source_headline": "headline" in source,
        "source_url": source.get("url", ""),
    }


def fingerprint(*values):
    raw = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def forget_page_tasks(page_pk):
    """Wagtail queues search and reference-index tasks for a page it saves; for
    the placeholder deleted here they would fail in the worker, tracebacks and
    all, on every fresh install."""
    args = {"args": ["wagtailcore", "page", str(page_pk)], "kwargs": {}}
    DBTaskResult.objects.filter(status=TaskResultStatus.READY, args_kwargs=args).delete()


class PackLoader:
    def __init__(self, name, progress=True):
        self.pack = read_pack(name)
        self.progress = progress
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}

    def load(self):
        with transaction.atomic():
            self.locales = {c: Locale.objects.get_or_create(language_code=c)[0] for c in LANGS}
            steps = [
                self.load_campaign,
                self.load_facts,
                self.load_recognition,
                self.load_resources,
                self.load_pages,
                self.load_news,
            ]
            for step in tqdm(steps, desc="content pack", disable=not self.progress):
                step()
            self.remove_dropped()
            pack_loaded.send(sender=PackLoader, loader=self)
        return self.counts

    def count(self, created, changed=True):
        self.counts["created" if created else "updated" if changed else "unchanged"] += 1

    # Reference data -------------------------------------------------------

    def upsert(self, model, key, values):
        """Create or update by key; a row the pack has not changed is not written."""
        if issubclass(model, PackItem):
            values = values | {"from_pack": True}
        obj = model.objects.filter(key=key).first()
        if obj is None:
            self.count(True)
            return model.objects.create(key=key, **values)
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        for field in changed:
            setattr(obj, field, values[field])
        if changed:
            obj.save(update_fields=changed)
        self.count(False, changed=bool(changed))
        return obj

    def load_campaign(self):
        data = self.pack["pack.yaml"]["campaign"]
        launched, _precision = parse_date(data["launched"])
        declaration = data.get("declaration", {})
        m.Campaign.objects.update_or_create(
            key=data["key"],
            defaults={
                "name": texts(data["name"]),
                "tagline": texts(data.get("tagline")),
                "statement": texts(data["statement"]),
                "goal": texts(data.get("goal")),
                "declaration_title": texts(declaration.get("title")),
                "declaration_text": texts(declaration.get("text")),
                "consent": texts(data.get("consent")),
                "launched": launched,
                "initiator": data.get("initiator", ""),
                "organisation": data.get("organisation", ""),
                "target_signatures": data["target_signatures"],
                "hashtags": data.get("hashtags", []),
                "sites": data.get("sites", []),
                "ways": data.get("ways", []),
                "outlets": self.pack["pack.yaml"].get("outlets", []),
                "machine_translated": self.pack.machine_translated("pack.yaml"),
            },
        )

    def load_facts(self):
        machine = self.pack.machine_translated("facts.yaml")
        for order, item in enumerate(self.pack["facts.yaml"]["facts"]):
            fact = self.upsert(
                m.Fact,
                item["key"],
                {
                    "topic": item["topic"],
                    "label": texts(item["label"]),
                    "order": order,
                    "machine_translated": machine,
                },
            )
            fact.figures.all().delete()
            m.FactFigure.objects.bulk_create(
                m.FactFigure(
                    fact=fact,
                    order=index,
                    value=in_language(figure["value"], "en")[:120]
                    if isinstance(figure["value"], dict)
                    else str(figure["value"]),
                    words=texts(figure["value"]) if isinstance(figure["value"], dict) else {},
                    qualifier=figure.get("qualifier", ""),
                    note=texts(figure.get("note")),
                    **source_fields(figure["source"]),
                )
                for index, figure in enumerate(item["figures"])
            )

    def load_recognition(self):
        data = self.pack["recognition.yaml"]
        machine = self.pack.machine_translated("recognition.yaml")
        for item in data["bodies"]:
            self.upsert(
                m.RecognitionBody,
                item["key"],
                {
                    "name": in_language(item["name"], "en"),
                    "names": texts(item["name"]) if isinstance(item["name"], dict) else {},
                    "type": item["type"],
                    "country": item.get("country", ""),
                    "date": item.get("date", ""),
                    "form": texts(item.get("form")),
                    "acted_by": item.get("acted_by", ""),
                    "term": item.get("term", ""),
                    "document": item.get("document", ""),
                    "document_url": item.get("document_url", ""),
                    "machine_translated": machine,
                    **source_fields(item["source"]),
                },
            )
        keys = []
        for item in data.get("totals", []):
            key = fingerprint(item["source"], texts(item["claim"]).get("en"))[:20]
            keys.append(key)
            values = {"claim": texts(item["claim"]), "count": item["count"]}
            self.upsert(m.RecognitionTotal, key, values | source_fields(item["source"]))
        m.RecognitionTotal.objects.exclude(key__in=keys).delete()

    def load_resources(self):
        machine = self.pack.machine_translated("resources.yaml")
        for item in self.pack["resources.yaml"]["resources"]:
            self.upsert(
                m.Resource,
                item["key"],
                {
                    "kind": item["kind"],
                    "title": in_language(item["title"], "en"),
                    "titles": texts(item["title"]),
                    "creator": item.get("creator", ""),
                    "year": item.get("year"),
                    "description": texts(item.get("description")),
                    "machine_translated": machine,
                    **source_fields(item["source"]),
                },
            )

    def remove_dropped(self):
        """What an earlier load made and the pack no longer has: reference rows
        are deleted, news items unpublished in every language (their addresses
        stay known to Wagtail, and staff can publish them again). Rows and pages
        staff made carry no pack mark and are left alone."""
        for model, filename, listing in [
            (m.Fact, "facts.yaml", "facts"),
            (m.RecognitionBody, "recognition.yaml", "bodies"),
            (m.Resource, "resources.yaml", "resources"),
        ]:
            keys = [item["key"] for item in self.pack[filename][listing]]
            gone = model.objects.filter(from_pack=True).exclude(key__in=keys)
            self.counts["removed"] += gone.count()
            gone.delete()
        keys = [item["key"] for item in self.pack["news.yaml"]["items"]]
        dropped = (
            m.NewsItemPage.objects.filter(locale=self.locales["en"], alias_of__isnull=True)
            .exclude(pack_key="")
            .exclude(pack_key__in=keys)
        )
        for page in dropped:
            family = Page.objects.filter(translation_key=page.translation_key).live()
            if not family.exists():
                continue
            for each in family.specific():
                each.unpublish(log_action=None)
            m.NewsItemPage.objects.filter(translation_key=page.translation_key).update(pack_hash="")
            self.counts["removed"] += 1

    # Pages ------------------------------------------------------------------

    def _page_values(self, key, data, language):
        values = {
            "title": in_language(data["title"], language),
            "intro": in_language(data.get("intro"), language),
            "body": [self._block(block, language) for block in data.get("body", [])],
        }
        if key == "home":
            values["title"] = in_language(self.pack["pack.yaml"]["campaign"]["name"], language)
        return values

    @staticmethod
    def _block(block, language):
        if "heading" in block:
            return (
                "heading",
                {"text": in_language(block["heading"], language), "level": "h2"},
            )
        return (
            "paragraph",
            RichText(f"<p>{escape(in_language(block['paragraph'], language))}</p>"),
        )

    def _apply(self, page, values, review):
        """Write values to a page and publish it, unless the pack has not changed."""
        digest = fingerprint(values, review)
        if page.pack_hash == digest:
            self.count(False, changed=False)
            return
        for field, value in values.items():
            setattr(page, field, value)
        page.translation_needs_review = review
        page.pack_hash = digest
        page.save_revision().publish()
        self.count(False)

    def _ensure(self, model, key, parent, en_page, language, extra):
        """The page for this key in this language: found, or created under its parent."""
        locale = self.locales[language]
        page = model.objects.filter(pack_key=key, locale=locale).first()
        if page is not None:
            return page, False
        if en_page is not None:
            page = en_page.copy_for_translation(locale, copy_parents=False)
            page = model.objects.get(pk=page.pk)
        else:
            page = model(title=key, slug=key, locale=locale, pack_key=key, **extra)
            parent.add_child(instance=page)
        self.count(True)
        return page, True

    def load_pages(self):
        pages = self.pack["pages.yaml"]["pages"]
        machine = set(self.pack.machine_translated("pages.yaml"))
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=self.locales["en"])
        )
        self._retire_placeholder(root)
        self.homes = {}
        for language in LANGS:
            en_home = self.homes.get("en")
            home, _created = self._ensure(m.HomePage, "home", root, en_home, language, {})
            self._apply(
                home,
                self._page_values("home", pages["home"], language),
                language in machine,
            )
            self.homes[language] = home
        self._point_site_at(self.homes["en"])
        self.indexes = {}
        for key, model in PAGE_TYPES.items():
            extra = {"way": key} if model is m.WayPage else {}
            extra["show_in_menus"] = key in IN_MENU
            en_page = None
            for language in LANGS:
                page, _created = self._ensure(
                    model, key, self.homes[language], en_page, language, extra
                )
                self._apply(
                    page,
                    self._page_values(key, pages[key], language),
                    language in machine,
                )
                en_page = en_page or page
                if key == "news":
                    self.indexes[language] = page

    @staticmethod
    def _retire_placeholder(root):
        """Wagtail installs a 'Welcome' page with the slug we need; move it aside."""
        for page in root.get_children():
            if page.specific_class is Page and page.slug == "home" and page.numchild == 0:
                page.slug = "wagtail-placeholder"
                page.save(update_fields=["slug"])

    def _point_site_at(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
            return
        old_root = site.root_page
        if old_root.pk != home.pk:
            site.root_page = home
            site.site_name = home.title
            site.save()
            if old_root.specific_class is Page and old_root.numchild == 0:
                forget_page_tasks(old_root.pk)
                old_root.delete()

    def load_news(self):
        items = self.pack["news.yaml"]["items"]
        machine = set(self.pack.machine_translated("news.yaml"))
        for item in tqdm(items, desc="news", disable=not self.progress, leave=False):
            date, precision = parse_date(item["date"])
            values = {
                "title": in_language(item["title"], "en"),
                "intro": in_language(item["summary"], "en"),
                "date": date,
                "date_precision": precision,
                "end_date": parse_date(item["end_date"])[0] if item.get("end_date") else None,
                "city": item.get("city", ""),
                "country": item.get("country", ""),
                "activity": item["activity"],
                **source_fields(item["source"]),
            }
            page = m.NewsItemPage.objects.filter(pack_key=item["key"], locale=self.locales["en"])
            page = page.first()
            if page is None:
                page = m.NewsItemPage(slug=item["key"], pack_key=item["key"], **values)
                self.indexes["en"].add_child(instance=page)
                self.count(True)
            self._apply(page, values, False)
            self._translate_everywhere(page, item, values, machine)

    def _translate_everywhere(self, page, item, values, machine):
        """A language the item is translated into gets its own page (marked for
        review when machine-made); the others show the English item as an
        alias (marked lang="en") until it is translated."""
        titles, summaries = texts(item["title"]), texts(item["summary"])
        have = {
            other.locale.language_code: other
            for other in m.NewsItemPage.objects.filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
            .select_related("locale")
        }
        for language in LANGS[1:]:
            other = have.get(language)
            if language in titles and language in summaries:
                if other is not None and other.alias_of_id:
                    forget_page_tasks(other.pk)
                    other.delete()
                    other = None
                texts_in = {"title": titles[language], "intro": summaries[language]}
                if other is None:
                    self._new_translation(page, language, values | texts_in, language in machine)
                else:
                    self._apply(other, values | texts_in, language in machine)
            elif other is None:
                page.copy_for_translation(self.locales[language], copy_parents=False, alias=True)
                self.count(True)

    def _new_translation(self, source, language, values, review):
        """A news item's translation, created live in one save. Wagtail's
        copy_for_translation and then a published revision cost 75 ms a page
        (~880 pages: most of a first load); this costs ~20 ms. Staff edits make
        revisions as usual; the first one has nothing to compare with."""
        now = timezone.now()
        page = m.NewsItemPage(
            slug=source.slug,
            pack_key=source.pack_key,
            locale=self.locales[language],
            translation_key=source.translation_key,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            translation_needs_review=review,
            pack_hash=fingerprint(values, review),
            **values,
        )
        self.indexes[language].add_child(instance=page)
        self.count(True)
