"""Chart builders: the figure carries the data, and nothing relies on colour alone."""

import json
from decimal import Decimal

import pytest

from ehcp.benchmarks.charts import benchmark_trend, ranking_chart
from ehcp.benchmarks.selectors import benchmark_for, ranking_for_year
from ehcp.benchmarks.services import sen2_import
from send_board.charts import figure_json

from .factories import sen2_csv, sen2_row, small_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(db):
    return sen2_import(source=small_release(years=(2023, 2024)), file_name="t.csv")


def test_the_trend_has_a_line_each_for_the_area_region_england_and_neighbours(imported):
    figure = benchmark_trend(benchmark_for(la_code="344", neighbour_codes=["343", "340"]), "Wirral")
    assert [t.name for t in figure.data] == ["Wirral", "North West", "England", "Statistical neighbours (pooled)"]
    assert list(figure.data[0].x) == [2023, 2024]
    assert list(figure.data[0].y) == [13.0, 13.0]
    assert list(figure.data[3].y) == [55.0, 55.0]
    assert len({t.line.dash for t in figure.data}) == 4
    assert len({t.marker.symbol for t in figure.data}) == 4
    assert figure.layout.yaxis.ticksuffix == "%"


def test_a_missing_year_is_a_gap_not_zero(db):
    rows = [
        sen2_row(2023, "National"),
        sen2_row(2024, "National"),
        sen2_row(2023, "Local authority", code="344", name="Wirral", issued="x", within="x", pct="x"),
        sen2_row(2024, "Local authority", code="344", name="Wirral"),
    ]
    sen2_import(source=sen2_csv(rows), file_name="t.csv")
    figure = benchmark_trend(benchmark_for(la_code="344"), "Wirral")
    assert list(figure.data[0].y) == [None, 50.0]
    assert figure.data[0].connectgaps is False


def test_without_neighbours_there_is_no_neighbours_line(imported):
    figure = benchmark_trend(benchmark_for(la_code="344"), "Wirral")
    assert "Statistical neighbours (pooled)" not in [t.name for t in figure.data]


def test_the_ranking_marks_the_area_and_neighbours_by_pattern_and_label_too(imported):
    ranking = ranking_for_year(year=2024, la_code="344", neighbour_codes=["343"])
    figure = ranking_chart(ranking, "Wirral")
    by_name = {t.name: t for t in figure.data}
    assert list(by_name["Wirral"].x) == ["Wirral"] and list(by_name["Wirral"].y) == [13.0]
    assert list(by_name["Statistical neighbours"].x) == ["Sefton"]
    assert by_name["Statistical neighbours"].marker.pattern.shape == "/"
    assert list(by_name["Other local authorities"].x) == ["Knowsley"]
    assert list(figure.layout.xaxis.categoryarray) == ["Knowsley", "Sefton", "Wirral"]
    assert figure.layout.annotations[-1].text == "Wirral 13.0% (rank 3)"
    assert figure.layout.shapes[0].y0 == float(Decimal("50.0"))


def test_charts_carry_no_focusable_controls(imported):
    """No mode bar (the kernel's display config): its buttons would sit inside
    the chart's role="img" container, and one sends the chart to Plotly's cloud."""
    spec = json.loads(figure_json(benchmark_trend(benchmark_for(la_code="344"), "Wirral")))
    assert spec["config"]["displayModeBar"] is False
    assert spec["config"]["showSendToCloud"] is False
