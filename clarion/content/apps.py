from django.apps import AppConfig
from wagtail.search import apps as wagtail_search


class ContentConfig(AppConfig):
    name = "clarion.content"
    label = "content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from clarion.content import live, pagecache
        from clarion.content.models import records

        live.register("stats", lambda stats: ("content/includes/stats.html", {"stats": stats}))
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(pagecache.invalidate_all, dispatch_uid=f"pagecache-{id(signal)}")
        post_delete.connect(pagecache.invalidate_all, sender=Page, dispatch_uid="pagecache-del")
        # Campaign texts, facts, recognition, resources: shown inside pages.
        for model in (records.Campaign, records.Fact, records.RecognitionBody, records.Resource):
            for signal in (post_save, post_delete):
                signal.connect(pagecache.invalidate_all, sender=model, weak=False)


class SearchConfig(wagtail_search.WagtailSearchAppConfig):
    """Wagtail's search, whose index tasks cannot race (clarion.content.searchindex)."""

    default = False

    def ready(self):
        super().ready()
        from clarion.content import searchindex

        searchindex.take_over()
