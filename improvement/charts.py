"""Charts of the improvement app: plain data in, a themed Plotly Figure out.
Every chart is shown with a table of the same figures."""

import plotly.graph_objects as go

from send_board.charts import AMBER, BLACK, BLUE, DARK_BLUE, GREEN, GREY, RED, TURQUOISE, themed

from . import calculations

# Colour by BRAG, and a fill pattern for every status, so that statuses
# sharing a colour (Not Started and Delayed), and those told apart by colour
# alone before (In Progress, Complete, Complete and Embedded), still differ on
# a grey-scale print or in forced colours. The pattern is drawn in white over
# the status colour ("overlay"): each colour has at least 4.5:1 against white.
STATUS_STYLE = {
    calculations.NOT_STARTED: (AMBER, "."),
    calculations.BEYOND_MILESTONE: (RED, "x"),
    calculations.DELAYED: (AMBER, "/"),
    calculations.IN_PROGRESS: (GREEN, ""),
    calculations.COMPLETE: (BLUE, "\\"),
    calculations.COMPLETE_AND_EMBEDDED: (DARK_BLUE, "+"),
    calculations.CLOSED: (GREY, "-"),
}


def _pattern(shape):
    return {"shape": shape, "fillmode": "overlay", "fgcolor": "white", "fgopacity": 1, "solidity": 0.3}


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
                marker={"color": colour, "pattern": _pattern(pattern), "line": {"color": "white", "width": 1}},
                hovertemplate="%{y} " + labels[status] + "<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack", hovermode="x unified", legend={"traceorder": "normal"})
    figure.update_xaxes(type="category")
    return themed(figure, title="Actions by status, by reporting period", y_title="Actions")


# Risk bands: colour, a fill pattern (low is plain), and the band's name in
# the legend, so a cell's band never depends on colour alone.
BAND_STYLE = {
    "low": (GREEN, ""),
    "medium": (AMBER, "/"),
    "high": (RED, "x"),
    "very_high": ("#942514", "+"),
}


def risk_heat_map(grid):
    """The 5×5 risk matrix: each cell a square patterned and coloured by its
    band (likelihood × impact), showing its count of open risks. `grid` rows
    run from likelihood 5 (top) to 1, columns impact 1 to 5
    (calculations.heat_map_counts). Drawn as bars one unit wide, one trace
    per band, so the legend names and shows each band."""
    likelihoods = [5, 4, 3, 2, 1]
    cells = {}
    for r, likelihood in enumerate(likelihoods):
        for impact in range(1, 6):
            band = calculations.risk_band(likelihood * impact)
            cells.setdefault(band.key, (band.label, []))[1].append((likelihood, impact, grid[r][impact - 1]))
    figure = go.Figure()
    for key, (colour, pattern) in BAND_STYLE.items():
        if key not in cells:
            continue
        label, members = cells[key]
        figure.add_trace(
            go.Bar(
                name=f"{label} risk",
                orientation="h",
                x=[1] * len(members),
                base=[impact - 0.5 for _, impact, _ in members],
                y=[likelihood for likelihood, _, _ in members],
                width=0.94,
                marker={"color": colour, "pattern": _pattern(pattern), "line": {"color": "white", "width": 2}},
                customdata=[[likelihood, impact, likelihood * impact, count] for likelihood, impact, count in members],
                hovertemplate="Likelihood %{customdata[0]}, impact %{customdata[1]}: score %{customdata[2]} ("
                + label.lower()
                + "), %{customdata[3]} risk(s)<extra></extra>",
            )
        )
    # Counts sit on white labels so the cell's pattern never runs through them.
    for r, likelihood in enumerate(likelihoods):
        for impact in range(1, 6):
            if grid[r][impact - 1]:
                figure.add_annotation(
                    x=impact,
                    y=likelihood,
                    text=str(grid[r][impact - 1]),
                    showarrow=False,
                    font={"size": 18, "color": BLACK, "weight": "bold"},
                    bgcolor="white",
                    bordercolor=BLACK,
                    borderpad=3,
                )
    figure.update_layout(barmode="overlay", hovermode="closest", height=460)
    figure.update_xaxes(title_text="Impact", range=[0.5, 5.5], tickvals=[1, 2, 3, 4, 5], showgrid=False)
    # Likelihood 5 on the top row, as registers are drawn.
    figure.update_yaxes(range=[0.5, 5.5], tickvals=[1, 2, 3, 4, 5], showgrid=False)
    return themed(figure, title="Open risks by likelihood and impact", y_title="Likelihood")


# Evidence status colours with a pattern each, and a legend entry per status.
EVIDENCE_STYLE = {"red": (RED, "x"), "amber": (AMBER, "/"), "green": (GREEN, ""), "blue": (TURQUOISE, ".")}


def readiness_bars(counts):
    """Horizontal bars of evidence items by status; `counts` is [(label, n, colour key)].
    One trace per status so that the legend shows each status's pattern."""
    figure = go.Figure()
    order = [label for label, _, _ in counts]
    for label, n, key in counts:
        colour, pattern = EVIDENCE_STYLE[key]
        figure.add_trace(
            go.Bar(
                name=label,
                x=[n],
                y=[label],
                orientation="h",
                marker={"color": colour, "pattern": _pattern(pattern)},
                text=[n],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{x}<extra></extra>",
            )
        )
    figure.update_yaxes(
        autorange="reversed", type="category", categoryorder="array", categoryarray=order, automargin=True
    )
    figure.update_layout(hovermode="closest", height=320, barmode="overlay", margin={"r": 40})
    return themed(figure, title="Evidence items by status", y_title=None)
