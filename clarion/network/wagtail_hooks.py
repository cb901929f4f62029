"""Staff admin for areas and roles; coordinators never touch pages; the log
actions this app writes."""

from django.http import HttpResponseForbidden
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clarion.network import admin_views, mails, partners, roles, scoping
from clarion.network.models import (
    Area,
    Assignment,
    Certificate,
    Message,
    Partner,
    Role,
    SchoolClass,
    Volunteer,
)
from clarion.network.scoped_admin import ScopedFormMixin, ScopedViewSet, made_elsewhere


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


# Volunteers offer help themselves.
@made_elsewhere
class VolunteerViewSet(ScopedViewSet):
    model = Volunteer
    icon = "user"
    list_display = ["name", "country", "city", "status", "hours_per_month", "created_at"]
    list_filter = ["status", "country"]
    search_fields = ["name", "city", "email_canonical"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False


# Teachers register their classes themselves.
@made_elsewhere
class SchoolClassViewSet(ScopedViewSet):
    """Coordinators see the classes of their area (a city coordinator: its town)."""

    model = SchoolClass
    icon = "group"
    city_field = "town"
    list_display = ["school", "class_name", "town", "country", "pupils", "status", "created_at"]
    list_filter = ["status", "age_group", "country"]
    search_fields = ["school", "town"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["school", "class_name", "town", "country", "age_group", "pupils", "language",
                   "status"]  # fmt: skip


# Organisations ask themselves, with their consent.
@made_elsewhere
class PartnerViewSet(ScopedViewSet):
    """Organisations that asked to be on the partners page: staff of their
    area check them (the linked signature tells one of ours) and publish."""

    model = Partner
    icon = "group"
    city_field = None
    list_display = ["name", "kind", "country", "published", "signature", "created_at"]
    list_filter = ["published", "kind", "country"]
    search_fields = ["name", "email_canonical", "link"]
    ordering = ["published", "-created_at"]
    panels = [FieldPanel(name) for name in ("kind", "name", "country", "link", "published")]
    inspect_view_enabled = True
    copy_view_enabled = False


class AssignmentForm(ScopedFormMixin):
    """Only the volunteers and events of the user's area can be chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scoping.scope_of(self.for_user)
        if "volunteer" in self.fields:
            active = Volunteer.objects.filter(status=Volunteer.ACTIVE)
            self.fields["volunteer"].queryset = scope.filter(active)
        if "event" in self.fields:
            self.fields["event"].queryset = scope.filter(self.fields["event"].queryset)

    def located(self, data):
        volunteer = data.get("volunteer") or getattr(self.instance, "volunteer", None)
        return (volunteer.country, volunteer.city) if volunteer else ("", "")


class AssignmentViewSet(ScopedViewSet):
    model = Assignment
    icon = "tasks"
    country_field, city_field = "volunteer__country", "volunteer__city"
    form_mixin = AssignmentForm
    form_fields = ["volunteer", "event", "task", "details", "status", "report", "hours"]
    list_display = ["task", "volunteer", "event", "status", "done_at"]
    list_filter = ["status"]
    copy_view_enabled = False


@made_elsewhere
class MessageViewSet(SnippetViewSet):
    model = Message
    icon = "mail"
    list_display = ["subject", "sent_by", "recipients", "created_at"]
    edit_view_enabled = False

    def get_queryset(self, request):
        everything = scoping.scope_of(request.user).everything
        return Message.objects.all() if everything else Message.objects.filter(sent_by=request.user)


@made_elsewhere
class CertificateViewSet(SnippetViewSet):
    """Staff revoke a certificate by giving the time and a reason; the public
    verify page then shows "revoked" and nothing else."""

    model = Certificate
    icon = "doc-full-inverse"
    list_display = ["number", "holder", "kind", "issued_on", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["number", "holder"]
    form_fields = ["revoked_at", "revoked_reason"]
    copy_view_enabled = False
    inspect_view_enabled = True


class NetworkGroup(SnippetViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 220
    items = (
        VolunteerViewSet,
        AssignmentViewSet,
        MessageViewSet,
        SchoolClassViewSet,
        PartnerViewSet,
        CertificateViewSet,
        AreaViewSet,
        RoleViewSet,
    )


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


@hooks.register("after_create_snippet")
def tell_the_volunteer(request, instance):
    if isinstance(instance, Assignment):
        if instance.assigned_by_id is None:
            Assignment.objects.filter(pk=instance.pk).update(assigned_by=request.user)
        mails.queue_assignment(instance)


@hooks.register("after_edit_snippet")
def stamp_partner(request, instance):
    if isinstance(instance, Partner):
        partners.stamp(instance.pk)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("volunteers/write/", admin_views.write, name="network_write"),
        path("volunteers/applications/", admin_views.applications, name="network_applications"),
    ]


class WriteMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("network.view_volunteer")


@hooks.register("register_admin_menu_item")
def applications_menu():
    url = reverse("network_applications")
    return WriteMenuItem("Coordinator applications", url, icon_name="user", order=222)


@hooks.register("register_admin_menu_item")
def write_menu():
    return WriteMenuItem(
        "Write to volunteers", reverse("network_write"), icon_name="mail", order=221
    )
