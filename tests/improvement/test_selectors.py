"""The selectors other apps rely on (the contract) and the page readers."""

from datetime import date

import pytest

from improvement import selectors
from improvement.models import ActionStatus, AreaStatus, PeriodStatus, PlanKind, RiskStatus
from tests.improvement.factories import (
    ActionFactory,
    AreaOfConcernFactory,
    PeriodFactory,
    PlanFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db

WALSALL_CURRENT = [2, 14, 3, 27, 89, 42, 7]


def walsall_like_plan(area, counts=WALSALL_CURRENT):
    plan = PlanFactory(local_area=area, name="WSoA", slug="wsoa")
    concern = AreaOfConcernFactory(plan=plan, number=1)
    n = 0
    for status, count in zip(
        ["not_started", "beyond_milestone", "delayed", "in_progress", "complete", "complete_embedded", "closed"],
        counts,
        strict=True,
    ):
        for _ in range(count):
            n += 1
            reason = "Capacity" if status in ("delayed", "beyond_milestone") else ""
            ActionFactory(area_of_concern=concern, code=f"1.{n}", status=status, reason=reason, mitigation=reason)
    return plan


def test_plan_summaries_give_counts_by_status_and_brag(walsall, django_assert_num_queries):
    plan = walsall_like_plan(walsall)
    period = PeriodFactory(plan=plan, month=date(2020, 12, 1))
    PeriodFactory(plan=plan, month=date(2020, 9, 1), status=PeriodStatus.CLOSED, closed_at="2020-10-01T00:00Z")
    PlanFactory(local_area=walsall, name="Old plan", slug="old", is_active=False)
    with django_assert_num_queries(3):
        summaries = selectors.plan_summaries(area=walsall)
    assert len(summaries) == 1
    summary = summaries[0]
    assert summary["plan"] == plan and summary["name"] == "WSoA"
    assert summary["kind"] == "Written Statement of Action"
    assert summary["period"] == period
    assert summary["total"] == 184
    assert summary["brag"] == {"blue": 138, "red": 14, "amber": 5, "green": 27}
    assert summary["by_status"] == {
        "Not Started": 2,
        "Beyond Milestone": 14,
        "Delayed": 3,
        "In Progress": 27,
        "Complete": 89,
        "Complete and Embedded": 42,
        "Closed": 7,
    }


def test_plan_summaries_of_an_area_without_plans_is_empty(wirral):
    assert selectors.plan_summaries(area=wirral) == []


def test_a_plan_without_periods_or_actions_has_zero_counts_and_no_period(wirral):
    PlanFactory(local_area=wirral, kind=PlanKind.IMPROVEMENT_NOTICE)
    (summary,) = selectors.plan_summaries(area=wirral)
    assert summary["period"] is None and summary["total"] == 0
    assert summary["brag"] == {"blue": 0, "red": 0, "amber": 0, "green": 0}
    assert summary["kind"] == "Improvement Notice"


def test_red_risks_are_open_risks_scoring_10_or_more_highest_first(wirral, walsall):
    high = RiskFactory(local_area=wirral, likelihood=2, impact=5, score=10, title="High")
    very_high = RiskFactory(local_area=wirral, likelihood=4, impact=5, score=20, title="Very high")
    RiskFactory(local_area=wirral, likelihood=3, impact=3, score=9, title="Medium")
    RiskFactory(local_area=wirral, likelihood=5, impact=5, score=25, status=RiskStatus.CLOSED, title="Closed")
    RiskFactory(local_area=walsall, likelihood=5, impact=5, score=25, title="Other area")
    risks = list(selectors.red_risks(area=wirral))
    assert risks == [very_high, high]
    assert [r.band for r in risks] == ["Very high", "High"]
    assert risks[0].escalated and not risks[1].escalated
    assert risks[0].get_absolute_url() == f"/board/344/risks/{very_high.pk}/"


def test_red_risk_owner_is_display_text(wirral, olive):
    olive.first_name, olive.last_name = "Olive", "Officer"
    olive.save()
    RiskFactory(local_area=wirral, likelihood=5, impact=4, score=20, owner_user=olive)
    RiskFactory(local_area=wirral, likelihood=5, impact=3, score=15, owner_name="Head of SEND")
    assert [r.owner for r in selectors.red_risks(area=wirral)] == ["Olive Officer", "Head of SEND"]


def test_public_plan_summary_has_only_publishable_areas_of_active_plans(wirral):
    plan = PlanFactory(local_area=wirral, name="Improvement Notice", kind=PlanKind.IMPROVEMENT_NOTICE)
    AreaOfConcernFactory(
        plan=plan,
        number=4,
        title="Local offer",
        status=AreaStatus.BAU,
        bau_date=date(2024, 11, 26),
        bau_agreed_by="DfE and NHS England stocktake, 26 Nov 2024",
        publishable=True,
        public_summary="The local offer website is now part of everyday work.",
    )
    AreaOfConcernFactory(plan=plan, number=1, title="EHCP timeliness", publishable=True, public_summary="Plans late.")
    AreaOfConcernFactory(plan=plan, number=2, title="Draft wording", publishable=False)
    inactive = PlanFactory(local_area=wirral, is_active=False)
    AreaOfConcernFactory(plan=inactive, number=1, publishable=True, public_summary="Old.")
    assert selectors.public_plan_summary(area=wirral) == [
        {
            "plan": "Improvement Notice",
            "kind": "Improvement Notice",
            "number": 1,
            "title": "EHCP timeliness",
            "status": "Active",
            "bau_date": None,
            "public_summary": "Plans late.",
        },
        {
            "plan": "Improvement Notice",
            "kind": "Improvement Notice",
            "number": 4,
            "title": "Local offer",
            "status": "Moved to business as usual",
            "bau_date": date(2024, 11, 26),
            "public_summary": "The local offer website is now part of everyday work.",
        },
    ]


def test_action_choices_are_the_areas_actions_in_code_order(wirral, walsall):
    plan = PlanFactory(local_area=wirral, slug="wsoa")
    concern = AreaOfConcernFactory(plan=plan, number=1)
    later = ActionFactory(area_of_concern=concern, code="1.10.a")
    first = ActionFactory(area_of_concern=concern, code="1.2.a")
    ActionFactory(area_of_concern=AreaOfConcernFactory(plan=PlanFactory(local_area=walsall)))
    actions = list(selectors.action_choices(area=wirral))
    assert actions == [first, later]
    assert actions[0].plan == plan and actions[0].code == "1.2.a"
    assert actions[0].get_absolute_url() == "/board/344/plan/wsoa/actions/1.2.a/"


def test_current_period_is_the_latest_open_one_else_the_latest(wirral):
    plan = PlanFactory(local_area=wirral)
    closed = PeriodFactory(plan=plan, month=date(2022, 5, 1), status="closed", closed_at="2022-06-01T00:00Z")
    april = PeriodFactory(plan=plan, month=date(2022, 4, 1))
    assert selectors.current_period([closed, april]) == april
    assert selectors.current_period([closed]) == closed
    assert selectors.current_period([]) is None
    assert selectors.previous_period([closed, april], closed) == april


def test_status_table_compares_with_the_previous_period(walsall):
    rows = selectors.status_table(
        current=dict(zip(selectors.calculations.STATUS_ORDER, WALSALL_CURRENT, strict=True)),
        previous=dict(zip(selectors.calculations.STATUS_ORDER, [1, 8, 5, 32, 89, 42, 7], strict=True)),
    )
    by_label = {r["label"]: r for r in rows}
    assert by_label["Beyond Milestone"]["current"] == 14 and by_label["Beyond Milestone"]["previous"] == 8
    assert by_label["Beyond Milestone"]["change"] == 6
    assert by_label["Delayed"]["change"] == -2
    assert by_label["In Progress"]["change"] == -5
    assert [r["label"] for r in rows][0] == "Not Started"
    assert by_label["Beyond Milestone"]["brag"] == "red"


def test_action_status_labels_are_spelt_as_domain_md_does():
    assert [label for _, label in ActionStatus.choices] == [
        "Not Started",
        "Beyond Milestone",
        "Delayed",
        "In Progress",
        "Complete",
        "Complete and Embedded",
        "Closed",
    ]
