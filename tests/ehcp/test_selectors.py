"""The database aggregations the recompute uses agree with the engine's
case-level definitions (calculations.py), on SQLite and on PostgreSQL."""

from datetime import date, timedelta

import pandas as pd
import pytest

from ehcp import calculations, scale_data, selectors
from ehcp.models import CaseRecord, Decision, FigureSource, MonthlyFigure
from tests.ehcp.factories import CaseRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_cases(wirral, walsall):
    """Synthetic cases for two areas over two years, plus the boundary cases."""
    frame = scale_data.synthetic_cases(area_codes=["344", "335"], years=2, seed=7, end=date(2024, 6, 1))
    frame["local_area_id"] = frame.pop("area_code").map({"344": wirral.pk, "335": walsall.pk})
    scale_data._insert_cases(frame.sample(n=min(len(frame), 1500), random_state=1))
    request = date(2024, 1, 10)
    boundary = [
        {"final_date": request + timedelta(days=140)},
        {"final_date": request + timedelta(days=141)},
        {"decision_date": request + timedelta(days=42), "final_date": None},
        {"decision_date": request + timedelta(days=43), "final_date": None},
        {"decision": Decision.REFUSE, "decision_date": request + timedelta(days=20), "final_date": None},
        {
            "decision": Decision.REFUSE,
            "decision_date": request + timedelta(days=20),
            "final_date": None,
            "closed_date": request + timedelta(days=400),
        },
        {"final_date": None, "ep_advice_requested": request, "ep_advice_received": request + timedelta(days=42)},
        {"final_date": None, "ep_advice_requested": request, "ep_advice_received": request + timedelta(days=43)},
    ]
    for number, fields in enumerate(boundary):
        CaseRecordFactory(local_area=wirral, reference=f"EDGE-{number}", request_date=request, **fields)
    return [wirral, walsall]


def _sorted(frame, keys):
    return frame.sort_values(keys).reset_index(drop=True)


def test_monthly_counts_from_the_database_equal_the_engines(many_cases):
    for area in many_cases:
        expected = calculations.cases_by_final_month(selectors.case_frame(area=area))
        got = selectors.case_counts_by_final_month(area_ids=[area.pk])[
            ["month", "issued", "within_20_weeks", "exceptions"]
        ]
        got["month"] = pd.to_datetime(got["month"]).dt.date
        pd.testing.assert_frame_equal(_sorted(got, ["month"]), _sorted(expected, ["month"]), check_dtype=False)


@pytest.mark.parametrize("as_of", [date(2024, 6, 30), date(2024, 5, 30), date(2023, 12, 31), date(2024, 3, 1)])
def test_cohort_counts_from_the_database_equal_the_engines(many_cases, as_of):
    for area in many_cases:
        expected = calculations.cohorts(selectors.case_frame(area=area), as_of)
        got = selectors.cohort_counts(as_of=as_of, area_ids=[area.pk]).drop(columns="local_area_id")
        got["request_month"] = pd.to_datetime(got["request_month"]).dt.date
        pd.testing.assert_frame_equal(
            _sorted(got, ["request_month"]), _sorted(expected, ["request_month"]), check_dtype=False
        )


def test_all_areas_at_once_equal_each_area_alone(many_cases):
    together = selectors.case_counts_by_final_month()
    for area in many_cases:
        alone = selectors.case_counts_by_final_month(area_ids=[area.pk])
        assert len(alone) == (together["local_area_id"] == area.pk).sum()
    assert CaseRecord.objects.count() > 1000


def test_the_contract_selectors_read_stored_figures_in_month_order(wirral):
    for month in (3, 1, 2):
        MonthlyFigure.objects.create(
            local_area=wirral,
            month=date(2024, month, 1),
            source=FigureSource.RETURNS,
            issued=10,
            within_20_weeks=month,
            ytd_issued=10,
            ytd_within=month,
        )
    assert [f.month.month for f in selectors.monthly_figures(area=wirral)] == [1, 2, 3]
    assert selectors.latest_figure(area=wirral).month == date(2024, 3, 1)
    assert selectors.latest_figure(area=wirral, source=FigureSource.CASES) is None
    assert list(selectors.monthly_figures(area=wirral, source=FigureSource.CASES)) == []


def test_the_aggregations_survive_query_logging_as_with_debug_on(wirral):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CaseRecordFactory(local_area=wirral)
    with CaptureQueriesContext(connection) as queries:  # formats each query with its parameters, as DEBUG does
        assert len(selectors.case_counts_by_final_month(area_ids=[wirral.pk])) == 1
        assert len(selectors.cohort_counts(as_of=date(2024, 12, 31), area_ids=[wirral.pk])) == 1
    assert len(queries) == 2
