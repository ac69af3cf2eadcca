"""On the demo as a new user loads it, every figure agrees with itself: for
each area and its as-at month, the dashboard, the scorecard, the export, the
EHCP and cohort pages, the publication and its CSV show the same number from
the same source (issue 11's "Done when")."""

import csv
import io
import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model

from ehcp import calculations as ehcp_calculations
from ehcp import selectors as ehcp_selectors
from ehcp.benchmarks.selectors import area_benchmark
from performance import selectors
from performance.models import Benchmark
from performance.publishing.models import Publication
from send_board.models import LocalArea
from tests.conftest import flush_after_module, load_demo

pytestmark = pytest.mark.django_db

AS_AT = {"344": date(2024, 12, 1), "335": date(2020, 11, 1), "343": date(2024, 7, 1)}
# What the scorecard takes from the same case records for December 2024: the assessments open beyond 20 weeks
# at the month's end (the cohort page's), and each service's advice received in the month within 6 weeks of being
# asked (as services report it), numerator and denominator.
WIRRAL_DECEMBER = {"OPEN20": ("219", None, None), "EP6": ("34.8", 23, 66), "HEALTH6": ("84.6", 66, 78),
                   "SC6": ("69.9", 58, 83)}  # fmt: skip
ADVICE = {"EP6": "ep", "HEALTH6": "health", "SC6": "social_care"}
# Decisions whether to assess within 6 weeks, from the same case records, counted by the month they were made
# (as DfE counts them): December 2024's 34 of 87 on the statutory timeline page, with DfE's England and North West.
WIRRAL_DECISIONS = {"value": "39.1", "numerator": 34, "denominator": 87, "england": "84.8", "region": "88.7"}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()
        yield {a.code: a for a in LocalArea.objects.filter(code__in=AS_AT)}
        flush_after_module()


@pytest.fixture
def lead(loaded):
    return get_user_model().objects.get(username="lead")


def shown(value, unit):
    return str(int(value)) if unit == "count" else f"{value:.1f}"


def publication_of(area):
    return Publication.objects.get(area=area, period=AS_AT[area.code], correction__isnull=True)


def csv_rows(client, publication):
    body = client.get(f"/areas/{publication.area.code}/publications/{publication.pk}.csv").content.decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_wirrals_cohort_figures_are_those_of_its_case_records(loaded, client, lead):
    wirral = loaded["344"]
    frame = ehcp_calculations.cohorts(ehcp_selectors.case_frame(area=wirral), as_of=date(2024, 12, 31))
    summary = ehcp_calculations.cohort_summary(frame)
    advice = {s: pct for s, _received, _within, pct in ehcp_calculations.advice_timeliness(frame)}
    assert (summary["decided_within_6_weeks_pct"], advice["ep"], advice["health"], advice["social_care"]) == (
        D("39.2"), D("38.9"), D("86.7"), D("69.0"),
    )  # fmt: skip
    assert summary["open_beyond_20_weeks"] == 219
    client.force_login(lead)
    page = client.get("/board/344/ehcp/cohorts/").content.decode()
    for figure in ("39.2%", "38.9%", "86.7%", "69.0%", "219"):
        assert figure in page, figure
    # The cohorts' 39.2% is of the requests received; the page says where decisions are counted by month.
    assert "Decided within 6 weeks: 933 of the 2381 requests received (39.2%)." in page
    assert 'href="/board/344/ehcp/timeline/requests_6_weeks/"' in page


def test_wirrals_advice_figures_are_each_months_advice_counted_from_its_case_records(loaded):
    cases = ehcp_selectors.case_frame(area=loaded["344"])
    for code, service in ADVICE.items():
        received, asked = cases[f"{service}_advice_received"], cases[f"{service}_advice_requested"]
        in_december = (received >= "2024-12-01") & (received <= "2024-12-31")
        within = in_december & ((received - asked).dt.days <= 42)
        figure, numerator, denominator = WIRRAL_DECEMBER[code]
        assert (int(within.sum()), int(in_december.sum())) == (numerator, denominator), code
        assert f"{D(100 * numerator / denominator):.1f}" == figure, code


def test_each_advice_indicators_source_page_shows_its_figure_month_by_month(loaded, client, lead):
    client.force_login(lead)
    cohorts = " ".join(re.sub(r"<[^>]+>", " ", client.get("/board/344/ehcp/cohorts/").content.decode()).split())
    row = cohorts.split("Advice received in each month", 1)[1].split("Dec 2024", 1)[1].split("Nov 2024", 1)[0]
    for code in ADVICE:
        figure, numerator, denominator = WIRRAL_DECEMBER[code]
        assert f"{figure}% ({numerator} of {denominator})" in row, code
        page = client.get(f"/board/344/scorecard/indicators/{code}/").content.decode()
        assert 'href="/board/344/ehcp/cohorts/"' in page, code  # its source, linked
        value = loaded["344"].indicators.get(code=code).values.get(period=date(2024, 11, 1))
        assert f"{value.value:.1f}% ({value.numerator} of {value.denominator})" in cohorts, code


def test_wirrals_scorecard_dashboard_and_publication_show_the_case_record_figures(loaded, client, lead):
    wirral = loaded["344"]
    rows = {r.indicator.code: r for r in selectors.latest_rows(
        indicators=wirral.indicators.all(), as_at=AS_AT["344"])}  # fmt: skip
    for code, (figure, numerator, denominator) in WIRRAL_DECEMBER.items():
        row = rows[code]
        assert shown(row.value.value, row.indicator.unit) == figure, code
        assert (row.value.numerator, row.value.denominator) == (numerator, denominator), code
        assert row.is_current and row.source_text == "computed from case records"
        assert row.differs  # what the services reported (91.4%, 32 …) is flagged beside it
    client.force_login(lead)
    dashboard = client.get("/board/344/").content.decode()
    for code in ("EP6", "HEALTH6", "OPEN20"):
        assert f"{WIRRAL_DECEMBER[code][0]}" in dashboard, code
    scorecard = client.get("/board/344/scorecard/").content.decode()
    assert "69.9%" in scorecard and "Scorecard for December 2024" in scorecard
    client.logout()
    publication = publication_of(wirral)
    page = client.get(f"/areas/344/publications/{publication.pk}/").content.decode()
    headline = {r["code"]: r for r in csv_rows(client, publication) if r["period"] == "2024-12"}
    for code, (figure, numerator, denominator) in WIRRAL_DECEMBER.items():
        assert headline[code]["value"] == figure, code
        assert (headline[code]["numerator"], headline[code]["denominator"]) == (
            ("", "") if numerator is None else (str(numerator), str(denominator))
        ), code
        assert figure in page, code


def test_wirrals_decisions_within_6_weeks_read_the_same_on_the_timeline_scorecard_dashboard_and_publication(
    loaded, client, lead
):
    from ehcp.benchmarks import selectors as national

    wirral = loaded["344"]
    december = AS_AT["344"]
    step = next(r for r in ehcp_selectors.timeline_overview(area=wirral) if r.step.code == "requests_6_weeks")
    assert step.month == december and str(step.source) == "cases"
    assert (str(step.this_month["pct"]), step.this_month["numerator"], step.this_month["denominator"]) == (
        WIRRAL_DECISIONS["value"], WIRRAL_DECISIONS["numerator"], WIRRAL_DECISIONS["denominator"],
    )  # fmt: skip
    year = next(
        y for y in national.measure_benchmark(la_code="344", measure="requests_6_weeks").years if y.year == 2024
    )
    assert (f"{year.england_pct:.1f}", f"{year.region_pct:.1f}") == (
        WIRRAL_DECISIONS["england"],
        WIRRAL_DECISIONS["region"],
    )
    row = next(
        r
        for r in selectors.latest_rows(indicators=wirral.indicators.all(), as_at=december)
        if r.indicator.code == "DTA6"
    )
    assert (row.value.period, shown(row.value.value, "percent")) == (december, WIRRAL_DECISIONS["value"])
    assert (row.value.numerator, row.value.denominator) == (
        WIRRAL_DECISIONS["numerator"],
        WIRRAL_DECISIONS["denominator"],
    )
    assert row.source_text == "computed from case records"
    client.force_login(lead)
    timeline = " ".join(re.sub(r"<[^>]+>", " ", client.get("/board/344/ehcp/timeline/").content.decode()).split())
    assert "Decisions whether to assess within 6 weeks Higher 39.1% Dec 2024, 34 of 87" in timeline
    assert "2024: 37.9% (England 84.8%)" in timeline
    dashboard = client.get("/board/344/").content.decode()
    assert "39.1%" in dashboard and "39.2%" not in dashboard
    client.logout()
    publication = publication_of(wirral)
    published = next(r for r in csv_rows(client, publication) if r["code"] == "DTA6" and r["period"] == "2024-12")
    assert (published["value"], published["numerator"], published["denominator"]) == ("39.1", "34", "87")
    page = client.get(f"/areas/344/publications/{publication.pk}/").content.decode()
    decisions = page.split("Decisions to assess made within 6 weeks", 2)[2].split("What it means", 1)[0]
    assert "39.1%" in decisions and "34 out of 87" in decisions
    # Each comparator with where it comes from, as the benchmark was entered.
    assert (
        "England: 84.8% (DfE SEN2, England, calendar year)<br>Region: 88.7% (DfE SEN2, North West, calendar year)"
        in decisions
    )


def test_wirrals_requests_received_and_appeals_registered_are_those_of_its_case_records(loaded, client, lead):
    wirral = loaded["344"]
    december, fourth_quarter = AS_AT["344"], date(2024, 10, 1)
    cohort = ehcp_selectors.cohort_figures(area=wirral).get(request_month=december)
    _source, appeals = ehcp_selectors.step_series(wirral, "tribunal_appeal_rate")
    registered = sum(appeals[date(2024, m, 1)]["numerator"] for m in (10, 11, 12))
    assert (cohort.received, registered) == (73, 7)
    rows = {
        r.indicator.code: r
        for r in selectors.latest_rows(
            indicators=wirral.indicators.filter(code__in=["EHCNAREQ", "TRIB"]), as_at=december
        )
    }
    assert (rows["EHCNAREQ"].value.period, rows["EHCNAREQ"].value.value) == (december, 73)
    assert (rows["TRIB"].value.period, rows["TRIB"].value.value) == (fourth_quarter, 7)
    assert rows["EHCNAREQ"].differs and rows["TRIB"].differs  # the 69 and 11 entered before stay beside them
    client.force_login(lead)
    cohorts = " ".join(re.sub(r"<[^>]+>", " ", client.get("/board/344/ehcp/cohorts/").content.decode()).split())
    assert "Dec 2024 73 " in cohorts
    published = {r["code"]: r for r in csv_rows(client, publication_of(wirral))}
    assert (published["EHCNAREQ"]["period"], published["EHCNAREQ"]["value"]) == ("2024-12", "73")
    assert (published["TRIB"]["period"], published["TRIB"]["value"]) == ("2024-Q4", "7")


def test_walsalls_november_2020_publication_shows_its_printed_headline(loaded, client):
    publication = publication_of(loaded["335"])
    rows = {(r["code"], r["period"]): r for r in csv_rows(client, publication)}
    assert (rows[("EHCP20", "2020-11")]["value"], rows[("EHCP20", "2020-11")]["numerator"]) == ("40.5", "15")
    assert rows[("EHCP20R", "2020-11")]["value"] == "17.0"
    assert rows[("EHCP20R", "2020-10")]["value"] == "14.7"
    assert rows[("EHCP20", "2020-11")]["target"] == "60.0"  # the EHCP year-end target, as on the EHCP page
    page = client.get(f"/areas/335/publications/{publication.pk}/").content.decode()
    assert "40.5%" in page and "17.0%" in page and "14.7%" in page
    area_page = client.get("/areas/335/").content.decode()
    assert "Figures shown in full" in area_page


def test_the_scorecards_england_and_region_are_dfes_own_figures_and_none_where_dfe_has_none(loaded):
    # DfE's 20-week figures (2025 release, excluding exceptions), as the national figures page shows them.
    walsall = loaded["335"]
    national = {y.year: (y.england_pct, y.region_pct) for y in area_benchmark(area=walsall).years}
    assert national[2019] == (D("60.4"), D("53.7")) and national[2020] == (D("58.0"), D("50.0"))
    ehcp20 = Benchmark.objects.filter(indicator__area=walsall, indicator__code="EHCP20")
    for year, (england, region) in national.items():
        assert {(b.series, b.value) for b in ehcp20 if b.period.year == year} <= {
            ("england", england),
            ("region", region),
        }
    november = ehcp20.filter(period=AS_AT["335"])
    assert dict(november.values_list("series", "value")) == {"england": D("58.0"), "region": D("50.0")}
    # DfE published no decisions-within-6-weeks figure before 2023 ("x"): Walsall's 2020 has no England beside it,
    # on the scorecard or in its publication, rather than an invented one.
    assert not Benchmark.objects.filter(indicator__area=walsall, indicator__code="DTA6").exists()
    published = {i.code: i for i in publication_of(walsall).indicators.all()}
    assert published["DTA6"].benchmark_england is None
    assert (published["EHCP20"].benchmark_england, published["EHCP20"].benchmark_region) == (D("58.0"), D("50.0"))
    # No measure DfE publishes carries an illustrative comparator, in any demo area.
    dfe_measures = Benchmark.objects.filter(
        indicator__code__in=["EHCP20", "EHCP20R", "DTA6"], indicator__area__in=loaded.values()
    )
    assert dfe_measures.exists()
    assert set(dfe_measures.values_list("source", flat=True)) == {
        "DfE SEN2, England, calendar year",
        "DfE SEN2, North West, calendar year",
        "DfE SEN2, West Midlands, calendar year",
    }


@pytest.mark.parametrize("code", ["344", "335", "343"])
def test_the_same_months_figure_agrees_on_every_page(loaded, client, lead, code):
    area = loaded[code]
    month = AS_AT[code]
    assert selectors.reporting_month(area=area) == month  # the demo's as-at month, while today has no data
    dashboard = {r.indicator.code: r for r in selectors.dashboard_rows(area=area, as_at=month)}
    scorecard = {r.indicator.code: r for rows in selectors.scorecard(area=area, as_at=month).values() for r in rows}
    export = {r["code"]: r for r in selectors.scorecard_rows(area=area, period=month)}
    client.force_login(lead)
    published = {
        r["code"]: r for r in csv_rows(client, publication_of(area)) if r["period"] == export[r["code"]]["period"]
    }
    for indicator_code, row in dashboard.items():
        assert scorecard[indicator_code].value == row.value, indicator_code
    for indicator_code, row in scorecard.items():
        if row.value is None:
            continue
        assert export[indicator_code]["value"] == selectors.calculations.shown(row.value.value, row.indicator.unit)
        assert export[indicator_code]["current"] == row.is_current
        if indicator_code in published and row.indicator.publishable and published[indicator_code]["value"] != "c":
            assert D(published[indicator_code]["value"]) == export[indicator_code]["value"], indicator_code
    # The EHCP page's monthly figure and target line are the scorecard's.
    overview = ehcp_selectors.timeliness_overview(area=area, source="returns")
    figure = next(f for f in overview.figures if f.month == month)
    ehcp20 = scorecard["EHCP20"]
    assert (ehcp20.value.period, ehcp20.value.value) == (month, figure.pct)
    assert ehcp20.rating.target == overview.target_for(month)
    assert dashboard.get("EHCP20", ehcp20).value.value == figure.pct
    html = client.get(f"/board/{code}/").content.decode()
    assert f"{figure.within_20_weeks} of {figure.issued} plans" in html
    assert "Not updated" not in html.split("EHC plans issued within 20 weeks", 1)[1].split("</li>", 1)[0]


def test_data_due_lists_every_owed_period_of_the_as_at_month_and_nothing_for_today(loaded):
    wirral = loaded["344"]
    items = selectors.data_due(area=wirral, month=selectors.reporting_month(area=wirral))
    # Wirral's entered indicators are in to December 2024: nothing is owed merely because the clock moved on.
    assert all(item.period <= AS_AT["344"] for item in items)
    assert not [i for i in items if i.indicator.frequency == "monthly"]


def test_a_change_worked_out_before_rounding_is_explained_where_the_public_reads_it(loaded, client):
    # Wirral's 20-week figure went from 14.9% (November 2024) to 16.4%: 1.4 points from the exact rates
    # (9 of 55 against 10 of 67), as the seed papers work changes out, where the rounded figures differ by 1.5.
    publication = publication_of(loaded["344"])
    page = " ".join(
        re.sub(r"<[^>]+>", " ", client.get(f"/areas/344/publications/{publication.pk}/").content.decode()).split()
    )
    assert "16.4% 60.0% ■ Red ↑ 1.4 percentage points" in page
    assert 'href="/about-these-figures/"' in client.get(f"/areas/344/publications/{publication.pk}/").content.decode()
    about = " ".join(re.sub(r"<[^>]+>", " ", client.get("/about-these-figures/").content.decode()).split())
    assert "We work out each change from the exact figures, before they are rounded." in about
    assert "a rise from 14.9% to 16.4% can be a rise of 1.4 percentage points" in about


def test_an_indicator_page_leads_with_the_figure_the_scorecard_shows_for_the_reporting_month(loaded, client, lead):
    # Sefton's pages report on July 2024 (its slides' dashboard) while its EHCP returns run to August.
    client.force_login(lead)
    sefton = loaded["343"]
    scorecard = {
        r.indicator.code: r for rows in selectors.scorecard(area=sefton, as_at=AS_AT["343"]).values() for r in rows
    }
    for code, later in (("EHCP20", "August 2024"), ("OOB", "Autumn term 2024")):
        row = scorecard[code]
        page = " ".join(
            re.sub(r"<[^>]+>", " ", client.get(f"/board/343/scorecard/indicators/{code}/").content.decode()).split()
        )
        headline = page.split("Against target", 1)[0]
        assert f"{row.period_name} {row.value_text}" in headline, code
        assert (
            f"shows for July 2024, the month Sefton's pages report on. A later one, for {later}, is in the values"
            in page
        )
    wirral = " ".join(
        re.sub(r"<[^>]+>", " ", client.get("/board/344/scorecard/indicators/EHCP20/").content.decode()).split()
    )
    assert "December 2024 16.4% 9 of 55" in wirral.split("Against target", 1)[0] and "A later one" not in wirral
