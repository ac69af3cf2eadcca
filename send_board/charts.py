"""One Plotly look for the whole app, and the bridge from a Figure to a page.

Chart builders in each app's charts.py take plain data and return a
plotly.graph_objects.Figure; they call `themed()` so every chart shares this
template. Pages embed figures with the `{% chart %}` tag, which writes the
figure as JSON for static/js/charts.js: no inline script, and without
JavaScript the table that every chart carries says everything.
"""

import html
import json
import re

import plotly.graph_objects as go
import plotly.io as pio

# GOV.UK Design System colours: each passes 3:1 against white for graphics.
BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREEN = "#00703c"
RED = "#d4351c"
AMBER = "#b35900"
GREY = "#505a5f"
PURPLE = "#4c2c92"
TURQUOISE = "#28a197"
BLACK = "#0b0c0c"
SERIES = [BLUE, BLACK, PURPLE, TURQUOISE, GREEN, AMBER, GREY]
RAG_COLOURS = {"green": GREEN, "amber": AMBER, "red": RED, "grey": GREY, "blue": BLUE}
# Marker shapes so that a RAG never depends on colour alone.
RAG_SYMBOLS = {"green": "circle", "amber": "triangle-up", "red": "square", "grey": "circle-open", "blue": "diamond"}

# The legend sits at the foot of the whole figure (yref "container"), and the x axis makes room
# for its labels (automargin): placed a fraction of the plot's height below the axis, as it was,
# it lay on slanted month labels or an axis title wherever a chart was drawn short (the PDFs).
LEGEND = {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0}

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 14, "color": BLACK},
        colorway=SERIES,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 56, "r": 16, "t": 48, "b": 56},
        hovermode="x unified",
        legend=LEGEND,
        xaxis={"showgrid": False, "linecolor": GREY, "ticks": "outside", "automargin": True},
        yaxis={"gridcolor": "#d8dadb", "zeroline": False, "linecolor": GREY},
        title={"x": 0, "font": {"size": 16}},
    )
)
pio.templates["send_board"] = TEMPLATE

# No mode bar: its buttons sit inside the chart's role="img" container (axe:
# nested-interactive), and one of them would send the chart to Plotly's cloud.
# The table beside every chart is the way to read exact figures.
CONFIG = {
    "displaylogo": False,
    "displayModeBar": False,
    "showSendToCloud": False,
    "responsive": True,
}


def themed(figure, *, title=None, y_title=None, percent=False):
    """Apply the app's template (and common axis choices) to `figure`."""
    figure.update_layout(template=TEMPLATE)
    if title:
        figure.update_layout(title_text=title)
    if y_title:
        figure.update_yaxes(title_text=y_title)
    if percent:
        figure.update_yaxes(ticksuffix="%", rangemode="tozero")
    return figure


def _as_json(figure):
    return json.loads(pio.to_json({"data": figure.data, "layout": figure.layout}, validate=False))


def figure_parts(figure, prefix):
    """(the figure as JSON for charts.js, the figure drawn as SVG or None),
    from one serialisation of it; see `figure_json` and `figure_svg`."""
    from send_board import chart_svg

    parsed = _as_json(figure)
    svg = chart_svg.render(parsed, prefix=prefix)
    return json.dumps(plain_text({**parsed, "config": CONFIG}), separators=(",", ":")), svg


def figure_json(figure):
    """The figure as JSON for charts.js, with our display config, every text
    in it made plain (see `plain_text`)."""
    return json.dumps(plain_text({**_as_json(figure), "config": CONFIG}), separators=(",", ":"))


# Plotly reads its text as HTML-like markup: titles, names, labels, hover
# texts and the values a hover template shows may carry <a href>, <span
# style> and entities. Text from users (indicator, area and action names) must
# show as typed, never as a link: so every string is escaped, and in our own
# hover and text templates only the bare tags they use are kept.
TEMPLATE_KEYS = {"hovertemplate", "texttemplate"}
TEMPLATE_TAG = re.compile(r"&lt;(/?(?:extra|b|br))&gt;")


def plain_text(value, key=None):
    """`value` (a figure as parsed JSON) with every string escaped for Plotly."""
    if isinstance(value, str):
        escaped = html.escape(value, quote=False)
        return TEMPLATE_TAG.sub(r"<\1>", escaped) if key in TEMPLATE_KEYS else escaped
    if isinstance(value, dict):
        return {name: plain_text(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [plain_text(item, key) for item in value]
    return value
