"""Chart builders of the scorecard: plain data in, a themed Plotly Figure out
(send_board.charts holds the one theme). Each chart's page carries a table of
the same figures; RAG is shown by marker shape as well as colour, and named
in the hover text."""

from decimal import Decimal

import plotly.graph_objects as go

from send_board.charts import AMBER, BLACK, BLUE, GREY, PURPLE, RAG_COLOURS, RAG_SYMBOLS, TURQUOISE, themed

from . import calculations

RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "No rating"}
UNIT_TITLES = {
    calculations.PERCENT: "Per cent",
    calculations.COUNT: "Number",
    calculations.WEEKS: "Weeks",
    calculations.DAYS: "Days",
    calculations.RATE: "Per 1,000",
}
BENCHMARK_STYLES = {
    "england": ("England", BLACK, "dot"),
    "region": ("Region", PURPLE, "dashdot"),
    "neighbours": ("Statistical neighbours", TURQUOISE, "longdash"),
}


def _number(value):
    return None if value is None else float(Decimal(value))


def trend_figure(*, points, unit, polarity, title, annual=False):
    """An indicator's trend on a time axis: its values (markers shaped and
    coloured by RAG), the target in force each period (a stepped dashed line),
    the tolerance band below (higher is better) or above (lower is better) the
    target, and any benchmark series.

    points: [{"period": date (first day), "label": "Jul 2024",
              "value": Decimal|None, "rag": "red", "target": Decimal|None,
              "tolerance": Decimal|None, "england": …, "region": …,
              "neighbours": …}] oldest first.
    """
    labels = [p["period"].isoformat() for p in points]
    figure = go.Figure()
    targets = [_number(p.get("target")) for p in points]
    if any(t is not None for t in targets) and polarity != calculations.NEUTRAL:
        edges = []
        for p in points:
            target, tolerance = _number(p.get("target")), _number(p.get("tolerance")) or 0.0
            if target is None:
                edges.append(None)
            else:
                edges.append(target - tolerance if polarity == calculations.HIGHER else target + tolerance)
        if any(t is not None and (p.get("tolerance") or 0) for t, p in zip(targets, points, strict=True)):
            figure.add_trace(
                go.Scatter(
                    x=labels,
                    y=edges,
                    name="Edge of tolerance",
                    mode="lines",
                    line={"color": AMBER, "width": 1, "shape": "hv"},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
            figure.add_trace(
                go.Scatter(
                    x=labels,
                    y=targets,
                    name="Tolerance (amber band)",
                    mode="lines",
                    fill="tonexty",
                    fillcolor="rgba(179, 89, 0, 0.15)",
                    line={"color": "rgba(0,0,0,0)", "shape": "hv"},
                    hoverinfo="skip",
                )
            )
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
    for series, (name, colour, dash) in BENCHMARK_STYLES.items():
        values = [_number(p.get(series)) for p in points]
        if any(v is not None for v in values):
            figure.add_trace(
                go.Scatter(
                    x=labels,
                    y=values,
                    name=name,
                    mode="lines+markers",
                    connectgaps=True,
                    line={"color": colour, "dash": dash, "width": 1.5},
                    marker={"size": 5, "color": colour},
                    hovertemplate=f"{name} %{{y}}<extra></extra>",
                )
            )
    rags = [p.get("rag") or "grey" for p in points]
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=[_number(p.get("value")) for p in points],
            name="Value",
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            marker={
                "size": 11,
                "color": [RAG_COLOURS[r] for r in rags],
                "symbol": [RAG_SYMBOLS[r] for r in rags],
                "line": {"color": "white", "width": 1},
            },
            customdata=[[p["label"], RAG_WORDS[r]] for p, r in zip(points, rags, strict=True)],
            hovertemplate="%{customdata[0]}: %{y} (%{customdata[1]})<extra></extra>",
        )
    )
    figure.update_xaxes(
        type="date", tickformat="%Y" if annual else "%b %Y", dtick="M12" if annual else None, hoverformat="%b %Y"
    )
    return themed(figure, title=title, y_title=UNIT_TITLES[unit], percent=unit == calculations.PERCENT)


def rag_summary_figure(counts, *, title="Strategic KPIs by rating"):
    """A bar per rating (green, amber, red, no rating), each bar its RAG
    colour with the count and the word on it. counts: {"green": 4, …}."""
    rags = [r for r in ("green", "amber", "red", "grey") if r in counts]
    words = [RAG_WORDS[r] for r in rags]
    values = [counts[r] for r in rags]
    figure = go.Figure(
        go.Bar(
            x=words,
            y=values,
            marker={"color": [RAG_COLOURS[r] for r in rags], "pattern": {"shape": ["", "/", "x", "."][: len(rags)]}},
            text=[f"{w}: {v}" for w, v in zip(words, values, strict=True)],
            textposition="outside",
            hovertemplate="%{x}: %{y}<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_yaxes(rangemode="tozero", dtick=1 if max(values or [0]) <= 12 else None)
    return themed(figure, title=title, y_title="Number of KPIs")


def waits_figure(*, bars, title="Longest waits by service"):
    """Horizontal bars of waits in weeks, each coloured and patterned by RAG
    and labelled with its value and rating.
    bars: [{"label": "Speech and language therapy: longest wait", "weeks": Decimal, "rag": "red"}]."""
    bars = [b for b in bars if b.get("weeks") is not None]
    figure = go.Figure(
        go.Bar(
            y=[b["label"] for b in bars],
            x=[_number(b["weeks"]) for b in bars],
            orientation="h",
            marker={
                "color": [RAG_COLOURS[b["rag"]] for b in bars],
                "pattern": {"shape": [{"green": "", "amber": "/", "red": "x", "grey": "."}[b["rag"]] for b in bars]},
            },
            text=[f"{_number(b['weeks']):g} weeks ({RAG_WORDS[b['rag']]})" for b in bars],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} weeks<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_layout(margin={"r": 130}, height=max(260, 80 + 40 * len(bars)))
    return themed(figure, title=title, y_title=None)
