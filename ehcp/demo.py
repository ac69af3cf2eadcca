"""Demo EHCP data for the three demo areas (load_demo), entered through the
same services as real data, then recomputed synchronously so that the
performance demo, which runs next, finds the stored figures.

- Walsall: its monthly returns April 2019 – November 2020 (the committee
  table's reconstruction, demo_data/walsall_returns_2019_2020.csv), approved.
- Sefton: 2023 and January – August 2024 monthly figures, approved: June
  56.9% ("57%"), July 45% (down 11.9 points), August 52%, 43% for the
  calendar year by August, as its October 2024 slides report.
- Wirral: two years of pseudonymous case records (final plans 2023 and 2024)
  shaped like its self-evaluation: 15–17% on time through 2024, requests
  growing about 17% a year; and its monthly returns for those months, which
  differ from the case records by a plan in three months.
Each area gets a year-end target of 60%.
"""

import io
import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from django.contrib.auth import get_user_model
from django.db import transaction

from .calculations import cases_by_final_month, year_start_of
from .models import EXCEPTION_FIELDS, CaseRecord, EntryChannel, ExceptionReason, ReturnStatus
from .services import cases_import, figures_recompute, return_approve, return_create, returns_import, target_set

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
TARGET_PCT = 60

# Sefton: (month, issued, within 20 weeks). 2024 to August: 169 of 393 = 43.0%.
SEFTON_RETURNS = [
    ("2023-01", 38, 9), ("2023-02", 41, 10), ("2023-03", 44, 12), ("2023-04", 35, 9),
    ("2023-05", 46, 13), ("2023-06", 43, 12), ("2023-07", 39, 11), ("2023-08", 30, 9),
    ("2023-09", 42, 13), ("2023-10", 47, 15), ("2023-11", 45, 14), ("2023-12", 36, 11),
    ("2024-01", 44, 12), ("2024-02", 46, 14), ("2024-03", 45, 16), ("2024-04", 42, 19),
    ("2024-05", 48, 22), ("2024-06", 58, 33), ("2024-07", 60, 27), ("2024-08", 50, 26),
]  # fmt: skip
SEFTON_NOTES = {
    "2024-07": "Summer staffing gaps; backlog cases finalised late.",
    "2024-08": "Backlog down from 240+ to 38 cases.",
}


def load(*, areas, stdout):
    lead = get_user_model().objects.filter(username="lead").first()
    walsall, sefton, wirral = areas["335"], areas["343"], areas["344"]
    # One transaction. The recomputes its entries queue run after it commits;
    # load_demo (queue.coalesced()) holds them to its end, one per area, and
    # they find the figures computed below.
    with transaction.atomic():
        _enter(walsall, sefton, wirral, lead)
    cases_count = CaseRecord.objects.filter(local_area=wirral).count()
    # One target from each area's first year of figures stays in force for the years after.
    for area, first_month in ((walsall, date(2019, 4, 1)), (sefton, date(2023, 1, 1)), (wirral, date(2023, 1, 1))):
        target_set(area=area, year_start=year_start_of(first_month, area.year_start), target_pct=TARGET_PCT, user=lead)
        figures_recompute(area_id=area.pk)
    stdout.write(
        f"EHCP: Walsall's 20 monthly returns, Sefton's {len(SEFTON_RETURNS)}, and {cases_count:,} Wirral case "
        f"records; figures computed."
    )


def _enter(walsall, sefton, wirral, lead):
    """Every EHCP entry of the demo, through the same services as real data."""
    returns_import(
        area=walsall,
        source=DEMO_DATA / "walsall_returns_2019_2020.csv",
        user=lead,
        status=ReturnStatus.APPROVED,
        channel=EntryChannel.DEMO,
        filename="walsall_returns_2019_2020.csv",
    )
    for month, issued, within in SEFTON_RETURNS:
        monthly_return = return_create(
            area=sefton,
            month=date.fromisoformat(f"{month}-01"),
            values={"issued": issued, "within_20_weeks": within, "notes": SEFTON_NOTES.get(month, "")},
            user=lead,
            submit=True,
            channel=EntryChannel.DEMO,
        )
        return_approve(monthly_return=monthly_return, user=lead, channel=EntryChannel.DEMO)
    cases = wirral_cases()
    buffer = io.BytesIO(cases.to_csv(index=False).encode())
    buffer.name = "wirral-cases-2023-2024.csv"
    cases_import(area=wirral, source=buffer, user=lead, channel=EntryChannel.DEMO, filename=buffer.name)
    for month, values in wirral_returns(cases):
        monthly_return = return_create(
            area=wirral, month=month, values=values, user=lead, submit=True, channel=EntryChannel.DEMO
        )
        return_approve(monthly_return=monthly_return, user=lead, channel=EntryChannel.DEMO)


# The team's monthly returns count a plan or two differently from the case
# records in three months, which the reconciliation page shows.
WIRRAL_RETURN_DIFFERENCES = {date(2023, 5, 1): 1, date(2024, 3, 1): -1, date(2024, 9, 1): 1}
WIRRAL_NOTES = {
    date(2023, 5, 1): "Includes one plan finalised on 31 May and recorded in June.",
    date(2024, 3, 1): "One plan counted in April after a late amendment.",
    date(2024, 9, 1): "Includes one plan reissued after tribunal.",
}


def wirral_returns(cases):
    """[(month, values)] as Wirral's team would return them: the case
    records' own monthly counts, exceptions by reason, but for
    WIRRAL_RETURN_DIFFERENCES."""
    frame = cases.assign(
        request_date=pd.to_datetime(cases["request_date"]),
        final_date=pd.to_datetime(cases["final_date"].replace("", None)),
        exception=cases["exception"] == "yes",
    )
    counts = cases_by_final_month(frame)
    exceptions = frame[frame["exception"]]
    reasons = exceptions.groupby([exceptions["final_date"].dt.to_period("M"), "exception_reason"]).size()
    returns = []
    for row in counts.itertuples():
        values = {
            "issued": row.issued + WIRRAL_RETURN_DIFFERENCES.get(row.month, 0),
            "within_20_weeks": row.within_20_weeks,
            "notes": WIRRAL_NOTES.get(row.month, ""),
        }
        period = pd.Period(row.month, freq="M")
        for reason, field in EXCEPTION_FIELDS.items():
            values[field] = int(reasons.get((period, reason.value), 0))
        returns.append((row.month, values))
    return returns


WIRRAL_EXTRACT_DATE = date(2024, 12, 31)
WIRRAL_SEASON = [1.0, 1.05, 1.1, 0.95, 1.05, 1.1, 1.0, 0.75, 0.9, 1.05, 1.05, 0.85]
# Educational psychology is slow, health quick: (fastest days, slowest days, share within 6 weeks).
WIRRAL_ADVICE = {"ep": (25, 85, 0.35), "health": (14, 50, 0.85), "social_care": (18, 60, 0.65)}


class _WirralCases:
    """The case extract wirral_cases writes, one kind of case at a time
    (the random draws are taken in the order the figures were made with)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.rows = []

    def reference(self):
        return f"WIR-{len(self.rows) + 100001:06d}"

    def decision_days(self, limit=75):
        # Wirral decided 37.9% of requests within 6 weeks in 2024 (SEN2).
        rng = self.rng
        return rng.randint(18, 42) if rng.random() < 0.365 else rng.randint(43, max(43, limit))

    def late_wait(self):
        """Days from request to a plan issued late. A quarter of late plans
        (a fifth of all plans) take 52 weeks or more, as DfE reports for Wirral
        in 2024 (21.4% over 52 weeks); the rest over 20 weeks up to about 45."""
        spread = self.rng.randint(0, 220)
        if spread > 165:
            return self.rng.randint(365, 365 + 4 * (spread - 165))
        return self.rng.randint(141, 150 + spread)

    def disputes(self, decided_on):
        fields = {}
        for flag, share in (("mediation", 0.05), ("tribunal", 0.03)):
            when = decided_on + timedelta(days=self.rng.randint(20, 90)) if decided_on else None
            if when and when <= WIRRAL_EXTRACT_DATE and self.rng.random() < share:
                fields.update({flag: "yes", f"{flag}_date": when})
        return fields

    def review(self, final):
        """The annual review of a plan made in 2023, and a phase transfer."""
        rng, fields = self.rng, {}
        meeting = final + timedelta(days=365 + rng.randint(-35, 40))
        if meeting <= WIRRAL_EXTRACT_DATE:
            fields["last_review_meeting"] = meeting
            # Wirral communicated 38.6% of review decisions within 4 weeks in 2024 (SEN2).
            told = meeting + timedelta(days=rng.randint(6, 28) if rng.random() < 0.386 else rng.randint(29, 75))
            if told <= WIRRAL_EXTRACT_DATE:
                outcome = rng.choices(["maintain", "amend", "cease"], weights=[35, 60, 5])[0]
                fields.update(review_decision_date=told, review_outcome=outcome)
        if rng.random() < 0.12 and final < date(2024, 1, 1):
            amended = date(2024, 2, 15) + timedelta(days=rng.randint(-50, 30))
            if fields.get("review_outcome") != "cease":
                fields["phase_transfer_year"] = 2024
            if amended >= final and fields.get("review_outcome") != "cease":
                fields["amended_plan_date"] = amended
        return fields

    def timeline(self, decision, decision_date, final, closed, closed_reason):
        """The rest of the clock, as the case extract would hold it on 31 December 2024."""
        fields = {}
        if final is not None:
            fields.update(assessment_outcome="plan", outcome_date=final)
        elif closed_reason == "not_issued":
            fields.update(assessment_outcome="no_plan", outcome_date=closed)
        fields.update(self.disputes(final or closed or (decision_date if decision == "refuse" else None)))
        if final is not None and final.year == 2023:
            fields.update(self.review(final))
        return fields

    def advice(self, decision_date, final):
        advice = {}
        for service, (fast, slow, share) in WIRRAL_ADVICE.items():
            requested = decision_date + timedelta(days=self.rng.randint(1, 5))
            days = self.rng.randint(fast, 42) if self.rng.random() < share else self.rng.randint(43, slow)
            received = requested + timedelta(days=days)
            if final is not None:
                received = min(received, final - timedelta(days=20))
                requested = min(requested, received)
            if requested <= WIRRAL_EXTRACT_DATE:
                advice[f"{service}_advice_requested"] = requested
            if WIRRAL_EXTRACT_DATE >= received >= requested:
                advice[f"{service}_advice_received"] = received
        return advice

    def add(
        self, request, decision, decision_date, final=None, closed=None, exception=False, reason="", closed_reason=""
    ):
        advice = self.advice(decision_date, final) if decision == "assess" else {}
        draft = final - timedelta(days=self.rng.randint(14, 28)) if final else None
        self.rows.append(
            {
                "reference": self.reference(),
                "request_date": request,
                "decision_date": decision_date,
                "decision": decision,
                "final_date": final,
                "exception": "yes" if exception else "no",
                "closed_date": closed,
                "draft_date": max(draft, decision_date) if draft else None,
                "exception_reason": reason,
                "closed_reason": closed_reason,
                **advice,
                **self.timeline(decision, decision_date, final, closed, closed_reason),
            }
        )

    def month(self, month_number):
        """A month of 2023–2024: its plans, exception plans, refusals and decisions not to issue."""
        rng = self.rng
        year, month = 2023 + month_number // 12, month_number % 12 + 1
        plans = round(48 * (1.17 ** (month_number / 12)) * WIRRAL_SEASON[month - 1])
        on_time = round(plans * rng.choice([0.155, 0.16, 0.165]))
        month_start = date(year, month, 1)
        days_in_month = ((month_start + timedelta(days=32)).replace(day=1) - month_start).days
        for number in range(plans):
            final = month_start + timedelta(days=rng.randrange(days_in_month))
            waited = rng.randint(95, 140) if number < on_time else self.late_wait()
            request = final - timedelta(days=waited)
            decided = request + timedelta(days=min(self.decision_days(), waited - 40))
            self.add(request, "assess", decided, final=final)
        for _exception in range(rng.choice([1, 2, 2, 3])):
            final = month_start + timedelta(days=rng.randrange(days_in_month))
            request = final - timedelta(days=rng.randint(150, 260))
            reason = rng.choice([r for r in ExceptionReason if r != ExceptionReason.COVID])
            self.add(request, "assess", request + timedelta(days=40), final=final, exception=True, reason=reason.value)
        self.refusals(month_start, days_in_month, plans)

    def refusals(self, month_start, days_in_month, plans):
        rng = self.rng
        for _refused in range(round(plans * 0.33)):
            request = month_start + timedelta(days=rng.randrange(days_in_month))
            decided = request + timedelta(days=self.decision_days(55))
            if decided <= WIRRAL_EXTRACT_DATE:
                self.add(request, "refuse", decided, closed=decided, closed_reason="refused")
        for _not_issued in range(round(plans * 0.06)):
            # Assessed, then a decision not to issue a plan: due within 16 weeks (112 days).
            request = month_start + timedelta(days=rng.randrange(days_in_month))
            decided = request + timedelta(days=self.decision_days(60))
            outcome = request + timedelta(days=rng.randint(85, 150))
            if outcome <= WIRRAL_EXTRACT_DATE:
                self.add(request, "assess", decided, closed=outcome, closed_reason="not_issued")

    def still_open(self, month):
        """Requests of 2024 still waiting for a plan at the end of the year: more of the recent months'."""
        month_start = date(2024, month, 1)
        for _open in range(round(72 * min(1.0, (month - 2) / 6))):
            request = month_start + timedelta(days=self.rng.randrange(28))
            decided = request + timedelta(days=self.decision_days(60))
            if decided <= WIRRAL_EXTRACT_DATE:
                self.add(request, "assess", decided)
            else:
                self.rows.append(
                    {"reference": self.reference(), "request_date": request, "decision": "pending", "exception": "no"}
                )


def wirral_cases(seed=344):
    """Pseudonymous case records with final plans in 2023 and 2024.

    Plans a month grow about 17% a year with the school-year seasonality;
    each month exactly round(p × plans) are on time, p drawn from 15.5–16.5%,
    so every month and every rolling year of 2024 sits within 15–17%; about
    a fifth of plans take 52 weeks or more (DfE: 21.4% in 2024). About
    a quarter of requests are refused; later requests are still open at the
    end of 2024. Advice: educational psychology is slow, health quick.
    """
    cases = _WirralCases(seed)
    for month_number in range(24):
        cases.month(month_number)
    for month in range(3, 13):
        cases.still_open(month)
    frame = pd.DataFrame(cases.rows)
    for column in frame.columns:
        if column.endswith(("_date", "_requested", "_received")) or column == "last_review_meeting":
            frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    if "phase_transfer_year" in frame:
        frame["phase_transfer_year"] = frame["phase_transfer_year"].astype("Int64").astype(str).replace("<NA>", "")
    return frame.fillna("")
