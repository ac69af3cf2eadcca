"""Chart builders: plain data in (selectors' dataclasses), a themed Plotly
Figure out. Lines differ by colour, dash and marker shape, and the ranked
chart marks the area and its neighbours each with its own pattern (and the
area with a label) as well as a colour, so nothing depends on colour alone."""

import plotly.graph_objects as go

from send_board.charts import BLACK, BLUE, GREY, PURPLE, TURQUOISE, themed
from send_board.glossary import in_sentence


def _number(value):
    return None if value is None else float(value)


def benchmark_trend(benchmark, area_name):
    """The area's published % by calendar year against its region, England
    and its neighbours (pooled)."""
    years = [y.year for y in benchmark.years]
    series = [
        (area_name, [y.area_pct for y in benchmark.years], BLUE, "solid", "circle", 4),
    ]
    if benchmark.region:
        series.append((benchmark.region.name, [y.region_pct for y in benchmark.years], PURPLE, "dash", "square", 2.5))
    series.append(("England", [y.england_pct for y in benchmark.years], BLACK, "dot", "diamond", 2.5))
    if benchmark.neighbours:
        series.append(
            (
                "Statistical neighbours (pooled)",
                [y.neighbours_pct for y in benchmark.years],
                TURQUOISE,
                "dashdot",
                "triangle-up",
                2.5,
            )
        )
    figure = go.Figure()
    for name, values, colour, dash, symbol, width in series:
        figure.add_trace(
            go.Scatter(
                x=years,
                y=[_number(v) for v in values],
                name=name,
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": width},
                marker={"symbol": symbol, "size": 9, "color": colour},
                connectgaps=False,
                hovertemplate="%{y:.1f}%<extra>" + name + "</extra>",
            )
        )
    themed(
        figure,
        title=f"{area_name}: EHC plans issued within 20 weeks, excluding exceptions",
        y_title="% within 20 weeks",
        percent=True,
    )
    figure.update_yaxes(range=[0, 100])
    # The years need no axis title (the caption and table say "by calendar year"); one would sit on the legend.
    figure.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years])
    return figure


def ranking_chart(ranking, area_name):
    """Every ranked local authority's published % for one year, highest first,
    with this area and its neighbours marked; England's % as a line."""
    # Each group has its own pattern (drawn in white over the colour) as well
    # as a colour, and every colour has 3:1 against white.
    groups = [
        ("Other local authorities", "", GREY, ""),
        ("Statistical neighbours", "neighbour", PURPLE, "/"),
        (area_name, "area", BLUE, "x"),
    ]
    order = [entry.geography.name for entry in ranking.ranked]
    figure = go.Figure()
    for name, role, colour, pattern in groups:
        entries = [e for e in ranking.ranked if e.role == role]
        if not entries and role:
            continue
        figure.add_trace(
            go.Bar(
                x=[e.geography.name for e in entries],
                y=[_number(e.figure.pct) for e in entries],
                name=name,
                marker={
                    "color": colour,
                    "line": {"color": BLACK if role else colour, "width": 1 if role else 0},
                    "pattern": {"shape": pattern, "fillmode": "overlay", "fgcolor": "white", "solidity": 0.3},
                },
                customdata=[[e.rank, e.figure.within, e.figure.issued] for e in entries],
                hovertemplate="%{x}: %{y:.1f}% (%{customdata[1]} of %{customdata[2]}); rank %{customdata[0]}"
                "<extra></extra>",
            )
        )
    if ranking.england and ranking.england.pct is not None:
        figure.add_hline(
            y=float(ranking.england.pct),
            line={"color": BLACK, "dash": "dot", "width": 2},
            annotation_text=f"England {ranking.england.pct}%",
            annotation_position="top right",
        )
    if ranking.area is not None:
        figure.add_annotation(
            x=ranking.area.geography.name,
            y=float(ranking.area.figure.pct),
            text=f"{area_name} {ranking.area.figure.pct}% (rank {ranking.area.rank})",
            showarrow=True,
            arrowhead=2,
            arrowcolor=BLUE,
            ax=0,
            ay=-40,
            font={"color": BLACK},
            bgcolor="white",
            bordercolor=BLUE,
        )
    themed(
        figure,
        title=f"{ranking.year}: local authorities ranked by % of EHC plans issued within 20 weeks",
        y_title="% within 20 weeks",
        percent=True,
    )
    figure.update_layout(barmode="overlay", bargap=0.15, hovermode="closest")
    figure.update_xaxes(
        categoryorder="array",
        categoryarray=order,
        showticklabels=False,
        title_text=f"{ranking.of} local authorities, highest % on the left",
        linecolor=GREY,
    )
    figure.update_yaxes(range=[0, 105])
    return figure


def measure_distribution_chart(benchmark, year, area_name):
    """Every ranked authority's published figure for one measure and year,
    best first by the measure's polarity, this area marked and named."""
    entries = benchmark.ranked.get(year, [])
    figure = go.Figure()
    for name, is_area, colour in (("Other local authorities", False, "#b1b4b6"), (area_name, True, BLUE)):
        chosen = [e for e in entries if (e[1].code == benchmark.la_code) == is_area]
        if not chosen and is_area:
            continue
        figure.add_trace(
            go.Bar(
                x=[g.name for _rank, g, _pct in chosen],
                y=[_number(pct) for _rank, _g, pct in chosen],
                name=name,
                marker={"color": colour, "line": {"color": BLACK if is_area else colour, "width": 1 if is_area else 0}},
                customdata=[[rank] for rank, _g, _pct in chosen],
                hovertemplate="%{x}: %{y:.1f}%; rank %{customdata[0]}<extra></extra>",
            )
        )
    mine = next((e for e in entries if e[1].code == benchmark.la_code), None)
    if mine is not None:
        figure.add_annotation(
            x=mine[1].name,
            y=float(mine[2]),
            text=f"{area_name} {_number(mine[2]):.1f}% (rank {mine[0]})",
            showarrow=True,
            arrowhead=2,
            arrowcolor=BLUE,
            ax=0,
            ay=-40,
            font={"color": BLACK},
            bgcolor="white",
            bordercolor=BLUE,
        )
    best = "lowest" if benchmark.measure.polarity == "lower" else "highest"
    themed(
        figure,
        title=f"{year}: {in_sentence(benchmark.measure.title)}, every local authority",
        y_title="%",
        percent=True,
    )
    figure.update_layout(barmode="overlay", bargap=0.15, hovermode="closest", yaxis={"range": None})
    figure.update_xaxes(
        categoryorder="array",
        categoryarray=[g.name for _rank, g, _pct in entries],
        showticklabels=False,
        title_text=f"{len(entries)} local authorities, the best ({best}) on the left",
    )
    return figure
