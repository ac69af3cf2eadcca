"""Charts drawn as SVG on the server (send_board/chart_svg.py): what they
draw, what they leave to Plotly, and how they reach the page."""

import json
import re
from datetime import date
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from django.template import Context, Template

from ehcp.charts import cohort_chart, timeliness_chart
from performance.charts import waits_figure
from performance.publishing.charts import published_trend_figure
from send_board import chart_svg
from send_board.charts import themed

MONTHS = [date(2024, month, 1) for month in range(1, 7)]


def spec(figure):
    return json.loads(figure.to_json())


def timeliness():
    return timeliness_chart(
        months=MONTHS,
        pct=[Decimal(40), Decimal(45), None, Decimal(50), Decimal(55), Decimal(60)],
        rolling_pct=[Decimal(41), Decimal(42), Decimal(43), Decimal(44), Decimal(45), Decimal(46)],
        approved=[True, True, True, True, True, False],
        targets=[Decimal(60)] * 6,
        area_name="Wirral",
    )


def test_the_timeliness_chart_is_drawn_with_its_patterns_legend_and_axes():
    svg = chart_svg.render(spec(timeliness()), prefix="t")
    assert svg.startswith("<svg") and "<script" not in svg
    # The month awaiting approval is hatched with white lines over the blue, in the plot and the legend.
    assert svg.count('fill="url(#t-pattern-1)"') == 2
    assert '<pattern id="t-pattern-1"' in svg and 'stroke="white"' in svg
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert {"Monthly % (approved)", "Monthly % (awaiting approval)", "Rolling 12 months %", "Year-end target"} <= set(
        texts
    )
    assert texts[0] == "Wirral: EHC plans issued within 20 weeks"
    assert {"0%", "20%", "40%", "60%", "80%", "100%"} <= set(texts)  # its fixed 0–100% range
    assert "Jan 2024" in texts and "2,024.5" not in svg
    assert 'stroke-dasharray="7 4"' in svg  # the target is dashed
    assert svg.count("<") < 80  # a few dozen elements, not Plotly's hundreds


def test_a_gap_in_a_line_is_left_a_gap():
    figure = published_trend_figure(
        points=[
            {"label": label, "value": value, "target": None}
            for label, value in [("Jan", Decimal(1)), ("Feb", Decimal(2)), ("Mar", None), ("Apr", Decimal(3))]
        ],
        unit="count",
    )
    svg = chart_svg.render(spec(figure), prefix="g")
    line = re.search(r'<path d="([^"]+)" fill="none" stroke="#1d70b8"', svg).group(1)
    assert line.count("M") == 2, "two runs of line around the missing month"


def test_stacked_bars_stack_and_every_part_has_its_own_pattern():
    figure = cohort_chart(
        months=MONTHS[:2],
        within=[5, 6],
        later=[3, 2],
        closed=[1, 0],
        open_within=[2, 2],
        open_beyond=[1, 1],
        area_name="Wirral",
    )
    svg = chart_svg.render(spec(figure), prefix="c")
    assert svg.count("<pattern ") == 4  # four hatched parts; "within 20 weeks" is plain green
    assert 'fill="#00703c"' in svg
    assert ">10<" in svg or ">12<" in svg  # the axis reaches the stacked total of 12


def test_text_from_users_is_escaped():
    figure = themed(go.Figure(go.Scatter(x=["<b>a</b>", "b"], y=[1, 2], name="<script>x</script>")), title="A & B")
    figure.add_trace(go.Scatter(x=["a"], y=[1], name="other"))
    svg = chart_svg.render(spec(figure), prefix="e")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg and "A &amp; B" in svg


def test_a_long_title_wraps_onto_a_second_line_and_only_then_is_cut():
    def titles(title):
        figure = themed(go.Figure(go.Scatter(x=["a", "b"], y=[1, 2])), title=title)
        svg = chart_svg.render(spec(figure), prefix="w")
        return re.findall(r'<text x="8" y="(\d+)" font-size="16" font-weight="700">([^<]*)</text>', svg), svg

    short, svg = titles("Wirral: plans within 20 weeks")
    assert short == [("30", "Wirral: plans within 20 weeks")]
    plot_top = re.search(r'<path d="M[\d.]+,([\d.]+)V', svg).group(1)
    long = "Wirral: EHC plans issued within 20 weeks, excluding exceptions, by calendar year"
    wrapped, svg = titles(long)
    assert [line for _y, line in wrapped] == [
        "Wirral: EHC plans issued within 20 weeks, excluding",
        "exceptions, by calendar year",
    ]
    assert [y for y, _line in wrapped] == ["30", "52"]
    # The plot starts lower, below the second line.
    assert float(re.search(r'<path d="M[\d.]+,([\d.]+)V', svg).group(1)) > float(plot_top) + 20
    cut, _svg = titles(long + " " + "and a great many more words besides " * 3)
    assert len(cut) == 2 and cut[1][1].endswith("…") and cut[0][1] == wrapped[0][1]


@pytest.mark.parametrize("months", range(2, 61))
def test_no_two_axis_labels_touch_whatever_the_number_of_months(months):
    """The first label is moved inside the chart, which set "Aug 2021" on "Feb 2022" on the cohorts page."""
    first = date(2021, 8, 1)
    axis = [date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1) for n in range(months)]
    figure = go.Figure(go.Bar(x=axis, y=[1] * months, name="Requests"))
    figure.update_layout(xaxis={"type": "date", "tickformat": "%b %Y"})
    svg = chart_svg.render(spec(themed(figure)), prefix="m")
    labels = [
        (float(x), text)
        for x, text in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">([A-Z][a-z]{2} \d{4})</text>', svg
        )
    ]
    assert labels and labels[0][1] == f"{first:%b %Y}"
    for (x, text), (next_x, next_text) in zip(labels, labels[1:], strict=False):
        room = (chart_svg._text_width(text) + chart_svg._text_width(next_text)) / 2
        assert next_x - x >= room + 4, (text, next_text)


def test_a_percentage_axis_stops_at_100_percent():
    """A step whose latest month is 100% was drawn on an axis running to 125%."""
    figure = themed(go.Figure(go.Bar(x=["a", "b"], y=[46.7, 100.0], name="Monthly")), percent=True)
    ticks = re.findall(r'text-anchor="end">(\d+)%</text>', chart_svg.render(spec(figure), prefix="p"))
    assert ticks[-1] == "100" and all(int(t) <= 100 for t in ticks), ticks
    small = themed(go.Figure(go.Bar(x=["a", "b"], y=[2.1, 3.8], name="Monthly")), percent=True)
    small_ticks = re.findall(r'text-anchor="end">([\d.]+)%</text>', chart_svg.render(spec(small), prefix="q"))
    assert float(small_ticks[-1]) <= 5, small_ticks  # a small share keeps an axis its own size


def test_what_it_does_not_draw_is_left_to_plotly():
    waits = waits_figure(bars=[{"label": "Therapy", "weeks": Decimal(12), "rag": "red"}])
    assert chart_svg.render(spec(waits)) is None  # horizontal bars with text
    band = go.Figure(go.Scatter(x=["a", "b"], y=[1, 2], fill="tonexty"))
    assert chart_svg.render(spec(band)) is None
    noted = go.Figure(go.Bar(x=["a"], y=[1]))
    noted.add_annotation(x="a", y=1, text="note")
    assert chart_svg.render(spec(noted)) is None


def test_the_chart_tag_sends_svg_when_it_can_and_plotly_json_always():
    template = Template("{% load send_board %}{% chart figure 'c1' 'Monthly timeliness' table_id='t1' %}")
    html = template.render(Context({"figure": timeliness()}))
    assert 'class="app-chart__plot app-chart__plot--svg app-chart__plot--drawn"' in html
    assert 'role="img" aria-label="Monthly timeliness The figures are in the table below."' in html
    assert "<noscript>" not in html  # nothing to miss without JavaScript
    assert '<script type="application/json" id="c1">' in html  # the figure stays checkable
    waits = waits_figure(bars=[{"label": "Therapy", "weeks": Decimal(12), "rag": "red"}])
    html = template.render(Context({"figure": waits}))
    assert "app-chart__plot--svg" not in html and "<noscript>" in html
