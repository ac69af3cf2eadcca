"""Synthetic EHCP data at national scale, for benchmarks (generate_scale_data).

Deterministic for a seed (and end month): every area gets `years` × 12
monthly returns and case records shaped like the real ones: seasonal demand
(quiet in August and December) growing 15–20% a year, a decision to assess or
refuse, advice from three services, a final plan or closure, exceptions, and
20-week timeliness spread across areas from under 5% to over 90%, drifting
year to year. At 153 areas × 10 years: about 1,000,000 case records and
18,360 monthly returns. Returns are derived from the cases, with small
reporting differences in some areas so that reconciliation has work to do.
"""

import time
from datetime import date

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

from . import timeline
from .calculations import TWENTY_WEEKS_DAYS, next_review_due, review_due_date
from .models import CaseRecord, ClosedReason, Decision, ExceptionReason, MonthlyReturn, ReturnStatus
from .services import figures_recompute_all

CASES_AT_NATIONAL_SCALE = 1_000_000  # 153 areas × 10 years
NATIONAL_AREA_YEARS = 153 * 10
# Requests by calendar month relative to the year's average: schools' terms.
SEASONALITY = np.array([1.05, 1.10, 1.15, 1.00, 1.10, 1.10, 1.00, 0.55, 0.95, 1.15, 1.10, 0.75])
SEASONALITY = SEASONALITY / SEASONALITY.mean()
EPOCH = np.datetime64("1970-01-01", "D")
CASE_COLUMNS = [
    "local_area_id",
    "reference",
    "request_date",
    "decision_date",
    "decision",
    "ep_advice_requested",
    "ep_advice_received",
    "health_advice_requested",
    "health_advice_received",
    "social_care_advice_requested",
    "social_care_advice_received",
    "draft_date",
    "final_date",
    "exception",
    "exception_reason",
    "closed_date",
    "closed_reason",
    *timeline.CASE_FIELDS,
    "created_at",
    "updated_at",
]


def generate(*, areas, years, seed, stdout, end=None):
    """Replace the EHCP data of `areas` with `years` of synthetic returns and
    cases ending with the month `end` (default: last complete month), then
    compute their stored figures."""
    started = time.perf_counter()
    end = (end or _last_complete_month()).replace(day=1)
    areas = sorted(areas, key=lambda a: a.code)
    frame = synthetic_cases(area_codes=[a.code for a in areas], years=years, seed=seed, end=end)
    ids = {a.code: a.id for a in areas}
    frame["local_area_id"] = frame.pop("area_code").map(ids)
    returns = returns_from_cases(frame, end=end, years=years, seed=seed)
    with transaction.atomic():
        CaseRecord.objects.filter(local_area__in=areas).delete()
        MonthlyReturn.objects.filter(local_area__in=areas).delete()
        _insert_cases(frame)
        _insert_returns(returns)
    stdout.write(
        f"ehcp: {len(frame):,} case records and {len(returns):,} monthly returns for {len(areas)} areas "
        f"({time.perf_counter() - started:.1f} s)."
    )
    started = time.perf_counter()
    figures_recompute_all()
    stdout.write(f"ehcp: stored figures computed ({time.perf_counter() - started:.1f} s).")


def _last_complete_month():
    today = timezone.localdate()
    return (pd.Timestamp(today.replace(day=1)) - pd.offsets.MonthBegin(1)).date()


def synthetic_cases(*, area_codes, years, seed, end):
    """A DataFrame of case records (dates as datetime64[D], NaT when absent)."""
    rng = np.random.default_rng(seed)
    n_areas = len(area_codes)
    n_months = years * 12
    end_index = end.year * 12 + end.month - 1
    months = np.arange(end_index - n_months + 1, end_index + 1)
    size = rng.lognormal(0.0, 0.55, n_areas)
    growth = rng.uniform(0.15, 0.20, n_areas)
    # Timeliness level per area: a wide spread like SEN2's (under 5% to over 90%).
    level = np.clip(rng.beta(0.8, 1.1, n_areas), 0.02, 0.97)
    drift = rng.normal(0, 0.06, (n_areas, years)).cumsum(axis=1)
    t = np.arange(n_months)
    growth_curve = (1 + growth[:, None]) ** (t[None, :] / 12)
    season = SEASONALITY[months % 12][None, :]
    weights = size[:, None] * growth_curve * season
    target = CASES_AT_NATIONAL_SCALE * n_areas * years / NATIONAL_AREA_YEARS
    counts = rng.poisson(weights * target / weights.sum())

    area_of = np.repeat(np.repeat(np.arange(n_areas), n_months), counts.ravel())
    month_of = np.repeat(np.tile(months, n_areas), counts.ravel())
    n = len(area_of)
    first_day = _month_start(month_of)
    days_in_month = (_month_start(month_of + 1) - first_day).astype(int)
    request = first_day + (rng.random(n) * days_in_month).astype(int)
    period_end = _month_start(np.array([end_index + 1]))[0] - 1  # the last day of `end`

    year_of = np.minimum((month_of - months[0]) // 12, years - 1)
    on_time_p = np.clip(level[area_of] + drift[area_of, year_of], 0.01, 0.98)

    refused = rng.random(n) < 0.22
    decision_days = np.maximum(1, rng.gamma(4.0, 9.5, n)).astype(int)
    decision_date = request + decision_days
    not_issued = ~refused & (rng.random(n) < 0.06)
    on_time = rng.random(n) < on_time_p
    late_by = rng.exponential(40 + 160 * (1 - on_time_p)).astype(int) + 1
    final_days = np.where(on_time, rng.integers(70, TWENTY_WEEKS_DAYS + 1, n), TWENTY_WEEKS_DAYS + late_by)
    final_days = np.maximum(final_days, decision_days + 14)
    final = request + final_days
    closed_days = np.where(refused, decision_days, decision_days + rng.integers(30, 150, n))
    closed = request + closed_days
    exception = ~refused & ~not_issued & (rng.random(n) < 0.04)
    draft = final - rng.integers(15, 36, n)
    draft = np.maximum(draft, decision_date)

    def advice(within_p, requested_after):
        requested = decision_date + requested_after
        days = np.where(rng.random(n) < within_p, rng.integers(10, 43, n), rng.integers(43, 120, n))
        return requested, requested + days

    ep_p = np.clip(rng.beta(2, 2, n_areas)[area_of], 0.05, 0.98)
    health_p = np.clip(rng.beta(5, 2, n_areas)[area_of], 0.05, 0.99)
    social_p = np.clip(rng.beta(4, 2, n_areas)[area_of], 0.05, 0.99)
    ep_req, ep_rec = advice(ep_p, rng.integers(0, 8, n))
    health_req, health_rec = advice(health_p, rng.integers(0, 8, n))
    social_req, social_rec = advice(social_p, rng.integers(0, 8, n))

    # What had happened by the end of the period is all that is known.
    decided = decision_date <= period_end
    assessed = decided & ~refused
    has_plan = assessed & ~not_issued & (final <= period_end)
    is_closed = decided & (refused | (not_issued & (closed <= period_end)))
    frame = pd.DataFrame(
        {
            "area_code": np.asarray(area_codes)[area_of],
            "reference": [
                f"S{code}-{i:07d}" for code, i in zip(np.asarray(area_codes)[area_of], range(n), strict=True)
            ],
            "request_date": request,
            "decision_date": _when(decided, decision_date),
            "decision": np.where(~decided, Decision.PENDING, np.where(refused, Decision.REFUSE, Decision.ASSESS)),
            "ep_advice_requested": _when(assessed & (ep_req <= period_end), ep_req),
            "ep_advice_received": _when(assessed & (ep_rec <= period_end), ep_rec),
            "health_advice_requested": _when(assessed & (health_req <= period_end), health_req),
            "health_advice_received": _when(assessed & (health_rec <= period_end), health_rec),
            "social_care_advice_requested": _when(assessed & (social_req <= period_end), social_req),
            "social_care_advice_received": _when(assessed & (social_rec <= period_end), social_rec),
            "draft_date": _when(assessed & ~not_issued & (draft <= period_end), draft),
            "final_date": _when(has_plan, final),
            "exception": has_plan & exception,
            "exception_reason": np.where(
                has_plan & exception,
                rng.choice([r.value for r in ExceptionReason if r != ExceptionReason.COVID], n),
                "",
            ),
            "closed_date": _when(is_closed, closed),
            "closed_reason": np.where(is_closed, np.where(refused, ClosedReason.REFUSED, ClosedReason.NOT_ISSUED), ""),
        }
    )
    return _with_timeline(frame, rng, period_end, has_plan, is_closed & ~refused, decision_date, closed)


def _with_timeline(frame, rng, period_end, has_plan, not_issued, decision_date, closed):
    """The rest of the statutory clock: outcomes, mediation and appeals on
    a few per cent of decisions, yearly reviews of plans (their decision
    within 4 weeks about four times in ten, as SEN2 reports), phase transfers."""
    n = len(frame)
    final = frame["final_date"].to_numpy(dtype="datetime64[D]")
    closed = np.asarray(closed, dtype="datetime64[D]")
    frame["assessment_outcome"] = np.where(has_plan, "plan", np.where(not_issued, "no_plan", ""))
    frame["outcome_date"] = _when(has_plan, final).astype("datetime64[D]")
    frame.loc[not_issued, "outcome_date"] = closed[not_issued]
    decided_on = np.where(
        has_plan, final, np.where(not_issued, closed, frame["decision_date"].to_numpy("datetime64[D]"))
    )
    appealable = has_plan | not_issued | (frame["decision"].to_numpy() == Decision.REFUSE)
    for flag, share in (("mediation", 0.05), ("tribunal", 0.03)):
        when = decided_on + rng.integers(20, 120, n)
        happened = appealable & (rng.random(n) < share) & (when <= period_end)
        frame[flag] = happened
        frame[f"{flag}_date"] = _when(happened, when)
    years_held = np.where(has_plan, (period_end - np.where(has_plan, final, period_end)).astype(int) // 365, 0)
    meeting = final + 365 * years_held + rng.integers(-40, 60, n)
    reviewed = has_plan & (years_held >= 1) & (meeting <= period_end)
    meeting = np.maximum(meeting, final + 300)
    decision = meeting + np.maximum(0, rng.gamma(2.0, 18.0, n)).astype(int)
    decided = reviewed & (decision <= period_end)
    frame["last_review_meeting"] = _when(reviewed, meeting)
    frame["review_decision_date"] = _when(decided, decision)
    outcomes = rng.choice(["maintain", "amend", "cease"], n, p=[0.35, 0.6, 0.05])
    frame["review_outcome"] = np.where(decided, outcomes, "")
    final_year = final.astype("datetime64[Y]").astype(int) + 1970
    transfer_year = final_year + rng.integers(1, 4, n)
    transferring = has_plan & (rng.random(n) < 0.15)
    post16 = rng.random(n) < 0.3
    deadline = np.array(
        [
            f"{y}-03-31" if p else f"{y}-02-15"
            for y, p in zip(np.where(transferring, transfer_year, 2000), post16, strict=True)
        ],
        dtype="datetime64[D]",
    )
    amended = deadline + rng.integers(-60, 45, n)
    is_amended = transferring & (amended <= period_end) & (amended >= final)
    frame["phase_transfer_year"] = pd.Series(transfer_year, index=frame.index, dtype="Int64").where(transferring)
    frame["phase_transfer_post16"] = transferring & post16
    frame["amended_plan_date"] = _when(is_amended, amended)
    frame.loc[decided & (outcomes == "cease"), "phase_transfer_year"] = pd.NA
    frame.loc[decided & (outcomes == "cease"), "phase_transfer_post16"] = False
    # As dates (None for none): the rules take datetime.date, as a case's fields are.
    finals = frame["final_date"].to_numpy("datetime64[D]").astype(object).tolist()
    meetings = frame["last_review_meeting"].to_numpy("datetime64[D]").astype(object).tolist()
    due, following = [], []
    for final_day, meeting_day, result in zip(finals, meetings, frame["review_outcome"].tolist(), strict=True):
        due.append(review_due_date(final_day, meeting_day))
        following.append(next_review_due(final_day, meeting_day, result))
    frame["review_due_date"] = pd.to_datetime(pd.Series(due, dtype=object))
    frame["next_review_due"] = pd.to_datetime(pd.Series(following, dtype=object))
    return frame


def returns_from_cases(frame, *, end, years, seed):
    """Monthly returns as the areas would report them: the cases' own figures,
    with a few plans reported differently in one area in ten."""
    rng = np.random.default_rng(seed + 1)
    final = frame["final_date"]
    with_plan = final.notna()
    plans = frame.loc[with_plan, ["local_area_id", "exception"]].copy()
    plans["month"] = final[with_plan].dt.to_period("M").dt.to_timestamp()
    days = (final[with_plan] - frame.loc[with_plan, "request_date"]).dt.days
    plans["issued"] = ~plans["exception"]
    plans["within_20_weeks"] = plans["issued"] & (days <= TWENTY_WEEKS_DAYS)
    plans["exceptions"] = plans["exception"]
    counts = plans.groupby(["local_area_id", "month"])[["issued", "within_20_weeks", "exceptions"]].sum()
    end_stamp = pd.Timestamp(end)
    months = pd.date_range(end_stamp - pd.DateOffset(months=years * 12 - 1), end_stamp, freq="MS")
    grid = pd.MultiIndex.from_product([sorted(frame["local_area_id"].unique()), months], names=counts.index.names)
    counts = counts.reindex(grid, fill_value=0).reset_index().astype({"issued": int, "within_20_weeks": int})
    areas = counts["local_area_id"].unique()
    differing = set(rng.choice(areas, size=max(1, len(areas) // 10), replace=False).tolist())
    noisy = counts["local_area_id"].isin(differing).to_numpy() & (rng.random(len(counts)) < 0.3)
    extra = rng.integers(-2, 3, len(counts)) * noisy
    counts["issued"] = np.maximum(counts["issued"] + extra, counts["within_20_weeks"])
    counts["status"] = np.where(counts["month"] == end_stamp, ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)
    counts["month"] = counts["month"].dt.date
    return counts


def _month_start(month_index):
    """Integer months → datetime64[D] of their first day."""
    return (np.asarray(month_index) - (1970 * 12)).astype("datetime64[M]").astype("datetime64[D]")


def _when(mask, dates):
    return np.where(mask, dates, np.datetime64("NaT"))


def _insert_cases(frame: pd.DataFrame) -> None:
    now = timezone.now()
    if connection.vendor == "postgresql":
        # COPY is an order of magnitude faster than INSERTs for a million rows.
        stamp = now.isoformat()
        frame = frame.assign(created_at=stamp, updated_at=stamp)[CASE_COLUMNS]
        text = frame.to_csv(index=False, header=False, date_format="%Y-%m-%d", na_rep="\\N")
        columns = ", ".join(CASE_COLUMNS)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY ehcp_caserecord ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy,
        ):
            copy.write(text)
        return
    frame = frame.assign(created_at=now, updated_at=now)[CASE_COLUMNS]
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for record in records:
        for column in CASE_COLUMNS:
            value = record[column]
            if value is pd.NA:
                record[column] = None
            elif isinstance(value, pd.Timestamp) and column not in ("created_at", "updated_at"):
                record[column] = value.date()
    CaseRecord.objects.bulk_create((CaseRecord(**r) for r in records), batch_size=2000)


def _insert_returns(returns):
    now = timezone.now()
    MonthlyReturn.objects.bulk_create(
        (
            MonthlyReturn(
                local_area_id=int(row.local_area_id),
                month=row.month if isinstance(row.month, date) else row.month.date(),
                issued=int(row.issued),
                within_20_weeks=int(row.within_20_weeks),
                exceptions=int(row.exceptions),
                exceptions_other=0,
                status=row.status,
                created_at=now,
                updated_at=now,
                submitted_at=now,
                approved_at=now if row.status == ReturnStatus.APPROVED else None,
            )
            for row in returns.itertuples()
        ),
        batch_size=2000,
    )
