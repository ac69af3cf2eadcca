"""Walsall's committee table (January 2021, 3.3.1) reproduced from its monthly
returns, as docs/domain.md lists them (Walsall's November 2020 table): first by the engine alone, then
through the import command and the stored figures."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command

from ehcp import calculations
from ehcp.models import FigureSource
from ehcp.selectors import monthly_figures

WALSALL_CSV = Path(__file__).resolve().parent.parent / "data" / "walsall_returns_2019_2020.csv"
MONTHS = ["2020-03", "2020-04", "2020-05", "2020-06", "2020-07", "2020-08", "2020-09", "2020-10", "2020-11"]
MONTHLY_PCT = ["16.7", "19.1", "19.1", "22.9", "17.9", "14.3", "18.4", "18.5", "40.5"]
ROLLING_ISSUED = [312, 348, 402, 407, 416, 413, 437, 489, 505]
ROLLING_WITHIN = [16, 24, 37, 45, 49, 52, 60, 72, 86]
ROLLING_PCT = ["5.1", "6.9", "9.2", "11.1", "11.8", "12.6", "13.7", "14.7", "17.0"]


def expected_rows():
    return [
        (month, Decimal(pct), issued, within, Decimal(rolling))
        for month, pct, issued, within, rolling in zip(
            MONTHS, MONTHLY_PCT, ROLLING_ISSUED, ROLLING_WITHIN, ROLLING_PCT, strict=True
        )
    ]


def test_the_engine_reproduces_every_figure_of_walsalls_table():
    returns = pd.read_csv(WALSALL_CSV, dtype={"month": str})
    figures = calculations.timeliness_figures(returns, "financial")
    by_month = {f"{row.month:%Y-%m}": row for row in figures.itertuples()}
    for month, pct, issued, within, rolling in expected_rows():
        row = by_month[month]
        assert (row.pct, row.rolling_issued, row.rolling_within, row.rolling_pct) == (pct, issued, within, rolling), (
            month
        )


def test_october_is_15_of_81_which_is_18_5_not_the_reports_18_8():
    assert calculations.percent(15, 81) == Decimal("18.5")


def test_the_eleven_months_before_march_2020_have_no_rolling_figure():
    returns = pd.read_csv(WALSALL_CSV, dtype={"month": str})
    figures = calculations.timeliness_figures(returns, "financial")
    before = figures[figures["month"] < pd.Timestamp("2020-03-01").date()]
    assert len(before) == 11
    assert before["rolling_issued"].isna().all() and before["rolling_pct"].isna().all()


@pytest.mark.django_db
def test_walsalls_returns_imported_and_stored_give_the_same_figures(walsall, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_returns", str(WALSALL_CSV), area="335", status="approved", stdout=StringIO())
    stored = {f"{f.month:%Y-%m}": f for f in monthly_figures(area=walsall, source=FigureSource.RETURNS)}
    assert len(stored) == 20
    for month, pct, issued, within, rolling in expected_rows():
        figure = stored[month]
        assert (figure.pct, figure.rolling_issued, figure.rolling_within, figure.rolling_pct) == (
            pct,
            issued,
            within,
            rolling,
        ), month
        assert figure.month_approved and figure.rolling_approved
    assert stored["2020-02"].rolling_pct is None
