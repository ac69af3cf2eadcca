"""{% load benchmarks %}{% benchmark_panel access.area %}: the benchmark panel
for any page of an area (the EHCP page shows it in its "ehcp_timeliness" slot,
through `panel_context`, registered on this app's AppConfig). The page must load Plotly
and static/js/charts.js in its scripts block, as every page with a chart does;
without them the panel's table still carries every figure."""

from django import template

from ..charts import benchmark_trend
from ..selectors import area_benchmark

register = template.Library()

QUARTILE_WORDS = {1: "the highest quarter", 2: "the second quarter", 3: "the third quarter", 4: "the lowest quarter"}


@register.inclusion_tag("benchmarks/_panel.html", takes_context=True)
def benchmark_panel(context, area, heading_level=2, benchmark=None):
    return panel_context(context, area=area, heading_level=heading_level, benchmark=benchmark)


def panel_context(context, *, area, heading_level=2, benchmark=None):
    """This area against England, its region and its neighbours by year, with
    links to the ranking and reconciliation pages. Links to change neighbours
    or import statistics show only to a role that may do so. A page that has
    already read the area's `benchmark` may pass it, to save the queries."""
    access = context.get("area_access")
    benchmark = benchmark or area_benchmark(area=area)
    return {
        "area": area,
        "benchmark": benchmark,
        "figure": benchmark_trend(benchmark, area.name) if benchmark.has_figures else None,
        "chart_description": (
            f"Line chart of the percentage of new EHC plans issued within 20 weeks, excluding exceptions, "
            f"by calendar year, for {area.name}, its region, England and its statistical neighbours."
        ),
        "can_manage": bool(access and access.area.pk == area.pk and access.can_manage),
        "heading_level": heading_level,
    }


@register.filter
def quartile_words(value):
    """1 → 'the highest quarter' … 4 → 'the lowest quarter'."""
    return QUARTILE_WORDS.get(value, "")
