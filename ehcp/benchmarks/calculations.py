"""Pure computations over DfE's SEN2 timeliness figures. No ORM, no Django.

Units: counts are whole numbers of EHC plans issued in a calendar year,
excluding exceptions; percentages are Decimals in percent (31.3 means 31.3%),
one decimal place, rounded half up as DfE rounds (45 of 144 = 31.25 → 31.3;
Python's round() would give 31.2, so it is never used here). A missing value
(DfE's `x` or `z`, or no plans issued) is None, never zero.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from send_board.calculations import round_half_up

ONE_DECIMAL = Decimal("0.1")
# A local figure and DfE's are said to disagree beyond this many points.
RECONCILIATION_TOLERANCE_POINTS = Decimal("1.0")


def percentage(within: int | None, issued: int | None) -> Decimal | None:
    """within ÷ issued × 100 to one decimal, half up. None when either count is
    missing or no plans were issued (no plans issued is "no figure", not 0%)."""
    if within is None or issued is None or issued == 0:
        return None
    return round_half_up(Fraction(within * 100, issued))


def percentage_matches(published: Decimal | None, within: int | None, issued: int | None) -> bool:
    """Whether a published percentage is what its counts give to one decimal.

    True when there is nothing to compare (either side missing): only a figure
    that can be checked can be found wrong.
    """
    computed = percentage(within, issued)
    if published is None or computed is None:
        return True
    return round_half_up(published) == computed


def percentage_mismatches(published: pd.Series, numerators: pd.Series, denominators: pd.Series) -> pd.Series:
    """percentage_matches over whole columns: True where a published % (a
    Decimal, or None) is not what its counts give to one decimal, half up.
    False where either side is missing or the denominator is 0. The counts
    are compared in whole tenths of a percent: round_half_up(n × 100 ÷ d, 1)
    is ⌊(2000n + d) ÷ 2d⌋ tenths for whole n ≥ 0 and d > 0."""
    both = published.notna() & numerators.notna() & denominators.notna()
    both &= denominators.where(both, 1).astype("int64") != 0
    if not both.any():
        return pd.Series(False, index=published.index)
    n = numerators[both].astype("int64").to_numpy()
    d = denominators[both].astype("int64").to_numpy()
    computed = (2000 * n + d) // (2 * d)
    tenths = np.array([int((p * 10).to_integral_value(ROUND_HALF_UP)) for p in published[both]], dtype="int64")
    return pd.Series(computed != tenths, index=published[both].index).reindex(published.index, fill_value=False)


@dataclass(frozen=True)
class Pooled:
    """A rate pooled over several local authorities: Σwithin ÷ Σissued."""

    issued: int
    within: int
    pct: Decimal | None
    contributing: int  # authorities whose counts were published and included
    missing: tuple  # keys whose counts were unavailable and left out


def pooled_percentage(counts: Mapping[str, tuple[int | None, int | None]]) -> Pooled:
    """Pool `{key: (issued, within)}` into one rate: total within ÷ total issued.

    Never a mean of percentages: a large authority weighs as many plans as it
    issued. Authorities with either count missing (DfE's `x`) are left out and
    listed in `missing`; one that issued no plans contributes nothing but is
    counted as contributing (its zero is a real zero). The rate is None when
    nothing was issued in total.
    """
    issued = within = contributing = 0
    missing = []
    for key, (key_issued, key_within) in counts.items():
        if key_issued is None or key_within is None:
            missing.append(key)
            continue
        issued += key_issued
        within += key_within
        contributing += 1
    return Pooled(
        issued=issued,
        within=within,
        pct=percentage(within, issued),
        contributing=contributing,
        missing=tuple(missing),
    )


def competition_ranks(values: Mapping[str, Decimal | None]) -> dict[str, int]:
    """Rank `{key: published %}` with 1 = the highest, ties sharing the best
    rank ("1, 2, 2, 4"). Keys whose value is None are not ranked.

    Values are compared as published, to one decimal place: 45.64 and 45.6
    would tie, as DfE's one-decimal figures do.
    """
    published = {key: round_half_up(value) for key, value in values.items() if value is not None}
    ordered = sorted(published.values(), reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in published.items()}


def quartile(rank: int, ranked: int) -> int:
    """ceil(4 × rank ÷ ranked): 1 is the quarter with the highest figures.

    With 150 ranked, ranks 1–37 are quartile 1, 38–75 quartile 2, and so on.
    Integer arithmetic, so no float ever rounds a boundary the wrong way.
    """
    if ranked < 1 or not 1 <= rank <= ranked:
        raise ValueError(f"rank {rank} is not between 1 and the {ranked} ranked.")
    return -(-4 * rank // ranked)


@dataclass(frozen=True)
class Reconciliation:
    """An area's own December rolling 12-month figure beside DfE's for the same
    calendar year. Differences are local minus DfE: positive means the area's
    own figures say more plans, or a higher rate, than SEN2."""

    plans_difference: int | None
    within_difference: int | None
    points_difference: Decimal | None
    disagrees: bool


def reconcile(
    *,
    local_issued: int | None,
    local_within: int | None,
    local_pct: Decimal | None,
    sen2_issued: int | None,
    sen2_within: int | None,
    sen2_pct: Decimal | None,
) -> Reconciliation:
    """Compare the two figures for one calendar year. They disagree when the
    rates are more than one point apart (exactly one point is agreement); with
    either rate missing nothing can be said about the rates."""
    plans = local_issued - sen2_issued if local_issued is not None and sen2_issued is not None else None
    within = local_within - sen2_within if local_within is not None and sen2_within is not None else None
    points = None
    if local_pct is not None and sen2_pct is not None:
        points = round_half_up(Decimal(local_pct) - Decimal(sen2_pct))
    return Reconciliation(
        plans_difference=plans,
        within_difference=within,
        points_difference=points,
        disagrees=points is not None and abs(points) > RECONCILIATION_TOLERANCE_POINTS,
    )


def inferred_reporting_year(years: Iterable[int]) -> int:
    """DfE's release "reporting year N" carries calendar years up to N − 1
    (the 2025 release ends with 2024)."""
    years = list(years)
    if not years:
        raise ValueError("No calendar years to infer a reporting year from.")
    return max(years) + 1


def polarity_ranks(values: Mapping[str, Decimal | None], polarity: str = "higher") -> dict[str, int]:
    """competition_ranks by the measure's polarity: 1 = the best, the highest
    for "higher" and the lowest for "lower", ranked on the published
    one-decimal figure, ties sharing the best rank. None is not ranked."""
    if polarity == "higher":
        return competition_ranks(values)
    published = {key: round_half_up(value) for key, value in values.items() if value is not None}
    ordered = sorted(published.values())
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in published.items()}
