"""The published trend chart: plain published points in, a themed Plotly
Figure out. Only what was published goes in: a hidden figure is a gap, never
a number, so that the chart's data holds exactly what its table shows."""

import json
from decimal import Decimal

import plotly.graph_objects as go

from performance.charts import UNIT_TITLES
from send_board.charts import BLUE, GREY, themed

from .calculations import period_short_label


def _number(value):
    return None if value is None else float(Decimal(value))


def published_trend_figure(*, points, unit, title=None):
    """The indicator's published figures over time and the target in force.
    Untitled by default: the page's heading names it, and a long title would
    not wrap on a narrow screen.

    points: [{"label": "Jul 2024", "value": Decimal|None, "target": Decimal|None}]
    oldest first; value None where there is no figure or it is hidden.
    """
    labels = [p["label"] for p in points]
    figure = go.Figure()
    targets = [_number(p.get("target")) for p in points]
    if any(t is not None for t in targets):
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=targets,
                name="Target",
                mode="lines",
                line={"color": GREY, "dash": "dash", "width": 2, "shape": "hv"},
                hovertemplate="Target %{y}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=[_number(p.get("value")) for p in points],
            name="Figure",
            mode="lines+markers",
            connectgaps=False,
            line={"color": BLUE, "width": 3},
            marker={"size": 9, "color": BLUE, "symbol": "circle"},
            hovertemplate="%{y}<extra></extra>",
        )
    )
    return themed(figure, title=title, y_title=UNIT_TITLES[unit], percent=unit == "percent")


def published_chart(indicator):
    """The trend chart of one indicator of a snapshot as plain JSON data
    ({"data": [...], "layout": {...}}), stored with the publication so that
    a page never rebuilds it; None for a trend of one period."""
    if len(indicator.history) < 2:
        return None
    figure = published_trend_figure(
        points=[
            {"label": period_short_label(p.period), "value": p.value.value, "target": p.target}
            for p in indicator.history
        ],
        unit=indicator.unit,
    )
    return json.loads(figure.to_json())
