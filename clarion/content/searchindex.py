"""Keeping Wagtail's search index up to date without two task workers racing.

Wagtail (through modelsearch) enqueues one task per saved page or image, and
that task reads whether the object has an index entry, then inserts it if not.
Two workers running the tasks of one object at once (a page saved twice in a
row, as the content pack's load does) could both insert: one of them failed on
the index's UNIQUE constraint, and a fresh install showed failed tasks on the
operators' screens. The task here does the same work in one transaction (on
SQLite, which takes the write lock at BEGIN, the two run one after the other)
and, if another worker's entry appeared meanwhile (PostgreSQL), runs once more,
which then updates that entry. An object deleted before its task ran is not
an error.
"""

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django_tasks import task
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler


@task()
def index_object(app_label, model_name, pk):
    model = apps.get_model(app_label, model_name)
    for last in (False, True):
        try:
            with transaction.atomic():
                instance = model._default_manager.filter(pk=pk).first()
                if instance is not None:
                    index.insert_or_update_object(instance)
            return
        except IntegrityError:
            if last:
                raise


def enqueue(instance, raw=False, **kwargs):
    if not raw:  # fixtures: indexed by `manage.py update_index`
        meta = instance._meta
        index_object.enqueue(meta.app_label, meta.model_name, str(instance.pk))


def take_over():
    """Replace modelsearch's post_save handler of every indexed model by ours."""
    for model in index.get_indexed_models():
        if post_save.disconnect(post_save_signal_handler, sender=model):
            post_save.connect(enqueue, sender=model, dispatch_uid=f"index-{model._meta.label}")
