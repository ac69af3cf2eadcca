"""Chart builders: plain data in, a themed plotly Figure out (no queries).

Months go on a date axis (Plotly spaces and labels them itself); series that
differ only by colour also differ by pattern, line style or marker shape.
"""

import plotly.graph_objects as go

from send_board.charts import AMBER, BLACK, BLUE, GREEN, GREY, PURPLE, RED, TURQUOISE, themed

MONTH_AXIS = {"type": "date", "tickformat": "%b %Y", "hoverformat": "%B %Y", "ticklabelmode": "period"}


def _floats(values):
    return [None if v is None else float(v) for v in values]


def _months(months):
    return [m.isoformat() for m in months]


def _pattern(colour, shape):
    """A solid bar in `colour`, with white `shape` lines over it when given."""
    if not shape:
        return {"color": colour}
    return {"color": colour, "pattern": {"shape": shape, "fillmode": "overlay", "fgcolor": "white", "size": 8}}


def timeliness_chart(*, months, pct, rolling_pct, approved, targets, area_name):
    """Monthly % as bars (months awaiting approval hatched), the rolling
    12-month % as a line and the year-end target as a dashed step line.

    months: dates; pct, rolling_pct: Decimal or None; approved: bools;
    targets: Decimal or None per month (the target in force that month).
    """
    x = _months(months)
    figure = go.Figure()
    _monthly_bars(figure, x, pct, approved, label="Monthly %", suffix="%")
    figure.add_trace(
        go.Scatter(
            x=x,
            y=_floats(rolling_pct),
            name="Rolling 12 months %",
            mode="lines+markers",
            line={"color": BLACK, "width": 3},
            marker={"symbol": "diamond", "size": 6},
            connectgaps=False,
            hovertemplate="%{y:.1f}%<extra>Rolling 12 months</extra>",
        )
    )
    if any(t is not None for t in targets):
        figure.add_trace(
            go.Scatter(
                x=x,
                y=_floats(targets),
                name="Year-end target",
                mode="lines",
                line={"color": RED, "width": 2, "dash": "dash", "shape": "hv"},
                hovertemplate="%{y:.1f}%<extra>Year-end target</extra>",
            )
        )
    themed(
        figure, title=f"{area_name}: EHC plans issued within 20 weeks", y_title="Issued within 20 weeks", percent=True
    )
    figure.update_layout(barmode="overlay", yaxis={"range": [0, 100]}, xaxis=MONTH_AXIS)
    return figure


COHORT_PARTS = [
    ("Plan issued within 20 weeks", GREEN, ""),
    ("Plan issued after 20 weeks", AMBER, "/"),
    ("Closed without a plan", GREY, "."),
    ("Open, within 20 weeks", TURQUOISE, "x"),
    ("Open beyond 20 weeks", RED, "\\"),
]


def cohort_chart(*, months, within, later, closed, open_within, open_beyond, area_name):
    """Stacked bars: what has become of each month's requests."""
    x = _months(months)
    figure = go.Figure()
    for (name, colour, shape), values in zip(
        COHORT_PARTS, (within, later, closed, open_within, open_beyond), strict=True
    ):
        figure.add_trace(
            go.Bar(
                x=x,
                y=list(values),
                name=name,
                marker=_pattern(colour, shape),
                hovertemplate="%{y}<extra>" + name + "</extra>",
            )
        )
    themed(figure, title=f"{area_name}: requests by the month they arrived", y_title="Requests")
    figure.update_layout(barmode="stack", xaxis=MONTH_AXIS)
    return figure


def reconciliation_chart(*, months, returns_pct, cases_pct, area_name):
    """Monthly % from returns and from case records, side by side."""
    x = _months(months)
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=x,
            y=_floats(returns_pct),
            name="From monthly returns",
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            marker={"symbol": "circle", "size": 7},
            hovertemplate="%{y:.1f}%<extra>Monthly returns</extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=x,
            y=_floats(cases_pct),
            name="From case records",
            mode="lines+markers",
            line={"color": PURPLE, "width": 3, "dash": "dot"},
            marker={"symbol": "square", "size": 7},
            hovertemplate="%{y:.1f}%<extra>Case records</extra>",
        )
    )
    themed(
        figure,
        title=f"{area_name}: monthly 20-week timeliness by source",
        y_title="Issued within 20 weeks",
        percent=True,
    )
    figure.update_layout(xaxis=MONTH_AXIS)
    return figure


def _monthly_bars(figure, x, values, approved, *, label, suffix):
    """The monthly figures as bars: a trace of the approved months and one of
    the months awaiting approval, hatched, each when there are any. Without
    `approved` (case records: nothing to approve), one trace named `label`."""
    traces = ((True, f"{label} (approved)", ""), (False, f"{label} (awaiting approval)", "/"))
    if approved is None:
        approved, traces = [True] * len(values), ((True, label, ""),)
    for is_approved, name, shape in traces:
        if is_approved not in approved:
            continue
        figure.add_trace(
            go.Bar(
                x=x,
                y=[
                    float(v) if v is not None and a == is_approved else None
                    for v, a in zip(values, approved, strict=True)
                ],
                name=name,
                marker=_pattern(BLUE, shape),
                hovertemplate="%{y:.1f}" + suffix + "<extra>" + name + "</extra>",
            )
        )


def step_chart(*, months, values, rolling, unit, title, y_title, approved=None):
    """One step of the statutory timeline: the monthly figure as bars (months
    awaiting approval hatched, as on the 20-week chart), the rolling 12
    months as a line. unit "percent" (0–100%) or "weeks"; `approved`: bools,
    None for case records (nothing to approve)."""
    x = _months(months)
    suffix = "%" if unit == "percent" else " weeks"
    figure = go.Figure()
    _monthly_bars(figure, x, values, approved, label="Monthly", suffix=suffix)
    figure.add_trace(
        go.Scatter(
            x=x,
            y=_floats(rolling),
            name="Rolling 12 months",
            mode="lines+markers",
            line={"color": BLACK, "width": 3},
            marker={"symbol": "diamond", "size": 6},
            connectgaps=False,
            hovertemplate="%{y:.1f}" + suffix + "<extra>Rolling 12 months</extra>",
        )
    )
    themed(figure, title=title, y_title=y_title, percent=unit == "percent")
    figure.update_layout(xaxis=MONTH_AXIS)
    return figure
