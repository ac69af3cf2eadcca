"""Reads: latest values with stored ratings, the export rows, data due."""

from datetime import date
from decimal import Decimal as D

import pytest

from performance import selectors
from performance.models import ValueState
from tests.performance.scorecards import enter

pytestmark = pytest.mark.django_db


def rows_by_code(rows):
    return {row["code"]: row for row in rows}


def test_scorecard_rows_carry_value_rating_benchmarks_and_history(scorecard):
    rows = rows_by_code(selectors.scorecard_rows(area=scorecard["ehcp20"].area, period="2024-07"))
    ehcp = rows["EHCP20"]
    assert {k: ehcp[k] for k in ("period", "value", "numerator", "denominator", "target", "rag")} == {
        "period": "2024-07",
        "value": D("45.0"),
        "numerator": 27,
        "denominator": 60,
        "target": D("60.0"),
        "rag": "red",
    }
    assert (ehcp["previous"], ehcp["change"], ehcp["change_unit"], ehcp["direction"]) == (
        D("56.9"),
        D("-11.9"),
        "pp",
        "worsening",
    )
    assert ehcp["service_area"] == "EHCP" and ehcp["polarity"] == "higher"
    assert ehcp["benchmarks"] == {"england": None, "region": None, "neighbours": None}
    assert [h["period"] for h in ehcp["history"]] == ["2024-04", "2024-05", "2024-06", "2024-07"]
    assert ehcp["history"][-1] == {
        "period": "2024-07",
        "value": D("45.0"),
        "numerator": 27,
        "denominator": 60,
        "target": D("60.0"),
    }


def test_approved_only_never_shows_a_draft_or_submitted_value(scorecard, alice):
    area = scorecard["ehcp20"].area
    enter(scorecard["ehcp20"], date(2024, 8, 1), 52, state=ValueState.DRAFT, user=alice)
    enter(scorecard["saltlw"], date(2024, 8, 1), 35, state=ValueState.SUBMITTED, user=alice)
    everything = rows_by_code(selectors.scorecard_rows(area=area, period="2024-08"))
    approved = rows_by_code(selectors.scorecard_rows(area=area, period="2024-08", approved_only=True))
    assert everything["EHCP20"]["period"] == "2024-08" and everything["SALTLW"]["value"] == D("35.0")
    assert approved["EHCP20"]["period"] == "2024-07" and approved["SALTLW"]["period"] == "2024-07"
    assert "2024-08" not in [h["period"] for h in approved["EHCP20"]["history"]]
    # EHCPACT: July is only submitted, so June is the latest and it has no approved change.
    active = approved["EHCPACT"]
    assert (active["period"], active["value"], active["previous"], active["change"], active["direction"]) == (
        "2024-06",
        D("3434"),
        None,
        None,
        "",
    )
    assert [h["period"] for h in active["history"]] == ["2024-06"]


def test_approved_only_hides_a_previous_value_that_is_not_approved(wirral, alice, run_on_commit):
    from tests.performance.factories import IndicatorFactory

    indicator = IndicatorFactory(area=wirral, code="W1", unit="weeks", polarity="lower")
    run_on_commit(enter, indicator, date(2024, 6, 1), 40, state=ValueState.SUBMITTED)
    run_on_commit(enter, indicator, date(2024, 7, 1), 38)
    [row] = selectors.scorecard_rows(area=wirral, period="2024-07", approved_only=True)
    assert (row["value"], row["previous"], row["change"], row["direction"]) == (D("38.0"), None, None, "")
    [row] = selectors.scorecard_rows(area=wirral, period="2024-07")
    assert (row["previous"], row["change"], row["direction"]) == (D("40.0"), D("-2.0"), "improving")


def test_publishable_only(scorecard):
    codes = {
        r["code"]
        for r in selectors.scorecard_rows(area=scorecard["ehcp20"].area, period="2024-12", publishable_only=True)
    }
    assert "CAMHSWL" not in codes and "EHCP20" in codes


def test_the_dashboard_lists_the_leads_kpis_in_order(scorecard):
    rows = selectors.dashboard_rows(area=scorecard["ehcp20"].area)
    assert [r.indicator.code for r in rows] == ["EHCP20", "AR12", "CAMHSWL", "EHCPACT"]
    assert [r.value_text for r in rows] == ["45.0%", "33.0%", "150", "3,492"]
    assert [r.rag for r in rows] == ["red", "red", "green", "grey"]
    assert rows[2].change_text == "–" and rows[2].direction == ""  # December 2023 is not the prior month
    assert rows[3].change_text == "↑ 1.7%" and rows[3].direction == "up"


def test_exceptions_are_red_or_worsening_three_running_or_flagged(scorecard, bob):
    from performance import services

    area = scorecard["ehcp20"].area
    codes = [r.indicator.code for r in selectors.exception_rows(area=area)]
    assert codes == ["AR12", "EHCP20", "OOB", "SALTLW"]  # all red; the first two worsening 3 running too
    ar12 = next(r for r in selectors.exception_rows(area=area) if r.indicator.code == "AR12")
    assert ar12.exception_reasons == ["Red against target", "Worsening 3 periods running"]
    assert "CAMHSWL" not in codes  # green
    services.deep_dive_request(indicator=scorecard["camhs"], user=bob)
    flagged = selectors.exception_rows(area=area)[-1]
    assert (flagged.indicator.code, flagged.is_exception, flagged.deep_dive.requested_by) == ("CAMHSWL", False, bob)


def test_the_health_waits_block_groups_measures_by_service(scorecard):
    rows = selectors.service_scorecard(area=scorecard["ehcp20"].area, service_area="health")
    waits = selectors.health_waits(rows)
    assert [(s.label, [r.indicator.code for r in rs]) for s, rs in waits.items()] == [
        ("Speech and language therapy", ["SALTLW"])
    ]


def test_data_due_lists_what_each_owner_still_owes(scorecard, olive, alice):
    area = scorecard["ehcp20"].area
    due = selectors.data_due(area=area, month=date(2025, 1, 1))
    months = lambda first, last: [date(y, m, 1) for y in (2023, 2024, 2025) for m in range(1, 13)  # noqa: E731
                                  if first <= date(y, m, 1) <= last]  # fmt: skip
    by_code = {}
    for item in due:
        by_code.setdefault(item.indicator.code, []).append(item.period)
    # Every period owed since each indicator's first value, oldest first; OOB's autumn term is in.
    assert by_code == {
        "EHCP20": months(date(2024, 8, 1), date(2025, 1, 1)),
        "EHCPACT": months(date(2024, 8, 1), date(2025, 1, 1)),  # July's is only submitted: owed no more
        "SALTLW": months(date(2024, 8, 1), date(2025, 1, 1)),
        "AR12": [date(2025, 1, 1)],
        "CAMHSWL": months(date(2024, 1, 1), date(2024, 11, 1)) + [date(2025, 1, 1)],
    }
    assert {i.indicator.code: i.owed_count for i in due} == {
        "EHCP20": 6, "EHCPACT": 6, "SALTLW": 6, "AR12": 1, "CAMHSWL": 12,
    }  # fmt: skip
    owed = {(i.indicator.code, i.period) for i in selectors.data_due(area=area, month=date(2024, 12, 1), owner=olive)}
    # December 2024: AR12 is in; CAMHSWL's months between its two values are owed; OOB's autumn term is in.
    assert owed == {("CAMHSWL", date(2024, m, 1)) for m in range(1, 12)}
    owed = {
        (i.indicator.code, i.period, i.status)
        for i in selectors.data_due(area=area, month=date(2025, 1, 1), owner=olive)
        if i.period.year == 2025
    }
    assert owed == {
        ("AR12", date(2025, 1, 1), "Not entered"),
        ("CAMHSWL", date(2025, 1, 1), "Not entered"),
    }
    enter(scorecard["ar12"], date(2025, 1, 1), 35, state=ValueState.DRAFT, user=olive)
    owed = {(i.indicator.code, i.status) for i in selectors.data_due(area=area, month=date(2025, 1, 1), owner=olive)}
    assert ("AR12", "Draft not submitted") in owed


def test_the_default_due_month_is_the_last_complete_month():
    assert selectors.default_due_month(date(2024, 8, 15)) == date(2024, 7, 1)
    assert selectors.default_due_month(date(2025, 1, 1)) == date(2024, 12, 1)
