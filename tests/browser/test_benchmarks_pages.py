"""The national benchmark pages in real Chromium: no WCAG 2.2 A/AA violation
(axe-core), charts drawn, forms usable with their error summaries."""

import pytest
from playwright.sync_api import expect

from ehcp.benchmarks.demo import DATA_FILE, NEIGHBOURS
from ehcp.benchmarks.services import sen2_import
from tests.benchmarks.factories import calendar_year_of_figures, small_release


@pytest.fixture
def national(transactional_db, wirral):
    release = sen2_import(source=DATA_FILE, file_name=DATA_FILE.name).release
    wirral.statistical_neighbours = NEIGHBOURS["344"]
    wirral.save()
    return release


@pytest.fixture
def small_national(transactional_db, wirral):
    """England, the North West and three authorities: enough for the forms."""
    return sen2_import(source=small_release(years=(2023, 2024)), file_name="timeliness_20_week.csv").release


def test_the_panel_page_has_no_violations_and_draws_its_chart(page, sign_in_page, axe_violations, national, bob):
    sign_in_page(bob)
    page.goto("/board/344/ehcp/benchmarks/")
    assert page.locator("h1").count() == 1
    page.locator("[data-chart='benchmark-chart']").scroll_into_view_if_needed()
    page.locator("[data-chart='benchmark-chart'].app-chart__plot--drawn").wait_for()
    assert (
        "In 2024, Wirral issued 12.6% of new EHC plans within 20 weeks"
        in page.locator("#benchmark-summary").inner_text()
    )
    assert page.locator("#benchmark-table tbody tr").count() == 6
    assert axe_violations(page) == []


def test_the_ranking_page_has_no_violations_and_changes_year(page, sign_in_page, axe_violations, national, bob):
    sign_in_page(bob)
    page.goto("/board/344/ehcp/benchmarks/ranking/")
    page.locator("[data-chart='ranking-chart']").scroll_into_view_if_needed()
    page.locator("[data-chart='ranking-chart'].app-chart__plot--drawn").wait_for()
    assert page.locator("#ranking-table tbody tr").count() == 151
    assert page.locator("#ranking-table tr[data-role='area']").inner_text().startswith("136")
    assert page.locator("#ranking-table tr[data-role='neighbour']").count() == 10
    assert axe_violations(page) == []
    page.get_by_label("Calendar year").select_option("2022")
    page.get_by_role("button", name="Show this year").click()
    expect(page.locator("h1")).to_have_text("Local authorities ranked, 2022")
    assert page.locator("#ranking-table tbody tr").count() == 147
    assert page.locator("#unranked-table tbody tr").count() == 5


def test_the_reconciliation_page_has_no_violations(page, sign_in_page, axe_violations, small_national, wirral, bob):
    calendar_year_of_figures(wirral, 2024, monthly_issued=60, monthly_within=10)
    sign_in_page(bob)
    page.goto("/board/344/ehcp/benchmarks/reconciliation/")
    assert "Differs by more than one point" in page.locator("#reconciliation-table").inner_text()
    assert axe_violations(page) == []


def test_the_import_pages_have_no_violations_and_an_error_is_linked(
    page, sign_in_page, axe_violations, national, alice, tmp_path
):
    sign_in_page(alice)
    page.goto("/board/344/ehcp/benchmarks/upload/")
    assert axe_violations(page) == []
    wrong = tmp_path / "caseload.csv"
    wrong.write_text("time_period,geographic_level,ehcplans\n201819,National,353995\n")
    page.get_by_label("DfE's timeliness file").set_input_files(str(wrong))
    page.get_by_role("button", name="Import").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This is not DfE")
    assert axe_violations(page) == []
    page.goto(f"/board/344/ehcp/benchmarks/imports/{national.pk}/")
    assert page.locator("#flagged-table tbody tr").count() == 2
    assert axe_violations(page) == []
    page.goto("/board/344/ehcp/benchmarks/imports/")
    assert axe_violations(page) == []


def test_the_neighbours_form_has_no_violations_and_explains_a_bad_code(
    page, sign_in_page, axe_violations, small_national, alice
):
    sign_in_page(alice)
    page.goto("/board/344/ehcp/benchmarks/neighbours/")
    assert axe_violations(page) == []
    page.get_by_label("Statistical neighbour codes").fill("343 344")
    page.get_by_role("button", name="Save neighbours").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be its own statistical neighbour")
    assert axe_violations(page) == []
    page.get_by_label("Statistical neighbour codes").fill("343 340")
    page.get_by_role("button", name="Save neighbours").click()
    page.wait_for_url("**/board/344/ehcp/benchmarks/")
    assert "Wirral now has 2 statistical neighbours" in page.content()
