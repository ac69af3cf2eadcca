"""Charts of the improvement app: plain data in, a themed Plotly Figure out.
Every chart is shown with a table of the same figures."""

import plotly.graph_objects as go

from send_board.charts import AMBER, BLUE, DARK_BLUE, GREEN, GREY, RED, TURQUOISE, themed

from . import calculations

# Colour by BRAG, with a fill pattern so that statuses sharing a colour still differ.
STATUS_STYLE = {
    calculations.NOT_STARTED: (AMBER, "."),
    calculations.BEYOND_MILESTONE: (RED, "x"),
    calculations.DELAYED: (AMBER, "/"),
    calculations.IN_PROGRESS: (GREEN, ""),
    calculations.COMPLETE: (BLUE, ""),
    calculations.COMPLETE_AND_EMBEDDED: (DARK_BLUE, ""),
    calculations.CLOSED: (GREY, "-"),
}


def status_over_periods(series, labels):
    """Stacked bars of action counts by status, one bar per period.

    `series` is [(period label, {status: count})] oldest first; `labels`
    maps a status to its words."""
    periods = [label for label, _ in series]
    figure = go.Figure()
    for status in calculations.STATUS_ORDER:
        colour, pattern = STATUS_STYLE[status]
        figure.add_trace(
            go.Bar(
                name=labels[status],
                x=periods,
                y=[counts.get(status, 0) for _, counts in series],
                marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "white"}},
                hovertemplate="%{y} " + labels[status] + "<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack", hovermode="x unified")
    figure.update_xaxes(type="category")
    return themed(figure, title="Actions by status, by reporting period", y_title="Actions")


BAND_COLOURS = [
    (0.0, GREEN),
    (0.25, GREEN),
    (0.25, AMBER),
    (0.5, AMBER),
    (0.5, RED),
    (0.75, RED),
    (0.75, "#942514"),
    (1.0, "#942514"),
]
BAND_INDEX = {"low": 0, "medium": 1, "high": 2, "very_high": 3}


def risk_heat_map(grid):
    """The 5×5 risk matrix: cells coloured by band (likelihood × impact),
    each showing its count of open risks. `grid` rows run from likelihood 5
    (top) to 1, columns impact 1 to 5 (calculations.heat_map_counts)."""
    likelihoods = [5, 4, 3, 2, 1]
    impacts = [1, 2, 3, 4, 5]
    bands = [[BAND_INDEX[calculations.risk_band(li * im).key] for im in impacts] for li in likelihoods]
    text = [[f"{grid[r][c]}" if grid[r][c] else "" for c in range(5)] for r in range(5)]
    hover = [
        [
            f"Likelihood {li}, impact {im}: score {li * im} ({calculations.risk_band(li * im).label.lower()}), "
            f"{grid[r][c]} risk(s)"
            for c, im in enumerate(impacts)
        ]
        for r, li in enumerate(likelihoods)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=bands,
            x=[str(i) for i in impacts],
            y=[str(li) for li in likelihoods],
            zmin=0,
            zmax=3,
            colorscale=BAND_COLOURS,
            showscale=False,
            text=text,
            texttemplate="<b>%{text}</b>",
            textfont={"size": 20, "color": "white"},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            xgap=3,
            ygap=3,
        )
    )
    figure.update_xaxes(title_text="Impact", type="category")
    figure.update_layout(hovermode="closest", height=420)
    # Likelihood 5 on the top row, as registers are drawn.
    figure.update_yaxes(type="category", autorange="reversed")
    return themed(figure, title="Open risks by likelihood and impact", y_title="Likelihood")


def readiness_bars(counts):
    """Horizontal bars of evidence items by status; `counts` is [(label, n, colour key)]."""
    colours = {"red": RED, "amber": AMBER, "green": GREEN, "blue": TURQUOISE}
    figure = go.Figure(
        go.Bar(
            x=[n for _, n, _ in counts],
            y=[label for label, _, _ in counts],
            orientation="h",
            marker={"color": [colours[c] for _, _, c in counts]},
            text=[n for _, n, _ in counts],
            textposition="outside",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_layout(hovermode="closest", height=300)
    return themed(figure, title="Evidence items by status", y_title=None)
