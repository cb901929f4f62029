from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clarion.contests import admin_views
from clarion.contests.models import Category, Contest, Entry, Exhibition, Juror
from clarion.network.scoped_admin import ScopedFormMixin, ScopedViewSet, made_elsewhere
from clarion.network.scoping import scope_of


class ContestViewSet(SnippetViewSet):
    model = Contest
    icon = "pick"
    list_display = ["__str__", "opens_at", "closes_at", "judging_closes_at", "results_published"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["__str__", "min_age", "max_age", "order"]
    list_filter = ["contest"]


@made_elsewhere
class EntryViewSet(ScopedViewSet):
    """Entries are approved or rejected in the one moderation queue (then the
    jury sees them, or not); here staff read them. A coordinator sees the
    entries from their area's countries only."""

    model = Entry
    icon = "image"
    list_display = ["title", "display_name", "category", "age", "country", "moderation",
                    "created_at"]  # fmt: skip
    list_filter = ["contest", "category"]
    search_fields = ["title", "display_name", "author_name"]
    city_field = None  # entries carry a country only: city coordinators see none

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("submission", "category__contest")


class JurorViewSet(SnippetViewSet):
    model = Juror
    icon = "user"
    list_display = ["user", "contest"]


class ExhibitionForm(ScopedFormMixin):
    """The works on show are picked among the approved (and consented) entries
    of the editor's area: a coordinator never sees another country's entries."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "works" in self.fields:
            user = getattr(self, "for_user", None)
            works = Entry.objects.eligible().select_related("category__contest")
            self.fields["works"].queryset = (
                scope_of(user).filter(works, "country", None) if user else works.none()
            )


class ExhibitionViewSet(ScopedViewSet):
    model = Exhibition
    icon = "image"
    list_display = ["__str__", "city", "country", "starts_on", "ends_on", "event"]
    form_mixin = ExhibitionForm


class ContestsGroup(SnippetViewSetGroup):
    menu_label = "Contests"
    menu_icon = "pick"
    menu_order = 285
    items = (ContestViewSet, CategoryViewSet, EntryViewSet, JurorViewSet, ExhibitionViewSet)


register_snippet(ContestsGroup)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("contests/jury/", admin_views.jury_index, name="contests_jury_index"),
        path("contests/<int:pk>/jury/", admin_views.scoring, name="contests_jury"),
        path("contests/<int:pk>/scores/", admin_views.scores, name="contests_scores"),
    ]


@hooks.register("register_admin_menu_item")
def jury_menu():
    return MenuItem("Jury", reverse("contests_jury_index"), icon_name="pick", order=286)
