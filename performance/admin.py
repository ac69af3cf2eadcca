"""Administrators' view of the scorecard. Performance leads manage indicators
in the app (services keep history and ratings right); the admin is for
looking things up and for support."""

from django.contrib import admin

from send_board.admin import VersionedAdmin

from .models import (
    Benchmark,
    Commentary,
    DashboardItem,
    DeepDiveRequest,
    Indicator,
    IndicatorEvent,
    IndicatorValue,
    Rating,
    Target,
)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    readonly_fields = ["created_by", "created"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "area", "service_area", "unit", "polarity", "frequency", "owner", "publishable"]
    list_filter = ["area", "service_area", "unit", "polarity", "frequency", "publishable"]
    search_fields = ["code", "name", "area__name"]
    autocomplete_fields = ["owner"]
    inlines = [TargetInline]
    readonly_fields = ["ratings_stale_since", "created", "updated"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(VersionedAdmin):
    list_display = ["indicator", "period", "value", "numerator", "denominator", "state", "source"]
    list_filter = ["state", "source", "indicator__area"]
    search_fields = ["indicator__code", "indicator__name"]
    date_hierarchy = "period"
    list_select_related = ["indicator"]
    readonly_fields = ["entered_by", "entered_at", "updated_by", "updated_at", "submitted_by", "submitted_at",
                       "approved_by", "approved_at"]  # fmt: skip


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["value", "rag", "target", "change", "change_unit", "direction", "worsening_run", "computed_at"]
    list_filter = ["rag", "direction"]
    list_select_related = ["value__indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["indicator", "series", "period", "value", "source"]
    list_filter = ["series", "indicator__area"]
    search_fields = ["indicator__code"]


@admin.register(DashboardItem)
class DashboardItemAdmin(admin.ModelAdmin):
    list_display = ["area", "position", "indicator"]
    list_filter = ["area"]


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "written_by", "written_at"]
    search_fields = ["indicator__code", "text"]


@admin.register(DeepDiveRequest)
class DeepDiveRequestAdmin(admin.ModelAdmin):
    list_display = ["indicator", "requested_by", "requested_at", "cleared_at"]


@admin.register(IndicatorEvent)
class IndicatorEventAdmin(admin.ModelAdmin):
    list_display = ["at", "indicator", "kind", "user", "message"]
    list_filter = ["kind"]
    search_fields = ["indicator__code", "message"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
