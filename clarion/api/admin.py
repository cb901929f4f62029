from django.contrib import admin, messages
from django.utils import timezone

from clarion.api import keys
from clarion.api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Staff issue a key here (shown once, in the message after saving) and revoke it."""

    list_display = ["partner", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    fields = ["partner", "contact", "scopes"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: signatures keep pointing to their key

    def save_model(self, request, obj, form, change):
        row, key = keys.issue(obj.partner, obj.scopes or [], obj.contact, user=request.user)
        obj.pk = row.pk
        messages.warning(request, f"The key, shown only this once: {key}")

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
