from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clarion.press.models import Coverage, PressEnquiry


class CoverageViewSet(SnippetViewSet):
    """Volunteers' reports: set "Listed" once the link is checked."""

    model = Coverage
    icon = "link"
    list_display = ["outlet", "title", "country", "published_on", "status", "created_at"]
    list_filter = ["status", "country", "kind"]
    search_fields = ["outlet", "title", "url"]
    ordering = ["status", "-created_at"]


class PressEnquiryViewSet(SnippetViewSet):
    model = PressEnquiry
    icon = "mail"
    list_display = ["name", "outlet", "country", "created_at", "answered"]
    list_filter = ["answered"]
    search_fields = ["name", "outlet", "email_canonical"]
    inspect_view_enabled = True
    add_view_enabled = False


class PressGroup(SnippetViewSetGroup):
    menu_label = "Press"
    menu_icon = "globe"
    menu_order = 280
    items = (CoverageViewSet, PressEnquiryViewSet)


register_snippet(PressGroup)
