"""A pack for a past month holds that month's figures only: its cohorts as at
the end of its month, not as at the latest case records, and only the DfE
calendar years over by the end of its month."""

from datetime import date

import pytest

from ehcp import calculations as ehcp_calculations
from ehcp import selectors as ehcp_selectors
from ehcp import services as ehcp_services
from ehcp.benchmarks.services import sen2_import
from ehcp.models import CaseImport
from performance.packs import sections, services
from performance.packs.models import PackStatus
from performance.packs.svg import ChartsUnavailable
from tests.benchmarks.factories import sen2_csv, sen2_row
from tests.ehcp.factories import CaseRecordFactory

from .pdf import pdf_text

pytestmark = pytest.mark.django_db

JUNE_2024 = date(2024, 6, 1)
DECEMBER_2024 = date(2024, 12, 1)


@pytest.fixture
def cases_to_december(wirral):
    """Four requests, the records reaching 31 December 2024, recomputed.

    As at 30 June 2024: A issued; B open 167 days (beyond 20 weeks); D open
    41 days; C not yet received. As at 31 December 2024: A and B issued; C
    open 152 days and D 225 days, both beyond 20 weeks."""
    for reference, requested, final in (
        ("A", date(2024, 1, 10), date(2024, 4, 19)),
        ("B", date(2024, 1, 15), date(2024, 9, 2)),
        ("C", date(2024, 8, 1), None),
        ("D", date(2024, 5, 20), None),
    ):
        CaseRecordFactory(local_area=wirral, reference=reference, request_date=requested, final_date=final)
    CaseImport.objects.create(local_area=wirral, rows=4, created=4, updated=0, data_to=date(2024, 12, 31))
    ehcp_services.figures_recompute(area_id=wirral.pk)
    return wirral


@pytest.fixture
def dfe_years(wirral):
    """DfE's figures for 2023 (Wirral 20.0%) and 2024 (Wirral 13.0%)."""
    rows = []
    for year, within in ((2023, "20"), (2024, "13")):
        rows += [
            sen2_row(year, "National", issued="1000", within="500"),
            sen2_row(year, "Regional", issued="300", within="150"),
            sen2_row(year, "Local authority", code="344", name="Wirral", issued="100", within=within),
        ]
    sen2_import(source=sen2_csv(rows), file_name="t.csv")


def no_chromium(figure):
    raise ChartsUnavailable("no charts in these tests")


def pack_text(area, as_at, user):
    pack = services.pack_create(area=area, as_at=as_at, sections=["ehcp"], user=user)
    pack = services.pack_build(pack_id=pack.pk, drawer=no_chromium)
    assert pack.status == PackStatus.READY, pack.error
    return pdf_text(pack.file.content)


def counts(summary):
    keys = ["received", "plans_issued", "open", "open_beyond_20_weeks"]
    return {key: summary[key] for key in keys}


def test_a_pack_for_an_earlier_month_counts_the_cohorts_as_at_the_end_of_that_month(cases_to_december):
    section = sections.build("ehcp", area=cases_to_december, as_at=JUNE_2024)
    expected = {"received": 3, "plans_issued": 1, "open": 2, "open_beyond_20_weeks": 1}
    assert counts(section["cohorts"].summary) == expected
    assert [c.request_month for c in section["cohorts"].cohorts] == [date(2024, 1, 1), date(2024, 5, 1)]
    assert section["cohorts_as_of"] == date(2024, 6, 30)


def test_an_earlier_months_cohorts_agree_with_the_engines_case_level_cohorts(cases_to_december):
    frame = ehcp_calculations.cohorts(ehcp_selectors.case_frame(area=cases_to_december), date(2024, 6, 30))
    section = sections.build("ehcp", area=cases_to_december, as_at=JUNE_2024)
    assert section["cohorts"].summary == ehcp_calculations.cohort_summary(frame)


def test_a_pack_for_the_month_of_the_latest_records_shows_the_stored_cohorts(cases_to_december):
    section = sections.build("ehcp", area=cases_to_december, as_at=DECEMBER_2024)
    assert section["cohorts_as_of"] == date(2024, 12, 31)
    expected = {"received": 4, "plans_issued": 2, "open": 2, "open_beyond_20_weeks": 2}
    assert counts(section["cohorts"].summary) == expected
    assert section["cohorts"].summary == ehcp_selectors.cohort_overview(area=cases_to_december).summary


def test_the_june_packs_text_gives_junes_cohorts_and_the_december_packs_decembers(cases_to_december, alice):
    june = pack_text(cases_to_december, JUNE_2024, alice)
    assert "tracked from the month they arrived, as at 30 June 2024: 3 received;" in june
    assert "2 still open, 1 of them beyond 20 weeks." in june
    assert "31 December 2024" not in june
    december = pack_text(cases_to_december, DECEMBER_2024, alice)
    assert "tracked from the month they arrived, as at 31 December 2024: 4 received;" in december
    assert "2 still open, 2 of them beyond 20 weeks." in december


@pytest.mark.parametrize(
    ("as_at", "years"),
    [
        (date(2023, 6, 1), []),
        (date(2023, 12, 1), [2023]),
        (date(2024, 6, 1), [2023]),
        (date(2024, 11, 1), [2023]),
        (date(2024, 12, 1), [2024, 2023]),
        (date(2025, 3, 1), [2024, 2023]),
    ],
)
def test_the_national_position_holds_only_the_calendar_years_over_by_the_end_of_the_month(
    wirral, dfe_years, as_at, years
):
    section = sections.build("ehcp", area=wirral, as_at=as_at)
    assert [y.year for y in section["benchmark_years"]] == years
    assert [y.year for y in section["benchmark"].years] == sorted(years)
    latest = section["benchmark_latest"]
    assert (latest.year if latest else None) == (years[0] if years else None)


def test_a_june_pack_names_last_years_dfe_figure_and_not_this_years(cases_to_december, dfe_years, alice):
    june = pack_text(cases_to_december, JUNE_2024, alice)
    assert "In 2023, Wirral issued 20.0% of new EHC plans within 20 weeks (20 of 100)" in june
    assert "In 2024" not in june and "13.0" not in june
    december = pack_text(cases_to_december, DECEMBER_2024, alice)
    assert "In 2024, Wirral issued 13.0% of new EHC plans within 20 weeks (13 of 100)" in december


def test_the_pack_holds_the_statutory_timeline_to_its_month_with_the_national_years_over_by_then(
    cases_to_december, dfe_years, alice, client_for
):
    """Each step's last month to the pack's month, read as the timeline page
    reads it (the December pack's rows are the page's, the area's pages
    reporting on December 2024), and England's figure only for a year over."""
    june = pack_text(cases_to_december, JUNE_2024, alice)
    december = pack_text(cases_to_december, DECEMBER_2024, alice)
    for text in (june, december):
        assert "The statutory timeline" in text and "Decisions whether to assess within 6 weeks" in text
    # June: no plan issued in the month, the year to date is A's (on time); 2024 is not over.
    june_row = june.split("Plans issued within 20 weeks Higher ")[1]
    assert june_row.startswith("– (Jun 2024) – 100.0% 2023: 20.0% (England 50.0%), ranked 1 of 1 Case records")
    december_row = december.split("Plans issued within 20 weeks Higher ")[1]
    # December: the last plan was B's, late, in September; no rolling 12 months yet.
    assert december_row.startswith("0.0% (Sep 2024, 0 of 1) – 50.0% 2024: 13.0% (England 50.0%), ranked 1 of 1")
    page = " ".join(client_for(alice).get("/board/344/ehcp/timeline/").content.decode().split())
    page_row = page.split("Plans issued within 20 weeks</a>")[1].split("</tr>")[0]
    assert [cell.split("<")[0].strip() for cell in page_row.split('numeric">')[1:]] == ["0.0%", "–", "50.0%"]
    assert "Sep 2024, 0 of 1" in page_row and "2024: 13.0% (England 50.0%)" in page_row
