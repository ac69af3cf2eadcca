"""The compliance engine, without a database."""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ehcp import calculations as calc


def months_frame(rows, **extra):
    """rows: [(month 'YYYY-MM', issued, within)]."""
    frame = pd.DataFrame(rows, columns=["month", "issued", "within_20_weeks"])
    for column, values in extra.items():
        frame[column] = values
    return frame


# ---------------------------------------------------------------- percentages


@pytest.mark.parametrize(
    ("within", "issued", "expected"),
    [
        (45, 144, "31.3"),  # DfE: 31.25 rounds up; Python's round() gives 31.2
        (15, 81, "18.5"),
        (1, 8, "12.5"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (1, 16, "6.3"),  # 6.25
        (0, 7, "0.0"),
        (7, 7, "100.0"),
        (86, 505, "17.0"),
    ],
)
def test_it_rounds_percentages_half_up_to_one_decimal(within, issued, expected):
    assert calc.percent(within, issued) == Decimal(expected)


def test_it_gives_no_percentage_when_nothing_was_issued():
    assert calc.percent(0, 0) is None
    assert calc.percent(None, 5) is None
    assert calc.percent(3, float("nan")) is None


def test_it_refuses_negative_counts_in_a_percentage():
    with pytest.raises(ValueError, match=r"A percentage needs counts of 0 or more\."):
        calc.percent(-1, 5)


def test_the_vectorised_percentage_agrees_with_the_scalar_one():
    within = pd.Series([45, 15, 0, 3, pd.NA], dtype="Int64")
    issued = pd.Series([144, 81, 0, 8, 4], dtype="Int64")
    assert list(calc.percent_series(within, issued)) == [
        Decimal("31.3"),
        Decimal("18.5"),
        None,
        Decimal("37.5"),
        None,
    ]


def test_format_pct_drops_a_trailing_zero_only():
    assert calc.format_pct(Decimal("58.0")) == "58%"
    assert calc.format_pct(Decimal("57.5")) == "57.5%"
    assert calc.format_pct(None) == "–"


# ---------------------------------------------------------------- monthly and rolling


def test_monthly_figures_sort_by_month_and_leave_no_percentage_for_an_empty_month():
    frame = months_frame([("2024-02", 0, 0), ("2024-01", 10, 3)])
    result = calc.monthly_timeliness(frame)
    assert list(result["month"]) == [date(2024, 1, 1), date(2024, 2, 1)]
    assert list(result["pct"]) == [Decimal("30.0"), None]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("2024-01", 3, 4)], "greater than issued"),
        ([("2024-01", -1, 0)], "negative"),
        ([("2024-01", 3, 1), ("2024-01", 4, 1)], "twice"),
    ],
)
def test_monthly_figures_refuse_impossible_counts(rows, message):
    with pytest.raises(ValueError, match=message):
        calc.monthly_timeliness(months_frame(rows))


def test_the_rolling_window_needs_twelve_months_and_includes_the_month_itself():
    rows = [(f"2023-{m:02d}", 20, m) for m in range(1, 13)] + [("2024-01", 20, 20)]
    result = calc.with_rolling_12(months_frame(rows))
    assert result["rolling_issued"].iloc[:11].isna().all()
    assert result["rolling_issued"].iloc[11] == 240
    assert result["rolling_within"].iloc[11] == sum(range(1, 13))
    assert result["rolling_pct"].iloc[11] == Decimal("32.5")
    assert result["rolling_issued"].iloc[12] == 240  # Feb–Dec 2023 + Jan 2024
    assert result["rolling_within"].iloc[12] == sum(range(2, 13)) + 20


def test_a_gap_in_the_months_marks_every_window_across_it_incomplete():
    rows = [(f"2023-{m:02d}", 10, 1) for m in range(1, 13) if m != 6]
    rows += [(f"2024-{m:02d}", 10, 1) for m in range(1, 7)]
    result = calc.with_rolling_12(months_frame(rows)).set_index("month")
    assert pd.isna(result.loc[date(2023, 12, 1), "rolling_issued"])
    assert pd.isna(result.loc[date(2024, 5, 1), "rolling_issued"])  # Jun 2023 – May 2024 misses June
    assert result.loc[date(2024, 6, 1), "rolling_issued"] == 120  # Jul 2023 – Jun 2024 is whole


def test_a_rolling_window_with_nothing_issued_has_counts_but_no_percentage():
    result = calc.with_rolling_12(months_frame([(f"2023-{m:02d}", 0, 0) for m in range(1, 13)]))
    assert result["rolling_issued"].iloc[-1] == 0
    assert result["rolling_pct"].iloc[-1] is None


def test_several_areas_are_computed_apart_in_one_pass():
    a = months_frame([(f"2023-{m:02d}", 10, 5) for m in range(1, 13)], area=1)
    b = months_frame([(f"2023-{m:02d}", 10, 1) for m in range(2, 13)], area=2)
    result = calc.with_rolling_12(pd.concat([b, a]), keys=["area"])
    last = result.groupby("area").tail(1).set_index("area")
    assert last.loc[1, "rolling_pct"] == Decimal("50.0")
    assert pd.isna(last.loc[2, "rolling_issued"])  # area 2 has only 11 months


# ---------------------------------------------------------------- year to date


def test_financial_year_to_date_restarts_in_april():
    rows = [("2024-02", 10, 1), ("2024-03", 10, 3), ("2024-04", 10, 5), ("2024-05", 10, 7)]
    result = calc.with_year_to_date(months_frame(rows), "financial")
    assert list(result["ytd_issued"]) == [10, 20, 10, 20]  # only the months present count
    assert list(result["ytd_within"]) == [1, 4, 5, 12]
    assert list(result["ytd_pct"]) == [Decimal("10.0"), Decimal("20.0"), Decimal("50.0"), Decimal("60.0")]
    assert list(result["year_start_month"]) == [date(2023, 4, 1)] * 2 + [date(2024, 4, 1)] * 2


def test_calendar_year_to_date_restarts_in_january():
    rows = [("2023-12", 10, 1), ("2024-01", 10, 3), ("2024-02", 10, 5)]
    result = calc.with_year_to_date(months_frame(rows), "calendar")
    assert list(result["ytd_issued"]) == [10, 10, 20]
    assert list(result["year_start_month"]) == [date(2023, 1, 1), date(2024, 1, 1), date(2024, 1, 1)]


def test_year_to_date_takes_each_areas_own_year_start():
    rows = months_frame([("2024-03", 10, 1), ("2024-04", 10, 1)])
    both = pd.concat([rows.assign(area=1, start="calendar"), rows.assign(area=2, start="financial")])
    result = calc.with_year_to_date(both, "start", keys=["area"]).set_index(["area", "month"])
    assert result.loc[(1, date(2024, 4, 1)), "ytd_issued"] == 20
    assert result.loc[(2, date(2024, 4, 1)), "ytd_issued"] == 10


def test_an_unknown_year_start_is_refused():
    with pytest.raises(ValueError, match="calendar"):
        calc.with_year_to_date(months_frame([("2024-01", 1, 1)]), "academic")


def test_seftons_2024_reads_43_for_the_year_by_august():
    # The demo's Sefton figures: June 56.9% (≈57%), July 45%, August 52%, 43% for the year.
    rows = [
        ("2024-01", 44, 12),
        ("2024-02", 46, 14),
        ("2024-03", 45, 16),
        ("2024-04", 42, 19),
        ("2024-05", 48, 22),
        ("2024-06", 58, 33),
        ("2024-07", 60, 27),
        ("2024-08", 50, 26),
    ]
    result = calc.timeliness_figures(months_frame(rows), "calendar").set_index("month")
    assert result.loc[date(2024, 6, 1), "pct"] == Decimal("56.9")
    assert result.loc[date(2024, 7, 1), "pct"] == Decimal("45.0")
    assert result.loc[date(2024, 8, 1), "pct"] == Decimal("52.0")
    assert result.loc[date(2024, 8, 1), "ytd_pct"] == Decimal("43.0")


# ---------------------------------------------------------------- approval flags


def test_a_rolling_figure_is_approved_only_when_all_twelve_months_are():
    rows = [(f"2023-{m:02d}", 10, 1) for m in range(1, 13)] + [(f"2024-{m:02d}", 10, 1) for m in range(1, 3)]
    approved = [True] * 12 + [False, True]
    result = calc.timeliness_figures(months_frame(rows, approved=approved), "calendar")
    assert list(result["month_approved"].iloc[-3:]) == [True, False, True]
    assert list(result["rolling_approved"].iloc[-3:]) == [True, False, False]
    assert not result["rolling_approved"].iloc[:11].any()  # incomplete windows are never approved


# ---------------------------------------------------------------- from case records


def cases(rows):
    """rows: (reference, request, final or None, exception)."""
    frame = pd.DataFrame(rows, columns=["reference", "request_date", "final_date", "exception"])
    frame["request_date"] = pd.to_datetime(frame["request_date"])
    frame["final_date"] = pd.to_datetime(frame["final_date"])
    return frame


def test_a_case_counts_in_the_month_of_its_final_plan_and_140_days_is_on_time():
    frame = cases(
        [
            ("A1", "2024-01-01", "2024-05-20", False),  # 140 days: within
            ("A2", "2024-01-01", "2024-05-21", False),  # 141 days: late
            ("A3", "2024-02-01", "2024-05-02", True),  # exception: counted apart
            ("A4", "2024-03-01", None, False),  # no plan yet
            ("A5", "2023-12-01", "2024-03-15", False),
        ]
    )
    result = calc.cases_by_final_month(frame).set_index("month")
    assert result.loc[date(2024, 5, 1)].to_dict() == {"issued": 2, "within_20_weeks": 1, "exceptions": 1}
    assert result.loc[date(2024, 3, 1)].to_dict() == {"issued": 1, "within_20_weeks": 1, "exceptions": 0}
    assert list(result.index) == [date(2024, 3, 1), date(2024, 5, 1)]


def test_monthly_from_cases_fills_a_month_without_a_final_plan_with_zero():
    frame = cases([("A1", "2024-01-01", "2024-03-10", False), ("A2", "2024-01-01", "2024-05-10", False)])
    result = calc.monthly_from_cases(frame, "calendar")
    assert [f"{m:%Y-%m}" for m in result["month"]] == ["2024-03", "2024-04", "2024-05"]
    assert list(result["issued"]) == [1, 0, 1]
    assert result["pct"].iloc[1] is None
    assert result["month_approved"].all()


def test_monthly_from_no_plans_is_empty():
    assert calc.monthly_from_cases(cases([("A1", "2024-01-01", None, False)])).empty


# ---------------------------------------------------------------- cohorts


def cohort_cases():
    columns = ["reference", "request_date", "decision_date", "decision", "final_date", "closed_date"]
    rows = [
        ("C1", "2024-01-05", "2024-02-10", "assess", "2024-05-20", None),  # decided in 36 days; plan in 136
        ("C2", "2024-01-10", "2024-03-01", "assess", "2024-07-30", None),  # decided late; plan in 202 days
        ("C3", "2024-01-20", "2024-02-20", "refuse", None, None),  # refused: closed without plan
        ("C4", "2024-01-25", "2024-02-15", "assess", None, "2024-04-01"),  # closed without plan
        ("C5", "2024-01-30", "2024-03-01", "assess", None, None),  # still open
        ("C6", "2024-02-01", None, "pending", None, None),
        ("C7", "2024-07-01", None, "pending", None, None),  # after as_of
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("request_date", "decision_date", "final_date", "closed_date"):
        frame[column] = pd.to_datetime(frame[column])
    for service in calc.ADVICE_SERVICES:
        frame[f"{service}_advice_requested"] = pd.NaT
        frame[f"{service}_advice_received"] = pd.NaT
    return frame


def test_cohorts_track_each_request_month_as_at_a_date():
    result = calc.cohorts(cohort_cases(), date(2024, 6, 30)).set_index("request_month")
    january = result.loc[date(2024, 1, 1)].to_dict()
    assert {k: v for k, v in january.items() if "advice" not in k} == {
        "received": 5,
        "decided_within_6_weeks": 4,  # C1, C3, C4, C5 (C2 took 51 days)
        "plans_issued": 1,  # C2's plan comes after 30 June
        "issued_within_20_weeks": 1,
        "closed_without_plan": 2,
        "open": 2,  # C2 and C5
        "open_beyond_20_weeks": 2,  # both over 140 days old on 30 June
        "decided": 5,
        "no_plan_decisions": 0,  # C4 closed with no reason given, so not a decision not to issue
        "no_plan_within_16_weeks": 0,
        "mediations": 0,
        "appeals": 0,
    }
    assert result.loc[date(2024, 2, 1), "open"] == 1
    assert date(2024, 7, 1) not in result.index


def test_a_later_as_of_date_sees_later_plans():
    result = calc.cohorts(cohort_cases(), date(2024, 12, 31)).set_index("request_month")
    assert result.loc[date(2024, 1, 1), "plans_issued"] == 2
    assert result.loc[date(2024, 1, 1), "issued_within_20_weeks"] == 1
    assert result.loc[date(2024, 7, 1), "open_beyond_20_weeks"] == 1  # 183 days open


def test_walsall_style_cohort_summary_since_a_month():
    rows = calc.cohorts(cohort_cases(), date(2024, 12, 31))
    summary = calc.cohort_summary(rows, since=date(2024, 1, 1))
    assert summary["received"] == 7
    assert summary["plans_issued"] == 2
    assert summary["on_time_pct"] == Decimal("50.0")
    assert calc.cohort_summary(rows, since=date(2024, 2, 1))["received"] == 2


# ---------------------------------------------------------------- advice


def test_advice_within_six_weeks_by_service_for_each_cohort_as_at_a_date():
    frame = cohort_cases().iloc[:3].copy()
    frame["ep_advice_requested"] = pd.to_datetime(["2024-02-10", "2024-03-01", "2024-02-20"])
    frame["ep_advice_received"] = pd.to_datetime(["2024-03-23", "2024-04-13", None])  # 42 days; 43 days; waiting
    frame["health_advice_requested"] = pd.to_datetime(["2024-02-10", "2024-03-01", None])
    frame["health_advice_received"] = pd.to_datetime(["2024-03-01", "2024-07-20", None])  # the second after as_of
    january = calc.cohorts(frame, date(2024, 6, 30)).iloc[0]
    assert (january.ep_advice, january.ep_advice_within_6_weeks) == (2, 1)
    assert (january.health_advice, january.health_advice_within_6_weeks) == (1, 1)
    assert (january.social_care_advice, january.social_care_advice_within_6_weeks) == (0, 0)
    by_service = calc.advice_timeliness(calc.cohorts(frame, date(2024, 6, 30)))
    assert by_service == [
        ("ep", 2, 1, Decimal("50.0")),
        ("health", 1, 1, Decimal("100.0")),
        ("social_care", 0, 0, None),
    ]


# ---------------------------------------------------------------- reconciliation


def test_reconciliation_shows_where_returns_and_cases_disagree_and_by_how_much():
    returns = months_frame([("2024-01", 50, 10), ("2024-02", 40, 8), ("2024-03", 30, 3)])
    from_cases = months_frame([("2024-02", 40, 8), ("2024-03", 32, 4), ("2024-04", 20, 2)])
    result = calc.reconcile(returns, from_cases)
    assert [f"{m:%Y-%m}" for m in result["month"]] == ["2024-02", "2024-03"]
    march = result.iloc[1]
    assert (march.issued_difference, march.within_difference) == (-2, -1)
    assert march.returns_pct == Decimal("10.0") and march.cases_pct == Decimal("12.5")
    assert march.points_difference == Decimal("-2.5")
    assert list(result["agrees"]) == [True, False]


# ---------------------------------------------------------------- trajectory


def test_the_trajectory_says_what_rate_the_rest_of_the_year_needs():
    # 6 months, 300 plans, 150 on time (50%); 300 more expected; 60% of 600 = 360 → 210 of 300 = 70%.
    result = calc.trajectory(
        target_pct=Decimal("60"),
        ytd_issued=300,
        ytd_within=150,
        months_elapsed=6,
        recent_issued=150,
        recent_within=110,
    )
    assert result.needed_pct == Decimal("70.0")
    assert result.status == "on_track"  # the last three months ran at 73.3%
    assert result.sentence == "On track for 60%: needs 70% a month for the rest of the year."


def test_an_off_track_trajectory_says_how_the_recent_months_ran():
    result = calc.trajectory(
        target_pct=Decimal("60"), ytd_issued=300, ytd_within=150, months_elapsed=6, recent_issued=150, recent_within=75
    )
    assert result.status == "off_track"
    assert result.sentence == (
        "Off track for 60%: needs 70% a month for the rest of the year; the last three months averaged 50%."
    )


def test_a_target_beyond_reach_and_a_secured_target_say_so():
    beyond = calc.trajectory(target_pct=Decimal("60"), ytd_issued=330, ytd_within=10, months_elapsed=11)
    assert beyond.status == "out_of_reach"
    assert "even 100% for the rest of the year would give" in beyond.sentence
    secured = calc.trajectory(target_pct=Decimal("20"), ytd_issued=300, ytd_within=280, months_elapsed=6)
    assert secured.status == "secured"


def test_a_trajectory_without_target_data_or_time_left():
    assert calc.trajectory(target_pct=None, ytd_issued=1, ytd_within=1, months_elapsed=1).status == "no_target"
    assert calc.trajectory(target_pct=60, ytd_issued=0, ytd_within=0, months_elapsed=3).status == "no_data"
    done = calc.trajectory(target_pct=60, ytd_issued=100, ytd_within=61, months_elapsed=12)
    assert done.status == "year_complete"
    assert done.sentence == "Year complete: 61% against a target of 60% (met)."


# ---------------------------------------------------------------- properties


month_counts = st.lists(
    st.tuples(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400)).map(
        lambda pair: (max(pair), min(pair))
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(counts=month_counts, gaps=st.sets(st.integers(min_value=0, max_value=39), max_size=4))
def test_rolling_sums_equal_naive_sums_over_the_twelve_calendar_months(counts, gaps):
    start = 2015 * 12
    rows = [
        (date((start + i) // 12, (start + i) % 12 + 1, 1), issued, within)
        for i, (issued, within) in enumerate(counts)
        if i not in gaps
    ]
    if not rows:
        return
    result = calc.with_rolling_12(months_frame(rows))
    by_month = {m: (i, w) for m, i, w in rows}
    for row in result.itertuples():
        index = row.month.year * 12 + row.month.month - 1
        window = [date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(12)]
        if all(m in by_month for m in window):
            assert row.rolling_issued == sum(by_month[m][0] for m in window)
            assert row.rolling_within == sum(by_month[m][1] for m in window)
            assert row.rolling_pct == calc.percent(row.rolling_within, row.rolling_issued)
        else:
            assert pd.isna(row.rolling_issued) and row.rolling_pct is None


@settings(max_examples=150, deadline=None)
@given(counts=month_counts, year_start=st.sampled_from(["calendar", "financial"]))
def test_every_percentage_lies_between_0_and_100(counts, year_start):
    rows = [(date(2018 + i // 12, i % 12 + 1, 1), issued, within) for i, (issued, within) in enumerate(counts)]
    result = calc.timeliness_figures(months_frame(rows), year_start)
    for column in ("pct", "rolling_pct", "ytd_pct"):
        for value in result[column]:
            assert value is None or Decimal(0) <= value <= Decimal(100)
            assert value is None or value == value.quantize(Decimal("0.1"))


@settings(max_examples=200, deadline=None)
@given(within=st.integers(min_value=0, max_value=10_000), extra=st.integers(min_value=0, max_value=10_000))
def test_percent_matches_decimal_half_up_rounding(within, extra):
    issued = within + extra
    if issued == 0:
        assert calc.percent(within, issued) is None
        return
    exact = Decimal(within) * 100 / Decimal(issued)
    assert calc.percent(within, issued) == calc.round_half_up(exact)


@settings(max_examples=100, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=300), st.booleans()),
        min_size=1,
        max_size=60,
    )
)
def test_cases_by_final_month_counts_every_plan_once(spans):
    rows = []
    for n, (offset, days, exception) in enumerate(spans):
        request = pd.Timestamp("2022-01-01") + pd.Timedelta(days=offset)
        rows.append((f"R{n}", request, request + pd.Timedelta(days=days), exception))
    result = calc.cases_by_final_month(cases(rows))
    assert result["issued"].sum() + result["exceptions"].sum() == len(rows)
    assert result["within_20_weeks"].sum() == sum(1 for _o, d, e in spans if d <= 140 and not e)
