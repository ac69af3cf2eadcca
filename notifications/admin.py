from django.contrib import admin

from .models import AreaCalendar, IndicatorDueDay, Notification, Preference, Subscription


@admin.register(AreaCalendar)
class AreaCalendarAdmin(admin.ModelAdmin):
    list_display = ["area", "due_working_day", "notice_working_days", "pack_working_days"]


@admin.register(IndicatorDueDay)
class IndicatorDueDayAdmin(admin.ModelAdmin):
    list_display = ["indicator", "due_working_day"]
    raw_id_fields = ["indicator"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled", "delivery"]
    list_filter = ["kind", "enabled", "delivery"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "area", "requested_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["area"]
    search_fields = ["email"]
    exclude = ["nonce"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "email", "subject_line", "status", "attempts"]
    list_filter = ["kind", "status", "area"]
    search_fields = ["email", "subject_line"]
    readonly_fields = [f.name for f in Notification._meta.fields]
