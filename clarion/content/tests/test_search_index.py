"""Wagtail's search index, kept by task workers that may run the tasks of one
object at the same time."""

import threading

from django.db import connection
from django.test import TestCase, TransactionTestCase
from wagtail.models import Locale, Page
from wagtail.search.models import IndexEntry

from clarion.content import searchindex

WORKERS = 6


def new_page(title):
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    return root.add_child(instance=Page(title=title, slug=f"index-{title.lower()}"))


class IndexTaskTestCase(TransactionTestCase):
    def run_at_once(self, page):
        barrier, errors = threading.Barrier(WORKERS), []

        def worker():
            try:
                barrier.wait()
                searchindex.index_object.call("wagtailcore", "page", str(page.pk))
            except Exception as error:  # noqa: BLE001 (what the task would report)
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return errors

    def entries(self, page):
        return IndexEntry.objects.filter(object_id=str(page.pk))

    def test_it_indexes_an_object_once_when_workers_run_its_tasks_at_once(self):
        page = new_page("Kerosene")
        for _ in range(3):
            self.entries(page).delete()
            self.assertEqual(self.run_at_once(page), [])
            self.assertEqual(self.entries(page).count(), 1)
        page.title = "Lamplight"
        page.save()
        self.assertEqual(self.run_at_once(page), [])
        (entry,) = self.entries(page)
        self.assertIn("lamplight", str(entry.title).lower())  # a tsvector on PostgreSQL


class IndexTaskQueueTestCase(TestCase):
    def test_it_forgives_an_object_deleted_before_its_task_ran(self):
        page = new_page("Gone")
        pk = page.pk
        page.delete()
        searchindex.index_object.call("wagtailcore", "page", str(pk))
        self.assertFalse(IndexEntry.objects.filter(object_id=str(pk)).exists())

    def test_saving_an_indexed_object_enqueues_the_safe_task(self):
        from django_tasks_db.models import DBTaskResult

        page = new_page("Queued")
        names = set(DBTaskResult.objects.filter(args_kwargs__args__2=str(page.pk))
                    .values_list("task_path", flat=True))  # fmt: skip
        self.assertIn("clarion.content.searchindex.index_object", names)
        self.assertNotIn("modelsearch.tasks.insert_or_update_object_task", names)
