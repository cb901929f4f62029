"""Staff admin: the campaign's reference data as snippets, and a review list
of translations that a machine made."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clarion.content import admin_views, pagecache
from clarion.content.models import (
    Campaign,
    Fact,
    MemorialSource,
    RecognitionBody,
    RecognitionTotal,
    Resource,
)


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "site"
    list_display = ["__str__", "launched", "target_signatures"]


class FactViewSet(SnippetViewSet):
    model = Fact
    icon = "list-ul"
    list_display = ["__str__", "topic", "key"]
    list_filter = ["topic"]


class RecognitionViewSet(SnippetViewSet):
    model = RecognitionBody
    icon = "tick-inverse"
    list_display = ["name", "type", "country", "date", "source_outlet"]
    list_filter = ["type"]
    search_fields = ["name"]


class RecognitionTotalViewSet(SnippetViewSet):
    model = RecognitionTotal
    icon = "order"
    list_display = ["__str__", "source_date"]


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "doc-full"
    list_display = ["title", "kind", "year"]
    list_filter = ["kind"]
    search_fields = ["title", "creator"]


class MemorialSourceViewSet(SnippetViewSet):
    model = MemorialSource
    icon = "folder-open-inverse"
    list_display = ["title", "publisher", "published"]


class CampaignDataGroup(SnippetViewSetGroup):
    menu_label = "Campaign data"
    menu_icon = "folder-inverse"
    menu_order = 250
    items = (
        CampaignViewSet,
        FactViewSet,
        RecognitionViewSet,
        RecognitionTotalViewSet,
        ResourceViewSet,
        MemorialSourceViewSet,
    )


register_snippet(CampaignDataGroup)


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path(
            "translations-to-review/",
            admin_views.translations_to_review,
            name="translations_to_review",
        )
    ]


@hooks.register("register_reports_menu_item")
def review_menu_item():
    return MenuItem(
        "Translations to review",
        reverse("translations_to_review"),
        icon_name="doc-empty-inverse",
        order=50,
    )


@hooks.register("before_serve_page")
def mark_public_pages(page, request, serve_args, serve_kwargs):
    """Pages anyone may see are the same for every anonymous visitor: cache them."""
    if not page.get_view_restrictions().exists():
        pagecache.public_page(request)
