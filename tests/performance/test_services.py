"""Writes through the services: every bad input is refused with a message
and saves nothing; good input is saved, logged, and rated."""

import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from performance import services
from performance.models import (
    Benchmark,
    DashboardItem,
    EventKind,
    Indicator,
    IndicatorEvent,
    IndicatorValue,
    Rating,
    Target,
    ValueState,
)
from performance.services import ValueInput
from tests.factories import UserFactory
from tests.performance.factories import IndicatorFactory
from tests.performance.scorecards import enter

pytestmark = pytest.mark.django_db

JULY = date(2024, 7, 1)


def messages_of(error):
    return {field: " ".join(str(m) for m in msgs) for field, msgs in error.value.message_dict.items()}


# ---------------------------------------------------------------- indicators and targets


def test_it_defines_an_indicator_with_its_first_target(wirral, alice):
    indicator = services.indicator_create(
        area=wirral, user=alice, code="ehcp20", name="20 weeks", service_area="ehcp", unit="percent",
        polarity="higher", frequency="monthly", target=D(60), target_from=date(2024, 4, 1), tolerance=D(10),
    )  # fmt: skip
    assert indicator.code == "EHCP20"
    assert list(indicator.targets.values_list("applies_from", "value", "tolerance")) == [
        (date(2024, 4, 1), D(60), D(10))
    ]
    assert list(indicator.events.values_list("kind", flat=True)) == [EventKind.TARGET, EventKind.DEFINED]


def test_a_target_without_a_start_date_saves_nothing(wirral, alice):
    with pytest.raises(ValidationError, match=r"A target needs the date it applies from, such as 2024-04\.") as error:
        services.indicator_create(
            area=wirral, user=alice, code="X1", name="X", service_area="ehcp", unit="percent", polarity="higher",
            frequency="monthly", target=D(60), target_from=None,
        )  # fmt: skip
    assert messages_of(error) == {"target_from": "A target needs the date it applies from, such as 2024-04."}
    assert not Indicator.objects.exists()


def test_a_neutral_indicator_takes_no_target(wirral, alice):
    with pytest.raises(ValidationError, match="A neutral indicator is context only") as error:
        services.indicator_create(
            area=wirral, user=alice, code="EHCPACT", name="Active", service_area="ehcp", unit="count",
            polarity="neutral", frequency="monthly", target=D(3000), target_from=date(2024, 4, 1),
        )  # fmt: skip
    assert "no target" in messages_of(error)["target"]
    assert not Indicator.objects.exists()


def test_a_code_is_unique_in_its_area(wirral, alice):
    IndicatorFactory(area=wirral, code="AR12")
    with pytest.raises(ValidationError, match=r"Wirral already has an indicator AR12\.") as error:
        services.indicator_create(
            area=wirral, user=alice, code="ar12", name="X", service_area="ehcp", unit="percent", polarity="higher",
            frequency="monthly",
        )  # fmt: skip
    assert messages_of(error) == {"code": "Wirral already has an indicator AR12."}


def test_an_owner_must_have_a_role_in_the_area(wirral, alice, charlie):
    with pytest.raises(ValidationError, match=r"Charlie has no role in Wirral\.") as error:
        services.indicator_create(
            area=wirral, user=alice, code="X1", name="X", service_area="ehcp", unit="percent", polarity="higher",
            frequency="monthly", owner=charlie,
        )  # fmt: skip
    assert "has no role in Wirral" in messages_of(error)["owner"]


def test_targets_keep_their_history(wirral, alice):
    indicator = IndicatorFactory(area=wirral)
    services.target_add(indicator=indicator, applies_from=date(2024, 4, 1), value=D(60), tolerance=D(10), user=alice)
    services.target_add(indicator=indicator, applies_from=date(2025, 4, 1), value=D(65), tolerance=D(5), user=alice)
    with pytest.raises(ValidationError, match="A target of 65 already applies from 1 April 2025") as error:
        services.target_add(indicator=indicator, applies_from=date(2025, 4, 1), value=D(70), user=alice)
    assert "already applies from 1 April 2025" in messages_of(error)["applies_from"]
    assert indicator.targets.count() == 2


def test_a_target_must_have_a_start_and_a_sensible_value(wirral, alice):
    indicator = IndicatorFactory(area=wirral)
    with pytest.raises(ValidationError, match=r"A target needs the date it applies from\.") as error:
        services.target_add(indicator=indicator, applies_from=None, value=D(60), user=alice)
    assert messages_of(error) == {"applies_from": "A target needs the date it applies from."}
    with pytest.raises(
        ValidationError, match=r"A percentage lies between 0 and 100; 160 is outside that range\."
    ) as error:
        services.target_add(indicator=indicator, applies_from=date(2024, 4, 1), value=D(160), user=alice)
    assert "between 0 and 100" in messages_of(error)["value"]
    with pytest.raises(ValidationError, match=r"The tolerance cannot be negative\."):
        services.target_add(indicator=indicator, applies_from=date(2024, 4, 1), value=D(60), tolerance=D(-1))
    assert not Target.objects.exists()


def test_unit_and_frequency_cannot_change_once_there_are_values(wirral, alice):
    indicator = IndicatorFactory(area=wirral, name="Original")
    services.indicator_update(indicator=indicator, user=alice, unit="count")  # no values yet: allowed
    indicator.refresh_from_db()
    assert indicator.unit == "count"
    enter(indicator, JULY, 12)
    with pytest.raises(ValidationError, match=f"{indicator.code} has values, so its unit cannot change") as error:
        services.indicator_update(indicator=indicator, user=alice, unit="percent", name="Renamed")
    assert "has values, so its unit cannot change" in messages_of(error)["unit"]
    indicator.refresh_from_db()
    assert (indicator.unit, indicator.name) == ("count", "Original")
    services.indicator_update(indicator=indicator, user=alice, name="Renamed")
    assert IndicatorEvent.objects.filter(indicator=indicator, kind=EventKind.EDITED).count() == 2


# ---------------------------------------------------------------- values: bad input saves nothing


@pytest.fixture
def percent(wirral, olive):
    return IndicatorFactory(area=wirral, code="AR12", owner=olive)


def refused(indicator, entry, field, text):
    with pytest.raises(ValidationError, match=re.escape(text)) as error:
        services.value_create(indicator=indicator, entry=entry)
    assert text in messages_of(error)[field]
    return error


def test_it_refuses_a_numerator_greater_than_the_denominator(percent):
    refused(percent, ValueInput(period=JULY, numerator=61, denominator=60), "numerator", "greater than the denominator")
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("100.5", "A percentage lies between 0 and 100; 100.5 is outside that range."),
        ("-1", "The value cannot be negative."),
    ],
)
def test_it_refuses_a_percentage_outside_0_to_100(percent, value, message):
    refused(percent, ValueInput(period=JULY, value=D(value)), "value", message)
    assert not IndicatorValue.objects.exists()


def test_it_refuses_a_period_the_frequency_does_not_have(wirral):
    termly = IndicatorFactory(area=wirral, code="OOB", unit="count", polarity="lower", frequency="termly")
    refused(termly, ValueInput(period=date(2024, 3, 1), value=D(269)), "period", "That is not a termly period")
    assert not IndicatorValue.objects.exists()


def test_it_refuses_a_duplicate_and_links_to_the_existing_value(percent):
    enter(percent, JULY, 33)
    error = refused(percent, ValueInput(period=JULY, value=D(35)), "period", "AR12 already has a value for July 2024.")
    assert 'href="/board/344/scorecard/indicators/AR12/values/2024-07/"' in messages_of(error)["period"]
    assert IndicatorValue.objects.get().value == D(33)


def test_it_refuses_a_period_that_has_not_started(percent):
    refused(percent, ValueInput(period=date(2099, 1, 1), value=D(5)), "period", "has not started yet")


def test_it_refuses_keying_a_computed_figure_naming_its_source(wirral):
    synced = IndicatorFactory(area=wirral, code="EHCP20", computed_source="ehcp.timeliness_20_weeks")
    refused(synced, ValueInput(period=JULY, value=D(45)), "value", "computed from the EHCP monthly returns")
    cohort = IndicatorFactory(area=wirral, code="DTA6", computed_source="ehcp.decisions_6_weeks")
    refused(cohort, ValueInput(period=JULY, value=D(45)), "value", "DTA6 is computed from case records")


def test_a_value_is_worked_out_from_its_parts(percent, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        value = services.value_create(
            indicator=percent, entry=ValueInput(period=JULY, numerator=45, denominator=144), user=alice
        )
    assert value.value == D("31.3") and value.state == ValueState.DRAFT and value.period_end == date(2024, 7, 31)
    assert value.entered_by == alice
    assert Rating.objects.get(value=value).rag == "grey"  # no target yet


# ---------------------------------------------------------------- value states


def test_draft_submit_approve_with_who_and_when(percent, olive, alice):
    value = enter(percent, JULY, 33, state=ValueState.DRAFT, user=olive)
    services.value_submit(value=value, user=olive)
    services.value_approve(value=value, user=alice)
    value.refresh_from_db()
    assert (value.state, value.submitted_by, value.approved_by) == (ValueState.APPROVED, olive, alice)
    assert value.submitted_at <= value.approved_at
    kinds = list(IndicatorEvent.objects.filter(indicator=percent).values_list("kind", flat=True))
    assert kinds[:3] == [EventKind.VALUE_APPROVED, EventKind.VALUE_SUBMITTED, EventKind.VALUE_ENTERED]
    with pytest.raises(ValidationError, match="already approved"):
        services.value_approve(value=value, user=alice)


def test_an_approved_value_changes_only_after_a_reopen_with_a_reason(percent, olive, alice):
    value = enter(percent, JULY, 33, user=alice)
    with pytest.raises(ValidationError, match="must reopen it"):
        services.value_update(value=value, entry=ValueInput(period=JULY, value=D(34)), user=olive)
    with pytest.raises(ValidationError, match="Say why"):
        services.value_reopen(value=value, user=alice, reason=" ")
    services.value_reopen(value=value, user=alice, reason="The return was re-run")
    value.refresh_from_db()
    assert value.state == ValueState.DRAFT and value.approved_at is None
    services.value_update(value=value, entry=ValueInput(period=JULY, value=D(34)), user=olive, state="submitted")
    value.refresh_from_db()
    assert (value.value, value.state) == (D(34), ValueState.SUBMITTED)
    messages = list(IndicatorEvent.objects.filter(indicator=percent).values_list("message", flat=True))
    assert "July 2024: 33.0% → 34.0%, submitted." in messages
    assert any("Reason: The return was re-run" in m for m in messages)


def test_a_value_update_is_checked_like_a_new_one(percent, olive):
    value = enter(percent, JULY, 33, state=ValueState.DRAFT)
    with pytest.raises(ValidationError, match=r"The numerator \(7\) is greater than the denominator \(5\)") as error:
        services.value_update(value=value, entry=ValueInput(period=JULY, numerator=7, denominator=5), user=olive)
    assert "greater than the denominator" in messages_of(error)["numerator"]
    value.refresh_from_db()
    assert value.value == D(33)


# ---------------------------------------------------------------- ratings


def test_ratings_are_stored_with_the_target_in_force_and_the_change(wirral, alice, run_on_commit):
    indicator = IndicatorFactory(area=wirral, code="EHCP20")

    def build():
        services.target_add(indicator=indicator, applies_from=date(2024, 4, 1), value=D(60), tolerance=D(10))
        services.target_add(indicator=indicator, applies_from=date(2024, 7, 1), value=D(65), tolerance=D(5))
        enter(indicator, date(2024, 6, 1), numerator=33, denominator=58)
        enter(indicator, JULY, numerator=27, denominator=60)
        services.benchmark_set(indicator=indicator, series="england", period=JULY, value=D("46.4"), source="SEN2")

    run_on_commit(build)
    june, july = Rating.objects.order_by("value__period")
    assert (june.rag, june.target) == ("amber", D(60))
    assert (july.rag, july.target, july.tolerance) == ("red", D(65), D(5))
    assert (july.change, july.change_unit, july.direction, july.arrow) == (D("-11.9"), "pp", "worsening", "↓")
    assert july.change_text == "↓ 11.9 percentage points"
    assert (july.england, july.england_difference) == (D("46.4"), D("-1.4"))
    indicator.refresh_from_db()
    assert indicator.ratings_stale_since is None


def test_a_change_marks_ratings_stale_until_the_task_runs(wirral):
    indicator = IndicatorFactory(area=wirral)
    enter(indicator, JULY, 45)  # on-commit task not run in this transaction
    indicator.refresh_from_db()
    assert indicator.ratings_stale_since is not None
    assert services.ratings_recompute(indicator_id=indicator.pk) == 1
    assert services.ratings_recompute(indicator_id=indicator.pk) == 1  # idempotent
    assert Rating.objects.count() == 1
    indicator.refresh_from_db()
    assert indicator.ratings_stale_since is None
    assert services.ratings_recompute(indicator_id=999_999) == 0


def test_a_benchmark_is_revised_not_duplicated(wirral, alice):
    indicator = IndicatorFactory(area=wirral)
    services.benchmark_set(indicator=indicator, series="england", period=JULY, value=D("46.4"), user=alice)
    services.benchmark_set(indicator=indicator, series="england", period=JULY, value=D("46.0"), user=alice)
    assert list(Benchmark.objects.values_list("value", flat=True)) == [D("46.0")]
    with pytest.raises(ValidationError, match=r"2024-07-15 does not start a monthly period\."):
        services.benchmark_set(indicator=indicator, series="england", period=date(2024, 7, 15), value=D(1))
    with pytest.raises(ValidationError, match=r"Choose one of: England, Region, Statistical neighbours\."):
        services.benchmark_set(indicator=indicator, series="world", period=JULY, value=D(1))


# ---------------------------------------------------------------- commentary, deep dives, dashboard


def test_commentary_is_one_per_period_and_logged(percent, olive):
    services.commentary_save(indicator=percent, period=JULY, text="Staffing gaps.", user=olive)
    services.commentary_save(indicator=percent, period=JULY, text="Staffing gaps; two EPs recruited.", user=olive)
    assert percent.commentaries.get().text == "Staffing gaps; two EPs recruited."
    assert percent.events.filter(kind=EventKind.COMMENTARY).count() == 2
    with pytest.raises(ValidationError, match=r"Enter the commentary\."):
        services.commentary_save(indicator=percent, period=JULY, text="  ", user=olive)


def test_the_board_sets_and_clears_a_deep_dive(percent, bob):
    services.deep_dive_request(indicator=percent, user=bob, reason="Why so low?")
    with pytest.raises(ValidationError, match="already requested"):
        services.deep_dive_request(indicator=percent, user=bob)
    cleared = services.deep_dive_clear(indicator=percent, user=bob, outcome="Heard in December")
    assert cleared.cleared_by == bob and cleared.outcome == "Heard in December"
    with pytest.raises(ValidationError, match="No deep dive"):
        services.deep_dive_clear(indicator=percent, user=bob)
    services.deep_dive_request(indicator=percent, user=bob)
    assert percent.deep_dives.count() == 2


def test_the_dashboard_holds_the_leads_kpis_in_order(wirral, walsall):
    first, second = IndicatorFactory(area=wirral), IndicatorFactory(area=wirral)
    services.dashboard_set(area=wirral, indicator_ids=[second.pk, first.pk])
    assert list(DashboardItem.objects.values_list("indicator_id", "position")) == [(second.pk, 1), (first.pk, 2)]
    with pytest.raises(ValidationError, match="once only"):
        services.dashboard_set(area=wirral, indicator_ids=[first.pk, first.pk])
    elsewhere = IndicatorFactory(area=walsall)
    with pytest.raises(ValidationError, match="not Wirral's"):
        services.dashboard_set(area=wirral, indicator_ids=[elsewhere.pk])
    assert DashboardItem.objects.count() == 2


def test_area_members_are_the_possible_owners(wirral, alice, olive, charlie):
    assert set(services.area_members(wirral)) == {alice, olive}
    assert UserFactory(username="nobody") not in services.area_members(wirral)


def test_a_computed_indicator_has_its_sources_unit_and_frequency(wirral, alice):
    with pytest.raises(
        ValidationError, match="EHC plans issued within 20 weeks, monthly is a monthly percent figure"
    ) as error:
        services.indicator_create(
            area=wirral, user=alice, code="E1", name="X", service_area="ehcp", unit="count", polarity="higher",
            frequency="monthly", computed_source="ehcp.timeliness_20_weeks",
        )  # fmt: skip
    assert "monthly percent figure" in messages_of(error)["computed_source"]
    with pytest.raises(
        ValidationError, match=r"There is no computed source 'ehcp\.no_such_thing': use one of"
    ) as error:
        services.indicator_create(
            area=wirral, user=alice, code="E1", name="X", service_area="ehcp", unit="percent", polarity="higher",
            frequency="monthly", computed_source="ehcp.no_such_thing",
        )  # fmt: skip
    assert "no computed source" in messages_of(error)["computed_source"]
    fresh = IndicatorFactory(area=wirral, code="EHCP20R")
    with pytest.raises(
        ValidationError, match="EHC plans issued within 20 weeks, rolling 12 months is a monthly percent figure"
    ):
        services.indicator_update(
            indicator=fresh, user=alice, computed_source="ehcp.timeliness_20_weeks_rolling", frequency="quarterly"
        )
    services.indicator_update(indicator=fresh, user=alice, computed_source="ehcp.timeliness_20_weeks_rolling")
    assert Indicator.objects.get(code="EHCP20R").is_computed


def test_an_entered_indicator_that_becomes_computed_keeps_what_was_entered(wirral, alice):
    from performance.models import EnteredValue

    keyed = IndicatorFactory(area=wirral, code="DTA6")
    enter(keyed, JULY, 83)
    services.indicator_update(indicator=keyed, user=alice, computed_source="ehcp.decisions_6_weeks")
    assert not keyed.values.exists()
    assert [(e.period, e.value) for e in EnteredValue.objects.filter(indicator=keyed)] == [(JULY, D(83))]
    assert "kept as entered figures" in keyed.events.filter(kind="edited").first().message


def test_not_disclosive_needs_a_reason_kept_in_the_history(wirral, alice):
    indicator = IndicatorFactory(area=wirral, code="EHCP20")
    with pytest.raises(ValidationError, match="Say why its small numbers identify nobody") as error:
        services.disclosure_set(indicator=indicator, not_disclosive=True, reason="  ", user=alice)
    assert "Say why" in messages_of(error)["reason"]
    services.disclosure_set(indicator=indicator, not_disclosive=True, reason="DfE publishes it", user=alice)
    indicator.refresh_from_db()
    assert indicator.not_disclosive and indicator.not_disclosive_reason == "DfE publishes it"
    assert "Reason: DfE publishes it" in indicator.events.get(kind="disclosure").message
    services.disclosure_set(indicator=indicator, not_disclosive=False, user=alice)
    indicator.refresh_from_db()
    assert not indicator.not_disclosive and indicator.events.filter(kind="disclosure").count() == 2


def test_linking_an_indicator_to_the_ehcp_figures_takes_them_in(sefton, run_on_commit):
    from ehcp.models import MonthlyFigure

    MonthlyFigure.objects.create(
        local_area=sefton, month=JULY, source="returns", issued=111, within_20_weeks=50, pct=D("45.0"),
        ytd_issued=111, ytd_within=50, month_approved=True,
    )  # fmt: skip
    indicator = run_on_commit(
        services.indicator_create,
        area=sefton, user=None, code="EHCP20", name="20 weeks", service_area="ehcp", unit="percent",
        polarity="higher", frequency="monthly", computed_source="ehcp.timeliness_20_weeks",
    )  # fmt: skip
    assert indicator.values.get().value == D("45.0")
