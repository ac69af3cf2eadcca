"""The EHCP demo: what load_demo leaves for the board and the performance demo."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest

from ehcp import demo
from ehcp.models import CaseRecord, FigureRefresh, FigureSource, MonthlyFigure, MonthlyReturn, ReturnStatus
from ehcp.selectors import monthly_figures
from send_board import demo as kernel_demo
from tests.conftest import flush_after_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        areas = kernel_demo.load_areas_and_users()
        demo.load(areas=areas, stdout=StringIO())
        yield areas
        flush_after_module()


def pcts(area, source=FigureSource.RETURNS):
    return {f"{f.month:%Y-%m}": f for f in monthly_figures(area=area, source=source)}


def test_walsalls_approved_returns_give_its_committee_table(loaded):
    figures = pcts(loaded["335"])
    assert [str(figures[m].pct) for m in ("2020-03", "2020-10", "2020-11")] == ["16.7", "18.5", "40.5"]
    assert figures["2020-11"].rolling_pct == Decimal("17.0") and figures["2020-11"].rolling_approved
    assert not MonthlyReturn.objects.filter(local_area=loaded["335"]).exclude(status=ReturnStatus.APPROVED).exists()


def test_seftons_2024_reads_as_its_slides(loaded):
    figures = pcts(loaded["343"])
    assert [figures[m].pct for m in ("2024-06", "2024-07", "2024-08")] == [
        Decimal("56.9"),
        Decimal("45.0"),
        Decimal("52.0"),
    ]
    assert figures["2024-07"].pct - figures["2024-06"].pct == Decimal("-11.9")
    assert figures["2024-08"].ytd_pct == Decimal("43.0")
    assert all(f.month_approved for f in figures.values())


def test_wirral_sits_at_15_to_17_percent_through_2024_with_growing_demand(loaded):
    wirral = loaded["344"]
    for source in (FigureSource.CASES, FigureSource.RETURNS):
        year = [f for f in monthly_figures(area=wirral, source=source) if f.month.year == 2024]
        assert len(year) == 12
        assert all(Decimal(15) <= f.rolling_pct <= Decimal(17) for f in year), source
    cases = CaseRecord.objects.filter(local_area=wirral)
    requests_2023 = cases.filter(request_date__year=2023).count()
    requests_2024 = cases.filter(request_date__year=2024).count()
    assert 1.10 <= requests_2024 / requests_2023 <= 1.30
    assert not cases.exclude(reference__regex=r"^WIR-\d{6}$").exists()


def test_the_demo_leaves_every_figure_computed_and_nothing_pending(loaded):
    for area in loaded.values():
        assert MonthlyFigure.objects.filter(local_area=area).exists()
        assert not FigureRefresh.objects.get(local_area=area).pending
    assert FigureRefresh.objects.get(local_area=loaded["344"]).cohorts_as_of == date(2024, 12, 31)


def test_wirrals_returns_and_cases_differ_in_three_months(loaded):
    wirral = loaded["344"]
    returns, cases = pcts(wirral), pcts(wirral, FigureSource.CASES)
    differing = sorted(m for m in returns if returns[m].issued != cases[m].issued)
    assert differing == ["2023-05", "2024-03", "2024-09"]
