"""The demo reads like the seed papers: Sefton's dashboard slide and health
waits, Wirral's annual reviews and CAMHS waiting list, twelve KPIs each."""

import io
from datetime import date
from decimal import Decimal as D

import pytest

from performance import demo, selectors
from performance.models import Benchmark, DashboardItem, Indicator, IndicatorValue, Rating, ValueState
from send_board import demo as kernel_demo
from tests.conftest import app_demo_rolled_back

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_areas(django_db_setup, django_db_blocker):
    with app_demo_rolled_back(django_db_blocker, demo) as areas:
        yield areas


def rows_as_at(area, month):
    return {r.indicator.code: r for r in selectors.dashboard_rows(area=area, as_at=month)}


def test_seftons_dashboard_as_printed(demo_areas):
    rows = rows_as_at(demo_areas["343"], date(2024, 7, 1))
    printed = {
        "EHCPACT": ("July 2024", "3,492", "↑ 1.7%", "up"),
        "EHCP20": ("July 2024", "45.0%", "↓ 11.9 percentage points", "worsening"),
        "HEALTH6": ("April 2024", "100.0%", "→ 0.0 percentage points", "no change"),
        "SC6": ("June 2024", "86.0%", "↑ 1.0 percentage points", "improving"),
        "EP6": ("June 2024", "90.0%", "↑ 2.0 percentage points", "improving"),
        "EHE": ("May 2024", "366", "↑ 64.9%", "up"),
    }
    for code, expected in printed.items():
        row = rows[code]
        assert (row.period_name, row.value_text, row.change_text, row.direction) == expected, code
    assert len(rows) == 12


def test_seftons_health_waiting_times(demo_areas):
    rows = selectors.service_scorecard(area=demo_areas["343"], service_area="health", as_at=date(2024, 7, 1))
    waits = selectors.health_waits(rows)
    assert [s.value for s in waits] == ["speech-and-language", "dietetics", "camhs", "asd", "adhd"]
    by_code = {r.indicator.code: r for group in waits.values() for r in group}
    assert (by_code["SALTLW"].value_text, by_code["SALTLW"].change_text) == ("38.0 weeks", "↓ 2.0 weeks")
    assert by_code["SALT18"].value_text == "60.0%"
    assert (by_code["SALTFC"].value_text, by_code["SALTFC"].rating.arrow) == ("23.1 weeks", "↓")
    assert (by_code["DIETLW"].value_text, by_code["DIETLW"].rating.arrow) == ("35.0 weeks", "↑")
    assert (by_code["DIET18"].value_text, by_code["DIET18"].rating.arrow) == ("77.9%", "↓")
    assert (by_code["DIETFC"].value_text, by_code["DIETFC"].rating.arrow) == ("14.4 weeks", "↑")
    assert (by_code["CAMHS6"].value_text, by_code["CAMHS18"].value_text) == ("49.7%", "62.3%")
    assert by_code["CAMHSLW"].value_text == "62.0 weeks"
    assert (by_code["ASD12"].value_text, by_code["ASDLW"].value_text) == ("99.1%", "155.0 weeks")
    assert (by_code["ASDAW"].period_name, by_code["ASDAW"].value_text) == ("May 2024", "80.5 weeks")
    assert (by_code["ADHD12"].value_text, by_code["ADHDLW"].value_text) == ("99.5%", "128.0 weeks")
    assert by_code["ADHDAW"].value_text == "17.2 weeks"


def test_wirrals_annual_reviews_and_camhs_waiting_list(demo_areas):
    wirral = demo_areas["344"]
    rows = {r.indicator.code: r for r in selectors.dashboard_rows(area=wirral)}
    assert (rows["AR12"].period_name, rows["AR12"].value_text, rows["AR12"].rag) == ("December 2024", "33.0%", "red")
    camhs = Indicator.objects.get(area=wirral, code="CAMHSWL")
    assert camhs.values.get(period=date(2023, 12, 1)).value == 324
    assert camhs.values.get(period=date(2024, 12, 1)).value == 150
    assert rows["CAMHSWL"].rag == "green"


@pytest.mark.parametrize("code", ["343", "344", "335"])
def test_each_area_has_twelve_kpis_with_history_targets_and_england_benchmarks(demo_areas, code):
    area = demo_areas[code]
    items = DashboardItem.objects.filter(area=area).select_related("indicator")
    assert items.count() == 12
    for item in items:
        indicator = item.indicator
        values = indicator.values.all()
        expected = {"monthly": 24, "quarterly": 8, "termly": 6, "annual": 3}[indicator.frequency]
        if indicator.code not in ("EHCP20", "EHCP20R"):
            assert values.count() == expected, indicator.code
        assert not values.exclude(state=ValueState.APPROVED).exists()
        if not indicator.is_neutral and indicator.code != "TRIB" and not indicator.is_computed:
            assert indicator.targets.count() == 2, indicator.code
    assert Benchmark.objects.filter(indicator__area=area, series="england").exists()
    assert (
        Rating.objects.filter(value__indicator__area=area).count()
        == IndicatorValue.objects.filter(indicator__area=area).count()
    )


def test_the_wirral_officer_owns_indicators_and_owes_values(demo_areas):
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="officer")
    owned = set(Indicator.objects.filter(area=demo_areas["344"], owner=officer).values_list("code", flat=True))
    assert owned == {"AR12", "CAMHSWL", "EP6", "DTA6", "LOVISIT", "OOB"}
    due = selectors.data_due(area=demo_areas["344"], month=date(2025, 1, 1), owner=officer)
    assert {item.indicator.code for item in due} == {"AR12", "CAMHSWL", "EP6", "DTA6", "LOVISIT"}


def test_the_demo_has_commentary_and_deep_dives(demo_areas):
    ar12 = Indicator.objects.get(area=demo_areas["344"], code="AR12")
    assert "33% of annual reviews" in ar12.commentaries.get().text
    assert ar12.deep_dives.filter(cleared_at__isnull=True).exists()
    ehcp20 = Indicator.objects.get(area=demo_areas["344"], code="EHCP20")
    assert ehcp20.deep_dives.filter(cleared_at__isnull=False).exists()


def test_the_20_week_values_come_from_the_ehcp_figures_when_there_are_some(db):
    from ehcp.models import MonthlyFigure

    areas = kernel_demo.load_areas_and_users()
    for month, issued, within in ((date(2024, 6, 1), 79, 45), (date(2024, 7, 1), 111, 50)):
        MonthlyFigure.objects.create(
            local_area=areas["343"], month=month, source="returns", issued=issued, within_20_weeks=within,
            pct=(D(within) * 100 / D(issued)).quantize(D("0.1")), ytd_issued=issued, ytd_within=within,
            month_approved=True,
        )  # fmt: skip
    demo.load(areas=areas, stdout=io.StringIO())
    ehcp20 = Indicator.objects.get(area=areas["343"], code="EHCP20")
    assert ehcp20.is_synced and ehcp20.values.count() == 2
    row = rows_as_at(areas["343"], date(2024, 7, 1))["EHCP20"]
    assert (row.value_text, row.change_text) == ("45.0%", "↓ 11.9 percentage points")
    keyed = Indicator.objects.get(area=areas["344"], code="EHCP20")
    assert not keyed.is_synced and "Keyed for the demo" in keyed.source_system


def test_the_dashboard_as_at_july_2024_shows_july_on_the_ehcp_tile_too(db, client):
    from ehcp.models import MonthlyFigure
    from send_board.models import LocalArea

    areas = kernel_demo.load_areas_and_users()
    sefton = LocalArea.objects.get(code="343")
    for month, issued, within in ((date(2024, 7, 1), 111, 50), (date(2024, 8, 1), 50, 26)):
        MonthlyFigure.objects.create(
            local_area=sefton, month=month, source="returns", issued=issued, within_20_weeks=within,
            pct=(D(within) * 100 / D(issued)).quantize(D("0.1")), ytd_issued=issued, ytd_within=within,
            month_approved=True,
        )  # fmt: skip
    demo.load(areas=areas, stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="lead"))
    july = client.get("/board/343/?month=2024-07").content.decode()
    assert "July 2024: 50 of 111 plans" in july and "Strategic KPIs for July 2024" in july
    assert "August 2024: 26 of 50 plans" in client.get("/board/343/?month=2024-08").content.decode()
    # The demo's Sefton is as at July 2024 (its slides' dashboard) while it has no data for today's month.
    default = client.get("/board/343/").content.decode()
    assert "Strategic KPIs for July 2024" in default and "The demo&#x27;s data for Sefton ends in July 2024" in default
    # The EHCP page and the statutory timeline lead with the same month, and say that August follows.
    ehcp = " ".join(client.get("/board/343/ehcp/").content.decode().split())
    assert "50 of 111 plans within 20 weeks" in ehcp and "26 of 50 plans" not in ehcp.split('id="later-figure"')[0]
    assert (
        'id="later-figure">These are the figures for July 2024, the month Sefton\'s pages report on' in ehcp
        and "A later month, August 2024 (52.0%), is in the table below." in ehcp
    )
    timeline = " ".join(client.get("/board/343/ehcp/timeline/").content.decode().split())
    assert '45.0% <span class="govuk-body-s">Jul 2024, 50 of 111</span>' in timeline
    assert "(plans issued within 20 weeks, to August 2024)" in timeline
