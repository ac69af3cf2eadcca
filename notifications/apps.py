from django.apps import AppConfig

from send_board.registry import Panel


class NotificationsConfig(AppConfig):
    """Reminders and alerts by email, and each person's open items.
    Reads ehcp, improvement and performance; nothing imports it."""

    name = "notifications"
    verbose_name = "Notifications"
    panels = [
        Panel("header", "notifications/_header_count.html", order=90, context="notifications.panels.header_count"),
        Panel("area_publications", "notifications/_subscribe_panel.html", context="notifications.panels.subscribe"),
    ]

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from performance.models import IndicatorValue
        from performance.publishing.models import Publication

        from . import receivers

        post_save.connect(
            receivers.indicator_value_saved, sender=IndicatorValue, dispatch_uid="notifications.indicator_value"
        )
        post_save.connect(receivers.publication_saved, sender=Publication, dispatch_uid="notifications.publication")
        user_logged_in.connect(receivers.user_signed_in, dispatch_uid="notifications.user_signed_in")
