"""Rating, change and comparison of indicator values: pure functions over
plain values (Decimals, strings, dates). No ORM, nothing from Django.

Units (an indicator's `unit`):
  percent  a rate out of 100 ("45.0%"); numerator ÷ denominator × 100
  count    a whole number of children, plans, visits ("3,492")
  weeks    a duration in weeks ("38.0 weeks")
  days     a duration in days
  rate     a rate per 1,000; numerator ÷ denominator × 1,000

Polarity: `higher` or `lower` is better; `neutral` indicators are context
(active EHC plans, requests received): no target, no RAG, and their change
reads "up" or "down" rather than "improving" or "worsening".

Figures are shown to one decimal place, rounded half up as DfE rounds
(31.25 → 31.3; Python's round() would give 31.2); counts are whole.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, overload

from send_board.calculations import round_half_up

from . import periods

PERCENT, COUNT, WEEKS, DAYS, RATE = "percent", "count", "weeks", "days", "rate"
UNITS = (PERCENT, COUNT, WEEKS, DAYS, RATE)
HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"
POLARITIES = (HIGHER, LOWER, NEUTRAL)
GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
IMPROVING, WORSENING, NO_CHANGE, UP, DOWN = "improving", "worsening", "no change", "up", "down"

ONE_DP = Decimal("0.1")
WHOLE = Decimal("1")
# How the change from one period to the next is measured, per unit.
CHANGE_UNITS = {PERCENT: "pp", COUNT: "%", WEEKS: "weeks", DAYS: "days", RATE: "rate"}
SCALE = {PERCENT: Decimal(100), RATE: Decimal(1000)}
UNIT_WORDS = {WEEKS: "weeks", DAYS: "days", RATE: "per 1,000"}
ARROWS = {1: "↑", -1: "↓", 0: "→"}

# A figure as stored (DecimalField) or counted (a whole number).
Number = Decimal | int
# (applies_from, target, tolerance), as a Target row holds them.
TargetRow = tuple[date, Decimal, Decimal | None]


@overload
def shown(value: None, unit: str) -> None: ...
@overload
def shown(value: Number, unit: str) -> Decimal: ...
def shown(value: Number | None, unit: str) -> Decimal | None:
    """The value as it is shown and published: whole for a count, else one
    decimal place, half up. RAG is decided on this, so that a figure shown as
    60.0% against a target of 60% is green, as a reader would expect."""
    if value is None:
        return None
    return round_half_up(value, 0 if unit == COUNT else 1)


def exact_value(*, value: Number | None, numerator: int | None, denominator: int | None, unit: str) -> Decimal | None:
    """The unrounded figure: numerator ÷ denominator × 100 (percent) or
    × 1,000 (rate) when both parts are known and the denominator is not 0;
    otherwise `value` as stored. Changes are measured between exact figures
    (Sefton's 57% → 45% printed as ↓ 11.9 came from unrounded rates)."""
    if unit in SCALE and numerator is not None and denominator:
        return Decimal(numerator) * SCALE[unit] / Decimal(denominator)
    return None if value is None else Decimal(value)


def target_in_force(targets: Iterable[TargetRow], period: date) -> tuple[Decimal, Decimal | None] | None:
    """The target that applies to the period starting on `period`.

    `targets` is an iterable of (applies_from: date, target: Decimal,
    tolerance: Decimal | None). The one in force is the latest whose start is
    on or before the period's first day; None when none has started.
    Returns (target, tolerance) or None.
    """
    best = None
    for applies_from, target, tolerance in targets:
        if applies_from <= period and (best is None or applies_from > best[0]):
            best = (applies_from, target, tolerance)
    return None if best is None else (best[1], best[2])


def rag(*, value: Number | None, target: Number | None, tolerance: Number | None, polarity: str, unit: str) -> str:
    """Red, amber, green or grey for a value against its target.

    In the indicator's own unit (points for a percentage): green when the
    target is met or beaten; amber when short of it by no more than the
    tolerance (exactly the tolerance is still amber); red beyond; grey with no
    value, no target, or a neutral polarity. No tolerance means no amber band.
    The value is compared as shown (see `shown`).
    """
    if value is None or target is None or polarity == NEUTRAL:
        return GREY
    value = shown(value, unit)
    target = Decimal(target)
    tolerance = Decimal(tolerance or 0)
    shortfall = target - value if polarity == HIGHER else value - target
    if shortfall <= 0:
        return GREEN
    if shortfall <= tolerance:
        return AMBER
    return RED


@dataclass(frozen=True)
class Change:
    """The change from the prior period.

    amount: Decimal to one decimal place, signed (None when it cannot be
        expressed: no prior value, or a count that was 0 before);
    unit: "pp" (percentage points) for percent, "%" for counts, else the
        indicator's unit ("weeks", "days", "rate");
    direction: "improving", "worsening" or "no change" from polarity; "up",
        "down" or "no change" for a neutral indicator; "" with no prior value;
    arrow: ↑, ↓ or → ("" with no prior value).
    """

    amount: Decimal | None
    unit: str
    direction: str
    arrow: str


def change(*, current: Number | None, previous: Number | None, unit: str, polarity: str) -> Change:
    """The change from `previous` to `current` (exact figures, see `exact_value`).

    Percent: the difference in percentage points. Count: the percentage
    change (3,434 → 3,492 is +1.7%); from 0 it has no percentage, but its
    direction is still known. Weeks, days and rates per 1,000: the plain
    difference in that unit (40 → 38 weeks is −2.0). One decimal place, half
    up; the direction follows the rounded amount, so a change shown as 0.0
    is "no change".
    """
    change_unit = CHANGE_UNITS[unit]
    if current is None or previous is None:
        return Change(None, change_unit, "", "")
    current, previous = Decimal(current), Decimal(previous)
    difference = current - previous
    if unit == COUNT:
        amount = round_half_up(difference * 100 / previous) if previous else None
    else:
        amount = round_half_up(difference)
    basis = amount if amount is not None else difference
    sign = (basis > 0) - (basis < 0)
    return Change(amount, change_unit, direction_of(sign, polarity), ARROWS[sign])


def direction_of(sign: int, polarity: str) -> str:
    """The word for a change of `sign` (1, 0, -1) given the polarity."""
    if sign == 0:
        return NO_CHANGE
    if polarity == NEUTRAL:
        return UP if sign > 0 else DOWN
    better = (sign > 0) == (polarity == HIGHER)
    return IMPROVING if better else WORSENING


def worsening_runs(directions: Iterable[str]) -> list[int]:
    """For each period in order, how many periods running (ending with it)
    the indicator has worsened. `directions` are Change.direction words; a
    period with no prior value, or with any other direction, ends the run.
    ["worsening", "worsening", "no change", "worsening"] → [1, 2, 0, 1]."""
    runs: list[int] = []
    run = 0
    for direction in directions:
        run = run + 1 if direction == WORSENING else 0
        runs.append(run)
    return runs


EXCEPTION_RUN = 3


def is_exception(*, rag_value: str, worsening_run: int) -> bool:
    """Reporting by exception: red, or worsening three periods running."""
    return rag_value == RED or worsening_run >= EXCEPTION_RUN


@dataclass(frozen=True)
class Comparison:
    """A value against a benchmark (England, region, statistical neighbours).

    difference: value − benchmark, in the unit of a change ("pp" for percent,
        "%" of the benchmark for counts, else the unit), one decimal place;
    word: "better", "worse" or "the same" from polarity; for a neutral
        indicator "above", "below" or "the same"; "" without both figures.
    """

    difference: Decimal | None
    unit: str
    word: str


COMPARISON_WORDS = {IMPROVING: "better", WORSENING: "worse", NO_CHANGE: "the same", UP: "above", DOWN: "below"}


def compare(*, value: Number | None, benchmark: Number | None, unit: str, polarity: str) -> Comparison:
    measured = change(current=value, previous=benchmark, unit=unit, polarity=polarity)
    return Comparison(measured.amount, measured.unit, COMPARISON_WORDS.get(measured.direction, ""))


def comparison_word(difference: Decimal | None, polarity: str) -> str:
    """The word for a stored difference from a benchmark (see `compare`)."""
    if difference is None:
        return ""
    sign = (difference > 0) - (difference < 0)
    return COMPARISON_WORDS[direction_of(sign, polarity)]


def value_problems(
    *, unit: str, value: Decimal | float | int | None, numerator: int | None, denominator: int | None
) -> dict[str, str]:
    """What is wrong with a value as entered, as {field: message}; {} when it is good.

    Rules: a value, or for percent and rate its numerator and denominator
    (both, not one); the numerator is not greater than the denominator; a
    denominator of 0 has no figure (no plans issued is "–", not 0%); a
    percentage lies within 0–100; a count is a whole number; nothing is
    negative; a value given with its parts must agree with them to the
    precision shown (one decimal place, or a whole percentage).
    """
    has_parts = numerator is not None or denominator is not None
    problems = _parts_problems(unit, numerator, denominator) if has_parts else {}
    if problems:
        return problems
    if value is None and not has_parts:
        return {"value": "Enter the value" + (" or its numerator and denominator." if unit in SCALE else ".")}
    if value is not None:
        message = _value_problem(unit, Decimal(value), numerator, denominator)
        if message:
            problems["value"] = message
    return problems


def _parts_problems(unit: str, numerator: int | None, denominator: int | None) -> dict[str, str]:
    """The first rule a numerator and denominator break, as {field: message}."""
    if unit not in SCALE:
        field = "numerator" if numerator is not None else "denominator"
        return {
            field: f"A value in {UNIT_WORDS.get(unit, unit + 's')} has no numerator or denominator: leave them blank."
        }
    problems = {
        field: f"The {field} is a whole number of 0 or more."
        for field, part in (("numerator", numerator), ("denominator", denominator))
        if part is not None and (Decimal(part) < 0 or Decimal(part) != Decimal(part).to_integral_value())
    }
    if problems:
        return problems
    if numerator is None or denominator is None:
        missing = "denominator" if denominator is None else "numerator"
        return {missing: f"Give the {missing} too, or leave both numerator and denominator blank."}
    if numerator > denominator:
        return {
            "numerator": f"The numerator ({numerator}) is greater than the denominator ({denominator}): "
            "the numerator counts the part of the denominator that meets the measure."
        }
    if denominator == 0:
        return {
            "denominator": "With a denominator of 0 there is no figure for this period (shown as –, not 0): "
            "do not enter a value for it."
        }
    return {}


def _value_problem(unit: str, value: Decimal, numerator: int | None, denominator: int | None) -> str:
    """What is wrong with a value in its unit, or with its parts (checked already); '' when nothing."""
    if value < 0:
        return "The value cannot be negative."
    if unit == PERCENT and value > 100:
        return f"A percentage lies between 0 and 100; {value} is outside that range."
    if unit == RATE and value > 1000:
        return f"A rate per 1,000 lies between 0 and 1,000; {value} is outside that range."
    if unit == COUNT and value != value.to_integral_value():
        return f"A count is a whole number; {value} is not."
    if numerator is None or denominator is None:
        return ""
    exact = exact_value(value=None, numerator=numerator, denominator=denominator, unit=unit)
    if round_half_up(exact) == round_half_up(value) or round_half_up(exact, 0) == value:
        return ""
    return (
        f"The value {value} does not match {numerator} of {denominator} "
        f"({format_value(exact, unit)}): correct one of them, or leave the value blank."
    )


def value_from_parts(
    *, value: Number | None, numerator: int | None, denominator: int | None, unit: str
) -> Decimal | None:
    """The value to store: as given, else computed from its parts to one decimal place."""
    if value is not None:
        return Decimal(value)
    return round_half_up(exact_value(value=None, numerator=numerator, denominator=denominator, unit=unit))


def format_value(value: Number | None, unit: str) -> str:
    """'45.0%', '3,492', '38.0 weeks', '12.5 days', '4.2 per 1,000'; '–' for no value."""
    if value is None:
        return "–"
    figure = shown(value, unit)
    if unit == PERCENT:
        return f"{figure}%"
    if unit == COUNT:
        return f"{int(figure):,}"
    return f"{figure:,} {UNIT_WORDS[unit]}"


CHANGE_WORDS = {"pp": "percentage points", "%": "%", "weeks": "weeks", "days": "days", "rate": "per 1,000"}


def format_change(amount: Decimal | None, change_unit: str, arrow: str = "") -> str:
    """'↓ 11.9 percentage points', '↑ 1.7%', '↓ 2.0 weeks'; '–' when there is no amount."""
    if amount is None:
        return arrow or "–"
    magnitude = abs(amount)
    text = f"{magnitude}%" if change_unit == "%" else f"{magnitude} {CHANGE_WORDS[change_unit]}"
    return f"{arrow} {text}".strip()


SERIES_NAMES = ("england", "region", "neighbours")


def rate_series(
    *,
    frequency: str,
    unit: str,
    polarity: str,
    points: Sequence[tuple[date, Number | None, bool]],
    targets: Iterable[TargetRow],
    benchmarks: Mapping[str, Mapping[date, Decimal]],
) -> list[dict[str, Any]]:
    """The stored rating of every value of one indicator.

    points: [(period first day, exact value, approved: bool)] in period order
        (see `exact_value`);
    targets: [(applies_from, target, tolerance)];
    benchmarks: {"england" | "region" | "neighbours": {period first day: value}}.

    Returns one dict per point, in order, with: rag, target, tolerance,
    previous_period, previous_value, previous_approved, change, change_unit,
    direction, arrow, worsening_run, and for each benchmark series its value
    and the difference from it (`england`, `england_difference`, …).
    The previous value is the value of the period immediately before; when
    that period has no value, there is no change (a gap is not bridged).
    """
    by_period = {period: (value, approved) for period, value, approved in points}
    targets = list(targets)
    rows: list[dict[str, Any]] = []
    for period, value, _approved in points:
        in_force = target_in_force(targets, period)
        target, tolerance = in_force if in_force and polarity != NEUTRAL else (None, None)
        before = periods.previous_period(frequency, period)
        previous_value, previous_approved = by_period.get(before, (None, False))
        moved = change(current=value, previous=previous_value, unit=unit, polarity=polarity)
        row = {
            "rag": rag(value=value, target=target, tolerance=tolerance, polarity=polarity, unit=unit),
            "target": target,
            "tolerance": tolerance,
            "previous_period": before if previous_value is not None else None,
            "previous_value": previous_value,
            "previous_approved": bool(previous_approved) if previous_value is not None else False,
            "change": moved.amount,
            "change_unit": moved.unit,
            "direction": moved.direction,
            "arrow": moved.arrow,
        }
        for series in SERIES_NAMES:
            benchmark = benchmarks.get(series, {}).get(period)
            row[series] = benchmark
            row[f"{series}_difference"] = compare(
                value=value, benchmark=benchmark, unit=unit, polarity=polarity
            ).difference
        rows.append(row)
    for row, run in zip(rows, worsening_runs([r["direction"] for r in rows]), strict=True):
        row["worsening_run"] = run
    return rows
