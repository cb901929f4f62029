from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from clarion.ops import admin_views, health, operations


class OperationsPanel(Component):
    """On the dashboard: today's signatures, the queues, failures, moderation backlog."""

    name = "clarion_operations"
    order = 50

    def render_html(self, parent_context=None):
        healthy, _report = health.report()
        return render_to_string("ops/admin/panel.html",
                                {"summary": operations.summary(), "healthy": healthy})  # fmt: skip


class OperationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("ops.operate")


@hooks.register("register_admin_urls")
def urls():
    return [path("operations/", admin_views.operations_page, name="ops_operations")]


@hooks.register("register_reports_menu_item")
def operations_menu():
    return OperationsMenuItem("Operations", reverse("ops_operations"), icon_name="cogs")


@hooks.register("construct_homepage_panels")
def operations_panel(request, panels):
    if request.user.has_perm("ops.operate"):
        panels.append(OperationsPanel())
