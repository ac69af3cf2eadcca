from django.apps import AppConfig

from send_board.registry import Panel


class BenchmarksConfig(AppConfig):
    """National benchmarks from DfE's SEN2 statistics. Reads ehcp; ehcp never imports it
    (the EHCP page shows the benchmark panel in its "ehcp_timeliness" slot)."""

    name = "ehcp.benchmarks"
    label = "benchmarks"
    verbose_name = "National benchmarks"
    panels = [
        Panel(
            "ehcp_timeliness",
            "benchmarks/_panel.html",
            context="ehcp.benchmarks.templatetags.benchmarks.panel_context",
        ),
        # A provider, not rendered: the timeline page reads its "national" words per step.
        Panel(
            "ehcp_timeline_national",
            "benchmarks/_timeline_step_panel.html",
            context="ehcp.benchmarks.templatetags.benchmarks.timeline_national_context",
        ),
        Panel(
            "ehcp_timeline_step",
            "benchmarks/_timeline_step_panel.html",
            context="ehcp.benchmarks.templatetags.benchmarks.timeline_step_context",
        ),
    ]
