from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """Indicators, scorecards, charts and publishing. Reads ehcp and improvement."""

    name = "performance"
    verbose_name = "Performance"

    def ready(self):
        from ehcp.signals import figures_recomputed

        from .receivers import ehcp_figures_recomputed

        figures_recomputed.connect(ehcp_figures_recomputed, dispatch_uid="performance.ehcp_figures_recomputed")
