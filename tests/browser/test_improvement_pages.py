"""The improvement plan's main pages in real Chromium: axe-core finds no WCAG
2.2 A/AA violation, the charts draw, and an update form with errors links
each error to its field."""

from datetime import date

import pytest
from playwright.sync_api import expect

from improvement import services
from tests.conftest import sign_in_through_the_form, wait_for_charts
from tests.factories import TEST_PASSWORD
from tests.improvement.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AreaOfConcernFactory,
    PeriodFactory,
    PlanFactory,
    RiskFactory,
    WorkstreamFactory,
)


@pytest.fixture
def plan(wirral, olive):
    plan = PlanFactory(
        local_area=wirral, name="Written Statement of Action 2022", slug="wsoa", approved_on=date(2022, 3, 28)
    )
    workstream = WorkstreamFactory(local_area=wirral, name="Workstream 1 – Data", members=[olive])
    concern = AreaOfConcernFactory(
        plan=plan,
        number=1,
        title="Information and data",
        workstream=workstream,
        inspection_wording="The lack of accurate, up-to-date and useful information.",
    )
    march = PeriodFactory(plan=plan, month=date(2022, 3, 1), label="March 2022", ends_on=date(2022, 3, 31))
    statuses = ["in_progress", "delayed", "beyond_milestone", "complete", "not_started"]
    actions = [
        ActionFactory(
            area_of_concern=concern,
            code=f"1.1.{letter}",
            workstream=workstream,
            status=status,
            reason="Capacity",
            mitigation="Interim cover",
            milestone=date(2022, 6, 30),
        )
        for letter, status in zip("abcde", statuses, strict=True)
    ]
    services.period_close(period_id=march.pk)
    april = PeriodFactory(plan=plan, month=date(2022, 4, 1), label="April 2022 WSoA review", ends_on=date(2022, 4, 30))
    for action in actions:
        ActionUpdateFactory(
            action=action,
            period=april,
            status=action.status,
            reason="Capacity",
            mitigation="Interim cover",
            progress=f"Progress on {action.code}.",
        )
    return plan


def check(page, axe_violations, path):
    page.goto(path)
    wait_for_charts(page)
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], path


def test_the_plan_pages_have_no_accessibility_violations(page, sign_in_page, axe_violations, bob, plan):
    sign_in_page(bob)
    for path in (
        "/board/344/plan/",
        "/board/344/plan/wsoa/",
        "/board/344/plan/wsoa/areas/1/",
        "/board/344/plan/wsoa/actions/",
        "/board/344/plan/wsoa/actions/1.1.b/",
        "/board/344/plan/wsoa/periods/",
        "/board/344/plan/history/",
    ):
        check(page, axe_violations, path)


def test_the_status_chart_draws_with_its_table(page, sign_in_page, bob, plan):
    sign_in_page(bob)
    page.goto("/board/344/plan/wsoa/")
    page.locator("[data-chart]").scroll_into_view_if_needed()
    page.locator(".app-chart__plot--drawn").wait_for()
    assert page.locator("#status-periods-table tbody tr").count() == 2


def test_the_update_form_with_errors_is_accessible_and_links_to_the_fields(
    page, sign_in_page, axe_violations, olive, plan
):
    sign_in_page(olive)
    check(page, axe_violations, "/board/344/plan/wsoa/actions/1.1.a/update/")
    page.get_by_label("Delayed").check()
    page.get_by_label("Reason it is behind").fill("")
    page.get_by_label("Mitigation or remedial action").fill("")
    page.get_by_role("button", name="Save update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "Enter the reason" in summary.inner_text()
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Enter the reason").click()
    assert page.evaluate("document.activeElement.id") == "id_reason"


def test_the_risk_register_has_no_accessibility_violations(page, sign_in_page, axe_violations, bob, wirral):
    RiskFactory(local_area=wirral, reference="R1", title="EHCP timeliness", likelihood=5, impact=4, score=20)
    RiskFactory(
        local_area=wirral,
        reference="R2",
        title="Tribunals",
        likelihood=3,
        impact=3,
        score=9,
        next_review_date=date(2020, 1, 1),
    )
    sign_in_page(bob)
    check(page, axe_violations, "/board/344/risks/")
    page.locator("[data-chart]").scroll_into_view_if_needed()
    page.locator(".app-chart__plot--drawn").wait_for()
    assert page.locator("#heat-map-table tbody tr").count() == 5
    assert "Review overdue" in page.content()


def test_the_risk_form_with_errors_is_accessible(page, sign_in_page, axe_violations, alice, wirral):
    sign_in_page(alice)
    check(page, axe_violations, "/board/344/risks/new/")
    page.get_by_role("button", name="Save risk").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the likelihood, from 1 to 5.")
    assert axe_violations(page) == []


def test_decisions_and_readiness_pages_have_no_accessibility_violations(
    page, sign_in_page, axe_violations, bob, wirral
):
    from improvement.models import Decision
    from tests.improvement.factories import EvidenceItemFactory, MeetingFactory

    meeting = MeetingFactory(local_area=wirral, attendees="Chair\nHead of SEND")
    decision = Decision.objects.create(meeting=meeting, title="EHCP recovery options")
    decision.options.create(number=2, title="Agency staff", adopted=True, benefits="Capacity")
    decision.options.create(number=8, title="Plans by type", adopted=False, reason="Incompatible")
    EvidenceItemFactory(local_area=wirral, title="Self-Evaluation", status="high_risk")
    sign_in_page(bob)
    for path in (
        "/board/344/decisions/",
        f"/board/344/decisions/meetings/{meeting.pk}/",
        "/board/344/readiness/",
        "/board/344/plan/my-actions/",
        "/board/344/plan/workstreams/",
    ):
        check(page, axe_violations, path)


def test_the_area_page_reflows_at_320_pixels(browser, live_server, plan, bob):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in_through_the_form(page, bob.username, TEST_PASSWORD)
    page.goto("/board/344/plan/wsoa/areas/1/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
