from django.apps import AppConfig

from send_board.registry import NavLink


class PerformanceConfig(AppConfig):
    """Indicators, scorecards, charts and publishing. Reads ehcp and improvement."""

    name = "performance"
    verbose_name = "Performance"
    as_at = "performance.selectors.as_at_month"
    nav_links = [
        NavLink("Dashboard", "performance:dashboard", order=10, landing=True),
        NavLink("Scorecard", "performance:scorecard", order=50),
    ]

    def ready(self):
        from ehcp.signals import figures_recomputed

        from .receivers import ehcp_figures_recomputed

        figures_recomputed.connect(ehcp_figures_recomputed, dispatch_uid="performance.ehcp_figures_recomputed")
