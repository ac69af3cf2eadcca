"""A publication as the page reads it: each indicator's figures in words,
its trend as a chart and a table. Built from published rows only (saved
ones, or unsaved ones for the lead's preview), so a hidden figure has no
number anywhere to show."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.utils.text import slugify

from performance.calculations import ARROWS, format_change, format_value

from . import calculations
from .calculations import hidden_words, period_label

RATE_UNITS = calculations.RATE_UNITS
MEAN_UNITS = calculations.MEAN_UNITS


@dataclass(frozen=True)
class Shown:
    """A figure as the page shows it: its text ('45.0%' or 'c'), and for a
    hidden one the words that say why."""

    text: str
    why: str = ""

    @property
    def hidden(self):
        return bool(self.why)


def shown(value, state, unit, *, limit, is_count):
    """`unit` None for a numerator or denominator: a whole number."""
    if state:
        return Shown("c", hidden_words(state, limit=limit, is_count=is_count))
    return Shown(format_value(value, unit or "count"))


@dataclass
class TrendRow:
    period: str
    value: Shown
    numerator: Shown | None
    denominator: Shown | None
    target: str


@dataclass
class IndicatorView:
    anchor: str
    position: int  # its place in the publication, which names its own page
    code: str
    name: str
    description: str
    service_area: str
    unit: str
    polarity: str
    period: str
    value: Shown
    parts: str  # "18 out of 40", "" when there are none
    target: str
    rag: str  # for {% rag %}: green, amber, red, grey; "" when hidden
    rag_words: str
    change: str
    change_short: str
    commentary: str
    benchmarks: list = field(default_factory=list)  # [(label, text)]
    trend: list = field(default_factory=list)  # [TrendRow]
    numerator_heading: str = ""
    denominator_heading: str = ""
    figure: object = None
    chart_description: str = ""

    @property
    def chart_id(self):
        return f"chart-{self.anchor}"

    @property
    def table_id(self):
        return f"table-{self.anchor}"


def indicator_view(indicator, points, *, limit):
    """The page's reading of one published indicator (a PublishedIndicator,
    saved or not) and its points, oldest first."""
    unit = indicator.unit
    is_count = unit == "count"
    value = shown(indicator.value, indicator.value_state, unit, limit=limit, is_count=is_count)
    parts = ""
    if indicator.denominator is not None or indicator.denominator_state:
        numerator = shown(indicator.numerator, indicator.numerator_state, None, limit=limit, is_count=True)
        denominator = shown(indicator.denominator, indicator.denominator_state, None, limit=limit, is_count=True)
        if unit in RATE_UNITS:
            parts = f"{numerator.text} out of {denominator.text}"
        elif unit in MEAN_UNITS:
            parts = f"an average over {denominator.text} children"
    if indicator.value_state:
        rag_text = f"Not rated: the figure is hidden ({value.why})"
    else:
        rag_text = calculations.rag_words(indicator.rag)
    if indicator.change_state:
        change = "The change is not shown: one of the figures it compares is hidden."
        change_short = "c"
    else:
        change = calculations.change_in_words(
            change=indicator.change,
            change_unit=indicator.change_unit,
            direction=indicator.direction,
            previous=indicator.previous,
            previous_period=indicator.previous_period,
            unit=unit,
        )
        change_short = _short_change(indicator)
    benchmarks = [
        (label, format_value(number, unit) + (f" ({source})" if source else ""))
        for label, number, source in (
            ("England", indicator.benchmark_england, indicator.benchmark_england_source),
            ("Region", indicator.benchmark_region, indicator.benchmark_region_source),
            ("Statistical neighbours", indicator.benchmark_neighbours, indicator.benchmark_neighbours_source),
        )
        if number is not None
    ]
    has_parts = any(
        p.numerator is not None or p.denominator is not None or p.numerator_state or p.denominator_state for p in points
    )
    trend = [
        TrendRow(
            period=period_label(p.period),
            value=shown(p.value, p.value_state, unit, limit=limit, is_count=is_count),
            numerator=shown(p.numerator, p.numerator_state, None, limit=limit, is_count=True)
            if has_parts and unit in RATE_UNITS
            else None,
            denominator=shown(p.denominator, p.denominator_state, None, limit=limit, is_count=True)
            if has_parts
            else None,
            target=format_value(p.target, unit),
        )
        for p in points
    ]
    view = IndicatorView(
        anchor=slugify(indicator.code) or f"indicator-{indicator.position}",
        position=indicator.position,
        code=indicator.code,
        name=indicator.name,
        description=indicator.description,
        service_area=indicator.service_area,
        unit=unit,
        polarity=indicator.polarity,
        period=period_label(indicator.period) if indicator.period else "",
        value=value,
        parts=parts,
        target=format_value(indicator.target, unit),
        rag="" if indicator.value_state else (indicator.rag or "grey"),
        rag_words=rag_text,
        change=change,
        change_short=change_short,
        commentary=indicator.commentary,
        benchmarks=benchmarks,
        trend=trend,
        numerator_heading="Number" if has_parts and unit in RATE_UNITS else "",
        denominator_heading=("Out of" if unit in RATE_UNITS else "Children") if has_parts else "",
    )
    if indicator.chart and len(points) > 1:
        view.figure = SimpleNamespace(data=indicator.chart["data"], layout=indicator.chart["layout"])
        with_target = ", with the target as a dashed line" if any(p.target is not None for p in points) else ""
        view.chart_description = (
            f"Line chart of {indicator.name} from {period_label(points[0].period)} "
            f"to {period_label(points[-1].period)}{with_target}."
        )
    return view


def _short_change(indicator):
    """'↓ 11.9 points (worsening)', '↑ 1.7% (up)'; '–' without a change."""
    if indicator.change is None:
        return "–"
    arrow = ARROWS[(indicator.change > 0) - (indicator.change < 0)]
    amount = abs(Decimal(indicator.change)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    words = f" ({indicator.direction})" if indicator.direction else ""
    return f"{format_change(amount, indicator.change_unit, arrow)}{words}"


def indicator_views(indicators, *, limit):
    """Views of published indicators whose points are prefetched (or, for an
    unsaved preview) hold their trend, oldest first, in `trend`."""
    return [indicator_view(i, i.trend, limit=limit) for i in indicators]


def by_service_area(views):
    """[(service area, [views])] in the order the areas first appear."""
    groups = {}
    for view in views:
        groups.setdefault(view.service_area or "Other", []).append(view)
    return list(groups.items())
