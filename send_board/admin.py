from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import LocalArea, Membership


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
