from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.admin.ui.components import Component

from clarion.reach import progress


class ProgressPanel(Component):
    """On the dashboard: signatures today and this week, the chart over time,
    and the countries with the most signatures."""

    name = "clarion_progress"
    order = 60

    def render_html(self, parent_context=None):
        context = progress.overview("en") | {"recent": progress.recent()}
        return render_to_string("reach/admin/panel.html", context)


@hooks.register("construct_homepage_panels")
def progress_panel(request, panels):
    if request.user.has_perm("supporters.view_signature") or request.user.is_superuser:
        panels.append(ProgressPanel())
