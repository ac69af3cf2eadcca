"""Synthetic national-scale data: deterministic and shaped like the real thing."""

from datetime import date
from io import StringIO

import numpy as np
import pytest

from ehcp import calculations, scale_data
from ehcp.models import CaseRecord, MonthlyFigure, MonthlyReturn
from tests.factories import LocalAreaFactory

pytestmark = pytest.mark.slow

END = date(2025, 12, 1)


def test_the_same_seed_gives_the_same_cases_and_another_seed_does_not():
    first = scale_data.synthetic_cases(area_codes=["501", "502"], years=2, seed=1, end=END)
    again = scale_data.synthetic_cases(area_codes=["501", "502"], years=2, seed=1, end=END)
    other = scale_data.synthetic_cases(area_codes=["501", "502"], years=2, seed=2, end=END)
    assert first.equals(again)
    assert not first.equals(other)


def test_national_scale_is_about_a_million_cases_with_growth_seasonality_and_a_spread_of_timeliness():
    codes = [f"{500 + i:03d}" for i in range(153)]
    frame = scale_data.synthetic_cases(area_codes=codes, years=10, seed=1, end=END)
    assert 950_000 <= len(frame) <= 1_050_000
    requests = frame["request_date"]
    per_year = requests.dt.year.value_counts().sort_index()
    growth = per_year.iloc[1:-1].to_numpy() / per_year.iloc[:-2].to_numpy()
    assert np.all((growth > 1.12) & (growth < 1.23)), growth
    by_month = requests.dt.month.value_counts()
    assert by_month[8] < 0.7 * by_month[3]  # August is quiet
    plans = frame[frame["final_date"].notna() & ~frame["exception"]]
    on_time = (plans["final_date"] - plans["request_date"]).dt.days <= calculations.TWENTY_WEEKS_DAYS
    by_area = on_time.groupby(plans["area_code"]).mean()
    assert by_area.min() < 0.05 and by_area.max() > 0.90


def test_cases_respect_every_rule_of_a_case_record():
    frame = scale_data.synthetic_cases(area_codes=["501"], years=3, seed=5, end=END)
    assert not (frame["final_date"].notna() & frame["closed_date"].notna()).any()
    assert (frame["decision_date"].dropna() >= frame.loc[frame["decision_date"].notna(), "request_date"]).all()
    with_final = frame[frame["final_date"].notna()]
    assert (with_final["final_date"] >= with_final["decision_date"]).all()
    assert (with_final["decision"] == "assess").all()
    assert (frame["request_date"] <= np.datetime64("2025-12-31")).all()


@pytest.mark.django_db
def test_generate_stores_cases_returns_and_their_figures():
    areas = [LocalAreaFactory(code=f"{600 + i}") for i in range(2)]
    scale_data.generate(areas=areas, years=2, seed=3, stdout=StringIO(), end=END)
    assert MonthlyReturn.objects.count() == 2 * 24
    assert CaseRecord.objects.count() > 500
    assert MonthlyFigure.objects.filter(source="returns").count() == 48
    assert MonthlyFigure.objects.filter(source="cases").exists()
    rerun = StringIO()
    scale_data.generate(areas=areas, years=2, seed=3, stdout=rerun, end=END)
    assert MonthlyReturn.objects.count() == 48  # replaced, not added
