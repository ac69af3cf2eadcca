"""The notification pages in Chromium: no WCAG 2.2 AA violations, errors linked, one-click flows."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications import tokens
from notifications.models import Subscription
from tests.performance.factories import IndicatorFactory

pytestmark = pytest.mark.browser


def test_the_open_items_and_preferences_pages_have_no_violations(page, sign_in_page, axe_violations, olive, wirral):
    IndicatorFactory(area=wirral, code="KPI1", name="Advice within 6 weeks", owner=olive)
    sign_in_page(olive)
    page.goto("/")
    count = page.locator("header a[href='/notifications/']")
    assert " ".join(count.inner_text().split()) == "Your items 2 open"
    count.click()
    expect(page.locator("h1")).to_have_text("Your open items")
    assert page.get_by_role("link", name=re.compile(r"^KPI1 Advice within 6 weeks: ")).count() == 2
    assert axe_violations(page) == []
    page.goto("/notifications/preferences/")
    page.get_by_role("group", name="Reviews and milestones").get_by_label("In a weekly digest (Mondays)").check()
    page.get_by_role("button", name="Save choices").click()
    expect(page.locator("body")).to_contain_text("Your notification choices are saved.")
    assert axe_violations(page) == []


def test_the_leads_page_has_no_violations_and_links_a_bad_due_day(page, sign_in_page, axe_violations, alice, nomail):
    sign_in_page(alice)
    page.goto("/board/344/notifications/")
    assert axe_violations(page) == []
    page.get_by_label("Returns are due on working day").fill("21")
    page.get_by_role("button", name="Save the calendar").click()
    summary = page.locator(".govuk-error-summary")
    assert "from 1 to 20" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []


def test_subscribing_and_confirming_have_no_violations(page, axe_violations, wirral):
    page.goto("/notifications/subscribe/344/")
    assert axe_violations(page) == []
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Subscribe").click()
    assert "Enter an email address in the correct format" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    subscription = Subscription.objects.create(area=wirral, email="forum@example.org", requested_at=timezone.now())
    page.goto(f"/notifications/confirm/{tokens.confirmation_token(subscription)}/")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("h1")).to_have_text("Subscription confirmed")
    assert axe_violations(page) == []
