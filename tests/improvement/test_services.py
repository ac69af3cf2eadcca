"""Services: what may be saved, what is refused (and then nothing is saved),
and that every change is kept with who and when."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from improvement import services
from improvement.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AreaStatus,
    ChangeRecord,
    MilestoneMiss,
    PeriodStatus,
    PeriodStatusCount,
    Risk,
    RiskReview,
)
from tests.db_errors import check_violation, unique_violation
from tests.improvement.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AreaOfConcernFactory,
    MeetingFactory,
    PeriodFactory,
    PlanFactory,
    RiskFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(wirral):
    return PlanFactory(local_area=wirral, name="WSoA 2022", slug="wsoa", approved_on=date(2022, 3, 28))


@pytest.fixture
def concern(plan):
    return AreaOfConcernFactory(plan=plan, number=1, title="Information and data")


@pytest.fixture
def period(plan):
    return PeriodFactory(plan=plan, month=date(2022, 4, 1), ends_on=date(2022, 4, 30))


def action_values(concern, **overrides):
    values = {
        "code": "1.1.a",
        "title": "Systems audit",
        "description": "",
        "area_of_concern": concern,
        "owner_user": None,
        "owner_name": "Head of Performance",
        "workstream": None,
        "milestone": date(2022, 6, 30),
        "status": ActionStatus.IN_PROGRESS,
        "reason": "",
        "mitigation": "",
    }
    return {**values, **overrides}


# ---------------------------------------------------------------- actions


def test_it_creates_an_action_with_its_sort_key_and_history(plan, concern, alice):
    action = services.action_save(plan=plan, user=alice, **action_values(concern, code="1.10.a"))
    assert action.sort_key == "000001.000010.a"
    record = ChangeRecord.objects.get(action=action)
    assert (record.verb, record.user, record.subject) == ("created", alice, "action")


def test_it_refuses_a_duplicate_action_code_in_a_plan(plan, concern, alice):
    services.action_save(plan=plan, user=alice, **action_values(concern))
    with pytest.raises(ValidationError, match=r"The plan already has an action 1\.1\.A\.") as error:
        services.action_save(plan=plan, user=alice, **action_values(concern, code="1.1.A", title="Another"))
    assert "already has an action 1.1.A" in error.value.message_dict["code"][0]
    assert Action.objects.count() == 1


def test_the_database_refuses_a_duplicate_code_too(plan, concern):
    ActionFactory(area_of_concern=concern, code="2.2.b")
    with (
        pytest.raises(IntegrityError, match=unique_violation("improvement_action", "plan_id", "code")),
        transaction.atomic(),
    ):
        ActionFactory(area_of_concern=concern, code="2.2.b")


def test_the_same_code_may_be_used_in_another_plan(plan, concern, alice, wirral):
    services.action_save(plan=plan, user=alice, **action_values(concern))
    other = PlanFactory(local_area=wirral, name="Improvement Notice", slug="notice", approved_on=None)
    other_concern = AreaOfConcernFactory(plan=other, number=1)
    services.action_save(plan=other, user=alice, **action_values(other_concern))
    assert Action.objects.filter(code="1.1.a").count() == 2


@pytest.mark.parametrize("status", [ActionStatus.DELAYED, ActionStatus.BEYOND_MILESTONE])
def test_an_action_behind_needs_a_reason_and_a_mitigation(plan, concern, alice, status):
    with pytest.raises(
        ValidationError, match=rf"Enter the reason: it is required when the status is {status.label}\."
    ) as error:
        services.action_save(plan=plan, user=alice, **action_values(concern, status=status))
    assert set(error.value.message_dict) == {"reason", "mitigation"}
    assert not Action.objects.exists()


def test_a_milestone_before_the_plans_approval_needs_confirming(plan, concern, alice):
    values = action_values(concern, milestone=date(2022, 3, 1))
    with pytest.raises(
        ValidationError, match=r"The milestone 1 March 2022 is before the plan was approved on 28 March 2022\."
    ) as error:
        services.action_save(plan=plan, user=alice, **values)
    (milestone_error,) = error.value.error_dict["milestone"]
    assert milestone_error.code == services.MILESTONE_WARNING
    assert "1 March 2022 is before the plan was approved on 28 March 2022" in milestone_error.message
    assert not Action.objects.exists()
    action = services.action_save(plan=plan, user=alice, confirm_milestone=True, **values)
    assert action.milestone == date(2022, 3, 1)


def test_an_unchanged_early_milestone_is_not_questioned_again(plan, concern, alice):
    action = services.action_save(
        plan=plan, user=alice, confirm_milestone=True, **action_values(concern, milestone=date(2022, 3, 1))
    )
    services.action_save(
        plan=plan, user=alice, action=action, **action_values(concern, milestone=date(2022, 3, 1), title="Renamed")
    )
    action.refresh_from_db()
    assert action.title == "Renamed"


def test_an_action_must_belong_to_an_area_of_its_plan(plan, alice, wirral):
    foreign = AreaOfConcernFactory(plan=PlanFactory(local_area=wirral, slug="other"))
    with pytest.raises(ValidationError, match=r"Choose an area of concern of this plan\.") as error:
        services.action_save(plan=plan, user=alice, **action_values(foreign))
    assert "area_of_concern" in error.value.message_dict


def test_changing_an_action_records_what_changed(plan, concern, alice):
    action = services.action_save(plan=plan, user=alice, **action_values(concern))
    services.action_save(plan=plan, user=alice, action=action, **action_values(concern, title="Data systems audit"))
    change = ChangeRecord.objects.filter(action=action, verb="changed").get()
    assert change.changes == {"Title": ["Systems audit", "Data systems audit"]}


# ---------------------------------------------------------------- updates


def test_an_update_sets_the_actions_status_and_is_kept(concern, period, olive):
    action = ActionFactory(area_of_concern=concern, status=ActionStatus.NOT_STARTED)
    update = services.action_update_save(
        action=action, period=period, user=olive, status=ActionStatus.IN_PROGRESS, progress="Templates sent."
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert (update.created_by, update.progress) == (olive, "Templates sent.")
    assert ChangeRecord.objects.filter(action=action, subject="action update", user=olive).exists()


@pytest.mark.parametrize("status", [ActionStatus.DELAYED, ActionStatus.BEYOND_MILESTONE])
def test_an_update_behind_schedule_needs_reason_and_mitigation(concern, period, olive, status):
    action = ActionFactory(area_of_concern=concern)
    with pytest.raises(
        ValidationError,
        match=rf"Enter the mitigation or remedial action: it is required when the status is {status.label}\.",
    ) as error:
        services.action_update_save(action=action, period=period, user=olive, status=status, reason="Staffing")
    assert list(error.value.message_dict) == ["mitigation"]
    assert not ActionUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_the_database_refuses_an_update_behind_schedule_without_reason(concern, period):
    action = ActionFactory(area_of_concern=concern)
    with pytest.raises(IntegrityError, match=check_violation("update_behind_has_reason")), transaction.atomic():
        ActionUpdate.objects.create(action=action, period=period, status=ActionStatus.DELAYED)


def test_it_refuses_an_update_to_a_closed_period(concern, period, olive):
    action = ActionFactory(area_of_concern=concern)
    ActionUpdateFactory(action=action, period=period, progress="As it was")
    services.period_close(period_id=period.pk)
    with pytest.raises(services.PeriodClosed, match="closed"):
        services.action_update_save(
            action=action, period=period, user=olive, status=ActionStatus.COMPLETE, progress="Changed"
        )
    assert ActionUpdate.objects.get().progress == "As it was"


def test_it_refuses_a_period_of_another_plan(concern, olive, wirral):
    action = ActionFactory(area_of_concern=concern)
    other_period = PeriodFactory(plan=PlanFactory(local_area=wirral, slug="other"))
    with pytest.raises(ValidationError, match=r"Choose a reporting period of this action's plan\."):
        services.action_update_save(action=action, period=other_period, user=olive, status=ActionStatus.COMPLETE)
    assert not ActionUpdate.objects.exists()


def test_an_update_of_an_earlier_open_period_leaves_the_status_of_a_later_one(plan, concern, olive):
    april = PeriodFactory(plan=plan, month=date(2022, 4, 1))
    may = PeriodFactory(plan=plan, month=date(2022, 5, 1))
    action = ActionFactory(area_of_concern=concern)
    services.action_update_save(action=action, period=may, user=olive, status=ActionStatus.COMPLETE)
    services.action_update_save(action=action, period=april, user=olive, status=ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE


def test_changing_an_update_records_before_and_after(concern, period, olive, alice):
    action = ActionFactory(area_of_concern=concern)
    services.action_update_save(action=action, period=period, user=olive, status="in_progress", progress="Started")
    services.action_update_save(action=action, period=period, user=alice, status="in_progress", progress="Halfway")
    change = ChangeRecord.objects.filter(action=action, verb="changed").get()
    assert change.user == alice and change.changes == {"Progress": ["Started", "Halfway"]}
    assert ActionUpdate.objects.get().updated_by == alice


# ---------------------------------------------------------------- period close


def test_closing_a_period_marks_overdue_actions_and_keeps_the_counts(plan, concern, period, olive, alice):
    overdue = ActionFactory(area_of_concern=concern, code="1.1.a", milestone=date(2022, 4, 30), owner_user=olive)
    later = ActionFactory(area_of_concern=concern, code="1.1.b", milestone=date(2022, 5, 1))
    done = ActionFactory(area_of_concern=concern, code="1.1.c", milestone=date(2022, 4, 1), status="complete")
    result = services.period_close(period_id=period.pk, user_id=alice.pk)
    assert [m.action for m in result.marked] == [overdue]
    overdue.refresh_from_db(), later.refresh_from_db(), done.refresh_from_db()
    assert (overdue.status, later.status, done.status) == ("beyond_milestone", "in_progress", "complete")
    miss = MilestoneMiss.objects.get()
    assert (miss.owner_user, miss.previous_status, miss.period) == (olive, "in_progress", period)
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED and period.closed_by == alice and period.closed_at
    counts = dict(PeriodStatusCount.objects.filter(period=period).values_list("status", "count"))
    assert counts == {"beyond_milestone": 1, "in_progress": 1, "complete": 1}
    assert ChangeRecord.objects.filter(action=overdue, verb="marked Beyond Milestone", user=None).exists()


def test_closing_a_period_twice_changes_nothing_the_second_time(concern, period):
    ActionFactory(area_of_concern=concern, milestone=date(2022, 4, 1))
    first = services.period_close(period_id=period.pk)
    second = services.period_close(period_id=period.pk)
    assert len(first.marked) == 1 and not first.already_closed
    assert second.already_closed and second.marked == []
    assert MilestoneMiss.objects.count() == 1 and PeriodStatusCount.objects.count() == 1


def test_an_action_already_beyond_milestone_is_not_listed_again(concern, period):
    ActionFactory(
        area_of_concern=concern, milestone=date(2022, 1, 1), status="beyond_milestone", reason="x", mitigation="y"
    )
    assert services.period_close(period_id=period.pk).marked == []


# ---------------------------------------------------------------- periods, areas, plans


def test_one_period_per_plan_per_month(plan, alice):
    values = {
        "month": date(2022, 4, 9),
        "label": "April 2022",
        "kind": "monthly",
        "starts_on": date(2022, 4, 1),
        "ends_on": date(2022, 4, 30),
    }
    period = services.period_create(plan=plan, user=alice, **values)
    assert period.month == date(2022, 4, 1)
    with pytest.raises(ValidationError, match=r"WSoA 2022 already has a period in April 2022\.") as error:
        services.period_create(plan=plan, user=alice, **values)
    assert "already has a period in April 2022" in error.value.message_dict["month"][0]


def test_a_period_cannot_end_before_it_starts(plan, alice):
    with pytest.raises(ValidationError, match=r"The end date must be on or after the start date\.") as error:
        services.period_create(
            plan=plan,
            user=alice,
            month=date(2022, 4, 1),
            label="April",
            kind="monthly",
            starts_on=date(2022, 4, 30),
            ends_on=date(2022, 4, 1),
        )
    assert "ends_on" in error.value.message_dict


def test_moving_an_area_to_bau_needs_the_date_and_who_agreed(plan, alice):
    values = {"number": 4, "title": "Local offer", "status": AreaStatus.BAU}
    with pytest.raises(ValidationError, match=r"Enter the date it was agreed to move to business as usual\.") as error:
        services.area_save(plan=plan, user=alice, **values)
    assert set(error.value.message_dict) == {"bau_date", "bau_agreed_by"}
    area = services.area_save(
        plan=plan,
        user=alice,
        **values,
        bau_date=date(2024, 11, 26),
        bau_agreed_by="DfE and NHS England stocktake, 26 Nov 2024",
    )
    assert area.is_bau


def test_an_area_number_is_unique_in_its_plan(plan, concern, alice):
    with pytest.raises(ValidationError, match=r"WSoA 2022 already has an area 1\.") as error:
        services.area_save(plan=plan, user=alice, number=1, title="Again", status="active")
    assert "number" in error.value.message_dict


def test_a_published_area_needs_its_summary(plan, alice):
    with pytest.raises(ValidationError, match="Write the plain-English summary to publish") as error:
        services.area_save(plan=plan, user=alice, number=2, title="EHC", status="active", publishable=True)
    assert "public_summary" in error.value.message_dict


def test_a_plan_gets_a_slug_from_its_name_avoiding_reserved_ones(wirral, alice):
    plan = services.plan_save(area=wirral, user=alice, name="My actions", kind="programme")
    assert plan.slug == "my-actions-2"
    with pytest.raises(ValidationError, match=r"'periods' is used by another page; choose another short name\."):
        services.plan_save(area=wirral, user=alice, name="Other", slug="periods", kind="programme")


# ---------------------------------------------------------------- risks


def test_a_risk_score_is_likelihood_times_impact(wirral, olive):
    risk = services.risk_save(
        area=wirral, user=olive, title="EHCP timeliness", likelihood=4, impact=5, owner_user=olive, status="open"
    )
    assert (risk.reference, risk.score, risk.band, risk.escalated) == ("R1", 20, "Very high", True)


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, 0), (3, 6), (None, 3)])
def test_it_refuses_likelihood_or_impact_outside_1_to_5(wirral, olive, likelihood, impact):
    with pytest.raises(ValidationError, match=r"Enter the (likelihood|impact) as a whole number from 1 to 5\."):
        services.risk_save(area=wirral, user=olive, title="Bad", likelihood=likelihood, impact=impact, status="open")
    assert not Risk.objects.exists()


def test_the_database_refuses_a_likelihood_of_6(wirral):
    with pytest.raises(IntegrityError, match=check_violation("risk_likelihood_1_to_5")), transaction.atomic():
        RiskFactory(local_area=wirral, likelihood=6, impact=1, score=6)


def test_the_database_refuses_a_score_that_is_not_the_product(wirral):
    with pytest.raises(IntegrityError, match=check_violation("risk_score_is_product")), transaction.atomic():
        RiskFactory(local_area=wirral, likelihood=2, impact=2, score=5)


def test_a_review_keeps_history_and_moves_the_risk(wirral, olive):
    risk = RiskFactory(local_area=wirral, likelihood=4, impact=5, score=20)
    services.risk_review_add(
        risk=risk,
        user=olive,
        reviewed_on=date(2024, 11, 20),
        likelihood=4,
        impact=4,
        notes="Recruitment under way",
        next_review_date=date(2024, 12, 17),
    )
    services.risk_review_add(risk=risk, user=olive, reviewed_on=date(2024, 12, 17), likelihood=3, impact=4)
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, risk.score) == (3, 4, 12)
    assert list(RiskReview.objects.filter(risk=risk).values_list("score", flat=True)) == [12, 16]
    assert ChangeRecord.objects.filter(risk=risk, subject="risk review").count() == 2


def test_a_review_outside_1_to_5_saves_nothing(wirral, olive):
    risk = RiskFactory(local_area=wirral)
    with pytest.raises(ValidationError, match=r"Enter the likelihood as a whole number from 1 to 5\."):
        services.risk_review_add(risk=risk, user=olive, reviewed_on=date(2024, 11, 20), likelihood=7, impact=4)
    assert not RiskReview.objects.exists()


# ---------------------------------------------------------------- decisions, log, workstreams


def test_a_decision_records_options_and_needs_reasons_for_rejected_ones(wirral, alice):
    meeting = MeetingFactory(local_area=wirral)
    options = [
        {"number": 1, "title": "Reduce update requests", "adopted": False, "reason": ""},
        {"number": 2, "title": "Agency staff", "adopted": True, "reason": ""},
    ]
    with pytest.raises(ValidationError, match="option 1"):
        services.decision_save(meeting=meeting, user=alice, options=options, title="EHCP recovery options")
    assert not meeting.decisions.exists()
    options[0]["reason"] = "Would not be well received by parent carers"
    decision = services.decision_save(meeting=meeting, user=alice, options=options, title="EHCP recovery options")
    assert [o.adopted for o in decision.options.all()] == [False, True]


def test_a_log_item_cannot_be_completed_before_it_was_raised(wirral, alice):
    december = MeetingFactory(local_area=wirral, held_on=date(2024, 12, 17))
    november = MeetingFactory(local_area=wirral, held_on=date(2024, 11, 19))
    with pytest.raises(ValidationError, match=r"An item cannot be completed before the meeting that raised it\."):
        services.log_item_save(
            area=wirral, user=alice, raised_at=december, item="Share SEF", status="complete", completed_at=november
        )


def test_workstream_members_are_recorded_in_the_history(wirral, alice, olive):
    workstream = services.workstream_save(area=wirral, user=alice, name="Workstream 1", members=[olive])
    assert list(workstream.members.all()) == [olive]
    change = ChangeRecord.objects.get(subject="workstream")
    assert change.changes == {"Members": ["", str(olive)]}


def test_workstream_factory_members(wirral, olive):
    workstream = WorkstreamFactory(local_area=wirral, members=[olive])
    assert list(workstream.members.all()) == [olive]


def test_an_area_review_or_support_for_a_closed_period_is_refused(concern, period, alice):
    services.period_close(period_id=period.pk)
    with pytest.raises(services.PeriodClosed, match=r"April 2022 is closed: its updates can no longer be changed\."):
        services.area_review_save(area=concern, period=period, user=alice, evidence_of_impact="x", key_next_steps="")
    with pytest.raises(services.PeriodClosed, match=r"April 2022 is closed: its updates can no longer be changed\."):
        services.support_add(area=concern, period=period, user=alice, activity="Workshop", provider="DfE")
    assert not concern.reviews.exists() and not concern.support.exists()


def test_deleting_a_local_area_takes_its_plans_and_actions_but_an_area_of_concern_with_actions_stays(
    plan, concern, wirral
):
    from django.db.models import RestrictedError

    ActionFactory(area_of_concern=concern)
    with pytest.raises(
        RestrictedError,
        match=r"Cannot delete some instances of model 'AreaOfConcern'[^:]*: 'Action\.area_of_concern'",
    ):
        concern.delete()
    wirral.delete()
    assert not Action.objects.exists()


def test_a_plan_name_or_short_name_is_unique_in_its_area(plan, alice, wirral):
    with pytest.raises(ValidationError, match=r"Wirral already has a plan called 'WSoA 2022'\.") as error:
        services.plan_save(area=wirral, user=alice, name="WSoA 2022", kind="wsoa")
    assert "already has a plan called" in error.value.message_dict["name"][0]
    with pytest.raises(ValidationError, match=r"Another plan of Wirral has the short name 'wsoa'\.") as error:
        services.plan_save(area=wirral, user=alice, name="Other", slug="wsoa", kind="wsoa")
    assert "short name 'wsoa'" in error.value.message_dict["slug"][0]
