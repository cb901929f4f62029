from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from clarion.network.scoped_admin import ScopedViewSet
from clarion.supporters import admin_views
from clarion.supporters.models import PaperBatch, Signature


class SignatureViewSet(ScopedViewSet):
    model = Signature
    icon = "user"
    list_display = ["name", "kind", "country", "status", "quarantined", "source", "created_at"]
    list_filter = ["status", "kind", "source", "quarantined", "country"]
    search_fields = ["name", "email_canonical", "city"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False


class PaperBatchViewSet(ScopedViewSet):
    city_field = None
    model = PaperBatch
    icon = "doc-full"
    list_display = ["place", "event", "date", "imported", "without_email", "duplicates", "rejected"]
    inspect_view_enabled = True


class SupportersGroup(SnippetViewSetGroup):
    menu_label = "Signatures"
    menu_icon = "group"
    menu_order = 200
    items = (SignatureViewSet, PaperBatchViewSet)


register_snippet(SupportersGroup)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("signatures/abuse/", admin_views.abuse, name="signatures_abuse"),
        path("signatures/paper/", admin_views.paper_import, name="signatures_paper"),
        path("signatures/export.csv", admin_views.export_csv, name="signatures_export"),
    ]


@hooks.register("register_reports_menu_item")
def abuse_menu():
    return MenuItem("Suspicious signatures", reverse("signatures_abuse"), icon_name="warning")


@hooks.register("register_reports_menu_item")
def paper_menu():
    return MenuItem("Import paper signatures", reverse("signatures_paper"), icon_name="upload")


@hooks.register("register_reports_menu_item")
def export_menu():
    return MenuItem("Export signatures (CSV)", reverse("signatures_export"), icon_name="download")
