"""Every chart builder's figure JSON passes the chart checks (meaning never
by colour alone, no invisible pattern, whole years, labels with room), and the
checks catch what the issue found: white patterns on transparent fills,
statuses told apart by colour only, and axes ticking at 2,022.5."""

import json
from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from ehcp.benchmarks import charts as benchmark_charts
from improvement import calculations as plan
from improvement import charts as plan_charts
from performance import charts as performance_charts
from send_board.charts import AMBER, BLUE, GREEN, figure_json, themed
from tests.send_board.chart_checks import chart_problems, contrast, rgb


def spec_of(figure):
    return json.loads(figure.to_json())


def test_a_white_pattern_on_a_transparent_fill_is_invisible():
    figure = go.Figure(
        go.Bar(name="Delayed", x=["Q1"], y=[3], marker={"color": AMBER, "pattern": {"shape": "/", "fgcolor": "white"}})
    )
    assert chart_problems(spec_of(figure)) == ["Delayed: pattern '/' has 1.00:1 against its fill"]


def test_statuses_told_apart_by_colour_alone_are_refused():
    figure = go.Figure([go.Bar(name="In Progress", x=["Q1"], y=[1], marker_color=GREEN),
                        go.Bar(name="Complete", x=["Q1"], y=[1], marker_color=BLUE)])  # fmt: skip
    assert chart_problems(spec_of(figure)) == ["'Complete' and 'In Progress' differ only by colour"]


def test_an_axis_of_years_must_tick_whole_years():
    figure = go.Figure(go.Scatter(name="Rate", x=[2022, 2023], y=[1, 2]))
    assert "fractions of a year" in chart_problems(spec_of(figure))[0]
    figure.update_xaxes(dtick=1)
    assert chart_problems(spec_of(figure)) == []


def test_markup_outside_a_hover_or_text_template_is_refused_escaped_or_not():
    figure = go.Figure(go.Bar(name="Risks", x=["a"], y=[1], hovertemplate="<b>%{y}</b><extra></extra>"))
    assert chart_problems(spec_of(figure)) == []
    figure.add_annotation(x="a", y=1, text="<b>1</b>")
    assert chart_problems(spec_of(figure)) == ["markup shown as text: '<b>1</b>'"]
    page_json = json.loads(figure_json(figure))  # as the page sends it: escaped
    assert chart_problems(page_json) == ["markup shown as text: '&lt;b&gt;1&lt;/b&gt;'"]


def test_contrast_is_wcags():
    assert round(contrast(rgb("#ffffff"), rgb("#000000")), 1) == 21.0
    assert round(contrast(rgb("#ffdd00"), rgb("white")), 2) == 1.35  # the yellow-only focus the issue found
    assert rgb("rgba(0,0,0,0)") is None


LABELS = {status: status.replace("_", " ").title() for status in plan.STATUS_ORDER}
BUSY = {status: index + 1 for index, status in enumerate(plan.STATUS_ORDER)}


def ranking():
    def entry(name, rank, role, pct):
        return SimpleNamespace(rank=rank, role=role, geography=SimpleNamespace(name=name),
                               figure=SimpleNamespace(pct=D(pct), within=10, issued=20))  # fmt: skip

    ranked = [
        entry("Knowsley", 1, "", "75.0"),
        entry("Sefton", 2, "neighbour", "50.0"),
        entry("Wirral", 3, "area", "13.0"),
    ]
    return SimpleNamespace(year=2024, ranked=ranked, of=3, england=SimpleNamespace(pct=D("46.4")), area=ranked[2])


def trend_point(year, value, rag):
    return {"period": date(year, 1, 1), "label": str(year), "value": value, "rag": rag, "target": D(60),
            "tolerance": D(5), "england": D(50)}  # fmt: skip


BUILDERS = {
    "actions by status": lambda: plan_charts.status_over_periods([("Q1", BUSY), ("Q2", BUSY)], LABELS),
    "risk matrix": lambda: plan_charts.risk_heat_map(
        [[1, 0, 0, 2, 0], [0] * 5, [0, 3, 0, 0, 0], [0] * 5, [4, 0, 0, 0, 1]]
    ),
    "evidence": lambda: plan_charts.readiness_bars(
        [
            ("Not started — nothing gathered yet", 3, "red"),
            ("In progress", 4, "amber"),
            ("Ready", 9, "green"),
            ("Submitted to the inspectorate", 2, "blue"),
        ]  # fmt: skip
    ),
    "ranking": lambda: benchmark_charts.ranking_chart(ranking(), "Wirral"),
    "annual trend": lambda: performance_charts.trend_figure(
        points=[trend_point(2022, D(55), "amber"), trend_point(2023, D(62), "green")],
        unit="percent",
        polarity="higher",
        title="Annual",
        annual=True,
    ),  # fmt: skip
    "monthly trend": lambda: performance_charts.trend_figure(
        points=[{**trend_point(2024, D(40), "red"), "period": date(2024, m, 1)} for m in (5, 6, 7)],
        unit="percent",
        polarity="higher",
        title="Monthly",
    ),  # fmt: skip
    "ratings": lambda: performance_charts.rag_summary_figure({"green": 3, "amber": 2, "red": 1, "grey": 1}),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_each_chart_builder_passes_the_checks(name):
    assert chart_problems(spec_of(BUILDERS[name]())) == []


def test_every_action_status_and_risk_band_has_its_own_pattern_in_the_legend():
    statuses = BUILDERS["actions by status"]().data
    assert len({t.marker.pattern.shape for t in statuses}) == len(plan.STATUS_ORDER)
    assert all(t.marker.pattern.fillmode == "overlay" and t.marker.pattern.fgcolor == "white" for t in statuses)
    bands = BUILDERS["risk matrix"]().data
    assert [t.name for t in bands] == ["Low risk", "Medium risk", "High risk", "Very high risk"]
    assert len({t.marker.pattern.shape for t in bands}) == 4


def test_an_annual_trend_ticks_once_a_year():
    layout = BUILDERS["annual trend"]().layout
    assert layout.xaxis.tickformat == "%Y" and layout.xaxis.dtick == "M12"


def test_evidence_labels_get_the_room_they_need():
    assert BUILDERS["evidence"]().layout.yaxis.automargin is True


def test_themed_charts_keep_their_patterns():
    figure = themed(BUILDERS["actions by status"](), title="x")
    assert chart_problems(spec_of(figure)) == []
