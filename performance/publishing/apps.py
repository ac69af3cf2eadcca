from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Published scorecards: immutable snapshots with small numbers suppressed,
    and the public pages that show them. Reads performance and improvement."""

    name = "performance.publishing"
    label = "publishing"
    verbose_name = "Publishing"
