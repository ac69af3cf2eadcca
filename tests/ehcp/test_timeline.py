"""The statutory timeline: each step's rule at its boundary day, the case
columns' rules in the import, the database aggregations against the
engine's per-case functions, and the stored series read by step_series."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from ehcp import calculations as calc
from ehcp import scale_data, selectors, services, timeline
from ehcp.models import CaseRecord, CohortFigure, FigureSource, StepFigure
from send_board.uploads import RowErrors

REQUEST = date(2024, 1, 10)


def case(**fields):
    base = {
        "request_date": REQUEST,
        "decision_date": None,
        "decision": "pending",
        "final_date": None,
        "exception": False,
        "closed_date": None,
        "closed_reason": "",
        "assessment_outcome": "",
        "outcome_date": None,
        "mediation": False,
        "mediation_date": None,
        "tribunal": False,
        "tribunal_date": None,
        "last_review_meeting": None,
        "review_decision_date": None,
        "review_outcome": "",
        "phase_transfer_year": None,
        "phase_transfer_post16": False,
        "amended_plan_date": None,
    }
    return {**base, **fields}


def frame(*cases):
    result = pd.DataFrame([case(**c) for c in cases])
    for column in result.columns:
        if column.endswith("_date") or column in ("last_review_meeting",):
            result[column] = pd.to_datetime(result[column])
    return result


def counts(result):
    """(month, numerator, denominator) rows by month: the database's groups come in
    whatever order its plan gives (a hash aggregate's, once the table has statistics)."""
    return sorted((r["month"], r["numerator"], r["denominator"]) for r in result.to_dict("records"))


# ---------------------------------------------------------------- rules at the boundary days


@pytest.mark.parametrize(("days", "on_time"), [(42, 1), (43, 0)])
def test_a_decision_to_assess_is_on_time_up_to_day_42(days, on_time):
    decided = REQUEST + timedelta(days=days)
    result = calc.decisions_by_month(frame({"decision": "assess", "decision_date": decided}))
    assert counts(result) == [(decided.replace(day=1), on_time, 1)]


def test_a_pending_request_is_not_a_decision():
    assert calc.decisions_by_month(frame({})).empty


@pytest.mark.parametrize(("days", "on_time"), [(112, 1), (113, 0)])
def test_a_decision_not_to_issue_is_on_time_up_to_day_112(days, on_time):
    decided = REQUEST + timedelta(days=days)
    by_outcome = frame(
        {"decision": "assess", "decision_date": REQUEST, "assessment_outcome": "no_plan", "outcome_date": decided}
    )
    by_closing = frame(
        {"decision": "assess", "decision_date": REQUEST, "closed_date": decided, "closed_reason": "not_issued"}
    )
    for cases in (by_outcome, by_closing):
        assert counts(calc.no_plan_by_month(cases)) == [(decided.replace(day=1), on_time, 1)]


@pytest.mark.parametrize(
    ("days", "band"),
    [(140, "within_20_weeks"), (141, "over_20_to_52_weeks"), (364, "over_20_to_52_weeks"), (365, "over_52_weeks")],
)
def test_time_to_issue_bands_at_140_141_364_and_365_days(days, band):
    final = REQUEST + timedelta(days=days)
    result = calc.time_to_issue_by_month(frame({"decision": "assess", "decision_date": REQUEST, "final_date": final}))
    row = result.iloc[0]
    assert {c: int(row[c]) for c in ("within_20_weeks", "over_20_to_52_weeks", "over_52_weeks")} == {
        c: int(c == band) for c in ("within_20_weeks", "over_20_to_52_weeks", "over_52_weeks")
    }
    assert row["days_to_issue"] == days


def test_mean_and_median_weeks_are_days_over_seven_half_up():
    finals = [REQUEST + timedelta(days=d) for d in (100, 150, 401)]
    exception = {"decision": "assess", "decision_date": REQUEST, "final_date": REQUEST, "exception": True}
    cases = frame(*({"decision": "assess", "decision_date": REQUEST, "final_date": f} for f in finals), exception)
    plans = calc.time_to_issue_by_month(cases)
    by_month = {r["month"]: r for r in plans.to_dict("records")}
    assert date(2024, 1, 1) not in by_month  # the exception plan is counted apart
    assert calc.weeks_from_days(1239, 1) == Decimal("177.0")
    assert calc.weeks_from_days(10, 1) == Decimal("1.4")  # 1.428… → 1.4
    assert calc.weeks_from_days(3, 2) == Decimal("0.2")  # 0.214… → 0.2
    assert calc.weeks_from_days(7, 2) == Decimal("0.5")
    figures = calc.step_figures(
        pd.DataFrame(
            {"month": [date(2024, 5, 1)], "numerator": [150 + 100], "denominator": [2], "median_days": [125.0]}
        ),
        "calendar",
        unit="weeks",
    )
    assert figures.iloc[0]["value"] == Decimal("17.9")  # 125 ÷ 7 = 17.857…
    assert figures.iloc[0]["median_weeks"] == Decimal("17.9")


@pytest.mark.parametrize(("days", "on_time"), [(28, 1), (29, 0)])
def test_a_review_decision_is_on_time_up_to_day_28(days, on_time):
    meeting = date(2025, 3, 3)
    cases = frame(
        {
            "decision": "assess",
            "decision_date": REQUEST,
            "final_date": date(2024, 3, 1),
            "last_review_meeting": meeting,
            "review_decision_date": meeting + timedelta(days=days),
            "review_outcome": "maintain",
        }
    )
    assert counts(calc.review_decisions_by_month(cases)) == [(date(2025, 3, 1), on_time, 1)]


def test_a_review_is_due_at_the_plans_anniversary_nearest_the_meeting():
    final = date(2022, 3, 10)
    assert calc.review_due_date(final, date(2023, 3, 1)) == date(2023, 3, 10)
    assert calc.review_due_date(final, date(2023, 3, 10)) == date(2023, 3, 10)
    assert calc.review_due_date(final, date(2024, 2, 20)) == date(2024, 3, 10)
    assert calc.review_due_date(final, date(2024, 4, 15)) == date(2024, 3, 10)
    assert calc.review_due_date(date(2024, 2, 29), date(2025, 2, 27)) == date(2025, 2, 28)
    assert calc.next_review_due(final, date(2024, 4, 15)) == date(2025, 4, 15)
    assert calc.next_review_due(final, None) == date(2023, 3, 10)
    assert calc.next_review_due(final, date(2024, 4, 15), "cease") is None


def test_reviews_count_held_by_the_due_date_and_overdue_ones_as_late():
    plan = {"decision": "assess", "decision_date": REQUEST, "final_date": date(2023, 3, 10)}
    cases = frame(
        {**plan, "last_review_meeting": date(2024, 3, 10)},  # on the due day: on time; next due 2025-03-10
        {**plan, "last_review_meeting": date(2024, 3, 11)},  # a day late; next due 2025-03-11
        {**plan},  # never reviewed: due 2024-03-10, overdue
    )
    result = calc.reviews_by_month(cases, as_of=date(2024, 12, 31))
    assert counts(result) == [(date(2024, 3, 1), 1, 3)]
    later = calc.reviews_by_month(cases, as_of=date(2025, 3, 10))
    assert counts(later) == [(date(2024, 3, 1), 1, 3), (date(2025, 3, 1), 0, 1)]


@pytest.mark.parametrize(
    ("amended", "post16", "on_time"),
    [
        (date(2025, 2, 15), False, 1),
        (date(2025, 2, 16), False, 0),
        (date(2025, 3, 31), True, 1),
        (date(2025, 4, 1), True, 0),
        (None, False, 0),
    ],
)
def test_phase_transfers_are_amended_by_15_february_or_31_march_into_post16(amended, post16, on_time):
    cases = frame(
        {
            "decision": "assess",
            "decision_date": REQUEST,
            "final_date": date(2024, 5, 1),
            "phase_transfer_year": 2025,
            "phase_transfer_post16": post16,
            "amended_plan_date": amended,
        }
    )
    deadline_month = date(2025, 3 if post16 else 2, 1)
    assert counts(calc.phase_transfers_by_month(cases)) == [(deadline_month, on_time, 1)]


def test_the_appeal_rate_is_appeals_over_refusals_no_plan_decisions_and_plans():
    cases = frame(
        {"decision": "refuse", "decision_date": date(2024, 2, 5), "tribunal": True, "tribunal_date": date(2024, 3, 1)},
        {
            "decision": "assess",
            "decision_date": REQUEST,
            "assessment_outcome": "no_plan",
            "outcome_date": date(2024, 3, 4),
        },
        {
            "decision": "assess",
            "decision_date": REQUEST,
            "final_date": date(2024, 3, 20),
            "mediation": True,
            "mediation_date": date(2024, 4, 2),
        },
    )
    result = calc.appeals_by_month(cases).set_index("month")
    assert result.loc[date(2024, 2, 1)].to_dict() == {"appeals": 0, "appealable_decisions": 1, "mediations": 0}
    assert result.loc[date(2024, 3, 1)].to_dict() == {"appeals": 1, "appealable_decisions": 2, "mediations": 0}
    assert result.loc[date(2024, 4, 1), "mediations"] == 1


def test_step_figures_roll_12_months_and_mark_a_shorter_window_incomplete():
    months = [date(2024, m, 1) for m in range(1, 13)] + [date(2025, 1, 1)]
    data = pd.DataFrame({"month": months, "numerator": [1] * 13, "denominator": [3] * 13})
    figures = calc.step_figures(data, "calendar")
    assert figures.iloc[10]["rolling_value"] is None
    assert figures.iloc[11]["rolling_numerator"] == 12 and figures.iloc[11]["rolling_value"] == Decimal("33.3")
    assert figures.iloc[12]["ytd_numerator"] == 1 and figures.iloc[12]["ytd_value"] == Decimal("33.3")


def test_a_rate_may_pass_100_percent_but_never_divides_by_zero():
    assert list(calc.rate_series(pd.Series([3, 1]), pd.Series([2, 0]))) == [Decimal("150.0"), None]


# ---------------------------------------------------------------- the case import

HEADER = (
    "reference,request_date,decision_to_assess_date,decision,final_date,exception,closed_date,assessment_outcome,"
    "outcome_date,mediation,mediation_date,tribunal,tribunal_date,last_review_meeting,review_decision_date,"
    "review_outcome,phase_transfer_year,amended_plan_date\n"
)
GOOD = (
    "C-1,2024-01-10,2024-02-12,assess,2024-05-20,no,,plan,2024-05-20,no,,no,,"
    "2025-05-12,2025-06-02,amend,2026,2026-01-30\n"
)


def upload(text):
    return io.BytesIO(text.encode())


@pytest.mark.django_db
def test_the_import_stores_the_whole_clock_and_the_review_dates(wirral):
    services.cases_import(area=wirral, source=upload(HEADER + GOOD), user=None)
    record = CaseRecord.objects.get(reference="C-1")
    assert record.decision_date == date(2024, 2, 12)
    assert (record.assessment_outcome, record.review_outcome, record.phase_transfer_year) == ("plan", "amend", 2026)
    assert record.review_due_date == date(2025, 5, 20)
    assert record.next_review_due == date(2026, 5, 12)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        (
            "C-2,2024-01-10,2024-02-12,assess,,no,2023-12-01,no_plan,2023-12-01,no,,no,,,,,,\n",
            "outcome_date",
            "before the request",
        ),
        (
            "C-3,2024-01-10,2024-02-12,assess,2024-05-20,no,,plan,2024-05-20,no,,no,,2025-05-12,2025-05-01,amend,,\n",
            "review_decision_date",
            "before its meeting",
        ),
        (
            "C-4,2024-01-10,2024-02-12,assess,2024-05-20,no,,plan,2024-05-20,no,,no,,,,,2023,\n",
            "phase_transfer_year",
            "before the plan was issued",
        ),
        ("C-5,2024-01-10,2024-02-12,refuse,,no,,,,no,,yes,,,,,,\n", "tribunal_date", "tribunal=yes needs the date"),
        (
            "C-6,2024-01-10,2024-02-12,refuse,,no,,,,no,,no,,,,,,\n".replace(
                "refuse,,no,,,,no", "refuse,,no,,no_plan,2024-03-01,no"
            ),
            "assessment_outcome",
            "needs a decision to assess",
        ),
    ],
)
def test_the_import_refuses_a_broken_clock_whole_naming_row_column_value_and_rule(wirral, row, column, rule):
    with pytest.raises(RowErrors, match=r"^\d+ row error\(s\)$") as raised:
        services.cases_import(area=wirral, source=upload(HEADER + GOOD + row), user=None)
    errors = [e for e in raised.value.errors if e.column == column]
    assert errors and errors[0].row == 3 and rule in errors[0].message
    assert not CaseRecord.objects.exists()


@pytest.mark.django_db
def test_an_old_file_still_imports_with_decision_date(wirral):
    old = (
        "reference,request_date,decision_date,decision,final_date,exception,closed_date\n"
        "C-9,2024-01-10,2024-02-12,assess,2024-05-20,no,\n"
    )
    services.cases_import(area=wirral, source=upload(old), user=None)
    assert CaseRecord.objects.get(reference="C-9").decision_date == date(2024, 2, 12)


# ---------------------------------------------------------------- the database agrees with the engine


@pytest.fixture
def many_cases(wirral, walsall):
    cases = scale_data.synthetic_cases(area_codes=["344", "335"], years=3, seed=11, end=date(2024, 6, 1))
    cases["local_area_id"] = cases.pop("area_code").map({"344": wirral.pk, "335": walsall.pk})
    scale_data._insert_cases(cases.sample(n=min(len(cases), 2500), random_state=2))
    return [wirral, walsall]


ENGINE = {
    "requests_6_weeks": calc.decisions_by_month,
    "no_plan_16_weeks": calc.no_plan_by_month,
    "reviews_4_weeks": calc.review_decisions_by_month,
    "phase_transfers": calc.phase_transfers_by_month,
}


@pytest.mark.django_db
def test_every_steps_database_counts_equal_a_naive_per_case_count(many_cases):
    as_of = date(2024, 6, 30)
    for area in many_cases:
        cases = selectors.case_frame(area=area)
        got = selectors.step_counts(area_ids=[area.pk], as_of={area.pk: as_of})
        for code, engine in ENGINE.items():
            expected = engine(cases, as_of=as_of) if code == "phase_transfers" else engine(cases)
            assert counts(got[code]) == counts(expected), code
            assert len(expected) > 3, code
        final = CaseRecord.objects.filter(local_area=area)
        naive_reviews = {}
        for record in final:
            if record.review_due_date:
                key = record.review_due_date.replace(day=1)
                on_time, due = naive_reviews.get(key, (0, 0))
                naive_reviews[key] = (on_time + (record.last_review_meeting <= record.review_due_date), due + 1)
            if record.next_review_due and record.next_review_due <= as_of:
                key = record.next_review_due.replace(day=1)
                on_time, due = naive_reviews.get(key, (0, 0))
                naive_reviews[key] = (on_time, due + 1)
        assert counts(got["reviews_on_time"]) == [(m, *naive_reviews[m]) for m in sorted(naive_reviews)]
        assert counts(got["reviews_on_time"]) == counts(calc.reviews_by_month(cases, as_of))
        appeals = calc.appeals_by_month(cases)
        assert counts(got["tribunal_appeal_rate"]) == [
            (r["month"], r["appeals"], r["appealable_decisions"]) for r in appeals.to_dict("records")
        ]
        plans = calc.time_to_issue_by_month(cases)
        db = selectors.case_counts_by_final_month(area_ids=[area.pk])
        db["month"] = pd.to_datetime(db["month"]).dt.date
        merged = plans.merge(db, on="month", suffixes=("", "_db"))
        assert len(merged) == len(plans)
        assert (merged["over_52_weeks"] == merged["over_52_weeks_db"]).all()
        assert (merged["days_to_issue"] == merged["days_to_issue_db"]).all()
        with_plans = merged[merged["issued"] > 0]
        assert [Decimal(str(m)) for m in with_plans["median_days_db"]] == list(with_plans["median_days"])


@pytest.mark.django_db
def test_the_recompute_stores_each_step_and_step_series_reads_it(many_cases):
    services.figures_recompute_all()
    wirral = many_cases[0]
    assert set(StepFigure.objects.filter(local_area=wirral).values_list("step", flat=True)) == set(
        timeline.STORED_STEPS
    )
    source, series = selectors.step_series(wirral, "requests_6_weeks")
    assert source == FigureSource.CASES
    expected = calc.decisions_by_month(selectors.case_frame(area=wirral)).set_index("month")
    for month, row in expected.iterrows():
        assert series[month]["numerator"] == row["numerator"]
        assert series[month]["pct"] == calc.percent(row["numerator"], row["denominator"])
    cohorts = CohortFigure.objects.filter(local_area=wirral)
    assert sum(c.decided for c in cohorts) > 0
    _source, weeks = selectors.step_series(wirral, "mean_weeks_to_issue")
    assert any(v["median_weeks"] is not None for v in weeks.values())
    before = StepFigure.objects.filter(local_area=wirral).count()
    services.figures_recompute_all()
    assert StepFigure.objects.filter(local_area=wirral).count() == before
    assert len(selectors.timeline_overview(area=wirral)) == len(timeline.STEPS)


@pytest.mark.django_db
def test_an_area_with_only_returns_uses_them_and_says_so(wirral):
    from ehcp.models import MonthlyReturn

    MonthlyReturn.objects.create(
        local_area=wirral,
        month=date(2024, 3, 1),
        issued=10,
        within_20_weeks=4,
        decisions_to_assess=20,
        decisions_within_6_weeks=15,
    )
    services.figures_recompute(area_id=wirral.pk)
    source, series = selectors.step_series(wirral, "requests_6_weeks")
    assert source == FigureSource.RETURNS
    assert series[date(2024, 3, 1)]["pct"] == Decimal("75.0")
    assert selectors.step_series(wirral, "reviews_4_weeks") == (None, {})


def test_the_steps_are_documented_with_code_title_and_polarity():
    assert [s.code for s in timeline.STEPS][:3] == ["requests_6_weeks", "no_plan_16_weeks", "timeliness_20_weeks"]
    polarity = {s.code: s.polarity for s in timeline.STEPS}
    assert polarity["over_52_weeks"] == polarity["mean_weeks_to_issue"] == polarity["tribunal_appeal_rate"] == "lower"
    assert polarity["reviews_4_weeks"] == "higher"
    with pytest.raises(KeyError, match="Unknown step 'nope'"):
        timeline.step("nope")


def test_the_demo_s_wirral_cases_carry_the_whole_clock_near_its_published_rates():
    from ehcp.demo import wirral_cases

    cases = wirral_cases().replace("", None)
    for column in cases.columns:
        if column.endswith("_date") or column == "last_review_meeting":
            cases[column] = pd.to_datetime(cases[column])
    cases["exception"] = cases["exception"] == "yes"
    decisions = calc.decisions_by_month(cases)
    in_2024 = decisions[[m.year == 2024 for m in decisions["month"]]]
    rate = in_2024["numerator"].sum() / in_2024["denominator"].sum()
    assert 0.33 < rate < 0.43  # SEN2: Wirral 2024, 37.9%
    issued = calc.time_to_issue_by_month(cases)
    issued = issued[[m.year == 2024 for m in issued["month"]]]
    assert 0.15 < issued["over_52_weeks"].sum() / issued["issued"].sum() < 0.28  # SEN2: Wirral 2024, 21.4%
    reviews = calc.review_decisions_by_month(cases)
    assert 0.33 < reviews["numerator"].sum() / reviews["denominator"].sum() < 0.50  # SEN2: 38.6%
    assert len(calc.no_plan_by_month(cases)) and len(calc.phase_transfers_by_month(cases, as_of=date(2024, 12, 31)))
    assert cases["tribunal"].eq("yes").sum() > 5


@pytest.mark.django_db
def test_returns_carry_the_steps_in_pairs_and_a_broken_pair_is_refused_whole(wirral):
    from ehcp.models import MonthlyReturn

    good = (
        "month,issued,within_20_weeks,decisions_to_assess,decisions_within_6_weeks,issued_over_52_weeks\n"
        "2024-03,10,4,20,15,2\n"
    )
    services.returns_import(area=wirral, source=upload(good), user=None)
    saved = MonthlyReturn.objects.get(local_area=wirral)
    assert (saved.decisions_to_assess, saved.decisions_within_6_weeks, saved.issued_over_52_weeks) == (20, 15, 2)
    bad = (
        "month,issued,within_20_weeks,decisions_to_assess,decisions_within_6_weeks,issued_over_52_weeks\n"
        "2024-04,10,4,20,,2\n2024-05,10,4,20,25,7\n"
    )
    with pytest.raises(RowErrors, match=r"^3 row error\(s\)$") as raised:
        services.returns_import(area=wirral, source=upload(bad), user=None)
    problems = {(e.row, e.column): e.message for e in raised.value.errors}
    assert "as well as decisions to assess" in problems[(2, "decisions_within_6_weeks")]
    assert "cannot be more than the 20" in problems[(3, "decisions_within_6_weeks")]
    assert "after 20 weeks (6)" in problems[(3, "issued_over_52_weeks")]
    assert MonthlyReturn.objects.filter(local_area=wirral).count() == 1
