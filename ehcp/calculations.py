"""The EHCP compliance engine: pure functions over pandas DataFrames.

No ORM and no Django here, so every rule is tested without a database
(tests/ehcp/test_calculations.py). docs/domain.md ("EHCP timeliness", "Rounding") defines each figure.

Conventions:
- A month is the `datetime.date` of its first day. Internally months are
  counted as integers (`year * 12 + month - 1`), which makes windows exact.
- Percentages are `Decimal`s with one decimal place, rounded half up as DfE
  does (45 of 144 = 31.25 → 31.3; Python's round() would give 31.2), computed
  in integer arithmetic so no float error can move a half. No plans issued
  gives None ("–"), never 0%.
- Frames may hold several local areas at once: pass their identifying
  columns as `keys` and every group is computed apart, in one vectorised pass.
- Counts are whole numbers ≥ 0; a frame breaking that raises ValueError.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from send_board.calculations import round_half_up

# Column names a frame is grouped by (local_area_id, source…) before its month.
Keys = Sequence[str]
# A count as pandas or numpy may hold it (NaN or pd.NA when missing).
Count = int | float | Decimal | None

TWENTY_WEEKS_DAYS = 140  # a final plan is due within 20 weeks (140 days) of the request
SIX_WEEKS_DAYS = 42  # the decision to assess, and each advice, is due within 6 weeks
ROLLING_MONTHS = 12
FINANCIAL_YEAR_FIRST_MONTH = 4  # April

MONTHLY_COLUMNS = ["month", "issued", "within_20_weeks"]
ADVICE_SERVICES = ("ep", "health", "social_care")


# ---------------------------------------------------------------- percentages


def percent(numerator: Any, denominator: Any) -> Decimal | None:
    """numerator ÷ denominator × 100 as a Decimal with one decimal place, half up.

    None when the denominator is 0 or missing (no figure, not 0%).
    percent(45, 144) == Decimal("31.3"); percent(15, 81) == Decimal("18.5").
    """
    if _missing(numerator) or _missing(denominator):
        return None
    numerator, denominator = int(numerator), int(denominator)
    if denominator == 0:
        return None
    if numerator < 0 or denominator < 0:
        raise ValueError("A percentage needs counts of 0 or more.")
    return Decimal((2000 * numerator + denominator) // (2 * denominator)).scaleb(-1)


def percent_series(numerators: Any, denominators: Any) -> pd.Series:
    """percent() for aligned Series: an object Series of Decimal or None."""
    num = pd.to_numeric(pd.Series(numerators), errors="raise").astype("Float64")
    den = pd.to_numeric(pd.Series(denominators), errors="raise").astype("Float64")
    valid = (num.notna() & den.notna() & (den > 0)).to_numpy(dtype=bool)
    n = num.fillna(0).to_numpy(dtype=np.int64)
    d = den.fillna(1).to_numpy(dtype=np.int64)
    d[d == 0] = 1
    tenths = (2000 * n + d) // (2 * d)
    # 0.0 … 100.0 are the only 1,001 values a valid percentage can take.
    values = np.empty(len(tenths), dtype=object)
    values[valid] = _TENTHS[tenths[valid]]
    return pd.Series(values, index=pd.Series(numerators).index, dtype=object)


_TENTHS = np.array([Decimal(t).scaleb(-1) for t in range(1001)], dtype=object)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- months


def month_index(months: Any) -> pd.Series:
    """Months (dates, Timestamps or ISO strings) → integer months year*12 + month − 1.

    Each distinct month is converted once: a national frame repeats ~120 months.
    """
    series = pd.Series(months)
    codes, uniques = pd.factorize(series)
    if (codes < 0).any():
        raise ValueError("A month is missing.")
    stamps = pd.to_datetime(pd.Series(uniques), errors="raise")
    per_unique = (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy(dtype="int64")
    return pd.Series(per_unique[codes], index=series.index, dtype="int64")


def month_from_index(indexes: Any) -> pd.Series:
    """Integer months → a Series of datetime.date (first day of the month)."""
    values = pd.Series(indexes).astype("int64")
    codes, uniques = pd.factorize(values)
    dates = np.array([date(int(i) // 12, int(i) % 12 + 1, 1) for i in uniques], dtype=object)
    return pd.Series(dates[codes], index=values.index, dtype=object)


def year_start_index(month_indexes: Any, year_start: Any) -> np.ndarray:
    """The integer month starting the year that contains each month (an array).

    `year_start` is "calendar" (January) or "financial" (April), or an array
    of those words aligned with `month_indexes`.
    """
    m = np.asarray(month_indexes, dtype="int64")
    starts = np.broadcast_to(np.asarray(year_start, dtype=object), m.shape)
    unknown = set(starts.tolist()) - {"calendar", "financial"}
    if unknown:
        raise ValueError(f"year_start must be 'calendar' or 'financial', not {sorted(unknown)}")
    first = np.where(starts == "financial", FINANCIAL_YEAR_FIRST_MONTH - 1, 0)
    return m - ((m % 12 - first) % 12)


def year_start_of(month: date, year_start: str) -> date:
    """The first month (a date) of the calendar or financial year holding `month`."""
    index = int(year_start_index([month.year * 12 + month.month - 1], year_start)[0])
    return date(index // 12, index % 12 + 1, 1)


def year_label(start: date, year_start: str) -> str:
    """'2024' for a calendar year, '2024–25' for a financial year starting April 2024."""
    if year_start == "calendar":
        return f"{start.year}"
    return f"{start.year}–{(start.year + 1) % 100:02d}"


def months_between(first: date, last: date) -> int:
    """Months from `first` to `last` inclusive (dates)."""
    return (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1


# ---------------------------------------------------------------- monthly figures


def monthly_timeliness(frame: pd.DataFrame, keys: Keys = ()) -> pd.DataFrame:
    """Monthly 20-week timeliness from monthly counts.

    Input columns: *keys, month, issued, within_20_weeks (both excluding
    exceptions). Output: the same rows sorted by keys and month, with `pct`
    (Decimal, None where nothing was issued). Refuses negative counts,
    within > issued, and a month given twice for one key.
    """
    keys = list(keys)
    work = _prepared(frame, keys)
    work["pct"] = percent_series(work["within_20_weeks"], work["issued"]).to_numpy()
    return _finished(work)


def with_rolling_12(frame: pd.DataFrame, keys: Keys = (), window: int = ROLLING_MONTHS) -> pd.DataFrame:
    """Add rolling_issued, rolling_within and rolling_pct: the sums over the
    `window` months ending with each month (that month included).

    A window is complete only when every one of its months is present for
    that key; an incomplete window gives NA/None, never a figure from fewer
    months. Output sorted by keys and month; the rolling counts are Int64.
    """
    keys = list(keys)
    return _finished(_with_rolling(_prepared(frame, keys), keys, window))


def with_year_to_date(frame: pd.DataFrame, year_start: Any, keys: Keys = ()) -> pd.DataFrame:
    """Add ytd_issued, ytd_within and ytd_pct: sums from the start of each
    month's year (calendar: January; financial: April) to that month.

    `year_start` is "calendar" or "financial", or the name of a column of
    `frame` holding one of those per row (several areas at once). Months
    missing from a year are simply not in its sum; the year is still labelled
    by its start in `year_start_month` (a date).
    """
    keys = list(keys)
    work = frame.copy()
    work["_m"] = month_index(work["month"]).to_numpy()
    work = work.drop(columns="month").sort_values([*keys, "_m"], kind="stable").reset_index(drop=True)
    return _finished(_with_year_to_date(work, year_start, keys))


def approval_flags(
    frame: pd.DataFrame, keys: Keys = (), window: int = ROLLING_MONTHS, rolling: str = "rolling_issued"
) -> pd.DataFrame:
    """Add month_approved (the month's own `approved` value) and rolling_approved:
    every month of a complete rolling window approved. Input: sorted by keys
    and month, with an `approved` bool column and a `rolling` column that is
    missing where the window is incomplete (with_rolling_12's)."""
    keys = list(keys)
    result = frame.copy()
    approved = result["approved"].astype(bool)
    not_approved = (~approved).astype("int64")
    if keys:
        cum = not_approved.groupby([result[k] for k in keys], sort=False).cumsum()
        before = cum.groupby([result[k] for k in keys], sort=False).shift(window).fillna(0)
    else:
        cum = not_approved.cumsum()
        before = cum.shift(window).fillna(0)
    unapproved_in_window = cum - before
    complete = result[rolling].notna()
    result["month_approved"] = approved
    result["rolling_approved"] = (complete & (unapproved_in_window == 0)).astype(bool)
    return result


def timeliness_figures(frame: pd.DataFrame, year_start: Any, keys: Keys = (), fill_gaps: bool = False) -> pd.DataFrame:
    """Monthly, rolling 12-month and year-to-date figures in one frame.

    frame: *keys, month, issued, within_20_weeks, optional exceptions and
    approved (default True); `year_start` as for with_year_to_date.
    `fill_gaps=True` (case records) turns missing months into months with
    nothing issued; otherwise a missing month is a gap that leaves the
    rolling windows across it incomplete.
    """
    keys = list(keys)
    work = frame.copy()
    if "exceptions" not in work.columns:
        work["exceptions"] = 0
    if "approved" not in work.columns:
        work["approved"] = True
    work = _prepared(work, keys)
    if fill_gaps:
        year_column = year_start if year_start in work.columns else None
        per_key = work[[*keys, year_column]].drop_duplicates(keys) if year_column and keys else None
        scalar_year = work[year_column].iloc[0] if year_column and not keys else None
        if year_column:
            work = work.drop(columns=year_column)
        work = _gaps_filled(work, keys, ["issued", "within_20_weeks", "exceptions"])
        work["approved"] = work["approved"].astype("boolean").fillna(True).astype(bool)
        if per_key is not None:
            work = work.merge(per_key, on=keys, how="left")
        elif year_column:
            work[year_column] = scalar_year
    work["pct"] = percent_series(work["within_20_weeks"], work["issued"]).to_numpy()
    work = _with_rolling(work, keys, ROLLING_MONTHS)
    work = _with_year_to_date(work, year_start, keys)
    return approval_flags(_finished(work), keys)


# The stages above share an integer month column `_m` and convert months to
# and from dates only at the edges: a national frame has tens of thousands of rows.


def _prepared(frame: pd.DataFrame, keys: Keys) -> pd.DataFrame:
    """Validated counts, `_m` in place of `month`, sorted by keys and month."""
    missing = [c for c in [*keys, *MONTHLY_COLUMNS] if c not in frame.columns]
    if missing:
        raise ValueError(f"Missing column(s): {', '.join(missing)}")
    work = frame.copy()
    for column in ("issued", "within_20_weeks"):
        work[column] = pd.to_numeric(work[column], errors="raise").astype("int64")
        if (work[column] < 0).any():
            raise ValueError(f"{column} has a negative count.")
    if (work["within_20_weeks"] > work["issued"]).any():
        raise ValueError("within_20_weeks is greater than issued in some month.")
    work["_m"] = month_index(work["month"]).to_numpy()
    if work.duplicated([*keys, "_m"]).any():
        raise ValueError("A month appears twice.")
    return work.drop(columns="month").sort_values([*keys, "_m"], kind="stable").reset_index(drop=True)


def _finished(work: pd.DataFrame) -> pd.DataFrame:
    """`month` (dates) back in place of `_m`, first after the keys."""
    work = work.copy()
    position = list(work.columns).index("_m")
    work.insert(position, "month", month_from_index(work["_m"]).to_numpy() if len(work) else [])
    return work.drop(columns="_m")


def _gaps_filled(work: pd.DataFrame, keys: Keys, value_columns: Sequence[str]) -> pd.DataFrame:
    if work.empty:
        return work
    if keys:
        spans = work.groupby(keys, sort=True)["_m"].agg(["min", "max"]).reset_index()
    else:
        spans = pd.DataFrame({"min": [work["_m"].min()], "max": [work["_m"].max()]})
    lengths = (spans["max"] - spans["min"] + 1).astype("int64").to_numpy()
    grid = spans.loc[spans.index.repeat(lengths)].reset_index(drop=True)
    grid["_m"] = grid["min"].to_numpy(dtype="int64") + np.concatenate([np.arange(n) for n in lengths])
    merged = grid[[*keys, "_m"]].merge(work, on=[*keys, "_m"], how="left")
    for column in value_columns:
        merged[column] = merged[column].fillna(0).astype("int64")
    others = [c for c in merged.columns if c not in [*keys, "_m", *value_columns]]
    return merged.sort_values([*keys, "_m"], kind="stable").reset_index(drop=True)[
        [*keys, "_m", *value_columns, *others]
    ]


def _with_rolling(result: pd.DataFrame, keys: Keys, window: int, with_pct: bool = True) -> pd.DataFrame:
    m = result["_m"]
    if keys:
        by = [result[k] for k in keys]
        cum_issued = result["issued"].groupby(by, sort=False).cumsum()
        cum_within = result["within_20_weeks"].groupby(by, sort=False).cumsum()
        before_issued = cum_issued.groupby(by, sort=False).shift(window)
        before_within = cum_within.groupby(by, sort=False).shift(window)
        first_month = m.groupby(by, sort=False).shift(window - 1)
    else:
        cum_issued = result["issued"].cumsum()
        cum_within = result["within_20_weeks"].cumsum()
        before_issued = cum_issued.shift(window)
        before_within = cum_within.shift(window)
        first_month = m.shift(window - 1)
    # Months are unique and ascending within a key, so the window is whole
    # exactly when the month `window - 1` rows back is `window - 1` months back.
    complete = (first_month == m - (window - 1)).fillna(False).astype(bool)
    result = result.copy()
    result["rolling_issued"] = (cum_issued - before_issued.fillna(0)).where(complete).astype("Int64")
    result["rolling_within"] = (cum_within - before_within.fillna(0)).where(complete).astype("Int64")
    if with_pct:
        result["rolling_pct"] = percent_series(result["rolling_within"], result["rolling_issued"]).to_numpy()
    return result


def _with_year_to_date(work: pd.DataFrame, year_start: Any, keys: Keys, with_pct: bool = True) -> pd.DataFrame:
    result = work.copy()
    starts = result[year_start].to_numpy() if year_start in result.columns else year_start
    year = year_start_index(result["_m"].to_numpy(), starts)
    grouped = result.groupby([*(result[k] for k in keys), pd.Series(year, index=result.index)], sort=False)
    result["ytd_issued"] = grouped["issued"].cumsum().astype("int64")
    result["ytd_within"] = grouped["within_20_weeks"].cumsum().astype("int64")
    if with_pct:
        result["ytd_pct"] = percent_series(result["ytd_within"], result["ytd_issued"]).to_numpy()
    result["year_start_month"] = month_from_index(pd.Series(year, index=result.index)).to_numpy()
    return result


# ---------------------------------------------------------------- from case records


def _keys_frame(source: pd.DataFrame, keys: Keys, mask: Any = None) -> pd.DataFrame:
    """A new frame holding `source`'s key columns (rows where `mask`), index 0..n-1."""
    rows = len(source) if mask is None else int(mask.sum())
    frame = pd.DataFrame(index=pd.RangeIndex(rows))
    for key in keys:
        values = source[key].to_numpy()
        frame[key] = values if mask is None else values[mask]
    return frame


def _dates(series: Any) -> pd.Series:
    return pd.to_datetime(pd.Series(series), errors="raise")


def _days_between(later: Any, earlier: Any) -> pd.Series:
    return (_dates(later) - _dates(earlier)).dt.days


def cases_by_final_month(cases: pd.DataFrame, keys: Keys = ()) -> pd.DataFrame:
    """Monthly counts from case records: a case counts in the month of its
    final plan; it is within 20 weeks when final_date − request_date ≤ 140
    days; exception cases are counted apart (in `exceptions`, not in issued).

    Input columns: *keys, request_date, final_date (NaT when no plan yet),
    exception (bool). Output: *keys, month, issued, within_20_weeks,
    exceptions, one row per month with at least one final plan.
    """
    keys = list(keys)
    final = _dates(cases["final_date"])
    with_plan = final.notna().to_numpy()
    work = _keys_frame(cases, keys, with_plan)
    days = _days_between(cases["final_date"], cases["request_date"]).to_numpy()[with_plan]
    exception = cases["exception"].astype(bool).to_numpy()[with_plan]
    work["_m"] = (final[with_plan].dt.year * 12 + final[with_plan].dt.month - 1).to_numpy()
    work["issued"] = (~exception).astype("int64")
    work["within_20_weeks"] = ((~exception) & (days <= TWENTY_WEEKS_DAYS)).astype("int64")
    work["exceptions"] = exception.astype("int64")
    grouped = work.groupby([*keys, "_m"], sort=True)[["issued", "within_20_weeks", "exceptions"]].sum().reset_index()
    grouped["month"] = month_from_index(grouped["_m"]).to_numpy() if len(grouped) else []
    return grouped[[*keys, "month", "issued", "within_20_weeks", "exceptions"]]


def monthly_from_cases(cases: pd.DataFrame, year_start: Any = "financial", keys: Keys = ()) -> pd.DataFrame:
    """Monthly, rolling and year-to-date timeliness derived from case records.

    Months run from the first to the last month with a final plan; a month
    between them with no final plan has 0 issued (no %).
    """
    counts = cases_by_final_month(cases, keys)
    if counts.empty:
        return counts
    return timeliness_figures(counts, year_start, keys, fill_gaps=True)


ADVICE_COLUMNS = [
    column for service in ADVICE_SERVICES for column in (f"{service}_advice", f"{service}_advice_within_6_weeks")
]
COHORT_COLUMNS = [
    "received",
    "decided_within_6_weeks",
    "plans_issued",
    "issued_within_20_weeks",
    "closed_without_plan",
    "open",
    "open_beyond_20_weeks",
    *ADVICE_COLUMNS,
    "decided",
    "no_plan_decisions",
    "no_plan_within_16_weeks",
    "mediations",
    "appeals",
]


def cohorts(cases: pd.DataFrame, as_of: date, keys: Keys = ()) -> pd.DataFrame:
    """Cohort tracking by the month each request arrived, as at `as_of` (a date).

    Only what had happened by `as_of` counts. For each request month:
    - received: requests received (request_date ≤ as_of);
    - decided_within_6_weeks: a decision (assess or refuse) dated ≤ as_of and
      within 42 days of the request;
    - plans_issued: final plan dated ≤ as_of (exception plans included);
    - issued_within_20_weeks: of those, final − request ≤ 140 days;
    - closed_without_plan: no plan by as_of, and closed_date ≤ as_of, or
      refused with a decision dated ≤ as_of and no closed date;
    - open: the rest (received − plans issued − closed without plan);
    - open_beyond_20_weeks: open and as_of − request > 140 days;
    - <service>_advice and <service>_advice_within_6_weeks for ep, health and
      social_care: advice received by as_of, and of it received within 42 days
      of being requested.
    Input columns: *keys, request_date, decision_date, decision, final_date,
    closed_date, and the six advice dates (<service>_advice_requested/_received).
    """
    keys = list(keys)
    as_of = pd.Timestamp(as_of)
    request = _dates(cases["request_date"])
    received = (request <= as_of).to_numpy()
    frame = cases.loc[received].reset_index(drop=True)
    request = request[received].reset_index(drop=True)
    decision_date = _dates(frame["decision_date"])
    final = _dates(frame["final_date"])
    closed = _dates(frame["closed_date"])
    decided = decision_date.notna() & (decision_date <= as_of)
    issued = final.notna() & (final <= as_of)
    refused = decided & (frame["decision"] == "refuse")
    closed_by_as_of = (closed.notna() & (closed <= as_of)) | (refused & closed.isna())
    closed_without_plan = closed_by_as_of & ~issued
    still_open = ~issued & ~closed_without_plan
    work = _keys_frame(frame, keys)
    work["_m"] = (request.dt.year * 12 + request.dt.month - 1).to_numpy()
    work["received"] = 1
    work["decided_within_6_weeks"] = (decided & ((decision_date - request).dt.days <= SIX_WEEKS_DAYS)).astype("int64")
    work["plans_issued"] = issued.astype("int64")
    work["issued_within_20_weeks"] = (issued & ((final - request).dt.days <= TWENTY_WEEKS_DAYS)).astype("int64")
    work["closed_without_plan"] = closed_without_plan.astype("int64")
    work["open"] = still_open.astype("int64")
    work["open_beyond_20_weeks"] = (still_open & ((as_of - request).dt.days > TWENTY_WEEKS_DAYS)).astype("int64")
    for service in ADVICE_SERVICES:
        asked = _dates(frame[f"{service}_advice_requested"])
        came = _dates(frame[f"{service}_advice_received"])
        arrived = came.notna() & asked.notna() & (came <= as_of)
        work[f"{service}_advice"] = arrived.astype("int64")
        work[f"{service}_advice_within_6_weeks"] = (arrived & ((came - asked).dt.days <= SIX_WEEKS_DAYS)).astype(
            "int64"
        )
    work["decided"] = decided.astype("int64")
    no_plan = no_plan_dates(frame)
    no_plan_by = no_plan.notna() & (no_plan <= as_of)
    work["no_plan_decisions"] = no_plan_by.astype("int64")
    work["no_plan_within_16_weeks"] = (no_plan_by & ((no_plan - request).dt.days <= NO_PLAN_DAYS)).astype("int64")
    for column, name in (("mediation_date", "mediations"), ("tribunal_date", "appeals")):
        when = _optional_dates(frame, column)
        work[name] = (when.notna() & (when <= as_of)).astype("int64")
    grouped = work.groupby([*keys, "_m"], sort=True)[COHORT_COLUMNS].sum().reset_index()
    grouped["request_month"] = month_from_index(grouped["_m"]).to_numpy() if len(grouped) else []
    return grouped[[*keys, "request_month", *COHORT_COLUMNS]].astype(dict.fromkeys(COHORT_COLUMNS, "int64"))


def _optional_dates(frame: pd.DataFrame, column: str) -> pd.Series:
    """A date column, or all NaT for a frame made before the column existed."""
    if column in frame:
        return _dates(frame[column])
    return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")


def _since(cohort_rows: pd.DataFrame, since: date | None) -> pd.DataFrame:
    if since is None or not len(cohort_rows):
        return cohort_rows
    months = month_index(cohort_rows["request_month"])
    return cohort_rows[(months >= int(month_index([since]).iloc[0])).to_numpy()]


def cohort_summary(cohort_rows: pd.DataFrame, since: date | None = None) -> dict[str, int | Decimal | None]:
    """Totals over the cohorts whose request month is on or after `since`
    (a date; all when None), as Walsall reports them ("since 1 March 2020,
    340 opened, 118 plans issued of which 61 (51.7%) on time, 60 closed
    without a plan, 162 open"). A dict of counts, `on_time_pct` and
    `decided_within_6_weeks_pct`."""
    rows = _since(cohort_rows, since)
    totals: dict[str, int | Decimal | None] = {
        column: int(rows[column].sum()) if len(rows) else 0 for column in COHORT_COLUMNS
    }
    totals["on_time_pct"] = percent(totals["issued_within_20_weeks"], totals["plans_issued"])
    totals["decided_within_6_weeks_pct"] = percent(totals["decided_within_6_weeks"], totals["received"])
    return totals


def advice_timeliness(
    cohort_rows: pd.DataFrame, since: date | None = None
) -> list[tuple[str, int, int, Decimal | None]]:
    """Advice within 6 weeks by service over the cohorts from `since`:
    [(service, received, within_6_weeks, pct)], pct None when none arrived."""
    rows = _since(cohort_rows, since)
    result: list[tuple[str, int, int, Decimal | None]] = []
    for service in ADVICE_SERVICES:
        received = int(rows[f"{service}_advice"].sum()) if len(rows) else 0
        within = int(rows[f"{service}_advice_within_6_weeks"].sum()) if len(rows) else 0
        result.append((service, received, within, percent(within, received)))
    return result


# ---------------------------------------------------------------- reconciliation


def reconcile(returns_figures: pd.DataFrame, case_figures: pd.DataFrame) -> pd.DataFrame:
    """Months where both sources have figures, side by side.

    Each input has month, issued, within_20_weeks. Output per common month:
    returns_issued, returns_within, returns_pct, cases_issued, cases_within,
    cases_pct, issued_difference and within_difference (returns − cases, in
    plans), points_difference (returns % − cases %, percentage points, None
    when either has no %), and agrees (both counts equal).
    """
    left = returns_figures[["month", "issued", "within_20_weeks"]].rename(
        columns={"issued": "returns_issued", "within_20_weeks": "returns_within"}
    )
    right = case_figures[["month", "issued", "within_20_weeks"]].rename(
        columns={"issued": "cases_issued", "within_20_weeks": "cases_within"}
    )
    left = left.assign(_m=month_index(left["month"]).to_numpy()).drop(columns="month")
    right = right.assign(_m=month_index(right["month"]).to_numpy()).drop(columns="month")
    merged = left.merge(right, on="_m", how="inner").sort_values("_m").reset_index(drop=True)
    merged["month"] = month_from_index(merged["_m"]).to_numpy() if len(merged) else []
    merged["returns_pct"] = percent_series(merged["returns_within"], merged["returns_issued"]).to_numpy()
    merged["cases_pct"] = percent_series(merged["cases_within"], merged["cases_issued"]).to_numpy()
    merged["issued_difference"] = (merged["returns_issued"] - merged["cases_issued"]).astype("int64")
    merged["within_difference"] = (merged["returns_within"] - merged["cases_within"]).astype("int64")
    merged["points_difference"] = [
        (r - c) if r is not None and c is not None else None
        for r, c in zip(merged["returns_pct"], merged["cases_pct"], strict=True)
    ]
    merged["agrees"] = (merged["issued_difference"] == 0) & (merged["within_difference"] == 0)
    return merged[
        [
            "month",
            "returns_issued",
            "returns_within",
            "returns_pct",
            "cases_issued",
            "cases_within",
            "cases_pct",
            "issued_difference",
            "within_difference",
            "points_difference",
            "agrees",
        ]
    ]


# ---------------------------------------------------------------- trajectory


class _TrajectoryBase(TypedDict):
    target_pct: Decimal | None
    ytd_pct: Decimal | None
    recent_pct: Decimal | None
    months_elapsed: int
    months_left: int


@dataclass(frozen=True)
class Trajectory:
    """Where the year stands against its year-end target.

    status: "no_target", "no_data", "year_complete", "secured" (the target is
    met whatever the rest of the year brings), "on_track" (the recent rate is
    at least the rate needed), "off_track", or "out_of_reach" (even 100% for
    the rest of the year falls short).
    """

    status: str
    target_pct: Decimal | None
    ytd_pct: Decimal | None
    needed_pct: Decimal | None
    recent_pct: Decimal | None
    months_elapsed: int
    months_left: int
    best_possible_pct: Decimal | None = None

    @property
    def sentence(self) -> str:
        target = format_pct(self.target_pct)
        if self.status == "no_target":
            return "No year-end target has been set."
        if self.status == "no_data":
            return f"Target {target}: no plans issued so far this year."
        if self.status == "year_complete":
            verdict = (
                "met"
                if self.ytd_pct is not None and self.target_pct is not None and self.ytd_pct >= self.target_pct
                else "missed"
            )
            return f"Year complete: {format_pct(self.ytd_pct)} against a target of {target} ({verdict})."
        if self.status == "secured":
            return f"{target} is secured: the year reaches it even if no further plan is on time."
        if self.status == "out_of_reach":
            return (
                f"Out of reach for {target}: even 100% for the rest of the year would give "
                f"{format_pct(self.best_possible_pct)}."
            )
        needs = f"needs {format_pct(self.needed_pct)} a month for the rest of the year"
        if self.status == "on_track":
            return f"On track for {target}: {needs}."
        recent = (
            f"; the last three months averaged {format_pct(self.recent_pct)}" if self.recent_pct is not None else ""
        )
        return f"Off track for {target}: {needs}{recent}."


def format_pct(value: Decimal | int | str | None) -> str:
    """'58%' for 58.0, '57.5%' for 57.5, '–' for None."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}"
    return f"{text}%"


def trajectory(
    *,
    target_pct: Decimal | int | str | None,
    ytd_issued: int,
    ytd_within: int,
    months_elapsed: int,
    recent_issued: int = 0,
    recent_within: int = 0,
    months_in_year: int = 12,
) -> Trajectory:
    """The monthly rate needed for the rest of the year to reach the year-end target.

    The plans still to come are projected at the year's average so far
    (ytd_issued ÷ months_elapsed a month). needed = (target × projected year
    total − within so far) ÷ projected rest, in %, rounded half up to one
    decimal. `recent_*` (the last three months' counts) decide on track or off.
    """
    target = None if target_pct is None else Decimal(target_pct)
    ytd_pct = percent(ytd_within, ytd_issued)
    recent_pct = percent(recent_within, recent_issued)
    months_left = max(months_in_year - months_elapsed, 0)
    base: _TrajectoryBase = {
        "target_pct": target,
        "ytd_pct": ytd_pct,
        "recent_pct": recent_pct,
        "months_elapsed": months_elapsed,
        "months_left": months_left,
    }
    if target is None:
        return Trajectory(status="no_target", needed_pct=None, **base)
    if not ytd_issued or months_elapsed <= 0:
        return Trajectory(status="no_data", needed_pct=None, **base)
    if months_left == 0:
        return Trajectory(status="year_complete", needed_pct=None, **base)
    # Decimal arithmetic (28 digits): the projected rest of the year in plans.
    rest = Decimal(ytd_issued) * months_left / months_elapsed
    total = Decimal(ytd_issued) + rest
    needed_within = target / 100 * total - ytd_within
    if needed_within <= 0:
        return Trajectory(status="secured", needed_pct=Decimal("0.0"), **base)
    needed = round_half_up(needed_within / rest * 100)
    if needed > 100:
        best = round_half_up((Decimal(ytd_within) + rest) / total * 100)
        return Trajectory(status="out_of_reach", needed_pct=needed, best_possible_pct=best, **base)
    on_track = recent_pct is not None and recent_pct >= needed
    return Trajectory(status="on_track" if on_track else "off_track", needed_pct=needed, **base)


# ---------------------------------------------------------------- the rest of the statutory timeline
#
# Each step is counted per case, then summed by area and month: a numerator
# (on time), a denominator (all that count) and the figure made of them.
# The recompute aggregates the same rules in the database
# (selectors.step_counts), and the tests check the two agree.

NO_PLAN_DAYS = 112  # a decision not to issue a plan is due within 16 weeks of the request
FIFTY_TWO_WEEKS_DAYS = 364  # over 52 weeks means 365 days or more
REVIEW_DECISION_DAYS = 28  # a review decision is due within 4 weeks of the meeting
PHASE_TRANSFER_DEADLINE = (2, 15)  # 15 February of the transfer year
POST16_TRANSFER_DEADLINE = (3, 31)  # 31 March for moves into post-16

STEP_COLUMNS = ["numerator", "denominator"]


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, the day kept where the month has it,
    else the month's last day (29 February + 12 months = 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(f"No such day: {day} + {months} months")


def review_due_date(final_date: date | None, meeting: date | None) -> date | None:
    """The due date of a recorded annual review meeting: a review is due 12
    months after the plan was issued or last reviewed; a case records only
    its latest meeting, so that meeting is taken as the review due at the
    anniversary of the final plan nearest to it (the first anniversary at
    the earliest; exactly halfway goes to the earlier anniversary).

    Final plan 10 March 2022: a meeting on 1 March 2023 was due 10 March
    2023 (on time); on 20 February 2024, due 10 March 2024 (on time); on 15
    April 2024, due 10 March 2024 (late). None without both dates."""
    if final_date is None or meeting is None:
        return None
    years = max(1, meeting.year - final_date.year - 1)
    due = add_months(final_date, 12 * years)
    while True:
        following = add_months(final_date, 12 * (years + 1))
        if (following - meeting).days < (meeting - due).days:
            years, due = years + 1, following
        else:
            return due


def next_review_due(final_date: date | None, meeting: date | None, review_outcome: str = "") -> date | None:
    """The next review's due date: 12 months after the latest meeting, or
    after the final plan when no meeting is recorded. None when there is no
    plan or the last review ceased it."""
    if final_date is None or review_outcome == "cease":
        return None
    return add_months(meeting or final_date, 12)


def phase_transfer_deadline(year: int | str, post16: bool = False) -> date:
    """The date a transferring plan must be amended by: 15 February of the
    transfer year, or 31 March for a move into post-16."""
    month, day = POST16_TRANSFER_DEADLINE if post16 else PHASE_TRANSFER_DEADLINE
    return date(int(year), month, day)


def _month_of(series: Any) -> pd.Series:
    stamps = _dates(series)
    return (stamps.dt.year * 12 + stamps.dt.month - 1).astype("Int64")


def _summed(work: pd.DataFrame, keys: Keys, columns: Sequence[str]) -> pd.DataFrame:
    grouped = work.groupby([*keys, "_m"], sort=True)[columns].sum().reset_index()
    grouped["month"] = month_from_index(grouped["_m"]).to_numpy() if len(grouped) else []
    return grouped[[*keys, "month", *columns]].astype(dict.fromkeys(columns, "int64"))


def _step_frame(cases: pd.DataFrame, keys: Keys, event_month: Any, counted: Any, on_time: Any) -> pd.DataFrame:
    """Rows where `counted` (a bool array), grouped by `event_month`."""
    counted = np.asarray(counted, dtype=bool)
    work = _keys_frame(cases, keys, counted)
    work["_m"] = np.asarray(event_month)[counted].astype("int64")
    work["numerator"] = np.asarray(on_time, dtype=bool)[counted].astype("int64")
    work["denominator"] = 1
    return _summed(work, keys, STEP_COLUMNS)


def decisions_by_month(cases: pd.DataFrame, keys: Keys = ()) -> pd.DataFrame:
    """Decisions whether to assess within 6 weeks, by the month of the decision.

    A request counts once decided (assess or refuse, with its decision date),
    in the month of that date; it is on time when decision_date −
    request_date ≤ 42 days (day 42 on time, day 43 late). Pending requests
    are not counted, as DfE counts only decided ones.
    Input: *keys, request_date, decision_date, decision. Output: *keys,
    month, numerator, denominator."""
    keys = list(keys)
    decided = (_dates(cases["decision_date"]).notna() & cases["decision"].isin(["assess", "refuse"])).to_numpy()
    days = _days_between(cases["decision_date"], cases["request_date"])
    return _step_frame(
        cases, keys, _month_of(cases["decision_date"]).fillna(0), decided, (days <= SIX_WEEKS_DAYS).to_numpy()
    )


def no_plan_dates(cases: pd.DataFrame) -> pd.Series:
    """The date of each case's decision not to issue a plan (NaT when none):
    outcome_date where assessment_outcome is no_plan; for a case with no
    outcome recorded, closed_date where closed_reason is not_issued."""
    blank = pd.Series("", index=cases.index)
    outcome = cases.get("assessment_outcome", blank).fillna("")
    closed_reason = cases.get("closed_reason", blank).fillna("")
    closed_as_not_issued = (outcome == "") & (closed_reason == "not_issued")
    closed = _optional_dates(cases, "closed_date").where(closed_as_not_issued)
    return _optional_dates(cases, "outcome_date").where(outcome == "no_plan", closed)


def no_plan_by_month(cases: pd.DataFrame, keys: Keys = ()) -> pd.DataFrame:
    """Decisions not to issue a plan within 16 weeks, by the month of the decision.

    A decision not to issue is dated as no_plan_dates says; it is on time
    when that date − request_date ≤ 112 days (day 112 on time, 113 late).
    Input: *keys, request_date, assessment_outcome, outcome_date,
    closed_date, closed_reason. Output: *keys, month, numerator, denominator."""
    keys = list(keys)
    when = no_plan_dates(cases)
    days = (when - _dates(cases["request_date"])).dt.days
    return _step_frame(
        cases, keys, _month_of(when).fillna(0), when.notna().to_numpy(), (days <= NO_PLAN_DAYS).to_numpy()
    )


TIME_TO_ISSUE_COLUMNS = ["issued", "within_20_weeks", "over_20_to_52_weeks", "over_52_weeks", "days_to_issue"]


def time_to_issue_by_month(cases: pd.DataFrame, keys: Keys = ()) -> pd.DataFrame:
    """Time to issue in bands over the plans of the 20-week headline
    (exception plans apart), by the month of the final plan:
    within_20_weeks (≤ 140 days), over_20_to_52_weeks (141–364 days),
    over_52_weeks (365 days or more); days_to_issue sums the days, for the
    mean; median_days is the month's median (of an even number, the mean of
    the middle two). Mean and median weeks = days ÷ 7 (weeks_from_days).
    Input: *keys, request_date, final_date, exception."""
    keys = list(keys)
    final = _dates(cases["final_date"])
    counted = (final.notna() & ~cases["exception"].astype(bool)).to_numpy()
    work = _keys_frame(cases, keys, counted)
    days = _days_between(cases["final_date"], cases["request_date"]).to_numpy()[counted].astype("int64")
    work["_m"] = _month_of(cases["final_date"]).to_numpy()[counted].astype("int64")
    work["issued"] = 1
    work["within_20_weeks"] = (days <= TWENTY_WEEKS_DAYS).astype("int64")
    work["over_20_to_52_weeks"] = ((days > TWENTY_WEEKS_DAYS) & (days <= FIFTY_TWO_WEEKS_DAYS)).astype("int64")
    work["over_52_weeks"] = (days > FIFTY_TWO_WEEKS_DAYS).astype("int64")
    work["days_to_issue"] = days
    result = _summed(work, keys, TIME_TO_ISSUE_COLUMNS)
    medians = work.groupby([*keys, "_m"], sort=True)["days_to_issue"].median().to_numpy() if len(work) else []
    result["median_days"] = [Decimal(str(m)) for m in medians]
    return result


def weeks_from_days(days: Count, plans: Count) -> Decimal | None:
    """days ÷ plans ÷ 7 as weeks, one decimal place, half up; None for no plans.
    weeks_from_days(1239, 1) == Decimal("177.0"); (10, 1) → 1.4."""
    if days is None or plans is None or _missing(days) or _missing(plans) or int(plans) == 0:
        return None
    days, plans = Decimal(str(days)), int(plans)
    return round_half_up(days / plans / 7)


def reviews_by_month(cases: pd.DataFrame, as_of: date, keys: Keys = ()) -> pd.DataFrame:
    """Annual review meetings held by the due date, by the month the review was due.

    - A recorded meeting (last_review_meeting) was due as review_due_date
      says; it counts in that month, on time when the meeting ≤ the due date.
    - The review after it is due as next_review_due says; when that date is
      on or before `as_of`, it counts in its month as due and not held.
    Only plans (a final plan) count. Input: *keys, final_date,
    last_review_meeting, review_outcome."""
    keys = list(keys)
    as_of = pd.Timestamp(as_of)
    outcome = cases["review_outcome"].fillna("") if "review_outcome" in cases else pd.Series("", index=cases.index)
    finals, meetings = _dates(cases["final_date"]), _dates(cases["last_review_meeting"])
    due, following = [], []
    for final, meeting, result in zip(finals, meetings, outcome, strict=True):
        final = None if pd.isna(final) else final.date()
        meeting = None if pd.isna(meeting) else meeting.date()
        due.append(review_due_date(final, meeting))
        following.append(next_review_due(final, meeting, result))
    due, following = _dates(pd.Series(due, dtype=object)), _dates(pd.Series(following, dtype=object))
    held = due.notna().to_numpy()
    overdue = (following.notna() & (following <= as_of)).to_numpy()
    held_rows = _step_frame(
        cases.reset_index(drop=True), keys, _month_of(due).fillna(0), held, (meetings.reset_index(drop=True) <= due)
    )
    overdue_rows = _step_frame(
        cases.reset_index(drop=True), keys, _month_of(following).fillna(0), overdue, np.zeros(len(cases), dtype=bool)
    )
    both = pd.concat([held_rows, overdue_rows], ignore_index=True)
    if both.empty:
        return both
    return both.groupby([*keys, "month"], sort=True)[STEP_COLUMNS].sum().reset_index()


def review_decisions_by_month(cases: pd.DataFrame, keys: Keys = ()) -> pd.DataFrame:
    """Review decisions communicated within 4 weeks of the meeting, by the
    month of the meeting: a decision counts when review_decision_date is
    recorded, on time when it is ≤ 28 days after last_review_meeting (day
    28 on time, day 29 late)."""
    keys = list(keys)
    decided = _dates(cases["review_decision_date"]).notna().to_numpy()
    days = _days_between(cases["review_decision_date"], cases["last_review_meeting"])
    return _step_frame(
        cases,
        keys,
        _month_of(cases["last_review_meeting"]).fillna(0),
        decided,
        (days <= REVIEW_DECISION_DAYS).to_numpy(),
    )


def phase_transfers_by_month(cases: pd.DataFrame, keys: Keys = (), as_of: date | None = None) -> pd.DataFrame:
    """Phase transfers amended by the deadline, in the month of the deadline:
    a plan with a phase_transfer_year counts once its deadline has come (on
    or before `as_of`, when given); it is on time when amended_plan_date ≤
    phase_transfer_deadline(year, post16) (15 February, or 31 March into
    post-16; a plan not amended is late)."""
    keys = list(keys)
    years = pd.to_numeric(cases["phase_transfer_year"], errors="coerce")
    transferring = years.notna().to_numpy()
    post16 = cases["phase_transfer_post16"].fillna(False).astype(bool) if "phase_transfer_post16" in cases else False
    deadline_month = (
        years.fillna(0) * 12 + np.where(post16, POST16_TRANSFER_DEADLINE[0], PHASE_TRANSFER_DEADLINE[0]) - 1
    )
    deadlines = [
        phase_transfer_deadline(y, p) if not pd.isna(y) else None
        for y, p in zip(years, np.broadcast_to(np.asarray(post16), len(years)), strict=True)
    ]
    amended = _dates(cases["amended_plan_date"])
    deadline_dates = _dates(pd.Series(deadlines, index=cases.index, dtype=object))
    on_time = (amended.notna() & (amended <= deadline_dates)).to_numpy()
    if as_of is not None:
        transferring = transferring & (deadline_dates <= pd.Timestamp(as_of)).to_numpy()
    return _step_frame(cases, keys, deadline_month.astype("int64"), transferring, on_time)


APPEAL_COLUMNS = ["appeals", "appealable_decisions", "mediations"]


def appeals_by_month(cases: pd.DataFrame, keys: Keys = ()) -> pd.DataFrame:
    """Appeals to the SEND Tribunal over appealable decisions, by month.

    Appealable decisions are refusals to assess (the decision's month),
    decisions not to issue a plan (no_plan_dates) and plans issued, exception
    plans included (the final plan's month); appeals count in the month
    tribunal_date registers them, mediations in the month of mediation_date.
    The rate may pass 100% in a month: an appeal follows its decision."""
    keys = list(keys)
    parts = []
    refused = ((cases["decision"] == "refuse") & _dates(cases["decision_date"]).notna()).to_numpy()
    for dates_, counted, column in (
        (cases["decision_date"], refused, "appealable_decisions"),
        (no_plan_dates(cases), None, "appealable_decisions"),
        (cases["final_date"], None, "appealable_decisions"),
        (cases["tribunal_date"], None, "appeals"),
        (cases["mediation_date"], None, "mediations"),
    ):
        present = _dates(dates_).notna().to_numpy() if counted is None else counted
        work = _keys_frame(cases, keys, present)
        work["_m"] = _month_of(dates_).fillna(0).to_numpy()[present].astype("int64")
        for name in APPEAL_COLUMNS:
            work[name] = 1 if name == column else 0
        parts.append(work)
    work = pd.concat(parts, ignore_index=True)
    return _summed(work, keys, APPEAL_COLUMNS)


def rate_series(numerators: Any, denominators: Any) -> pd.Series:
    """numerator ÷ denominator × 100 for aligned Series, one decimal, half up,
    in integer arithmetic: an object Series of Decimal, None where the
    denominator is 0 or missing. Unlike percent_series, not capped at 100%."""
    num = pd.to_numeric(pd.Series(numerators), errors="raise").astype("Float64")
    den = pd.to_numeric(pd.Series(denominators), errors="raise").astype("Float64")
    valid = (num.notna() & den.notna() & (den > 0)).to_numpy(dtype=bool)
    n = num.fillna(0).to_numpy(dtype=np.int64)
    d = np.where(valid, den.fillna(1).to_numpy(dtype=np.int64), 1)
    tenths = (2000 * n + d) // (2 * d)
    return pd.Series(_tenths_as_decimals(tenths, valid), index=pd.Series(numerators).index, dtype=object)


def weeks_series(days: Any, plans: Any) -> pd.Series:
    """weeks_from_days for aligned Series (days ÷ plans ÷ 7, half up), in
    integer arithmetic: tenths of a week = (20 × days + 7 × plans) // (14 × plans)."""
    num = pd.to_numeric(pd.Series(days), errors="raise").astype("Float64")
    den = pd.to_numeric(pd.Series(plans), errors="raise").astype("Float64")
    valid = (num.notna() & den.notna() & (den > 0)).to_numpy(dtype=bool)
    n = num.fillna(0).to_numpy(dtype=np.int64)
    d = np.where(valid, den.fillna(1).to_numpy(dtype=np.int64), 1)
    tenths = (20 * n + 7 * d) // (14 * d)
    return pd.Series(_tenths_as_decimals(tenths, valid), index=pd.Series(days).index, dtype=object)


def _tenths_as_decimals(tenths: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Whole tenths → Decimals with one decimal place (None where not valid),
    one Decimal made per distinct value: a national frame repeats a few hundred."""
    values = np.empty(len(tenths), dtype=object)
    if valid.any():
        distinct, positions = np.unique(tenths[valid], return_inverse=True)
        made = np.array([Decimal(int(t)).scaleb(-1) for t in distinct], dtype=object)
        values[valid] = made[positions]
    return values


STEP_FIGURE_COLUMNS = [
    "numerator",
    "denominator",
    "value",
    "rolling_numerator",
    "rolling_denominator",
    "rolling_value",
    "ytd_numerator",
    "ytd_denominator",
    "ytd_value",
    "median_weeks",
    "month_approved",
    "rolling_approved",
]


def step_figures(
    frame: pd.DataFrame, year_start: Any, keys: Keys = (), unit: str = "percent", fill_gaps: bool = True
) -> pd.DataFrame:
    """Monthly, rolling 12-month and year-to-date figures of one step.

    frame: *keys, month, numerator, denominator, optional median_days and
    approved (default True: a month of case records is as recorded; a month
    of returns is approved with its return). month_approved and
    rolling_approved follow approval_flags, as for the 20-week figures.
    `unit` "percent" gives value = numerator ÷ denominator × 100; "weeks"
    gives value = numerator (days) ÷ denominator (plans) ÷ 7; both one
    decimal place, half up, None with a zero denominator. The rolling
    window and the year to date follow the 20-week rules (a window is
    complete only with all 12 of its months; `fill_gaps` turns missing months
    into months with nothing, as for case records). The median is the
    month's own: rolling and yearly medians are not sums of months.
    """
    keys = list(keys)
    work = frame.copy()
    if "median_days" not in work.columns:
        work["median_days"] = None
    if "approved" not in work.columns:
        work["approved"] = True
    for column in STEP_COLUMNS:
        work[column] = pd.to_numeric(work[column], errors="raise").astype("int64")
        if (work[column] < 0).any():
            raise ValueError(f"{column} has a negative count.")
    work["_m"] = month_index(work["month"]).to_numpy()
    if work.duplicated([*keys, "_m"]).any():
        raise ValueError("A month appears twice.")
    work = work.drop(columns="month").sort_values([*keys, "_m"], kind="stable").reset_index(drop=True)
    per_key = None
    if year_start in work.columns:
        per_key = work[[*keys, year_start]].drop_duplicates(keys) if keys else None
        scalar = work[year_start].iloc[0] if not keys and len(work) else None
        work = work.drop(columns=year_start)
    if fill_gaps:
        work = _gaps_filled(work, keys, STEP_COLUMNS)
    if per_key is not None:
        work = work.merge(per_key, on=keys, how="left")
    elif year_start not in ("calendar", "financial"):
        work[year_start] = scalar
    figure = weeks_series if unit == "weeks" else rate_series
    renamed = work.rename(columns={"numerator": "within_20_weeks", "denominator": "issued"})
    rolled = _with_rolling(renamed, keys, ROLLING_MONTHS, with_pct=False)
    work["rolling_numerator"] = rolled["rolling_within"].to_numpy()
    work["rolling_denominator"] = rolled["rolling_issued"].to_numpy()
    dated = _with_year_to_date(renamed, year_start, keys, with_pct=False)
    work["ytd_numerator"] = dated["ytd_within"].to_numpy()
    work["ytd_denominator"] = dated["ytd_issued"].to_numpy()
    work["value"] = figure(work["numerator"], work["denominator"]).to_numpy()
    work["rolling_value"] = figure(work["rolling_numerator"], work["rolling_denominator"]).to_numpy()
    work["ytd_value"] = figure(work["ytd_numerator"], work["ytd_denominator"]).to_numpy()
    # A median of days is a whole or half day: doubled, it is a whole number of half days.
    halves = pd.to_numeric(work["median_days"], errors="coerce").mul(2).round()
    known = halves.notna().to_numpy()
    work["median_weeks"] = _tenths_as_decimals(((20 * halves.fillna(0).to_numpy(dtype=np.int64) + 14) // 28), known)
    work["approved"] = work["approved"].astype("boolean").fillna(True).astype(bool)  # a filled gap: nothing to approve
    flagged = approval_flags(_finished(work), keys, rolling="rolling_denominator")
    return flagged[[*keys, "month", *STEP_FIGURE_COLUMNS]]
