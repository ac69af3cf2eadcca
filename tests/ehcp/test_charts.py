"""Chart builders: plain data in, the figure's data out."""

from datetime import date
from decimal import Decimal

from ehcp import charts

MONTHS = [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def test_the_timeliness_chart_has_bars_the_rolling_line_and_the_target():
    figure = charts.timeliness_chart(
        months=MONTHS,
        pct=[Decimal("20.0"), None, Decimal("40.5")],
        rolling_pct=[None, None, Decimal("17.0")],
        approved=[True, True, False],
        targets=[Decimal("60"), Decimal("60"), Decimal("60")],
        area_name="Walsall",
    )
    names = [trace.name for trace in figure.data]
    assert names == ["Monthly % (approved)", "Monthly % (awaiting approval)", "Rolling 12 months %", "Year-end target"]
    approved, provisional, rolling, target = figure.data
    assert list(approved.x) == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert list(approved.y) == [20.0, None, None]
    assert list(provisional.y) == [None, None, 40.5]
    assert provisional.marker.pattern.shape == "/" and provisional.marker.pattern.fillmode == "overlay"
    assert list(rolling.y) == [None, None, 17.0]
    assert target.line.dash == "dash" and list(target.y) == [60.0, 60.0, 60.0]
    assert figure.layout.yaxis.ticksuffix == "%"


def test_the_timeliness_chart_leaves_out_what_is_not_there():
    figure = charts.timeliness_chart(
        months=MONTHS[:1], pct=[Decimal("5.0")], rolling_pct=[None], approved=[True], targets=[None], area_name="X"
    )
    assert [trace.name for trace in figure.data] == ["Monthly % (approved)", "Rolling 12 months %"]


def test_the_cohort_chart_stacks_what_became_of_each_months_requests():
    figure = charts.cohort_chart(
        months=MONTHS[:2], within=[1, 2], later=[3, 4], closed=[5, 6], open_within=[7, 8], open_beyond=[9, 10],
        area_name="Wirral",
    )  # fmt: skip
    assert figure.layout.barmode == "stack"
    assert [list(trace.y) for trace in figure.data] == [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]
    shapes = [trace.marker.pattern.shape for trace in figure.data[1:]]
    assert len(set(shapes)) == 4  # told apart by pattern as well as colour


def test_the_reconciliation_chart_draws_both_sources():
    figure = charts.reconciliation_chart(
        months=MONTHS, returns_pct=[Decimal("10.0"), None, Decimal("12.5")], cases_pct=[Decimal("11.0")] * 3,
        area_name="Wirral",
    )  # fmt: skip
    assert [trace.name for trace in figure.data] == ["From monthly returns", "From case records"]
    assert list(figure.data[0].y) == [10.0, None, 12.5]
    assert figure.data[0].marker.symbol != figure.data[1].marker.symbol
