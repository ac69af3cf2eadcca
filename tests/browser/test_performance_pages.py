"""The scorecard pages in real Chromium: axe-core finds no WCAG 2.2 A/AA
violation, charts draw from our static Plotly, and the value form's error
summary leads to the field."""

import pytest
from playwright.sync_api import expect

from send_board import queue
from tests.conftest import sign_in_through_the_form
from tests.factories import TEST_PASSWORD
from tests.performance.scorecards import build_scorecard


@pytest.fixture
def scorecard(wirral, alice, olive):
    """Wirral's small scorecard. The live server's database commits each
    save, and each queues the ratings task: coalesced, it runs once, at the
    end, with every indicator, as after an import."""
    with queue.coalesced():
        return build_scorecard(wirral, alice, olive)


@pytest.fixture
def people(alice, bob, olive):
    return {"alice": alice, "bob": bob, "olive": olive}


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("bob", "/board/344/"),
        ("alice", "/board/344/"),
        ("bob", "/board/344/scorecard/"),
        ("bob", "/board/344/scorecard/services/health/"),
        ("bob", "/board/344/scorecard/services/ehcp/"),
        ("bob", "/board/344/scorecard/indicators/EHCP20/"),
        ("alice", "/board/344/scorecard/indicators/AR12/"),
        ("bob", "/board/344/exceptions/"),
        ("olive", "/board/344/data-due/?month=2025-01"),
        ("alice", "/board/344/scorecard/indicators/"),
        ("alice", "/board/344/scorecard/approvals/"),
        ("alice", "/board/344/dashboard/kpis/"),
        ("olive", "/board/344/scorecard/upload/"),
        ("alice", "/board/344/scorecard/indicators/new/"),
        ("alice", "/board/344/scorecard/indicators/AR12/disclosure/"),
    ],
)
def test_scorecard_pages_have_no_accessibility_violations(
    page, sign_in_page, axe_violations, scorecard, people, who, path
):
    sign_in_page(people[who])
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("path", "chart"),
    [
        ("/board/344/", "kpi-ratings"),
        ("/board/344/scorecard/indicators/EHCP20/", "trend"),
        ("/board/344/scorecard/services/health/", "longest-waits"),
    ],
)
def test_charts_draw_from_our_own_plotly(page, sign_in_page, scorecard, bob, path, chart):
    sign_in_page(bob)
    page.goto(path)
    plot = page.locator(f'[data-chart="{chart}"]')
    plot.scroll_into_view_if_needed()  # charts draw as they come into view
    page.wait_for_function("(p) => p.classList.contains('app-chart__plot--drawn')", arg=plot.element_handle())
    if "app-chart__plot--svg" in plot.get_attribute("class"):  # drawn on the server: no Plotly for it
        assert plot.locator("svg.app-chart__svg").count() == 1
    else:
        assert plot.locator(".main-svg").count() > 0
        assert page.evaluate("typeof window.Plotly") == "object"


def test_the_value_form_with_errors_is_accessible_and_leads_to_the_field(
    page, sign_in_page, axe_violations, scorecard, olive
):
    sign_in_page(olive)
    page.goto("/board/344/scorecard/indicators/AR12/values/new/")
    page.get_by_label("Period").fill("2025-01")
    page.get_by_label("Numerator (optional)").fill("61")
    page.get_by_label("Denominator (optional)").fill("60")
    page.get_by_role("button", name="Submit for approval").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "greater than the denominator" in summary.inner_text()
    assert "greater than the denominator" in page.locator("#id_numerator-error").inner_text()
    assert axe_violations(page) == []
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_numerator"


def test_a_duplicate_value_error_links_to_the_existing_value(page, sign_in_page, axe_violations, scorecard, olive):
    sign_in_page(olive)
    page.goto("/board/344/scorecard/indicators/AR12/values/new/")
    page.get_by_label("Period").fill("2024-12")
    page.get_by_label("Value (optional)").fill("40")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page) == []
    page.locator(".govuk-error-message").get_by_role("link", name="See or change the existing value").click()
    page.wait_for_url("**/board/344/scorecard/indicators/AR12/values/2024-12/")
    assert page.locator("h1").inner_text() == "December 2024"


def test_a_board_member_requests_a_deep_dive_from_the_exceptions_page(page, sign_in_page, scorecard, bob):
    sign_in_page(bob)
    page.goto("/board/344/exceptions/")
    page.get_by_role("button", name="Request a deep dive into AR12").click()
    expect(page.get_by_role("button", name="Clear the deep dive request into AR12")).to_have_count(1)
    assert page.url.endswith("/board/344/exceptions/")


def test_the_dashboard_reflows_at_320_pixels(browser, live_server, scorecard, bob):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in_through_the_form(page, bob.username, TEST_PASSWORD)
    page.goto("/board/344/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
