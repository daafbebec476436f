from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, readable in the administration and never changed there."""

    list_display = ["created_at", "actor", "action", "target_type", "target_label", "ip"]
    list_filter = ["action", "target_type", "created_at"]
    search_fields = ["actor", "target_id", "target_label"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
