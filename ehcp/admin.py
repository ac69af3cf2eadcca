"""Read-only admin for EHCP data: administrators can look things up, but
every change goes through the pages and services, which keep the audit trail
and queue the recompute."""

from django.contrib import admin

from .models import CaseImport, CaseRecord, FigureRefresh, MonthlyFigure, MonthlyReturn, ReturnEvent, TimelinessTarget


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReturnEventInline(admin.TabularInline):
    model = ReturnEvent
    extra = 0
    fields = ["at", "action", "user", "channel", "changes", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonthlyReturn)
class MonthlyReturnAdmin(ReadOnlyAdmin):
    list_display = ["local_area", "month", "issued", "within_20_weeks", "exceptions", "status", "updated_at"]
    list_filter = ["status", "local_area"]
    date_hierarchy = "month"
    list_select_related = ["local_area"]
    inlines = [ReturnEventInline]


@admin.register(CaseRecord)
class CaseRecordAdmin(ReadOnlyAdmin):
    list_display = ["reference", "local_area", "request_date", "decision", "final_date", "closed_date", "exception"]
    list_filter = ["local_area", "decision", "exception"]
    search_fields = ["reference"]
    list_select_related = ["local_area"]


@admin.register(CaseImport)
class CaseImportAdmin(ReadOnlyAdmin):
    list_display = ["local_area", "imported_at", "imported_by", "filename", "rows", "created", "updated", "data_to"]
    list_filter = ["local_area"]


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(ReadOnlyAdmin):
    list_display = ["local_area", "source", "month", "issued", "within_20_weeks", "pct", "rolling_pct", "ytd_pct"]
    list_filter = ["source", "local_area"]
    list_select_related = ["local_area"]


@admin.register(FigureRefresh)
class FigureRefreshAdmin(ReadOnlyAdmin):
    list_display = ["local_area", "pending", "requested_at", "computed_at", "cohorts_as_of"]
    list_filter = ["pending"]


@admin.register(TimelinessTarget)
class TimelinessTargetAdmin(ReadOnlyAdmin):
    list_display = ["local_area", "year_start", "target_pct", "set_by", "set_at"]
