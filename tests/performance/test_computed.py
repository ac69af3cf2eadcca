"""Computed indicators take their values from their source (the EHCP
returns, case records, plan counts): nobody keys them twice."""

from datetime import date
from decimal import Decimal as D

import pytest

from ehcp.models import MonthlyFigure, TimelinessTarget
from ehcp.signals import figures_recomputed
from performance.computed import computed_indicators_sync as ehcp_indicators_sync
from performance.models import EventKind, IndicatorValue, Rating, ValueSource, ValueState
from tests.performance.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def figure(area, month, issued, within, *, approved=True, rolling=None, rolling_approved=False):
    pct = None if not issued else (D(within) * 100 / D(issued)).quantize(D("0.1"))
    rolling_issued, rolling_within = rolling or (None, None)
    return MonthlyFigure.objects.create(
        local_area=area, month=month, source="returns", issued=issued, within_20_weeks=within, pct=pct,
        rolling_issued=rolling_issued, rolling_within=rolling_within,
        rolling_pct=(D(rolling_within) * 100 / D(rolling_issued)).quantize(D("0.1")) if rolling else None,
        ytd_issued=issued, ytd_within=within, month_approved=approved, rolling_approved=rolling_approved,
    )  # fmt: skip


@pytest.fixture
def ehcp_indicators(sefton):
    TimelinessTarget.objects.create(local_area=sefton, year_start=date(2024, 1, 1), target_pct=D(60))
    monthly = IndicatorFactory(area=sefton, code="EHCP20", computed_source="ehcp.timeliness_20_weeks")
    rolling = IndicatorFactory(area=sefton, code="EHCP20R", computed_source="ehcp.timeliness_20_weeks_rolling")
    return monthly, rolling


def test_monthly_and_rolling_figures_become_values(sefton, ehcp_indicators):
    monthly, rolling = ehcp_indicators
    figure(sefton, date(2024, 6, 1), 79, 45)
    figure(sefton, date(2024, 7, 1), 111, 50, approved=False, rolling=(866, 460), rolling_approved=False)
    figure(sefton, date(2024, 8, 1), 0, 0, approved=True)  # nothing issued: no figure, not 0%
    figure(sefton, date(2024, 9, 1), 70, 49, rolling=(900, 480), rolling_approved=True)
    assert ehcp_indicators_sync(area_id=sefton.pk) == 5 + 2  # the values, and each indicator's EHCP target
    values = {v.period: v for v in IndicatorValue.objects.filter(indicator=monthly)}
    assert sorted(values) == [date(2024, 6, 1), date(2024, 7, 1), date(2024, 9, 1)]
    july = values[date(2024, 7, 1)]
    assert (july.value, july.numerator, july.denominator, july.state, july.source) == (
        D("45.0"), 50, 111, ValueState.SUBMITTED, ValueSource.COMPUTED,
    )  # fmt: skip
    assert values[date(2024, 6, 1)].state == ValueState.APPROVED and values[date(2024, 6, 1)].approved_at
    assert [
        (v.period, v.value, v.state) for v in IndicatorValue.objects.filter(indicator=rolling).order_by("period")
    ] == [
        (date(2024, 7, 1), D("53.1"), ValueState.SUBMITTED),
        (date(2024, 9, 1), D("53.3"), ValueState.APPROVED),
    ]
    rating = Rating.objects.get(value=july)
    assert (rating.rag, rating.change, rating.direction) == ("red", D("-11.9"), "worsening")  # Sefton's ↓ 11.9
    assert monthly.events.filter(kind=EventKind.VALUE_SYNCED).count() == 3


def test_the_sync_is_idempotent_and_follows_changes(sefton, ehcp_indicators):
    monthly, _ = ehcp_indicators
    june = figure(sefton, date(2024, 6, 1), 79, 45, approved=False)
    ehcp_indicators_sync(area_id=sefton.pk)
    assert ehcp_indicators_sync(area_id=sefton.pk) == 0
    june.month_approved = True
    june.save()
    assert ehcp_indicators_sync(area_id=sefton.pk) == 1
    assert IndicatorValue.objects.get(indicator=monthly).state == ValueState.APPROVED
    june.delete()
    assert ehcp_indicators_sync(area_id=sefton.pk) == 1
    assert not IndicatorValue.objects.filter(indicator=monthly).exists()


def test_an_area_without_ehcp_indicators_is_left_alone(wirral):
    figure(wirral, date(2024, 6, 1), 10, 5)
    assert ehcp_indicators_sync(area_id=wirral.pk) == 0


def test_the_signal_queues_the_sync(sefton, ehcp_indicators, django_capture_on_commit_callbacks):
    figure(sefton, date(2024, 6, 1), 79, 45)
    with django_capture_on_commit_callbacks(execute=True):
        figures_recomputed.send(sender=MonthlyFigure, area_ids=[sefton.pk])
    assert IndicatorValue.objects.filter(indicator=ehcp_indicators[0]).count() == 1


def test_one_signal_for_several_areas_syncs_each(sefton, wirral, ehcp_indicators, django_capture_on_commit_callbacks):
    figure(sefton, date(2024, 6, 1), 79, 45)
    figure(wirral, date(2024, 6, 1), 10, 5)  # Wirral has no EHCP indicators: nothing to do there
    with django_capture_on_commit_callbacks(execute=True):
        figures_recomputed.send(sender=MonthlyFigure, area_ids=[wirral.pk, sefton.pk])
    assert IndicatorValue.objects.filter(indicator=ehcp_indicators[0]).count() == 1


def test_a_return_approved_on_the_ehcp_pages_reaches_the_scorecard(
    sefton, ehcp_indicators, django_capture_on_commit_callbacks
):
    from ehcp import services as ehcp_services
    from tests.factories import MembershipFactory

    lead = MembershipFactory(user__username="sefton-lead", local_area=sefton, role="performance_lead").user
    with django_capture_on_commit_callbacks(execute=True):
        monthly_return = ehcp_services.return_create(
            area=sefton, month=date(2024, 7, 1), values={"issued": 111, "within_20_weeks": 50}, user=lead, submit=True
        )
    value = IndicatorValue.objects.get(indicator=ehcp_indicators[0])
    assert (value.value, value.state) == (D("45.0"), ValueState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        ehcp_services.return_approve(monthly_return=monthly_return, user=lead)
    value.refresh_from_db()
    assert value.state == ValueState.APPROVED
    assert Rating.objects.get(value=value).rag == "red"


def test_the_sync_command_and_nightly_task(sefton, ehcp_indicators):
    from django.core.management import call_command

    from performance.tasks import sync_all_computed_indicators

    figure(sefton, date(2024, 6, 1), 79, 45)
    assert sync_all_computed_indicators.delay().get() == 1 + 2
    IndicatorValue.objects.all().delete()
    call_command("sync_computed_indicators", "--area", "343")
    assert IndicatorValue.objects.count() == 1


def test_plan_counts_at_each_closed_period_become_values(wirral):
    from django.utils import timezone

    from improvement.models import PeriodStatusCount
    from tests.improvement.factories import AreaOfConcernFactory, PeriodFactory, PlanFactory

    plan = PlanFactory(local_area=wirral)
    areas = [AreaOfConcernFactory(plan=plan), AreaOfConcernFactory(plan=plan)]
    closed = PeriodFactory(plan=plan, month=date(2022, 4, 1), status="closed", closed_at=timezone.now())
    PeriodFactory(plan=plan, month=date(2022, 5, 1))  # open: its counts are not kept yet
    for area, delayed, behind in ((areas[0], 3, 1), (areas[1], 2, 0)):
        PeriodStatusCount.objects.create(period=closed, area_of_concern=area, status="delayed", count=delayed)
        PeriodStatusCount.objects.create(period=closed, area_of_concern=area, status="beyond_milestone", count=behind)
    delayed = IndicatorFactory(
        area=wirral, code="DELAYED", unit="count", polarity="lower", computed_source="improvement.actions_delayed"
    )
    behind = IndicatorFactory(
        area=wirral, code="BEHIND", unit="count", polarity="lower",
        computed_source="improvement.actions_beyond_milestone",
    )  # fmt: skip
    assert ehcp_indicators_sync(area_id=wirral.pk) == 2
    assert [(v.period, v.value) for v in delayed.values.all()] == [(date(2022, 4, 1), D(5))]
    assert [(v.period, v.value) for v in behind.values.all()] == [(date(2022, 4, 1), D(1))]
    assert ehcp_indicators_sync(area_id=wirral.pk) == 0


def test_a_statutory_timeline_step_fills_its_indicator_from_the_returns(wirral):
    from ehcp import services as ehcp_services
    from ehcp.models import MonthlyReturn, ReturnStatus

    MonthlyReturn.objects.create(
        local_area=wirral, month=date(2024, 3, 1), issued=10, within_20_weeks=4,
        decisions_to_assess=20, decisions_within_6_weeks=15, status=ReturnStatus.APPROVED,
    )  # fmt: skip
    ehcp_services.figures_recompute(area_id=wirral.pk)
    six_weeks = IndicatorFactory(area=wirral, code="DEC6", computed_source="ehcp.step.requests_6_weeks")
    ehcp_indicators_sync(area_id=wirral.pk)
    assert [(v.period, v.value, v.numerator, v.denominator, v.source) for v in six_weeks.values.all()] == [
        (date(2024, 3, 1), D("75.0"), 15, 20, ValueSource.COMPUTED)
    ]
    # The indicator says which source this area's figures come from: it has no case records.
    from performance.selectors import source_info

    assert source_info(indicator=six_weeks).text == "computed from the monthly returns"
    assert six_weeks.events.get(kind=EventKind.VALUE_SYNCED).message == (
        "March 2024: 75.0% (15 of 20), computed from the monthly returns, approved."
    )


def test_a_step_from_a_return_awaiting_approval_is_never_an_approved_value(wirral, olive, alice):
    """A return's step figures wait for the return's approval, as its 20-week
    figure does: a draft's decisions within 6 weeks reach the scorecard as
    submitted (so never a publication), the timeline and the step's page say
    "awaiting approval", and approving the return approves them."""
    from django.test import Client

    from ehcp import services as ehcp_services

    six_weeks = IndicatorFactory(area=wirral, code="DEC6", computed_source="ehcp.step.requests_6_weeks")
    appeals = IndicatorFactory(
        area=wirral, code="APPEALS", computed_source="ehcp.tribunal_appeals", frequency="quarterly", unit="count"
    )
    values = {"issued": 10, "within_20_weeks": 4, "decisions_to_assess": 20, "decisions_within_6_weeks": 9}
    returns = []
    for month in (1, 2, 3):
        quarter_values = {**values, "appeals_registered": 1, "appealable_decisions": 30}
        returns.append(
            ehcp_services.return_create(area=wirral, month=date(2024, month, 1), values=quarter_values, user=olive)
        )
    ehcp_services.figures_recompute(area_id=wirral.pk)
    ehcp_indicators_sync(area_id=wirral.pk)
    assert [(v.period, v.value, v.state) for v in six_weeks.values.order_by("period")] == [
        (date(2024, m, 1), D("45.0"), ValueState.SUBMITTED) for m in (1, 2, 3)
    ]
    assert [(v.period, v.value, v.state) for v in appeals.values.all()] == [
        (date(2024, 1, 1), D(3), ValueState.SUBMITTED)
    ]
    client = Client()
    client.force_login(alice)
    overview = " ".join(client.get(f"/board/{wirral.code}/ehcp/timeline/").content.decode().split())
    assert '45.0% <span class="govuk-body-s">Mar 2024, 9 of 20; awaiting approval</span>' in overview
    page = client.get(f"/board/{wirral.code}/ehcp/timeline/requests_6_weeks/").content.decode()
    assert page.count("Awaiting approval") == 3
    assert '"name":"Monthly(awaitingapproval)"' in page.replace(" ", "")  # hatched, as on the 20-week chart
    exported = client.get(f"/board/{wirral.code}/ehcp/timeline/requests_6_weeks/?_export=csv").content.decode()
    assert exported.splitlines()[1].endswith(",awaiting approval")

    for monthly_return in returns:
        ehcp_services.return_submit(monthly_return=monthly_return, user=olive)
        ehcp_services.return_approve(monthly_return=monthly_return, user=alice)
    ehcp_services.figures_recompute(area_id=wirral.pk)
    ehcp_indicators_sync(area_id=wirral.pk)
    assert {v.state for v in six_weeks.values.all()} == {ValueState.APPROVED}
    assert appeals.values.get().state == ValueState.APPROVED
    overview = " ".join(client.get(f"/board/{wirral.code}/ehcp/timeline/").content.decode().split())
    assert '45.0% <span class="govuk-body-s">Mar 2024, 9 of 20</span>' in overview
    page = client.get(f"/board/{wirral.code}/ehcp/timeline/requests_6_weeks/").content.decode().replace(" ", "")
    assert '"name":"Monthly(approved)"' in page and "awaitingapproval" not in page.lower()


def test_a_step_whose_lower_is_better_refuses_an_indicator_saying_higher(wirral, alice):
    from django.core.exceptions import ValidationError

    from performance import sources
    from performance.services import indicator_create

    assert sources.get("ehcp.step.over_52_weeks").polarity == "lower"
    with pytest.raises(ValidationError, match="lower is better"):
        indicator_create(
            area=wirral, user=alice, code="OVER52", name="Plans after 52 weeks", unit="percent",
            frequency="monthly", polarity="higher", service_area="ehcp", computed_source="ehcp.step.over_52_weeks",
        )  # fmt: skip


def _records_reach(area, data_to):
    """The area's case records came in an import whose latest date is `data_to` (their cohorts' date)."""
    from ehcp.models import CaseImport

    count = area.ehcp_cases.count()
    CaseImport.objects.create(local_area=area, rows=count, created=count, updated=0, data_to=data_to)


def _cases_known_to(area, data_to, request_dates):
    from ehcp import services as ehcp_services
    from ehcp.models import Decision
    from tests.ehcp.factories import CaseRecordFactory

    for day in request_dates:
        CaseRecordFactory(
            local_area=area, request_date=day, decision_date=None, final_date=None, decision=Decision.PENDING
        )
    _records_reach(area, data_to)
    ehcp_services.figures_recompute(area_id=area.pk)


def test_requests_received_counts_each_complete_month_of_the_case_records_with_none_as_zero(wirral):
    requests = IndicatorFactory(
        area=wirral, code="REQ", unit="count", polarity="neutral", computed_source="ehcp.requests_received"
    )
    # The records reach 15 April 2024: April is not complete, so it has no figure yet.
    _cases_known_to(
        wirral, date(2024, 4, 15), [date(2024, 1, 10), date(2024, 1, 31), date(2024, 3, 5), date(2024, 4, 2)]
    )
    ehcp_indicators_sync(area_id=wirral.pk)
    assert [(v.period, v.value) for v in requests.values.all()] == [
        (date(2024, 1, 1), D(2)), (date(2024, 2, 1), D(0)), (date(2024, 3, 1), D(1)),
    ]  # fmt: skip


def test_requests_received_include_the_last_month_once_the_records_reach_its_end(wirral):
    requests = IndicatorFactory(
        area=wirral, code="REQ", unit="count", polarity="neutral", computed_source="ehcp.requests_received"
    )
    _cases_known_to(wirral, date(2024, 4, 30), [date(2024, 3, 5), date(2024, 4, 2), date(2024, 4, 30)])
    ehcp_indicators_sync(area_id=wirral.pk)
    assert [(v.period, v.value) for v in requests.values.all()] == [(date(2024, 3, 1), D(1)), (date(2024, 4, 1), D(2))]


def _synced_appeals(area):
    """A quarterly count of tribunal appeals taking ehcp.tribunal_appeals, filled after the area's recompute."""
    from ehcp import services as ehcp_services

    ehcp_services.figures_recompute(area_id=area.pk)
    appeals = IndicatorFactory(
        area=area, code="TRIB", unit="count", frequency="quarterly", polarity="lower",
        computed_source="ehcp.tribunal_appeals",
    )  # fmt: skip
    ehcp_indicators_sync(area_id=area.pk)
    return appeals


def test_tribunal_appeals_are_summed_over_each_quarter_whose_three_months_have_figures(wirral):
    from ehcp.models import MonthlyReturn

    for month, appeals in ((date(2024, 1, 1), 2), (date(2024, 2, 1), 0), (date(2024, 3, 1), 3), (date(2024, 4, 1), 4)):
        MonthlyReturn.objects.create(
            local_area=wirral,
            month=month,
            issued=10,
            within_20_weeks=4,
            appealable_decisions=30,
            appeals_registered=appeals,
        )
    appeals = _synced_appeals(wirral)
    # 2024-Q2 has only April: no figure until May and June are in.
    assert [(v.period, v.value) for v in appeals.values.all()] == [(date(2024, 1, 1), D(5))]


def test_advice_in_the_month_counts_each_complete_month_s_advice_received_within_6_weeks(wirral):
    from ehcp import services as ehcp_services
    from tests.ehcp.factories import CaseRecordFactory

    # Asked on 1 February: back on day 42 (14 March, within), day 43 (15 March, late) and 2 April (late);
    # the records reach 20 April, so April is not complete and has no figure yet; January has none.
    for received in (date(2024, 3, 14), date(2024, 3, 15), date(2024, 4, 2)):
        CaseRecordFactory(
            local_area=wirral, request_date=date(2024, 1, 20),
            ep_advice_requested=date(2024, 2, 1), ep_advice_received=received,
        )  # fmt: skip
    _records_reach(wirral, date(2024, 4, 20))
    ehcp_services.figures_recompute(area_id=wirral.pk)
    advice = IndicatorFactory(area=wirral, code="EP6", computed_source="ehcp.ep_advice_6_weeks_in_month")
    ehcp_indicators_sync(area_id=wirral.pk)
    assert [(v.period, v.value, v.numerator, v.denominator) for v in advice.values.all()] == [
        (date(2024, 3, 1), D("50.0"), 1, 2)
    ]


def test_advice_by_month_names_the_services_it_knows(wirral):
    from ehcp.selectors import advice_by_month

    with pytest.raises(ValueError, match="Unknown advice service 'camhs': one of ep, health, social_care"):
        advice_by_month(area=wirral, service="camhs")


def test_tribunal_appeals_from_case_records_count_only_quarters_the_records_cover_to_their_end(wirral):
    from tests.ehcp.factories import CaseRecordFactory

    # Plans issued in December 2023, appealed in each month to June 2024; the records reach 15 June only.
    for appealed in (date(2024, 1, 8), date(2024, 2, 8), date(2024, 3, 8), date(2024, 4, 8), date(2024, 5, 8),
                     date(2024, 6, 8)):  # fmt: skip
        CaseRecordFactory(local_area=wirral, request_date=date(2023, 9, 1), tribunal=True, tribunal_date=appealed)
    _records_reach(wirral, date(2024, 6, 15))
    appeals = _synced_appeals(wirral)
    assert [(v.period, v.value) for v in appeals.values.all()] == [(date(2024, 1, 1), D(3))]
    assert appeals.source.describe(wirral) == "computed from case records"


def test_a_computed_value_is_approved_with_its_return_never_on_the_scorecard(
    sefton, ehcp_indicators, client, django_capture_on_commit_callbacks
):
    """A draft return's figure is a computed value awaiting its return's
    approval: it is not in the scorecard's approvals (nor the lead's open
    items), and approving it there is refused, so that no unapproved return
    reaches a publication through the scorecard."""
    from django.core.exceptions import ValidationError

    from ehcp import services as ehcp_services
    from performance import selectors, services
    from tests.factories import MembershipFactory

    lead = MembershipFactory(user__username="sefton-lead", local_area=sefton, role="performance_lead").user
    entered = IndicatorFactory(area=sefton, code="KPI1")
    typed = IndicatorValue.objects.create(
        indicator=entered, period=date(2024, 7, 1), period_end=date(2024, 7, 31), value=D(40),
        state=ValueState.SUBMITTED,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        monthly_return = ehcp_services.return_create(
            area=sefton, month=date(2024, 7, 1), values={"issued": 111, "within_20_weeks": 50}, user=lead
        )
    computed = IndicatorValue.objects.get(indicator=ehcp_indicators[0])
    assert (computed.value, computed.state) == (D("45.0"), ValueState.SUBMITTED)
    assert selectors.awaiting_approval(area=sefton) == [typed]
    assert selectors.awaiting_approval_count(area=sefton) == 1
    with pytest.raises(ValidationError, match="approved with the records they come from"):
        services.value_approve(value=computed, user=lead)
    with pytest.raises(ValidationError, match="EHCP20 is computed from"):
        services.values_approve(values=[typed, computed], user=lead)
    client.force_login(lead)
    page = client.post(f"/board/343/scorecard/indicators/EHCP20/values/{computed.period_code}/approve/", follow=True)
    assert "never on the scorecard" in page.content.decode()
    computed.refresh_from_db()
    typed.refresh_from_db()
    assert computed.state == ValueState.SUBMITTED and typed.state == ValueState.SUBMITTED
    # Approved with its return, on the EHCP pages.
    with django_capture_on_commit_callbacks(execute=True):
        ehcp_services.return_submit(monthly_return=monthly_return, user=lead)
        ehcp_services.return_approve(monthly_return=monthly_return, user=lead)
    computed.refresh_from_db()
    assert computed.state == ValueState.APPROVED
