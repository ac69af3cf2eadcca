import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from django.template import Context, Template

from send_board.charts import CONFIG, figure_json, themed


def test_a_chart_is_embedded_as_json_with_no_inline_script():
    figure = themed(go.Figure(go.Bar(x=["Mar 2020"], y=[16.7])), title="Monthly", percent=True)
    html = Template("{% load send_board %}{% chart figure 'c1' 'Monthly %' table_id='t1' %}").render(
        Context({"figure": figure})
    )
    assert '<script type="application/json" id="c1">' in html
    data = json.loads(html.split('id="c1">')[1].split("</script>")[0])
    assert data["data"][0]["y"] == [16.7]
    assert data["config"] == CONFIG
    assert data["layout"]["yaxis"]["ticksuffix"] == "%"
    assert 'href="#t1"' in html


def test_json_in_a_chart_cannot_close_its_script_element():
    figure = go.Figure(go.Bar(x=["</script><script>alert(1)</script>"], y=[1]))
    html = Template("{% load send_board %}{% chart figure 'c1' 'x' %}").render(Context({"figure": figure}))
    assert "<script>alert" not in html


def test_rag_always_carries_its_word():
    html = Template("{% load send_board %}{% rag 'amber' %} {% rag None %} {% rag 'red' 'Beyond Milestone' %}").render(
        Context()
    )
    assert "Amber" in html and "No rating" in html and "Beyond Milestone" in html
    assert html.count('aria-hidden="true"') == 3


EVIL = '<a href="https://evil.example">x</a>'


def chart_strings(html):
    """Every string in every chart's JSON on a page."""
    strings = []

    def walk(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for block in re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S):
        walk(json.loads(block))
    return strings


def test_user_text_reaches_plotly_as_text_never_markup():
    figure = go.Figure(
        go.Scatter(
            x=[EVIL, "2024-01"],
            y=[1, 2],
            name=EVIL,
            text=[EVIL, "&amp; <b>"],
            customdata=[[EVIL], ["ok"]],
            hovertemplate="%{customdata[0]}: %{y}<br>" + EVIL + "<extra>" + EVIL + "</extra>",
        )
    )
    themed(figure, title=EVIL, y_title=EVIL)
    figure.add_annotation(text=EVIL)
    data = json.loads(figure_json(figure))
    trace, layout = data["data"][0], data["layout"]
    escaped = '&lt;a href="https://evil.example"&gt;x&lt;/a&gt;'
    assert layout["title"]["text"] == escaped and layout["yaxis"]["title"]["text"] == escaped
    assert layout["annotations"][0]["text"] == escaped
    assert trace["name"] == escaped and trace["x"] == [escaped, "2024-01"]
    assert trace["text"] == [escaped, "&amp;amp; &lt;b&gt;"]
    assert trace["customdata"] == [[escaped], ["ok"]]
    # Our own template keeps its bare tags; the name inside it is text.
    assert trace["hovertemplate"] == f"%{{customdata[0]}}: %{{y}}<br>{escaped}<extra>{escaped}</extra>"
    assert "<a" not in figure_json(figure)
    # The figure itself is left as built (tests and other outputs read it).
    assert figure.layout.title.text == EVIL


def test_numbers_dates_and_styles_pass_unchanged():
    figure = themed(go.Figure(go.Bar(x=["Mar 2020"], y=np.array([16.7]))), title="Monthly", percent=True)
    figure.update_xaxes(tickformat="%b %Y")
    data = json.loads(figure_json(figure))
    assert data["data"][0]["y"] == [16.7] and data["layout"]["xaxis"]["tickformat"] == "%b %Y"
    assert data["layout"]["template"]["layout"]["font"]["family"].startswith("system-ui")


@pytest.mark.django_db
def test_an_indicator_named_with_a_link_shows_the_name_as_text_in_its_chart(client_for, bob, wirral):
    from datetime import date
    from decimal import Decimal

    from tests.performance.factories import IndicatorFactory, IndicatorValueFactory

    indicator = IndicatorFactory(area=wirral, code="EVIL", name=EVIL, unit="count")
    for month in (1, 2, 3):
        IndicatorValueFactory(indicator=indicator, period=date(2025, month, 1), value=Decimal(10 * month))
    response = client_for(bob).get("/board/344/scorecard/indicators/EVIL/")
    assert response.status_code == 200
    strings = chart_strings(response.content.decode())
    assert strings, "the page has no chart"
    assert not [s for s in strings if "<a" in s]
    assert any('&lt;a href="https://evil.example"&gt;x&lt;/a&gt;' in s for s in strings)
