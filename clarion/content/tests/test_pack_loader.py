import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from clarion.content.loader import PackLoader
from clarion.content.models import (
    Fact,
    FactFigure,
    NewsItemPage,
    RecognitionBody,
    Resource,
)
from clarion.content.packs import PackError, read_pack
from clarion.petitions.models import Target

from .base import LANGS, BaseTestCase

PACK = Path(settings.CONTENT_PACKS_DIR) / "khojaly"


def table_sizes():
    models = (Page, Fact, FactFigure, NewsItemPage, RecognitionBody, Resource, Target)
    return {model.__name__: model.objects.count() for model in models}


INDEX_TASKS = ("modelsearch.tasks.insert_or_update_object_task",
               "wagtail.tasks.update_reference_index_task")  # fmt: skip


class PackLoaderTestCase(BaseTestCase):
    def broken_copy(self, filename, old, new):
        folder = Path(tempfile.mkdtemp()) / "broken"
        shutil.copytree(PACK, folder)
        self.addCleanup(shutil.rmtree, folder.parent)
        path = folder / filename
        text = path.read_text()
        self.assertIn(old, text)
        path.write_text(text.replace(old, new, 1))
        return folder

    def test_it_loads_twice_without_duplicates(self):
        before = table_sizes()
        counts = PackLoader("khojaly", progress=False).load()
        self.assertEqual((counts["created"], counts["updated"]), (0, 0))
        self.assertGreater(counts["unchanged"], 300)
        self.assertEqual(table_sizes(), before)

    def test_no_queued_task_names_a_page_that_is_gone(self):
        # The first load deletes Wagtail's placeholder page; its index tasks go too.
        pages = {str(pk) for pk in Page.objects.values_list("pk", flat=True)}
        named = []
        for task in DBTaskResult.objects.filter(status=TaskResultStatus.READY):
            args = task.args_kwargs["args"]
            if task.task_path in INDEX_TASKS and issubclass(apps.get_model(*args[:2]), Page):
                named.append(args)
        self.assertTrue(named)  # the pack's own pages are queued for indexing
        self.assertEqual([args for args in named if args[2] not in pages], [])

    def test_it_builds_one_tree_per_language(self):
        pack = read_pack("khojaly")
        news = len(pack["news.yaml"]["items"])
        self.assertGreaterEqual(news, 80)
        for lang in LANGS:
            items = NewsItemPage.objects.filter(locale__language_code=lang).live()
            self.assertEqual(items.count(), news, lang)

    def test_it_rewrites_only_the_reference_row_that_changed(self):
        folder = self.broken_copy("resources.yaml", '"Bloody pool of Karabakh"', '"Edited"')
        counts = PackLoader(str(folder), progress=False).load()
        self.assertEqual((counts["created"], counts["updated"]), (0, 1))
        self.assertTrue(Resource.objects.filter(title="Edited").exists())

    def test_it_updates_in_place_after_an_edit(self):
        item = read_pack("khojaly")["news.yaml"]["items"][0]
        title = item["title"] if isinstance(item["title"], str) else item["title"]["en"]
        folder = self.broken_copy("news.yaml", title, "An edited title")
        counts = PackLoader(str(folder), progress=False).load()
        self.assertEqual(counts["created"], 0)
        page = NewsItemPage.objects.get(pack_key=item["key"], locale__language_code="en")
        self.assertEqual(page.title, "An edited title")
        # An untranslated language shows the edit; a translation keeps its own title.
        other = page.get_translations().get(locale__language_code="fr")
        translated = item["title"].get("fr") if isinstance(item["title"], dict) else None
        self.assertEqual(other.title, translated or "An edited title")

    def dropped_copy(self, filename, key):
        """A copy of the pack without the item `key` of `filename`."""
        import yaml

        folder = self.broken_copy(filename, "", "")
        path = folder / filename
        data = yaml.safe_load(path.read_text())
        listing = {"facts.yaml": "facts", "news.yaml": "items"}[filename]
        data[listing] = [item for item in data[listing] if item["key"] != key]
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
        return folder

    def test_a_reload_removes_what_the_pack_dropped_and_keeps_what_staff_made(self):
        fact = Fact.objects.filter(from_pack=True).last()
        staff_fact = Fact.objects.create(key="staff-fact", topic="event", label={"en": "Ours"})
        folder = self.dropped_copy("facts.yaml", fact.key)
        counts = PackLoader(str(folder), progress=False).load()
        self.assertEqual((counts["created"], counts["updated"], counts["removed"]), (0, 0, 1))
        self.assertFalse(Fact.objects.filter(key=fact.key).exists())
        self.assertFalse(FactFigure.objects.filter(fact_id=fact.pk).exists())
        self.assertTrue(Fact.objects.filter(pk=staff_fact.pk).exists())
        # Back in the pack, it comes back.
        counts = PackLoader("khojaly", progress=False).load()
        self.assertEqual((counts["created"], counts["removed"]), (1, 0))
        self.assertTrue(Fact.objects.filter(key=fact.key, from_pack=True).exists())

    def test_a_reload_unpublishes_a_news_item_the_pack_dropped_in_every_language(self):
        key = read_pack("khojaly")["news.yaml"]["items"][3]["key"]
        page = NewsItemPage.objects.get(pack_key=key, locale__language_code="en")
        family = Page.objects.filter(translation_key=page.translation_key)
        self.assertEqual(family.live().count(), 8)
        folder = self.dropped_copy("news.yaml", key)
        counts = PackLoader(str(folder), progress=False).load()
        self.assertEqual(counts["removed"], 1)
        self.assertFalse(family.live().exists())
        self.assertEqual(self.client.get(page.url).status_code, 404)
        others = NewsItemPage.objects.live().filter(locale__language_code="en").count()
        self.assertEqual(others, len(read_pack("khojaly")["news.yaml"]["items"]) - 1)
        # Loading the whole pack again publishes it again; then nothing changes.
        PackLoader("khojaly", progress=False).load()
        self.assertEqual(
            Page.objects.filter(translation_key=page.translation_key).live().count(), 8
        )
        counts = PackLoader("khojaly", progress=False).load()
        self.assertEqual((counts["created"], counts["updated"], counts["removed"]), (0, 0, 0))

    def test_it_names_file_and_line_of_a_bad_entry(self):
        folder = self.broken_copy("news.yaml", "activity: ", "activity_typo: ")
        with self.assertRaises(PackError) as caught:
            read_pack(str(folder))
        message = str(caught.exception)
        self.assertRegex(message, r"news\.yaml:\d+: items/\d+")

    def test_it_reports_bad_yaml_with_its_line(self):
        folder = self.broken_copy("facts.yaml", "facts:", "facts: [unclosed")
        with self.assertRaisesRegex(PackError, r"facts\.yaml:\d+: not valid YAML"):
            read_pack(str(folder))

    def test_it_loads_nothing_when_one_file_is_bad(self):
        facts = read_pack("khojaly")["facts.yaml"]["facts"]
        label = facts[0]["label"] if isinstance(facts[0]["label"], str) else facts[0]["label"]["en"]
        # An edit that is valid in facts.yaml, and a bad date in news.yaml.
        folder = self.broken_copy("facts.yaml", label, "Changed label")
        news = folder / "news.yaml"
        news.write_text(news.read_text().replace('date: "', 'date: "x', 1))
        before = table_sizes()
        with self.assertRaises(PackError):
            PackLoader(str(folder), progress=False).load()
        self.assertEqual(table_sizes(), before)
        self.assertFalse(Fact.objects.filter(label__en="Changed label").exists())

    def test_it_refuses_duplicate_keys(self):
        key = read_pack("khojaly")["resources.yaml"]["resources"][1]["key"]
        first = read_pack("khojaly")["resources.yaml"]["resources"][0]["key"]
        folder = self.broken_copy("resources.yaml", f"key: {key}\n", f"key: {first}\n")
        with self.assertRaisesRegex(PackError, r"resources\.yaml:\d+: .*duplicate key"):
            read_pack(str(folder))

    def test_the_command_fails_cleanly_on_an_unknown_pack(self):
        with self.assertRaisesRegex(CommandError, "No content pack named"):
            call_command("load_content_pack", "no-such-pack", no_progress=True)

    def test_it_keeps_contact_details_staff_added(self):
        target = Target.objects.first()
        target.email = "office@example.org"
        target.save()
        PackLoader("khojaly", progress=False).load()
        target.refresh_from_db()
        self.assertEqual(target.email, "office@example.org")


class PackContentTestCase(BaseTestCase):
    def test_every_figure_has_a_source(self):
        self.assertGreater(FactFigure.objects.count(), 10)
        for figure in FactFigure.objects.all():
            self.assertTrue(figure.source_outlet and figure.source_date, figure)

    def test_every_recognition_has_a_source(self):
        self.assertGreater(RecognitionBody.objects.count(), 5)
        for body in RecognitionBody.objects.all():
            self.assertTrue(body.source_outlet and body.source_date, body)

    def test_targets_have_no_invented_contacts(self):
        self.assertTrue(Target.objects.exists())
        for target in Target.objects.all():
            self.assertEqual(target.channels, [])
            self.assertTrue(target.manual_delivery)

    def test_the_pack_ships_no_memorial_names(self):
        from clarion.content.models import MemorialName

        self.assertFalse(MemorialName.objects.exists())

    def test_machine_translations_are_marked_for_review(self):
        from clarion.content.models import StandardPage

        about_ru = StandardPage.objects.get(pack_key="about", locale__language_code="ru")
        about_en = StandardPage.objects.get(pack_key="about", locale__language_code="en")
        self.assertTrue(about_ru.translation_needs_review)
        self.assertFalse(about_en.translation_needs_review)
