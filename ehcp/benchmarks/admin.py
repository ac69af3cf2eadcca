"""DfE's statistics are imported, never typed: the admin shows them read-only.
A wrong figure is put right by importing DfE's corrected file, which replaces
the years it holds."""

from django.contrib import admin

from .models import Figure, Geography, Release


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "file_name", "reporting_year", "imported_at", "imported_by", "rows_stored"]
    readonly_fields = [f.name for f in Release._meta.fields]


@admin.register(Geography)
class GeographyAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "level", "region_name"]
    list_filter = ["level", "region_name"]
    search_fields = ["name", "code"]


@admin.register(Figure)
class FigureAdmin(ReadOnlyAdmin):
    list_display = ["geography", "year", "breakdown", "issued", "within", "pct", "pct_status", "pct_mismatch"]
    list_filter = ["year", "is_headline", "pct_status", "pct_mismatch", "geography__level"]
    search_fields = ["geography__name", "geography__code", "breakdown"]
    list_select_related = ["geography"]
