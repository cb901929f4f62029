from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from clarion.testimonies.models import Testimony


class TestimonyViewSet(SnippetViewSet):
    """Staff add survivors' testimonies from published sources here (with the
    source); supporters' own are approved in the moderation queue."""

    model = Testimony
    icon = "openquote"
    menu_label = "Testimonies"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["title", "speaker", "language", "medium", "source_outlet", "published"]
    list_filter = ["language", "medium", "published"]
    search_fields = ["title", "speaker", "summary"]


register_snippet(TestimonyViewSet)
