"""{% load benchmarks %}{% benchmark_panel access.area %}: the benchmark panel
for any page of an area (the EHCP page shows it in its "ehcp_timeliness" slot,
through `panel_context`, registered on this app's AppConfig). The page must load Plotly
and static/js/charts.js in its scripts block, as every page with a chart does;
without them the panel's table still carries every figure."""

from django import template

from ..charts import benchmark_trend, measure_distribution_chart
from ..measures import ALL_MEASURES, NO_NATIONAL_FIGURE
from ..selectors import area_benchmark, measure_benchmark, timeline_positions

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


def timeline_national_context(context, *, area):
    """{"national": {step code: words}}: the latest year DfE publishes for
    each step, for the EHCP statutory-timeline page (registered in its
    "ehcp_timeline_national" slot)."""
    return {"national": timeline_positions(area=area)}


def timeline_step_context(context, *, area, step):
    """The national comparison of one timeline step (the "ehcp_timeline_step"
    slot): by year against the region, England and the neighbours, and every
    authority's figure in the latest year; for a step DfE publishes nothing
    for, why (NO_NATIONAL_FIGURE). None for any other step."""
    if step == "timeliness_20_weeks":
        return panel_context(context, area=area)
    if step in NO_NATIONAL_FIGURE:
        return {"area": area, "no_national_figure": NO_NATIONAL_FIGURE[step]}
    if step not in ALL_MEASURES:
        return None
    benchmark = measure_benchmark(
        la_code=area.code,
        measure=step,
        neighbour_codes=list(area.statistical_neighbours or []),
        region_name=area.region,
    )
    if not benchmark.has_figures:
        return {"measure_benchmark": benchmark, "area": area}
    latest = max(y for y, entries in benchmark.ranked.items() if entries) if any(benchmark.ranked.values()) else None
    return {
        "area": area,
        "measure_benchmark": benchmark,
        "latest_year": latest,
        "ranked": benchmark.ranked.get(latest, []),
        "figure": measure_distribution_chart(benchmark, latest, area.name) if latest else None,
    }
