from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """Indicators, scorecards, charts and publishing. Reads ehcp and improvement."""

    name = "performance"
    verbose_name = "Performance"
