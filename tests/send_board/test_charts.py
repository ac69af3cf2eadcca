import json

import plotly.graph_objects as go
from django.template import Context, Template

from send_board.charts import CONFIG, themed


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
