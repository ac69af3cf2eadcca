from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from . import audit
from .models import LocalArea, Membership
from .versioning import claim


class VersionedAdmin(admin.ModelAdmin):
    """The admin of a versioned model: an administrator's save raises the
    version too, so that a form opened before it cannot save over it."""

    def save_model(self, request, obj, form, change):
        if change:
            claim(obj)
        super().save_model(request, obj, form, change)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["local_area"]


@admin.register(LocalArea)
class LocalAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ons_code", "region", "year_start"]
    list_filter = ["region", "year_start"]
    search_fields = ["name", "code", "ons_code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "local_area", "role", "job_title"]
    list_filter = ["role", "local_area"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "local_area__name"]
    autocomplete_fields = ["user", "local_area"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class SendBoardUserAdmin(UserAdmin):
    inlines = [MembershipInline]


class HistoryAdmin(admin.ModelAdmin):
    """A history table, read-only for everyone (administrators included): the
    audit trail is append-only, and the database refuses UPDATE and DELETE too."""

    list_display = ["history_date", "history_type", "who", "__str__"]
    list_filter = ["history_type", "history_date"]
    date_hierarchy = "history_date"

    @admin.display(description="who")
    def who(self, record):
        user = record.history_user
        return (user.get_full_name() or user.get_username()) if user else "SEND Board (automatic)"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for tracked in audit.tracked_models():
    admin.site.register(audit.history_model(tracked), HistoryAdmin)
