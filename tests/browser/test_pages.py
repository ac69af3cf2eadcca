"""The base pages in real Chromium: axe-core finds no WCAG 2.2 A/AA violation,
and each role, signed in through the real login form, lands on its home page
and sees its own navigation."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in_through_the_form
from tests.factories import TEST_PASSWORD


@pytest.fixture
def people(wirral, alice, bob, olive):
    return {"performance lead": alice, "board member": bob, "officer": olive}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/about-these-figures/", "/accessibility/", "/areas/344/"])
def test_public_pages_have_no_accessibility_violations(page, axe_violations, wirral, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_the_signed_in_home_has_no_accessibility_violations(page, axe_violations, alice):
    sign_in_through_the_form(page, alice.username, TEST_PASSWORD)
    page.wait_for_load_state()
    assert page.url.endswith("/board/344/")
    assert axe_violations(page) == []


def test_a_login_error_has_no_violations_and_its_summary_links_to_the_field(page, axe_violations, alice):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert axe_violations(page) == []
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_username"


@pytest.mark.parametrize(
    ("role", "sees_publish"), [("performance lead", True), ("board member", False), ("officer", False)]
)
def test_each_role_sees_its_navigation(page, people, role, sees_publish):
    sign_in_through_the_form(page, people[role].username, TEST_PASSWORD)
    nav = page.get_by_role("navigation", name="Main navigation")
    for label in ("Dashboard", "EHCP", "Plan", "Risks", "Scorecard", "Sign out"):
        assert nav.get_by_role(nav_role(label), name=label).count() == 1, label
    assert (nav.get_by_role("link", name="Publish").count() == 1) is sees_publish


def nav_role(label):
    return "button" if label == "Sign out" else "link"


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page, wirral):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))


def test_the_home_page_reflows_at_320_pixels(browser, live_server, wirral):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
