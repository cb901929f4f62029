from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from clarion.outreach import admin_views
from clarion.outreach.models import Newsletter


class NewsletterViewSet(SnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = gettext_lazy("Newsletters")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["title", "kind", "status", "total", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    ordering = ["-created_at"]
    copy_view_enabled = False


register_snippet(NewsletterViewSet)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("newsletters/<int:pk>/send/", admin_views.send, name="outreach_send"),
        path(
            "newsletters/<int:pk>/preview/<str:language>/",
            admin_views.preview,
            name="outreach_preview",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def send_button(snippet, user, next_url=None):
    if isinstance(snippet, Newsletter):
        yield ListingButton(
            _("Check, preview and send"), reverse("outreach_send", args=[snippet.pk]), priority=5
        )
