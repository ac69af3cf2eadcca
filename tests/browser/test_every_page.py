"""Every page of the demo, public and signed in, in Chromium: valid HTML, no
sideways scroll at 320 CSS px or at 1280 px with 400% zoom (both checked by
the `page` fixture on every page it loads, see conftest.py), no axe-core
violation, and table regions that are tab stops only when they scroll."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from send_board.demo import DEMO_PASSWORD
from tests.browser.conftest import REFLOW_VIEWPORTS, horizontal_overflow
from tests.conftest import load_demo, sign_in_through_the_form
from tests.send_board.test_access import all_patterns, sample_path

# Pages that need an object id beyond the area code are reached by following links.
ONLY_AREA_CODE = re.compile(r"^board/<la:code>/[^<]*$")


@pytest.fixture
def demo(transactional_db):
    load_demo()


def sign_in(page, username):
    sign_in_through_the_form(page, username, DEMO_PASSWORD)


def area_pages():
    return sorted(
        {
            sample_path(route)
            for route, pattern in all_patterns()
            if ONLY_AREA_CODE.match(route) and not route.endswith((".csv", ".xlsx", ".pdf", "export/", "download/"))
        }
    )


def first_links(page, pattern, limit=2):
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [href for href in dict.fromkeys(hrefs) if re.search(pattern, href)][:limit]


def visit(page, path, axe_violations, problems):
    try:
        response = page.goto(path)
    except PlaywrightError:  # a POST-only address: Chromium shows its own error page
        return
    if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
        return
    violations = axe_violations(page)
    if violations:
        problems.append(f"{path}: {violations}")


def test_every_public_page_is_valid_reflows_and_passes_axe(page, demo, axe_violations):
    problems = []
    visited = []  # each area's first two indicator pages
    for path in ("/", "/about-these-figures/", "/accessibility/", "/accounts/login/", "/no-such-page/"):
        visit(page, path, axe_violations, problems)
    page.goto("/")
    for area in first_links(page, r"^/areas/\d+/$", limit=3):
        visit(page, area, axe_violations, problems)
        for publication in first_links(page, r"^/areas/\d+/publications/\d+/$", limit=1):
            visit(page, publication, axe_violations, problems)
            for indicator in first_links(page, r"^/areas/\d+/publications/\d+/indicators/\d+/$", limit=2):
                visit(page, indicator, axe_violations, problems)
                visited.append(indicator)
    assert len(visited) == 6, visited
    assert problems == []


def test_every_signed_in_page_is_valid_reflows_and_passes_axe(page, demo, axe_violations):
    sign_in(page, "lead")
    problems = []
    for path in area_pages():
        visit(page, path, axe_violations, problems)
    for listing, detail in (
        ("/board/344/scorecard/", r"/scorecard/indicators/[^/]+/$"),
        ("/board/344/plan/", r"/plan/areas/\d+/$"),
        ("/board/344/plan/", r"/plan/actions/[^/]+/$"),
        ("/board/344/risks/", r"/risks/\d+/$"),
        ("/board/344/publish/", r"/publish/\d+/$"),
    ):
        page.goto(listing)
        for path in first_links(page, detail, limit=1):
            visit(page, path, axe_violations, problems)
    assert problems == []


def test_a_table_region_is_a_tab_stop_only_when_its_table_scrolls(browser, live_server, demo):
    for width, scrolls in ((320, True), (1280, False)):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
        page = context.new_page()
        sign_in(page, "lead")
        page.goto("/board/344/")
        regions = page.locator(".app-table-wrapper")
        assert regions.count() > 0
        states = regions.evaluate_all(
            "rs => rs.map(r => [r.scrollWidth > r.clientWidth + 1, r.getAttribute('tabindex'), "
            "r.getAttribute('role'), r.getAttribute('aria-label') || r.getAttribute('aria-labelledby')])"
        )
        for overflows, tabindex, role, name in states:
            assert role == "region" and name
            assert (tabindex == "0") is overflows
        assert any(overflows for overflows, *_ in states) is scrolls
        context.close()


def test_the_reflow_check_finds_a_page_that_scrolls_sideways_in_either_layout(reflow_page, live_server):
    page = '<!DOCTYPE html><html lang="en"><title>Probe</title><div style="width: {}px">A row of figures</div></html>'
    wide = horizontal_overflow(reflow_page, f"{live_server.url}/reflow-probe/wide/", page.format(400))
    assert sorted(wide) == sorted(REFLOW_VIEWPORTS)
    assert all(width >= 400 for width in wide.values()), wide
    # The same page, reused for the next page checked, measures that page and not the last.
    assert horizontal_overflow(reflow_page, f"{live_server.url}/reflow-probe/narrow/", page.format(200)) == {}
    # Each layout is measured at its own size: wide only where the zoomed window is 180 CSS px high.
    short = (
        '<!DOCTYPE html><html lang="en"><title>Probe</title>'
        "<style>@media (max-height: 300px) { div { width: 400px } }</style><div>A row of figures</div></html>"
    )
    wide = horizontal_overflow(reflow_page, f"{live_server.url}/reflow-probe/short/", short)
    assert list(wide) == ["1280 px at 400% zoom"], wide


def test_the_html_check_finds_an_invalid_page_and_passes_a_valid_one(html_validator):
    errors = html_validator.check('<!DOCTYPE html><html lang="en"><title>Probe</title><p id="a" id="a">Figures</html>')
    assert any("Duplicate attribute" in error for error in errors), errors
    assert html_validator.check('<!DOCTYPE html><html lang="en"><title>Probe</title><p>Figures</p></html>') == []


def test_the_axe_check_names_each_violation_of_a_page(browser, axe_violations):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<!DOCTYPE html><html lang="en"><title>Probe</title><main><h1>Figures</h1><img src="data:,">'
            '<p style="color: #bbb; background: #fff">Pale text</p></main></html>'
        )
        found = axe_violations(page)
    finally:
        context.close()
    assert [violation.split(" ")[0] for violation in found] == ["color-contrast", "image-alt"], found
