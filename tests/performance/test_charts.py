"""Chart builders: plain data in, a themed figure out; RAG by shape and colour."""

from datetime import date
from decimal import Decimal as D

from performance import charts
from send_board.charts import RAG_COLOURS, TEMPLATE


def point(month, value, rag, target=D(60), tolerance=D(10), **benchmarks):
    return {"period": date(2024, month, 1), "label": f"{month}/2024", "value": value, "rag": rag,
            "target": target, "tolerance": tolerance, **benchmarks}  # fmt: skip


def test_the_trend_has_value_target_tolerance_band_and_benchmarks():
    figure = charts.trend_figure(
        points=[point(6, D("56.9"), "amber", england=D("46.4")), point(7, D(45), "red", england=D("46.4"))],
        unit="percent",
        polarity="higher",
        title="20 weeks",
    )
    traces = {t.name: t for t in figure.data}
    assert list(traces) == ["Edge of tolerance", "Tolerance (amber band)", "Target", "England", "Value"]
    assert traces["Value"].y == (56.9, 45.0)
    assert traces["Value"].x == ("2024-06-01", "2024-07-01")
    assert traces["Value"].marker.symbol == ("triangle-up", "square")
    assert traces["Value"].marker.color == (RAG_COLOURS["amber"], RAG_COLOURS["red"])
    assert [c[1] for c in traces["Value"].customdata] == ["Amber", "Red"]
    assert traces["Target"].y == (60.0, 60.0) and traces["Target"].line.shape == "hv"
    assert traces["Edge of tolerance"].y == (50.0, 50.0)
    assert traces["Tolerance (amber band)"].fill == "tonexty"
    assert traces["England"].y == (46.4, 46.4)
    assert figure.layout.template == TEMPLATE
    assert figure.layout.yaxis.ticksuffix == "%"


def test_for_lower_is_better_the_band_lies_above_the_target():
    figure = charts.trend_figure(
        points=[point(7, D(38), "red", target=D(18), tolerance=D(8))], unit="weeks", polarity="lower", title="Wait"
    )
    assert {t.name: t for t in figure.data}["Edge of tolerance"].y == (26.0,)
    assert figure.layout.yaxis.title.text == "Weeks"


def test_a_neutral_indicator_has_no_target_line():
    figure = charts.trend_figure(
        points=[point(6, D(3434), "grey", target=None, tolerance=None), point(7, D(3492), "grey", target=None)],
        unit="count",
        polarity="neutral",
        title="Active plans",
    )
    assert [t.name for t in figure.data] == ["Value"]
    assert figure.data[0].marker.symbol == ("circle-open", "circle-open")


def test_the_rating_summary_names_each_bar():
    figure = charts.rag_summary_figure({"green": 3, "amber": 2, "red": 4, "grey": 1})
    bar = figure.data[0]
    assert bar.x == ("Green", "Amber", "Red", "No rating")
    assert bar.y == (3, 2, 4, 1)
    assert bar.text == ("Green: 3", "Amber: 2", "Red: 4", "No rating: 1")


def test_the_waits_chart_labels_each_bar_with_weeks_and_rating():
    figure = charts.waits_figure(
        bars=[
            {"label": "SALT: longest wait", "weeks": D(38), "rag": "red"},
            {"label": "ADHD: average wait", "weeks": D("17.2"), "rag": "green"},
            {"label": "No value", "weeks": None, "rag": "grey"},
        ]
    )
    bar = figure.data[0]
    assert bar.y == ("SALT: longest wait", "ADHD: average wait")
    assert bar.x == (38.0, 17.2)
    assert bar.text == ("38 weeks (Red)", "17.2 weeks (Green)")
