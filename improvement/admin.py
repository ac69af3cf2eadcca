"""Administrators' view of the improvement data. Day-to-day changes go
through the app's pages (which record who changed what); the history itself
is read-only here."""

from django.contrib import admin

from send_board.admin import VersionedAdmin

from .models import (
    Action,
    ActionLogItem,
    ActionUpdate,
    AreaOfConcern,
    ChangeRecord,
    Decision,
    DecisionOption,
    EvidenceItem,
    Meeting,
    Plan,
    ReportingPeriod,
    Risk,
    RiskReview,
    Workstream,
)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "local_area", "kind", "approved_on", "is_active"]
    list_filter = ["kind", "is_active", "local_area"]
    search_fields = ["name"]


@admin.register(Workstream)
class WorkstreamAdmin(admin.ModelAdmin):
    list_display = ["name", "local_area", "lead_user", "lead_name"]
    list_filter = ["local_area"]
    filter_horizontal = ["members"]


@admin.register(AreaOfConcern)
class AreaOfConcernAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan", "status", "publishable"]
    list_filter = ["status", "publishable", "plan__local_area"]


@admin.register(Action)
class ActionAdmin(VersionedAdmin):
    list_display = ["code", "title", "plan", "status", "milestone", "owner_user", "owner_name"]
    list_filter = ["status", "plan__local_area", "plan"]
    search_fields = ["code", "title"]
    readonly_fields = ["sort_key"]
    list_select_related = ["plan", "owner_user"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "month", "status", "closed_at"]
    list_filter = ["status", "plan__local_area"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(VersionedAdmin):
    list_display = ["action", "period", "status", "updated_by", "updated_at"]
    list_filter = ["status", "period__plan__local_area"]
    list_select_related = ["action", "period", "updated_by"]
    raw_id_fields = ["action"]


class RiskReviewInline(admin.TabularInline):
    model = RiskReview
    extra = 0
    readonly_fields = ["score"]


@admin.register(Risk)
class RiskAdmin(VersionedAdmin):
    list_display = ["reference", "title", "local_area", "likelihood", "impact", "score", "status", "next_review_date"]
    list_filter = ["status", "local_area"]
    readonly_fields = ["score"]
    inlines = [RiskReviewInline]


class DecisionOptionInline(admin.TabularInline):
    model = DecisionOption
    extra = 0


@admin.register(Decision)
class DecisionAdmin(VersionedAdmin):
    list_display = ["title", "meeting"]
    inlines = [DecisionOptionInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "local_area", "body"]
    list_filter = ["body", "local_area"]


@admin.register(ActionLogItem)
class ActionLogItemAdmin(admin.ModelAdmin):
    list_display = ["item", "local_area", "raised_at", "due", "status"]
    list_filter = ["status", "local_area"]


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    list_display = ["title", "local_area", "status", "owner_name"]
    list_filter = ["status", "local_area"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "local_area", "subject", "object_repr", "verb", "user"]
    list_filter = ["subject", "local_area"]
    search_fields = ["object_repr", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
