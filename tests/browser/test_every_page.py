"""Every page of the demo, public and signed in, in Chromium: valid HTML, no
sideways scroll at 320 CSS px or at 1280 px with 400% zoom (both checked by
the `page` fixture on every page it loads, see conftest.py), one h1, no
axe-core violation of WCAG 2.2 A or AA once its charts are drawn, and table
regions that are tab stops only when they scroll.

Besides the demo's own publications, a test area publishes a scorecard, a
correction of it and a withdrawn one, so that every state of a publication
page is checked. Each failure names the page, the rule and the elements.
"""

import re
from datetime import date

import pytest
from django.db.models import Max
from playwright.sync_api import Error as PlaywrightError

from performance.publishing.models import Publication, PublishedIndicator
from performance.publishing.services import publication_create, publication_withdraw
from send_board.demo import DEMO_PASSWORD
from send_board.models import LocalArea
from tests.browser.conftest import REFLOW_VIEWPORTS, horizontal_overflow
from tests.conftest import load_demo, sign_in_through_the_form, wait_for_charts
from tests.factories import LocalAreaFactory
from tests.publishing.factories import JANUARY, scorecard
from tests.send_board.test_access import all_patterns, sample_path

# Pages that need an object id beyond the area code are reached by following links.
ONLY_AREA_CODE = re.compile(r"^board/<la:code>/[^<]*$")


@pytest.fixture
def demo(transactional_db):
    load_demo()
    from django.contrib.auth import get_user_model

    lead = get_user_model().objects.get(username="lead")
    test_area = LocalAreaFactory(code="799", name="Testshire", region="North West")
    lead.memberships.create(local_area=test_area, role="performance_lead")
    scorecard(test_area)
    publication_create(area=test_area, month=JANUARY, user=lead)
    publication_create(area=test_area, month=JANUARY, user=lead, correction_note="The tribunal count was checked.")
    december = publication_create(area=test_area, month=date(2024, 12, 1), user=lead)
    publication_withdraw(publication=december, user=lead, reason="Published before the figures were approved.")


def sign_in(page, username):
    sign_in_through_the_form(page, username, DEMO_PASSWORD)


def public_pages():
    pages = ["/", "/about-these-figures/", "/accessibility/", "/accounts/login/"]
    pages += [f"/areas/{code}/" for code in LocalArea.objects.order_by("code").values_list("code", flat=True)]
    pages += [
        f"/areas/{p.area.code}/publications/{p.pk}/" for p in Publication.objects.select_related("area").order_by("pk")
    ]
    # The first and last indicator's own page of each publication (a withdrawn one's says so).
    last = dict(
        PublishedIndicator.objects.values("publication")
        .annotate(last=Max("position"))
        .values_list("publication", "last")
    )
    pages += [
        f"/areas/{i.publication.area.code}/publications/{i.publication_id}/indicators/{i.position}/"
        for i in PublishedIndicator.objects.select_related("publication__area").order_by("publication", "position")
        if i.position in (1, last[i.publication_id])
    ]
    return pages


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
    """Load `path` as a visitor would and note what is wrong with it: a page of
    ours (HTML, not an error) must have one h1 and no axe violation once its
    charts near the viewport are drawn. Returns the answer's status."""
    try:
        response = page.goto(path)
    except PlaywrightError:  # a POST-only address: Chromium shows its own error page
        return None
    if response is None or "text/html" not in response.headers.get("content-type", ""):
        return None
    if response.status < 400 or response.status == 410:
        wait_for_charts(page)
        if (headings := page.locator("h1").count()) != 1:
            problems.append(f"{path}: {headings} h1 elements")
        if violations := axe_violations(page):
            problems.append(f"{path}: {violations}")
    return response.status


def test_every_public_page_is_valid_reflows_and_passes_axe(page, demo, axe_violations):
    pages = public_pages()
    assert len([p for p in pages if "/publications/" in p]) >= 3
    assert len([p for p in pages if "/indicators/" in p]) >= 12
    problems = []
    for path in pages:
        status = visit(page, path, axe_violations, problems)
        if status not in (200, 410):  # 410: a withdrawn publication's page says so
            problems.append(f"{path}: answered {status}")
    # What a visitor reaches by following links from the home page is among them.
    page.goto("/")
    for area in first_links(page, r"^/areas/\d+/$", limit=99):
        assert area in pages, area
    assert visit(page, "/no-such-page/", axe_violations, problems) == 404
    assert problems == [], "\n".join(problems)


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
    # The signed-in home page and the test area's publishing pages (a preview, a correction, a withdrawal).
    for path in ("/", "/board/799/publish/", "/board/799/publish/preview/?month=2025-01"):
        if visit(page, path, axe_violations, problems) != 200:
            problems.append(f"{path}: not a page")
    assert problems == [], "\n".join(problems)


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
