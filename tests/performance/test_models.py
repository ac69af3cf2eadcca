"""The database itself refuses impossible rows."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from performance.models import DashboardItem, DeepDiveRequest
from tests.db_errors import check_violation, unique_violation
from tests.performance.factories import IndicatorFactory, IndicatorValueFactory, TargetFactory

pytestmark = pytest.mark.django_db


def refused(make, match):
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        make()


def test_a_code_is_unique_within_an_area_but_not_across_areas(wirral, walsall):
    IndicatorFactory(area=wirral, code="EHCP20")
    IndicatorFactory(area=walsall, code="EHCP20")
    refused(
        lambda: IndicatorFactory(area=wirral, code="EHCP20"),
        unique_violation("performance_indicator", "area_id", "code"),
    )


def test_unknown_units_polarities_and_frequencies_are_refused(wirral):
    refused(lambda: IndicatorFactory(area=wirral, unit="furlongs"), check_violation("indicator_unit_known"))
    refused(lambda: IndicatorFactory(area=wirral, polarity="sideways"), check_violation("indicator_polarity_known"))
    refused(lambda: IndicatorFactory(area=wirral, frequency="weekly"), check_violation("indicator_frequency_known"))


def test_one_indicator_per_computed_source_in_an_area(wirral):
    IndicatorFactory(area=wirral, computed_source="ehcp.timeliness_20_weeks")
    refused(
        lambda: IndicatorFactory(area=wirral, computed_source="ehcp.timeliness_20_weeks"),
        unique_violation("performance_indicator", "area_id", "computed_source"),
    )


def test_not_disclosive_needs_a_reason(wirral):
    refused(lambda: IndicatorFactory(area=wirral, not_disclosive=True), check_violation("not_disclosive_has_reason"))
    IndicatorFactory(area=wirral, not_disclosive=True, not_disclosive_reason="DfE publishes it unsuppressed")


def test_one_value_per_period_and_numerator_within_denominator(wirral):
    indicator = IndicatorFactory(area=wirral)
    IndicatorValueFactory(indicator=indicator, period=date(2024, 7, 1))
    refused(
        lambda: IndicatorValueFactory(indicator=indicator, period=date(2024, 7, 1)),
        unique_violation("performance_indicatorvalue", "indicator_id", "period"),
    )
    refused(
        lambda: IndicatorValueFactory(indicator=indicator, period=date(2024, 6, 1), numerator=5, denominator=4),
        check_violation("numerator_not_above_denominator"),
    )


def test_an_approved_value_records_when(wirral):
    refused(
        lambda: IndicatorValueFactory(indicator__area=wirral, state="approved", approved_at=None),
        check_violation("approved_value_has_time"),
    )


def test_one_target_per_start_and_no_negative_tolerance(wirral):
    target = TargetFactory(indicator__area=wirral)
    refused(
        lambda: TargetFactory(indicator=target.indicator),
        unique_violation("performance_target", "indicator_id", "applies_from"),
    )
    refused(
        lambda: TargetFactory(indicator=target.indicator, applies_from=date(2025, 4, 1), tolerance=-1),
        check_violation("tolerance_not_negative"),
    )


def test_one_open_deep_dive_per_indicator(wirral):
    indicator = IndicatorFactory(area=wirral)
    DeepDiveRequest.objects.create(indicator=indicator)
    refused(
        lambda: DeepDiveRequest.objects.create(indicator=indicator),
        unique_violation("performance_deepdiverequest", "indicator_id"),
    )


def test_a_dashboard_position_holds_one_kpi(wirral):
    first, second = IndicatorFactory(area=wirral), IndicatorFactory(area=wirral)
    DashboardItem.objects.create(area=wirral, indicator=first, position=1)
    refused(
        lambda: DashboardItem.objects.create(area=wirral, indicator=second, position=1),
        unique_violation("performance_dashboarditem", "area_id", "position"),
    )


def test_measure_labels_drop_the_service_prefix(wirral):
    assert IndicatorFactory.build(name="Dietetics: longest wait").measure_label == "Longest wait"
    assert IndicatorFactory.build(name="Active EHC plans").measure_label == "Active EHC plans"
