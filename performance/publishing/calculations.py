"""Pure computations for publishing: small-number suppression, the snapshot of
a scorecard, and the words a published figure is read in.

No ORM, no Django models: plain functions over plain data, tested without a
database (tests/publishing/test_calculations.py, test_suppression_properties.py).

Small numbers (docs/domain.md, "Small numbers"), with the default
limit of 4:
- a count of 1 to 4 is hidden, shown as "c" with the words "fewer than 5";
- a rate (percent, or rate per 1,000) is hidden when its numerator, its
  denominator, or denominator − numerator is 1 to 4;
- where a total is published and exactly one of its parts is hidden, the next
  smallest part is hidden too, so that nothing can be recovered by subtraction;
- zero is shown as 0 and never hidden.

`suppress` applies the rule to any table of whole-number cells bound by sums
(a total and its parts). A rate's denominator is the total of its numerator
and its complement (denominator − numerator, never published), so the rate
rule is the same rule. After the primary step, the secondary step repeats
until no hidden cell can be worked out from what is published: neither by
subtraction (linear algebra over the sums) nor by the bounds a reader knows
("c" in a cell marked "fewer than 5" is 1 to 4; a cell hidden to protect
another is not small, so at least 5; every other unknown at least 0).
"""

import math
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Generic, Protocol, TypeVar, cast, overload

from performance import periods
from performance.calculations import format_value, round_half_up

SMALL_NUMBER_MAX = 4
# A published trend: the period and the twelve before it (a month and the same
# month a year earlier; three years of quarters).
TREND_POINTS = 13

# The state of a published cell. A hidden cell holds no value, only its state.
SHOWN = ""
SMALL = "small"  # the number itself is 1 to the limit, or a rate rests on such a number
PROTECTED = "protected"  # hidden so that a small number elsewhere cannot be worked out

# A cell's key: any hashable (build_snapshot's are (code, period text, field)).
K = TypeVar("K", bound=Hashable)
Bounds = tuple[float, float]  # what a reader knows of a hidden cell: low, high
# (code, period text, field); a month outside the published window, which is in
# no cell, is named by its (year, month).
CellKey = tuple[str, str | tuple[int, int], str]
Point = dict[str, Any]  # a raw point: value, numerator, denominator, target

UNITS = ("percent", "count", "weeks", "days", "rate")
RATE_UNITS = frozenset({"percent", "rate"})  # numerator / denominator, both counts
MEAN_UNITS = frozenset({"weeks", "days"})  # an average over `denominator` children


class SuppressionError(ValueError):
    """The cells cannot be protected (inconsistent sums, or nothing left to hide)."""


class SnapshotError(ValueError):
    """The scorecard cannot be published as it stands; `problems` says why, one line each."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


# ---------------------------------------------------------------- suppression


@dataclass(frozen=True)
class Sum(Generic[K]):
    """`total` = the sum of `parts`: keys of cells in one table."""

    total: K
    parts: tuple[K, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))
        if len(set(self.parts)) != len(self.parts) or self.total in self.parts:
            raise SuppressionError(f"A sum names a cell twice: {self.total!r} = {self.parts!r}")

    @property
    def keys(self) -> tuple[K, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Suppression(Generic[K]):
    """Which cells to hide: `small` (shown "c", fewer than the limit + 1) and
    `protected` (shown "c", hidden so that a small number cannot be worked out).
    Unpublished cells are in neither."""

    small: frozenset[K]
    protected: frozenset[K]

    @property
    def hidden(self) -> frozenset[K]:
        return self.small | self.protected

    def state(self, key: K) -> str:
        if key in self.small:
            return SMALL
        if key in self.protected:
            return PROTECTED
        return SHOWN


def is_small(value: Decimal | int | None, limit: int = SMALL_NUMBER_MAX) -> bool:
    """True for a whole number from 1 to `limit`; zero and None are not small."""
    return value is not None and 1 <= value <= limit


def suppress(
    cells: Mapping[K, int | None],
    sums: Iterable[Sum[K]] = (),
    *,
    unpublished: Collection[K] = (),
    limit: int = SMALL_NUMBER_MAX,
    keep: Collection[K] = (),
    cost: Callable[[K], tuple[Any, ...]] | None = None,
    exempt: Collection[K] = (),
) -> Suppression[K]:
    """Decide which cells of a table to hide.

    `cells` maps each key to a whole number, or None where there is no figure
    (a None cell is unknown to a reader). `sums` bind cells: a key named in a
    sum but absent from `cells` is unknown to us and to the reader (a month
    outside the published window). `unpublished` cells are never shown (a
    rate's complement) but are protected like any other when they are small.

    Primary: every cell from 1 to `limit` is small. Secondary: while some
    small or protected cell can be worked out from the published cells and
    the sums, hide one more published non-zero cell of a sum it is in: the
    first, in the order of _Table.candidates, whose hiding protects it; in a
    plain table of a total and its parts, the next smallest part.
    Deterministic: ties go to the cell that comes first in `cells`.

    Which cell protects is a cost to readers: `keep` cells (the
    publication's own period, the figures the public came for) are never
    hidden to protect another while any other choice protects every small
    cell; among the rest `cost(key)` orders the candidates, cheapest first
    (build_snapshot: an older monthly figure before a rolling one, the
    smallest count first). `exempt` cells are published whatever their
    size (an indicator a performance lead recorded as not disclosive):
    never small, never hidden, known to the reader.

    One case is beyond any hiding: when every cell joined to a small one is
    hidden already, or zero (never hidden), the bounds alone may still fix
    it (four parts hidden as "c" under a total hidden as "c": the total is
    at least 4, so at most 4, so each part is 1). Nothing published then
    remains to hide; such a table shows only "c" and is left so.
    """
    if limit < 2:
        raise SuppressionError("The small-number limit must be at least 2.")
    table = _Table(cells, tuple(sums), frozenset(unpublished), limit, cost=cost, exempt=frozenset(exempt))
    kept = frozenset(keep)
    protected, short = _protect(table, avoid=kept)
    if short:
        # Only the kept cells could protect some small cell: hide what is needed, still cheapest first.
        protected, _short = _protect(table, avoid=frozenset())
    return Suppression(small=frozenset(table.small - table.unpublished), protected=frozenset(protected))


def _protect(table: "_Table[K]", avoid: frozenset[K]) -> tuple[set[K], bool]:
    """The secondary step, never hiding an `avoid` cell: (protected cells,
    True when some exposed cell could only be protected by an `avoid` cell)."""
    protected: set[K] = set()
    beyond_help: set[K] = set()
    short = False
    while True:
        exposed = table.exposed(protected) - beyond_help
        if not exposed:
            break
        target = min(exposed, key=table.order.__getitem__)
        candidates = table.candidates(target, protected, avoid)
        if candidates:
            protected.add(table.first_that_protects(target, candidates, protected))
        else:
            if avoid and table.candidates(target, protected, frozenset()):
                short = True
                break
            beyond_help.add(target)
    return protected, short


class _Table(Generic[K]):
    """The cells, their sums and what a reader knows of them."""

    def __init__(
        self,
        cells: Mapping[K, int | None],
        sums: tuple[Sum[K], ...],
        unpublished: frozenset[K],
        limit: int,
        cost: Callable[[K], tuple[Any, ...]] | None = None,
        exempt: frozenset[K] = frozenset(),
    ) -> None:
        self.values: dict[K, int | None] = dict(cells)
        self.cost: Callable[[K], tuple[Any, ...]] = cost or (lambda key: ())
        self.exempt = exempt
        for s in sums:
            for key in s.keys:
                self.values.setdefault(key, None)
        _check_sums_add_up(self.values, sums)
        self.sums = sums
        self.unpublished = unpublished
        self.limit = limit
        self.order = {key: i for i, key in enumerate(self.values)}
        self.small = {key for key, value in self.values.items() if is_small(value, limit) and key not in exempt}
        self.unknown = {key for key, value in self.values.items() if value is None} | unpublished
        self.membership: dict[K, list[Sum[K]]] = {}
        for s in sums:
            for key in s.keys:
                self.membership.setdefault(key, []).append(s)

    def hidden(self, protected: set[K]) -> set[K]:
        return self.small | protected | self.unknown

    def exposed(self, protected: set[K], sums: Iterable[Sum[K]] | None = None) -> set[K]:
        """The small or protected cells a reader could work out, knowing
        every published cell, the sums, and the bounds of each hidden one:
        small 1 to `limit`; protected at least `limit` + 1 (it is neither
        small nor zero); any other unknown at least 0."""
        hidden = self.hidden(protected)
        guarded = self.small | protected
        live = [s for s in (self.sums if sums is None else sums) if any(key in hidden for key in s.keys)]
        worked_out: set[K] = set()
        for component in _components(live, hidden):
            unknowns = sorted({key for s in component for key in s.keys if key in hidden}, key=self.order.__getitem__)
            if not any(key in guarded for key in unknowns):
                continue
            bounds: dict[K, Bounds] = {}
            for key in unknowns:
                if key in self.small:
                    bounds[key] = (1, self.limit)
                elif key in protected:
                    bounds[key] = (self.limit + 1, math.inf)
                else:
                    bounds[key] = (0, math.inf)
            worked_out |= _determined_by_subtraction(component, unknowns, self.values, hidden)
            worked_out |= _pinned_by_bounds(component, self.values, hidden, bounds)
        return worked_out & guarded

    def candidates(self, target: K, protected: set[K], avoid: frozenset[K] = frozenset()) -> list[K]:
        """The published non-zero cells (not `avoid`, not exempt) that could
        be hidden to protect `target`, best first: from the sums that hold
        it (else from those joined to it through hidden cells); the cheapest
        to readers first (`cost`); then the one in the fewest sums, so that
        hiding it spreads least; then a part rather than a total; then the
        smallest. Empty when every joined cell is hidden, zero or avoided."""
        hidden = self.hidden(protected)
        seen_sums: list[Sum[K]] = []
        frontier = list(self.membership.get(target, []))
        reached = {target}
        while frontier:
            seen_sums.extend(s for s in frontier if s not in seen_sums)
            is_total: dict[K, bool] = {}
            for s in frontier:
                for key in s.keys:
                    if key not in hidden and self.values[key] != 0 and key not in avoid and key not in self.exempt:
                        is_total[key] = is_total.get(key, True) and key == s.total
            if is_total:
                return sorted(
                    is_total,
                    key=lambda key: (
                        self.cost(key),
                        len(self.membership[key]),
                        is_total[key],
                        self.values[key],
                        self.order[key],
                    ),
                )
            next_keys = {key for s in frontier for key in s.keys if key in hidden and key not in reached}
            reached |= next_keys
            frontier = [s for key in next_keys for s in self.membership.get(key, []) if s not in seen_sums]
        return []

    def first_that_protects(self, target: K, candidates: Sequence[K], protected: set[K]) -> K:
        """The best candidate whose hiding alone protects `target`, else the best."""
        for cell in candidates:
            trial = protected | {cell}
            if target not in self.exposed(trial, sums=self.joined_sums(target, trial)):
                return cell
        return candidates[0]

    def joined_sums(self, target: K, protected: set[K]) -> list[Sum[K]]:
        """The sums joined to `target` through hidden cells: all that bear on it."""
        hidden = self.hidden(protected)
        found: list[Sum[K]] = []
        queue, seen = [target], {target}
        while queue:
            for s in self.membership.get(queue.pop(), []):
                if s in found:
                    continue
                found.append(s)
                for key in s.keys:
                    if key in hidden and key not in seen:
                        seen.add(key)
                        queue.append(key)
        return found


def _check_sums_add_up(values: Mapping[K, int | None], sums: Iterable[Sum[K]]) -> None:
    for s in sums:
        numbers = [n for n in (values[key] for key in s.keys) if n is not None]
        if len(numbers) == len(s.keys) and numbers[0] != sum(numbers[1:]):
            raise SuppressionError(f"{s.total!r} is {numbers[0]} but its parts add up to {sum(numbers[1:])}.")


def _components(live_sums: Sequence[Sum[K]], hidden: set[K]) -> list[list[Sum[K]]]:
    """Group the sums that share a hidden cell."""
    parent = list(range(len(live_sums)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_sum_of: dict[K, int] = {}
    for i, s in enumerate(live_sums):
        for key in s.keys:
            if key in hidden:
                if key in first_sum_of:
                    parent[find(i)] = find(first_sum_of[key])
                else:
                    first_sum_of[key] = i
    groups: dict[int, list[Sum[K]]] = {}
    for i, s in enumerate(live_sums):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _determined_by_subtraction(
    component: Sequence[Sum[K]], unknowns: Sequence[K], values: Mapping[K, int | None], hidden: set[K]
) -> set[K]:
    """Unknowns fixed by the sums alone: a pivot column of the reduced row
    echelon form whose row has no free column."""
    column = {key: j for j, key in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for s in component:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in ((s.total, 1), *((part, -1) for part in s.parts)):
            if key in hidden:
                row[column[key]] += sign
        rows.append(row)
    pivots = _reduce(rows)
    free = [j for j in range(len(unknowns)) if j not in pivots]
    return {unknowns[j] for j, r in pivots.items() if all(rows[r][f] == 0 for f in free)}


def _reduce(rows: list[list[Fraction]]) -> dict[int, int]:
    """Reduced row echelon form in place; returns {pivot column: row}."""
    pivots: dict[int, int] = {}
    r = 0
    width = len(rows[0]) if rows else 0
    for j in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][j] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][j]
        rows[r] = [x / lead for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][j] != 0:
                factor = rows[i][j]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots[j] = r
        r += 1
        if r == len(rows):
            break
    return pivots


def _pinned_by_bounds(
    component: Sequence[Sum[K]],
    values: Mapping[K, int | None],
    hidden: set[K],
    bounds: Mapping[K, Bounds],
    max_rounds: int = 500,
) -> set[K]:
    """Unknowns whose bounds, narrowed through the sums, leave one value."""
    narrowed = dict(bounds)
    for _ in range(max_rounds):
        changed = False
        for s in component:
            terms = [(s.total, 1), *((part, -1) for part in s.parts)]
            for key, sign in terms:
                if key not in hidden:
                    continue
                low: float = 0  # of the other terms' sum, sign included
                high: float = 0
                for other, other_sign in terms:
                    if other == key:
                        continue
                    # A cell not hidden is published, so it has a number.
                    lo, hi = narrowed[other] if other in hidden else (cast(int, values[other]),) * 2
                    low += other_sign * (lo if other_sign > 0 else hi)
                    high += other_sign * (hi if other_sign > 0 else lo)
                # sign * x = -(others)
                new_lo, new_hi = (-high, -low) if sign > 0 else (low, high)
                lo, hi = narrowed[key]
                lo, hi = max(lo, new_lo), min(hi, new_hi)
                if lo > hi:
                    raise SuppressionError(f"The sums cannot all hold (at {key!r}).")
                if (lo, hi) != narrowed[key]:
                    narrowed[key] = (lo, hi)
                    changed = True
        if not changed:
            break
    return {key for key, (lo, hi) in narrowed.items() if lo == hi}


# ---------------------------------------------------------------- the snapshot


@dataclass(frozen=True)
class Cell:
    """One published figure: its value (None when hidden or when there is no
    figure) and its state (SHOWN, SMALL or PROTECTED)."""

    value: Decimal | str | None  # a figure; a rating cell holds its word
    state: str = SHOWN

    @property
    def hidden(self) -> bool:
        return self.state != SHOWN


NO_FIGURE = Cell(None)


@dataclass(frozen=True)
class PublishedPoint:
    period: str
    value: Cell
    numerator: Cell
    denominator: Cell
    target: Decimal | None


@dataclass(frozen=True)
class PublishedIndicator:
    code: str
    name: str
    description: str
    unit: str
    polarity: str
    service_area: str
    period: str
    value: Cell
    numerator: Cell
    denominator: Cell
    target: Decimal | None
    rag: Cell  # green, amber, red or grey; None when the figure is hidden
    previous: Cell
    previous_period: str
    change: Cell
    change_unit: str
    direction: str  # "" when the change is hidden
    commentary: str
    benchmark_england: Decimal | None
    benchmark_region: Decimal | None
    benchmark_neighbours: Decimal | None
    history: tuple[PublishedPoint, ...]
    # Where each comparator comes from (the benchmark's source), "" when not said.
    benchmark_england_source: str = ""
    benchmark_region_source: str = ""
    benchmark_neighbours_source: str = ""


@dataclass(frozen=True)
class PublishedPlanSummary:
    plan: str
    kind: str
    number: str
    title: str
    status: str
    bau_date: date | None
    public_summary: str


@dataclass(frozen=True)
class Snapshot:
    indicators: tuple[PublishedIndicator, ...]
    plan_summaries: tuple[PublishedPlanSummary, ...]
    limit: int


@overload
def decimal_or_none(value: None, *, what: str = ...) -> None: ...
@overload
def decimal_or_none(value: Decimal | int, *, what: str = ...) -> Decimal: ...
@overload
def decimal_or_none(value: object, *, what: str = ...) -> Decimal | None: ...
def decimal_or_none(value: object, *, what: str = "a figure") -> Decimal | None:
    """A Decimal from an int, float, str or Decimal; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{what} is not a number: {value!r}") from None


def _whole(value: object, what: str, problems: list[str]) -> int | None:
    """`value` as an int when it is a whole number ≥ 0, else a problem."""
    number = decimal_or_none(value, what=what)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        problems.append(f"{what} must be a whole number of at least 0, not {value}.")
        return None
    return int(number)


def month_key(period: date | str) -> tuple[int, int] | None:
    """(year, month) for a monthly period ('2025-01', a date), else None
    (quarters '2024-Q2', terms '2024-T3', years '2024')."""
    if isinstance(period, date):
        return (period.year, period.month)
    try:
        start = periods.parse_period(period, periods.MONTHLY)
    except ValueError:
        return None
    return (start.year, start.month)


def months_ending(key: tuple[int, int], count: int) -> list[tuple[int, int]]:
    """The `count` (year, month) keys ending with `key`, oldest first."""
    year, month = key
    index = year * 12 + month - 1
    return [((i // 12), i % 12 + 1) for i in range(index - count + 1, index + 1)]


def period_text(period: date | str) -> str:
    return period.isoformat()[:7] if isinstance(period, date) else str(period)


def build_snapshot(
    rows: Sequence[Mapping],
    plan_summaries: Sequence[Mapping] = (),
    *,
    limit: int = SMALL_NUMBER_MAX,
    rolling: Mapping[str, tuple[str, int]] | None = None,
    trend_points: int = TREND_POINTS,
) -> Snapshot:
    """Turn scorecard rows (performance.selectors.scorecard_rows, publishable
    and approved only) and plan summaries into what is published, with small
    numbers suppressed. The result holds no hidden value anywhere.

    `rolling` names indicators whose numerator and denominator are sums of
    another's over a window, {"EHCP20R": ("EHCP20", 12)}: both are then one
    table, so that a hidden month cannot be recovered from the rolling total.
    Each trend keeps its last `trend_points` periods, the headline's included.

    Complementary hiding costs readers least: never a cell of a row's own
    (headline) period while an older one protects; an older monthly figure
    before a rolling one; the smallest count first. A row with
    `not_disclosive` (a performance lead's recorded decision) is published
    unsuppressed.

    Raises SnapshotError listing every row that cannot be published as it is
    (a numerator above its denominator, a count that is not whole).
    """
    rolling = dict(rolling or {})
    problems: list[str] = []
    series: dict[str, list[tuple[str, Point]]] = {}  # code → list of (period text, raw point dict)
    cells: dict[CellKey, int | None] = {}
    sums: list[Sum[CellKey]] = []
    unpublished: set[CellKey] = set()
    for row in rows:
        code = row["code"]
        unit = row["unit"]
        if unit not in UNITS:
            problems.append(f"{code}: unknown unit {unit!r}.")
            continue
        points = _points_of(row)[-trend_points:]
        series[code] = points
        for period, point in points:
            _add_cells(code, unit, period, point, cells, sums, unpublished, problems, limit)
    for total_code, (part_code, window) in rolling.items():
        if total_code in series and part_code in series:
            _add_rolling_sums(total_code, part_code, window, series, cells, sums)
    if problems:
        raise SnapshotError(problems)
    headlines = {row["code"]: period_text(row["period"]) for row in rows}
    exempt_codes = {row["code"] for row in rows if row.get("not_disclosive")}

    def cost(key: CellKey) -> tuple[bool, int]:
        """Older monthly figures before rolling ones, then the smallest count."""
        return (key[0] in rolling, cells.get(key) or 0)

    try:
        suppression = suppress(
            cells,
            sums,
            unpublished=unpublished,
            limit=limit,
            keep={key for key in cells if headlines.get(key[0]) == key[1]},
            cost=cost,
            exempt={key for key in cells if key[0] in exempt_codes},
        )
    except SuppressionError as error:
        raise SnapshotError([str(error)]) from None
    indicators = tuple(
        _publish_row(row, series[row["code"]], cells, suppression, limit if row["code"] not in exempt_codes else 0)
        for row in rows
    )
    plans = tuple(
        PublishedPlanSummary(
            plan=str(p.get("plan") or ""),
            kind=str(p.get("kind") or ""),
            number=str(p.get("number") or ""),
            title=str(p.get("title") or ""),
            status=str(p.get("status") or ""),
            bau_date=p.get("bau_date"),
            public_summary=str(p.get("public_summary") or ""),
        )
        for p in plan_summaries
    )
    return Snapshot(indicators=indicators, plan_summaries=plans, limit=limit)


def _points_of(row: Mapping[str, Any]) -> list[tuple[str, Point]]:
    """The row's points, oldest first, the headline period last among its
    equals: (period text, {value, numerator, denominator, target})."""
    points: list[tuple[str, Point]] = []
    seen: set[str] = set()
    for point in row.get("history") or ():
        period = period_text(point["period"])
        if period in seen:
            continue
        seen.add(period)
        points.append((period, dict(point)))
    headline = period_text(row["period"])
    current = {
        "value": row.get("value"),
        "numerator": row.get("numerator"),
        "denominator": row.get("denominator"),
        "target": row.get("target"),
    }
    if headline in seen:
        points = [(p, current if p == headline else point) for p, point in points]
    else:
        points.append((headline, current))
    return points


def _add_cells(
    code: str,
    unit: str,
    period: str,
    point: Point,
    cells: dict[CellKey, int | None],
    sums: list[Sum[CellKey]],
    unpublished: set[CellKey],
    problems: list[str],
    limit: int,
) -> None:
    where = f"{code} in {period}"
    if unit == "count":
        cells[(code, period, "value")] = _whole(point.get("value"), f"{where}: the count", problems)
        return
    numerator = point.get("numerator")
    denominator = point.get("denominator")
    if unit in RATE_UNITS and (numerator is not None or denominator is not None):
        num = _whole(numerator, f"{where}: the numerator", problems)
        den = _whole(denominator, f"{where}: the denominator", problems)
        if num is not None and den is not None and num > den:
            problems.append(f"{where}: the numerator {num} is greater than the denominator {den}.")
            return
        complement = den - num if num is not None and den is not None else None
        cells[(code, period, "numerator")] = num
        cells[(code, period, "denominator")] = den
        cells[(code, period, "complement")] = complement
        unpublished.add((code, period, "complement"))
        sums.append(Sum((code, period, "denominator"), ((code, period, "numerator"), (code, period, "complement"))))
    elif unit in MEAN_UNITS and denominator is not None:
        cells[(code, period, "denominator")] = _whole(denominator, f"{where}: the number of children", problems)


def _add_rolling_sums(
    total_code: str,
    part_code: str,
    window: int,
    series: Mapping[str, list[tuple[str, Point]]],
    cells: Mapping[CellKey, int | None],
    sums: list[Sum[CellKey]],
) -> None:
    part_periods = {month_key(p): p for p, _ in series[part_code] if month_key(p)}
    for period, _point in series[total_code]:
        key = month_key(period)
        if key is None or (total_code, period, "numerator") not in cells:
            continue
        months = months_ending(key, window)
        for field_name in ("numerator", "denominator", "complement"):
            parts = tuple(
                (part_code, part_periods[m], field_name) if m in part_periods else (part_code, m, field_name)
                for m in months
            )
            sums.append(Sum((total_code, period, field_name), parts))


def _state_of(keys: Iterable[CellKey], suppression: Suppression[CellKey]) -> str:
    """SMALL if any key is small, else PROTECTED if any is protected, else SHOWN."""
    states = {suppression.state(key) for key in keys}
    if SMALL in states:
        return SMALL
    if PROTECTED in states:
        return PROTECTED
    return SHOWN


def _small_unpublished(keys: Iterable[CellKey], cells: Mapping[CellKey, int | None], limit: int) -> bool:
    return any(is_small(cells.get(key), limit) for key in keys)


def _point_cells(
    code: str,
    unit: str,
    period: str,
    point: Point,
    cells: Mapping[CellKey, int | None],
    suppression: Suppression[CellKey],
    limit: int,
) -> tuple[Cell, Cell, Cell]:
    """(value, numerator, denominator) cells of one published point."""
    value = decimal_or_none(point.get("value"), what=f"{code} in {period}")
    if unit == "count":
        key = (code, period, "value")
        state = suppression.state(key)
        return (Cell(None, state) if state else Cell(value)), NO_FIGURE, NO_FIGURE
    num_key, den_key, comp_key = ((code, period, f) for f in ("numerator", "denominator", "complement"))
    if num_key in cells:
        num_state = suppression.state(num_key)
        den_state = suppression.state(den_key)
        # The rate rests on all three counts: a small complement hides it too.
        value_state = _state_of((num_key, den_key), suppression)
        if _small_unpublished((comp_key,), cells, limit):
            value_state = SMALL
        numerator = Cell(None, num_state) if num_state else Cell(decimal_or_none(point.get("numerator")))
        denominator = Cell(None, den_state) if den_state else Cell(decimal_or_none(point.get("denominator")))
        return (Cell(None, value_state) if value_state else Cell(value)), numerator, denominator
    if den_key in cells:
        # A mean over few children: the mean, its total and its count go together.
        den_state = suppression.state(den_key)
        if den_state:
            return Cell(None, den_state), Cell(None, den_state), Cell(None, den_state)
        return (
            Cell(value),
            Cell(decimal_or_none(point.get("numerator"))),
            Cell(decimal_or_none(point.get("denominator"))),
        )
    return Cell(value), Cell(decimal_or_none(point.get("numerator"))), Cell(decimal_or_none(point.get("denominator")))


def _publish_row(
    row: Mapping[str, Any],
    points: Sequence[tuple[str, Point]],
    cells: Mapping[CellKey, int | None],
    suppression: Suppression[CellKey],
    limit: int,
) -> PublishedIndicator:
    code, unit = row["code"], row["unit"]
    headline = period_text(row["period"])
    history: list[PublishedPoint] = []
    for period, point in points:
        value, numerator, denominator = _point_cells(code, unit, period, point, cells, suppression, limit)
        history.append(
            PublishedPoint(
                period=period,
                value=value,
                numerator=numerator,
                denominator=denominator,
                target=decimal_or_none(point.get("target")),
            )
        )
    index = next(i for i, p in enumerate(history) if p.period == headline)
    current = history[index]
    previous, previous_period = _previous(row, history, index, unit, limit)
    change = decimal_or_none(row.get("change"))
    if current.value.hidden or previous.hidden or change is None:
        hidden_by = current.value.state or previous.state
        change_cell = Cell(None, PROTECTED if hidden_by else SHOWN)
        direction = "" if hidden_by else str(row.get("direction") or "")
    else:
        change_cell = Cell(change)
        direction = str(row.get("direction") or "")
    rag = str(row.get("rag") or "grey")
    benchmarks = row.get("benchmarks") or {}
    sources = row.get("benchmark_sources") or {}
    return PublishedIndicator(
        code=code,
        name=str(row.get("name") or code),
        description=str(row.get("description") or ""),
        unit=unit,
        polarity=str(row.get("polarity") or ""),
        service_area=str(row.get("service_area") or ""),
        period=headline,
        value=current.value,
        numerator=current.numerator,
        denominator=current.denominator,
        target=current.target,
        rag=Cell(None, current.value.state) if current.value.hidden else Cell(rag),
        previous=previous,
        previous_period=previous_period,
        change=change_cell,
        change_unit=str(row.get("change_unit") or ""),
        direction=direction,
        # A note on a figure that is not approved is not approved either.
        commentary=str(row.get("commentary") or "") if row.get("value") is not None else "",
        benchmark_england=decimal_or_none(benchmarks.get("england")),
        benchmark_region=decimal_or_none(benchmarks.get("region")),
        benchmark_neighbours=decimal_or_none(benchmarks.get("neighbours")),
        history=tuple(history),
        **{
            f"benchmark_{series}_source": str(sources.get(series) or "")
            for series in ("england", "region", "neighbours")
            if benchmarks.get(series) is not None
        },
    )


def _previous(
    row: Mapping[str, Any], history: Sequence[PublishedPoint], index: int, unit: str, limit: int
) -> tuple[Cell, str]:
    """The previous period's published figure and its period."""
    if index > 0:
        point = history[index - 1]
        return point.value, point.period
    previous = decimal_or_none(row.get("previous"))
    if previous is None:
        return NO_FIGURE, ""
    if unit == "count" and is_small(previous, limit):
        return Cell(None, SMALL), ""
    return Cell(previous), ""


# ---------------------------------------------------------------- words and figures


def _one_place(number: Decimal) -> str:
    return f"{round_half_up(number, 1):,}"


def hidden_words(state: str, *, limit: int = SMALL_NUMBER_MAX, is_count: bool = True) -> str:
    """Why a cell shows 'c', in words: a count of 1 to 4 is 'fewer than 5'; a
    rate or mean resting on such a number says so; a cell hidden to protect
    another says that."""
    if state == SMALL:
        return f"fewer than {limit + 1}" if is_count else f"based on a number smaller than {limit + 1}"
    if state == PROTECTED:
        return "hidden so that a small number cannot be worked out"
    return ""


RAG_WORDS = {
    "green": "Green: the target was met",
    "amber": "Amber: close to the target",
    "red": "Red: further from the target",
    "grey": "No rating: no target or no figure",
}


def rag_words(rag: str | None) -> str:
    return RAG_WORDS.get(rag or "grey", RAG_WORDS["grey"])


def change_in_words(
    *,
    change: Decimal | None,
    change_unit: str,
    direction: str,
    previous: Decimal | None,
    previous_period: str,
    unit: str,
) -> str:
    """The change from the previous period in plain English, e.g.
    'Down 11.9 percentage points from 56.9% in June 2024: worsening.'
    `change` is signed, in `change_unit` (pp, %, or the indicator's unit);
    None means no figure to compare with."""
    if change is None:
        return "There is no earlier figure to compare with."
    change = decimal_or_none(change)
    since = f" from {format_value(previous, unit)}" if previous is not None else ""
    if previous_period:
        since += f" in {period_label(previous_period)}"
    if change == 0 or direction == "no change":
        return f"No change{since}."
    size = abs(change)
    if change_unit == "pp":
        amount = f"{_one_place(size)} percentage point{'' if size == 1 else 's'}"
    elif change_unit == "%":
        amount = f"{_one_place(size)}%"
    elif unit in MEAN_UNITS:
        amount = f"{_one_place(size)} {unit}"
    elif unit == "rate":
        amount = f"{_one_place(size)} per 1,000"
    else:
        amount = _one_place(size)
    movement = "Up" if change > 0 else "Down"
    verdict = f": {direction}" if direction in ("improving", "worsening") else ""
    return f"{movement} {amount}{since}{verdict}."


def _period_words(period: date | str, namer: Callable[[str, date], str]) -> str:
    text = period_text(period)
    for frequency in periods.FREQUENCIES:
        try:
            return namer(frequency, periods.parse_period(text, frequency))
        except ValueError:
            continue
    return text


def period_label(period: date | str) -> str:
    """A period code in words: '2025-01' → 'January 2025', '2024-Q2' →
    'April to June 2024', '2024-T3' → 'Autumn term 2024'; anything else as it is."""
    return _period_words(period, periods.period_name)


def period_short_label(period: date | str) -> str:
    """'2025-01' → 'Jan 2025', '2024-Q2' → 'Q2 2024', for chart axes."""
    return _period_words(period, periods.period_short_name)


CSV_COLUMNS = (
    "code",
    "name",
    "unit",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "rag",
    "change",
    "direction",
)


def csv_number(value: Decimal | int, unit: str | None = None) -> str:
    """A number for the CSV: no thousands separators; percentages, rates and
    changes to one decimal place, other figures as few places as they need."""
    number = decimal_or_none(value)
    if unit in ("percent", "rate", "change"):
        return f"{number.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"
    normal = number.normalize()
    return f"{normal.quantize(Decimal(1)):f}" if normal == normal.to_integral_value() else f"{normal:f}"


def csv_cell(value: Decimal | int | None, state: str, unit: str | None = None) -> str:
    """A CSV cell: 'c' when hidden, '' when there is no figure, else the number as published."""
    if state:
        return "c"
    if value is None:
        return ""
    return csv_number(value, unit)


class CsvPoint(Protocol):
    """A published point as csv_rows reads it (PublishedPoint's stored fields)."""

    period: str
    value: Decimal | None
    value_state: str
    numerator: int | None
    numerator_state: str
    denominator: int | None
    denominator_state: str
    target: Decimal | None


class CsvIndicator(Protocol):
    """A published indicator as csv_rows reads it: the PublishedIndicator model with `trend`."""

    code: str
    name: str
    unit: str
    period: str
    value_state: str
    rag: str
    change: Decimal | None
    change_state: str
    direction: str
    trend: Sequence[CsvPoint]


def csv_rows(indicators: Iterable["CsvIndicator"]) -> Iterator[dict[str, str]]:
    """Rows of exactly the published figures: for each indicator, one row per
    period of its trend, oldest first; the headline period's row carries the
    rating, the change and the direction. `indicators` are objects with the
    attributes of the PublishedIndicator model (value, value_state, ...) and
    `trend`, its points oldest first (see selectors.publication_content).
    The kernel's table writer (send_board.tables_io) neutralises formula-like text."""
    for indicator in indicators:
        for point in indicator.trend:
            headline = point.period == indicator.period
            hidden = indicator.change_state
            yield {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "period": point.period,
                "value": csv_cell(point.value, point.value_state, indicator.unit),
                "numerator": csv_cell(point.numerator, point.numerator_state),
                "denominator": csv_cell(point.denominator, point.denominator_state),
                "target": csv_cell(point.target, "", indicator.unit),
                "rag": ("c" if indicator.value_state else indicator.rag) if headline else "",
                "change": csv_cell(indicator.change, indicator.change_state, "change") if headline else "",
                "direction": ("c" if hidden else indicator.direction) if headline else "",
            }
