"""Staff admin for areas and roles; coordinators never touch pages; the log
actions this app writes."""

from django.http import HttpResponseForbidden
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clarion.network import roles, scoping
from clarion.network.models import Area, Role


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "level", "countries", "city"]
    list_filter = ["level"]
    search_fields = ["name", "countries", "city"]


class RoleViewSet(SnippetViewSet):
    model = Role
    icon = "user"
    list_display = ["user", "area", "listed"]
    list_filter = ["area__level"]


class NetworkGroup(SnippetViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 220
    items = (AreaViewSet, RoleViewSet)


register_snippet(NetworkGroup)


@hooks.register("register_log_actions")
def log_actions(actions):
    refused = "Refused: outside the area"
    actions.register_action(scoping.DENIED, refused, refused)
    actions.register_action(scoping.EXPORTED, "Export of personal data", "Exported personal data")


def refuse_scoped_staff(request, *args, **kwargs):
    """Coordinators act within an area; pages (news drafts included) are the
    editors' work, whatever group a coordinator was put in by mistake."""
    if roles.is_scoped_staff(request.user):
        return HttpResponseForbidden("Coordinators do not edit pages.")


for hook in (
    "before_create_page",
    "before_edit_page",
    "before_delete_page",
    "before_copy_page",
    "before_move_page",
    "before_unpublish_page",
):
    hooks.register(hook, refuse_scoped_staff)
