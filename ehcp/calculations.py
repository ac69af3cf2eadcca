"""The EHCP compliance engine: pure functions over pandas DataFrames.

No ORM and no Django here, so every rule is tested without a database
(tests/ehcp/test_calculations.py). DOMAIN.md ("Computations") defines each figure.

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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from send_board.calculations import round_half_up

TWENTY_WEEKS_DAYS = 140  # a final plan is due within 20 weeks (140 days) of the request
SIX_WEEKS_DAYS = 42  # the decision to assess, and each advice, is due within 6 weeks
ROLLING_MONTHS = 12
FINANCIAL_YEAR_FIRST_MONTH = 4  # April

MONTHLY_COLUMNS = ["month", "issued", "within_20_weeks"]
ADVICE_SERVICES = ("ep", "health", "social_care")


# ---------------------------------------------------------------- percentages


def percent(numerator, denominator):
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


def percent_series(numerators, denominators):
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


def _missing(value):
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- months


def month_index(months):
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


def month_from_index(indexes):
    """Integer months → a Series of datetime.date (first day of the month)."""
    values = pd.Series(indexes).astype("int64")
    codes, uniques = pd.factorize(values)
    dates = np.array([date(int(i) // 12, int(i) % 12 + 1, 1) for i in uniques], dtype=object)
    return pd.Series(dates[codes], index=values.index, dtype=object)


def year_start_index(month_indexes, year_start):
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


def year_start_of(month, year_start):
    """The first month (a date) of the calendar or financial year holding `month`."""
    index = int(year_start_index([month.year * 12 + month.month - 1], year_start)[0])
    return date(index // 12, index % 12 + 1, 1)


def year_label(start, year_start):
    """'2024' for a calendar year, '2024–25' for a financial year starting April 2024."""
    if year_start == "calendar":
        return f"{start.year}"
    return f"{start.year}–{(start.year + 1) % 100:02d}"


def months_between(first, last):
    """Months from `first` to `last` inclusive (dates)."""
    return (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1


# ---------------------------------------------------------------- monthly figures


def monthly_timeliness(frame, keys=()):
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


def with_rolling_12(frame, keys=(), window=ROLLING_MONTHS):
    """Add rolling_issued, rolling_within and rolling_pct: the sums over the
    `window` months ending with each month (that month included).

    A window is complete only when every one of its months is present for
    that key; an incomplete window gives NA/None, never a figure from fewer
    months. Output sorted by keys and month; the rolling counts are Int64.
    """
    keys = list(keys)
    return _finished(_with_rolling(_prepared(frame, keys), keys, window))


def with_year_to_date(frame, year_start, keys=()):
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


def approval_flags(frame, keys=(), window=ROLLING_MONTHS):
    """Add month_approved (the month's own `approved` value) and rolling_approved:
    every month of a complete rolling window approved. Input: sorted by keys
    and month, with an `approved` bool column and the rolling columns of
    with_rolling_12."""
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
    complete = result["rolling_issued"].notna()
    result["month_approved"] = approved
    result["rolling_approved"] = (complete & (unapproved_in_window == 0)).astype(bool)
    return result


def timeliness_figures(frame, year_start, keys=(), fill_gaps=False):
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


def _prepared(frame, keys):
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


def _finished(work):
    """`month` (dates) back in place of `_m`, first after the keys."""
    work = work.copy()
    position = list(work.columns).index("_m")
    work.insert(position, "month", month_from_index(work["_m"]).to_numpy() if len(work) else [])
    return work.drop(columns="_m")


def _gaps_filled(work, keys, value_columns):
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


def _with_rolling(result, keys, window):
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
    result["rolling_pct"] = percent_series(result["rolling_within"], result["rolling_issued"]).to_numpy()
    return result


def _with_year_to_date(work, year_start, keys):
    result = work.copy()
    starts = result[year_start].to_numpy() if year_start in result.columns else year_start
    year = year_start_index(result["_m"].to_numpy(), starts)
    grouped = result.groupby([*(result[k] for k in keys), pd.Series(year, index=result.index)], sort=False)
    result["ytd_issued"] = grouped["issued"].cumsum().astype("int64")
    result["ytd_within"] = grouped["within_20_weeks"].cumsum().astype("int64")
    result["ytd_pct"] = percent_series(result["ytd_within"], result["ytd_issued"]).to_numpy()
    result["year_start_month"] = month_from_index(pd.Series(year, index=result.index)).to_numpy()
    return result


# ---------------------------------------------------------------- from case records


def _keys_frame(source, keys, mask=None):
    """A new frame holding `source`'s key columns (rows where `mask`), index 0..n-1."""
    rows = len(source) if mask is None else int(mask.sum())
    frame = pd.DataFrame(index=pd.RangeIndex(rows))
    for key in keys:
        values = source[key].to_numpy()
        frame[key] = values if mask is None else values[mask]
    return frame


def _dates(series):
    return pd.to_datetime(pd.Series(series), errors="raise")


def _days_between(later, earlier):
    return (_dates(later) - _dates(earlier)).dt.days


def cases_by_final_month(cases, keys=()):
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


def monthly_from_cases(cases, year_start="financial", keys=()):
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
]


def cohorts(cases, as_of, keys=()):
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
    grouped = work.groupby([*keys, "_m"], sort=True)[COHORT_COLUMNS].sum().reset_index()
    grouped["request_month"] = month_from_index(grouped["_m"]).to_numpy() if len(grouped) else []
    return grouped[[*keys, "request_month", *COHORT_COLUMNS]].astype(dict.fromkeys(COHORT_COLUMNS, "int64"))


def _since(cohort_rows, since):
    if since is None or not len(cohort_rows):
        return cohort_rows
    months = month_index(cohort_rows["request_month"])
    return cohort_rows[(months >= int(month_index([since]).iloc[0])).to_numpy()]


def cohort_summary(cohort_rows, since=None):
    """Totals over the cohorts whose request month is on or after `since`
    (a date; all when None), as Walsall reports them ("since 1 March 2020,
    340 opened, 118 plans issued of which 61 (51.7%) on time, 60 closed
    without a plan, 162 open"). A dict of counts, `on_time_pct` and
    `decided_within_6_weeks_pct`."""
    rows = _since(cohort_rows, since)
    totals = {column: int(rows[column].sum()) if len(rows) else 0 for column in COHORT_COLUMNS}
    totals["on_time_pct"] = percent(totals["issued_within_20_weeks"], totals["plans_issued"])
    totals["decided_within_6_weeks_pct"] = percent(totals["decided_within_6_weeks"], totals["received"])
    return totals


def advice_timeliness(cohort_rows, since=None):
    """Advice within 6 weeks by service over the cohorts from `since`:
    [(service, received, within_6_weeks, pct)], pct None when none arrived."""
    rows = _since(cohort_rows, since)
    result = []
    for service in ADVICE_SERVICES:
        received = int(rows[f"{service}_advice"].sum()) if len(rows) else 0
        within = int(rows[f"{service}_advice_within_6_weeks"].sum()) if len(rows) else 0
        result.append((service, received, within, percent(within, received)))
    return result


# ---------------------------------------------------------------- reconciliation


def reconcile(returns_figures, case_figures):
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
    def sentence(self):
        target = format_pct(self.target_pct)
        if self.status == "no_target":
            return "No year-end target has been set."
        if self.status == "no_data":
            return f"Target {target}: no plans issued so far this year."
        if self.status == "year_complete":
            verdict = "met" if self.ytd_pct is not None and self.ytd_pct >= self.target_pct else "missed"
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


def format_pct(value):
    """'58%' for 58.0, '57.5%' for 57.5, '–' for None."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}"
    return f"{text}%"


def trajectory(
    *, target_pct, ytd_issued, ytd_within, months_elapsed, recent_issued=0, recent_within=0, months_in_year=12
):
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
    base = {
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
