from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from clarion.network.scoped_admin import ScopedViewSet, made_elsewhere
from clarion.press.models import Coverage, PressEnquiry


class CoverageViewSet(ScopedViewSet):
    """Volunteers' reports: set "Listed" once the link is checked. Scoped by
    country (clarion.network): coverage without a country is for global staff."""

    model = Coverage
    city_field = None
    icon = "link"
    list_display = ["outlet", "title", "country", "published_on", "status", "created_at"]
    list_filter = ["status", "country", "kind"]
    search_fields = ["outlet", "title", "url"]
    ordering = ["status", "-created_at"]


@made_elsewhere
class PressEnquiryViewSet(ScopedViewSet):
    model = PressEnquiry
    city_field = None
    icon = "mail"
    list_display = ["name", "outlet", "country", "created_at", "answered"]
    list_filter = ["answered"]
    search_fields = ["name", "outlet", "email_canonical"]
    inspect_view_enabled = True


class PressGroup(SnippetViewSetGroup):
    menu_label = "Press"
    menu_icon = "globe"
    menu_order = 280
    items = (CoverageViewSet, PressEnquiryViewSet)


register_snippet(PressGroup)
