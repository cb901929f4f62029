from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clarion.network.scoped_admin import ScopedViewSet, made_elsewhere
from clarion.petitions import admin_views
from clarion.petitions.models import Delivery, Handover, PaperImport, Petition, Reply, Target


class TargetViewSet(SnippetViewSet):
    """Decision makers; staff add real, published contact channels here."""

    model = Target
    icon = "user"
    menu_label = "Targets"
    list_display = ["name", "kind", "organisation", "country", "former", "email", "fax"]
    list_filter = ["kind", "former"]
    search_fields = ["name", "organisation"]


class PetitionViewSet(SnippetViewSet):
    model = Petition
    icon = "mail"
    list_display = ["__str__", "mode", "opens_at", "closes_at", "deliver_on", "test_mode"]
    list_filter = ["mode", "test_mode"]
    inspect_view_enabled = True


# Rows are made by the engine only.
@made_elsewhere
class DeliveryViewSet(SnippetViewSet):
    model = Delivery
    icon = "tasks"
    list_display = ["key", "target", "channel", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "channel", "kind", "test"]
    search_fields = ["key", "provider_id"]
    inspect_view_enabled = True


class ReplyViewSet(SnippetViewSet):
    model = Reply
    icon = "comment"
    list_display = ["target", "petition", "received_on", "published"]
    list_filter = ["published"]


class HandoverViewSet(SnippetViewSet):
    """Signatures handed over in person, shown on the petition's page."""

    model = Handover
    icon = "group"
    list_display = ["petition", "received_by", "handed_on", "place", "signatures", "published"]
    list_filter = ["published"]


# Made by the import (Petitions › report › paper sheets).
@made_elsewhere
class PaperImportViewSet(ScopedViewSet):
    """Coordinators see the imports of their area's countries (default-deny)."""

    city_field = None
    model = PaperImport
    icon = "doc-full"
    list_display = ["petition", "place", "country", "event", "date", "imported", "duplicates",
                    "rejected"]  # fmt: skip
    list_filter = ["country"]
    inspect_view_enabled = True


class PetitionsGroup(SnippetViewSetGroup):
    menu_label = "Petitions"
    menu_icon = "mail"
    menu_order = 260
    items = (
        PetitionViewSet,
        TargetViewSet,
        DeliveryViewSet,
        ReplyViewSet,
        HandoverViewSet,
        PaperImportViewSet,
    )


register_snippet(PetitionsGroup)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("petitions/<int:pk>/report/", admin_views.report, name="petitions_report"),
        path(
            "petitions/<int:pk>/package/<str:name>",
            admin_views.download,
            name="petitions_package",
        ),
        path("petitions/<int:pk>/paper/", admin_views.paper_sheets, name="petitions_paper"),
    ]
