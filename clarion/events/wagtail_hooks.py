from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clarion.events import admin_views
from clarion.events.models import Event, Material
from clarion.network.scoped_admin import ScopedViewSet


class EventViewSet(ScopedViewSet):
    model = Event
    icon = "date"
    list_display = ["title", "type", "country", "status", "starts_at", "source"]
    list_filter = ["status", "type", "source", "country"]
    search_fields = ["title", "city", "organiser_canonical"]
    ordering = ["-starts_at"]
    inspect_view_enabled = True
    copy_view_enabled = False


class MaterialViewSet(SnippetViewSet):
    model = Material
    icon = "tag"
    list_display = ["name", "stock", "unit", "printable"]


class EventsGroup(SnippetViewSetGroup):
    menu_label = "Events"
    menu_icon = "date"
    menu_order = 210
    items = (EventViewSet, MaterialViewSet)


register_snippet(EventsGroup)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("events/review/", admin_views.queue, name="events_queue"),
        path("events/review/<int:pk>/", admin_views.review, name="events_review"),
        path("events/reports/<int:pk>/", admin_views.report, name="events_report"),
    ]


@hooks.register("register_admin_menu_item")
def queue_menu():
    return MenuItem("Event proposals", reverse("events_queue"), icon_name="date", order=205)
