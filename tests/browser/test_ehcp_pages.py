"""The EHCP pages in real Chromium: no WCAG 2.2 A/AA violation found by
axe-core, the chart drawn from our own static files, and the entry form's
errors reachable from its summary."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ehcp import services
from send_board import queue
from tests.ehcp.factories import CaseRecordFactory

WALSALL_CSV = Path(__file__).resolve().parent.parent / "data" / "walsall_returns_2019_2020.csv"


@pytest.fixture
def wirral_figures(wirral, alice):
    """A year and a half of Wirral returns (one awaiting approval), cases, a
    target. The live server's database commits each save, and each queues a
    recompute: coalesced, they run once, at the end, as an import's do."""
    with queue.coalesced():
        for offset in range(18):
            month = date(2023 + offset // 12, offset % 12 + 1, 1)
            monthly_return = services.return_create(
                area=wirral,
                month=month,
                values={"issued": 30 + offset, "within_20_weeks": 5 + offset % 7},
                user=alice,
                submit=True,
            )
            if offset < 17:
                services.return_approve(monthly_return=monthly_return, user=alice)
        for number in range(40):
            request = date(2023, 1 + number % 12, 1 + number % 27)
            final = None if number % 5 == 0 else date(2023 + (number % 12 + 4) // 12, (number % 12 + 4) % 12 + 1, 2)
            CaseRecordFactory(local_area=wirral, request_date=request, final_date=final)
        services.target_set(area=wirral, year_start=date(2023, 4, 1), target_pct=60, user=alice)
    services.figures_recompute(area_id=wirral.pk)  # the factory's cases queue nothing
    return wirral


def test_the_timeliness_page_draws_its_chart_and_has_no_violations(
    page, sign_in_page, axe_violations, wirral_figures, alice
):
    sign_in_page(alice)
    page.goto("/board/344/ehcp/")
    assert page.locator("h1").count() == 1
    page.locator("#timeliness-chart + * , [data-chart='timeliness-chart']").first.wait_for()
    page.locator("[data-chart='timeliness-chart']").scroll_into_view_if_needed()
    page.wait_for_selector("[data-chart='timeliness-chart'].app-chart__plot--drawn")
    assert page.locator("#timeliness-table").is_visible()
    assert (
        "needs" in page.locator("#trajectory").inner_text()
        or "Year complete" in page.locator("#trajectory").inner_text()
    )
    assert axe_violations(page) == []


def test_the_timeliness_table_sorts_without_javascript_help(page, sign_in_page, wirral_figures, alice):
    sign_in_page(alice)
    page.goto("/board/344/ehcp/")
    page.get_by_role("link", name=re.compile(r"^% within 20 weeks\s*, sort ascending")).click()
    assert "sort=pct" in page.url
    first = page.locator("#timeliness-table tbody tr").first.locator("td").nth(3).inner_text()
    assert first == "–" or float(first.rstrip("%")) >= 0


def test_the_returns_entry_form_has_no_violations_empty_or_with_errors(page, sign_in_page, axe_violations, olive):
    sign_in_page(olive)
    page.goto("/board/344/ehcp/returns/new/")
    assert page.locator("h1").inner_text() == "Enter a monthly return"
    assert axe_violations(page) == []
    page.get_by_label("Month", exact=True).fill("2024-03")
    page.get_by_label("EHC plans issued, excluding exceptions").fill("10")
    page.get_by_label("Of these, issued within 20 weeks").fill("12")
    page.get_by_role("button", name="Save and submit for approval").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "cannot be more than plans issued" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_within_20_weeks"


def test_a_return_saved_through_the_form_lands_on_its_page(page, sign_in_page, axe_violations, wirral, olive):
    sign_in_page(olive)
    page.goto("/board/344/ehcp/returns/new/")
    page.get_by_label("Month", exact=True).fill("March 2024")
    page.get_by_label("EHC plans issued, excluding exceptions").fill("40")
    page.get_by_label("Of these, issued within 20 weeks").fill("10")
    page.get_by_label("Health (optional)", exact=True).fill("1")
    page.get_by_role("button", name="Save as draft").click()
    assert page.locator("h1").inner_text() == "March 2024"
    assert (
        "The return for March 2024 is saved (draft)." in page.locator(".govuk-notification-banner").first.inner_text()
    )
    assert axe_violations(page) == []


def test_the_cohorts_page_has_no_violations(page, sign_in_page, axe_violations, wirral_figures, bob):
    sign_in_page(bob)
    page.goto("/board/344/ehcp/cohorts/")
    assert page.locator("h1").count() == 1
    page.locator("[data-chart='cohort-chart']").scroll_into_view_if_needed()
    page.wait_for_selector("[data-chart='cohort-chart'].app-chart__plot--drawn")
    assert axe_violations(page) == []


def test_the_upload_page_with_row_errors_has_no_violations(page, sign_in_page, axe_violations, wirral, olive, tmp_path):
    bad = tmp_path / "returns.csv"
    bad.write_text("month,issued,within_20_weeks\n2024-01,10,12\nSmarch,3,1\n")
    sign_in_page(olive)
    page.goto("/board/344/ehcp/returns/upload/")
    page.get_by_label("Spreadsheet").set_input_files(str(bad))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#row-errors tbody tr")).to_have_count(2)
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path", ["/board/344/ehcp/reconciliation/", "/board/344/ehcp/returns/", "/board/344/ehcp/cases/"]
)
def test_the_other_ehcp_pages_have_no_violations(page, sign_in_page, axe_violations, wirral_figures, alice, path):
    sign_in_page(alice)
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
