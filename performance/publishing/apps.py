from django.apps import AppConfig

from send_board.registry import NavLink, Panel


class PublishingConfig(AppConfig):
    """Published scorecards: immutable snapshots with small numbers suppressed,
    and the public pages that show them. Reads performance and improvement."""

    name = "performance.publishing"
    label = "publishing"
    verbose_name = "Publishing"
    nav_links = [NavLink("Publish", "publishing:publish", order=60, capability="publish")]
    panels = [
        Panel(
            "about_figures",
            "publishing/_not_disclosive_about.html",
            context="performance.publishing.panels.not_disclosive",
        )
    ]

    def ready(self):
        from django.db.models.signals import post_delete

        from . import caching
        from .models import Publication

        # A publication is deleted only with its local area; its cached pages go with it.
        post_delete.connect(lambda sender, instance, **kwargs: caching.forget(instance), sender=Publication, weak=False)
