from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from clarion.petitions.models import Target


class TargetViewSet(SnippetViewSet):
    """Decision makers; staff add real, published contact channels here."""

    model = Target
    icon = "user"
    menu_label = "Petition targets"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "kind", "organisation", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation"]


register_snippet(TargetViewSet)
