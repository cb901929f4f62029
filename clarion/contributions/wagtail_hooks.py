from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from clarion.contributions import admin_views
from clarion.contributions.models import BannedWord


class BannedWordViewSet(SnippetViewSet):
    model = BannedWord
    icon = "warning"
    list_display = ["word", "language"]
    menu_label = "Banned words"


register_snippet(BannedWordViewSet)


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("contributions.moderate_submission")


@hooks.register("register_admin_urls")
def urls():
    return [path("moderation/", admin_views.queue, name="contributions_queue")]


@hooks.register("register_admin_menu_item")
def moderation_menu():
    return ModerationMenuItem(
        "Moderation", reverse("contributions_queue"), icon_name="tick", order=250
    )
