"""The published scorecard in real Chromium: every control reached and
operated with the keyboard alone, the figures readable without JavaScript,
text reflowed at 320 CSS pixels, charts drawn under the Content Security
Policy, and the lead's publishing pages usable and free of violations."""

from pathlib import Path

import pytest
from django.db.models import Count
from playwright.sync_api import expect

from performance.publishing.models import Publication
from performance.publishing.services import publication_create
from tests.conftest import load_demo, wait_for_charts
from tests.publishing.factories import JANUARY, scorecard

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"


@pytest.fixture
def published(transactional_db, wirral, alice):
    scorecard(wirral)
    return publication_create(area=wirral, month=JANUARY, user=alice)


def page_of(publication):
    return f"/areas/{publication.area.code}/publications/{publication.pk}/"


def draw_every_chart(page):
    """Charts draw as they come near the viewport: bring each there in turn."""
    charts = page.locator("[data-chart]")
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
        page.locator(
            f"[data-chart='{charts.nth(index).get_attribute('data-chart')}'].app-chart__plot--drawn"
        ).wait_for()


def indicator_pages(publication):
    return [
        f"{page_of(publication)}indicators/{indicator.position}/"
        for indicator in publication.indicators.order_by("position")
    ]


def test_the_publication_page_has_no_violations_and_links_to_each_indicator_s_figures(page, axe_violations, published):
    page.goto(page_of(published))
    assert page.locator("h1").count() == 1
    assert page.locator("[data-chart]").count() == 0
    links = page.get_by_role("link", name="See the figures by period for")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == indicator_pages(published)
    assert axe_violations(page) == []


def test_each_indicator_page_draws_its_chart_and_has_no_violations(page, axe_violations, published):
    for path in indicator_pages(published):
        page.goto(path)
        assert page.locator("[data-chart]").count() == 1
        draw_every_chart(page)
        assert page.locator("h1").count() == 1
        assert axe_violations(page) == [], path
        # Drawn on the server as SVG: a few dozen elements a chart (Plotly's came to about 190); no
        # Plotly is fetched for it.
        size = page.evaluate("document.querySelector('.app-chart').querySelectorAll('*').length")
        assert size < 60, (path, size)
        assert page.evaluate("typeof window.Plotly") == "undefined"


def test_the_demo_s_largest_publication_page_has_fewer_than_2000_elements_when_scrolled_to_the_end(
    page, transactional_db
):
    load_demo()
    largest = Publication.objects.annotate(size=Count("indicators")).order_by("-size", "pk").first()
    assert largest.size >= 34
    page.goto(page_of(largest))
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 800, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
    page.wait_for_load_state("networkidle")
    elements = page.evaluate("document.getElementsByTagName('*').length")
    assert page.locator("section.app-indicator").count() == largest.size
    assert 1000 < elements < 2000, elements


def test_every_control_of_the_publication_page_is_reached_with_the_keyboard(page, published):
    page.goto(page_of(published))
    draw_every_chart(page)
    total = page.evaluate(
        """(selector) => {
            const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
            const controls = [...document.querySelectorAll(selector)].filter(visible);
            controls.forEach((el, i) => el.setAttribute("data-kb", String(i)));
            return controls.length;
        }""",
        FOCUSABLE,
    )
    assert total > 10
    reached = []
    for _ in range(total * 2 + 10):
        page.keyboard.press("Tab")
        index = page.evaluate("document.activeElement && document.activeElement.getAttribute('data-kb')")
        if index is None:
            if reached:
                break
            continue
        if reached and int(index) == reached[0] and len(reached) > 1:
            break
        reached.append(int(index))
    assert sorted(set(reached)) == list(range(total)), f"not reached: {set(range(total)) - set(reached)}"
    assert reached == sorted(reached), "focus order does not follow the page"


def test_every_control_of_the_publication_page_works_from_the_keyboard(page, published):
    page.goto(page_of(published))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main-content")

    page.get_by_role("link", name="New EHC plans issued within 20 weeks").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#ehcp20")
    assert page.locator("#ehcp20").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").focus()
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("send-scorecard-344-2025-01-")

    page.get_by_role("link", name="See the figures by period for New EHC plans issued within 20 weeks").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{page_of(published)}indicators/1/")
    page.get_by_role("link", name="See the figures as a table").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#table-ehcp20")

    # The table fits at this width, so its region is no tab stop (it would be one more stop with nothing to scroll).
    region = page.get_by_role("region", name="New EHC plans issued within 20 weeks: the figures by period")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth") is False
    assert region.get_attribute("tabindex") is None

    page.get_by_role("link", name="Back to the scorecard for January 2025").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{page_of(published)}#ehcp20")

    page.get_by_role("link", name="About these figures").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/about-these-figures/")
    page.go_back()
    page.get_by_role("link", name="Wirral", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/areas/344/")
    assert page.locator("h1").inner_text() == "Wirral: published SEND scorecards"


def test_the_figures_are_all_there_without_javascript(browser, live_server, published):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(page_of(published))
    assert page.locator("noscript").count() == 0
    expect(page.locator("section[aria-labelledby='ehcp20']")).to_contain_text("45.0%")
    # Each indicator's chart and table are on its own page, a plain link away.
    links = page.get_by_role("link", name="See the figures by period for")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == indicator_pages(published)
    for href, table_id in zip(hrefs, ("table-ehcp20", "table-ehcpact", "table-trib"), strict=True):
        page.goto(href)
        # The trend charts are drawn on the server: they are there without JavaScript too.
        assert page.locator(".app-chart__plot--svg svg").count() == 1
        table = page.locator(f"#{table_id}")
        assert table.is_visible()
        assert table.locator("tbody tr").count() == 4
        if table_id == "table-ehcp20":
            assert "45.0%" in table.text_content()
        if table_id == "table-trib":
            expect(table).to_contain_text("c (fewer than 5)", use_inner_text=True)
    context.close()


@pytest.mark.parametrize("path", ["publication", "indicator", "/", "/areas/344/"])
def test_the_public_pages_reflow_at_320_pixels(browser, live_server, published, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 720})
    page = context.new_page()
    pages = {"publication": page_of(published), "indicator": indicator_pages(published)[0]}
    page.goto(pages.get(path, path))
    wait_for_charts(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Text wraps inside the page: no paragraph or heading is wider than it.
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('main p, main h1, main h2, main h3, main dd, main dt')]
            .filter(el => el.getBoundingClientRect().right > 321).map(el => el.textContent.slice(0, 40))"""
    )
    assert too_wide == []
    ARTIFACTS.mkdir(exist_ok=True)
    name = path if path in pages else path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=ARTIFACTS / f"publishing-{name}-320px.png", full_page=True)
    context.close()


def test_the_lead_previews_publishes_and_withdraws_with_no_violations(
    page, sign_in_page, axe_violations, published, alice
):
    sign_in_page(alice)
    page.goto("/board/344/publish/")
    assert axe_violations(page) == []
    page.get_by_label("Month").select_option("2025-01")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url("**/publish/preview/?month=2025-01")
    assert "Publishing it again makes a correction" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish the correction").click()
    error_summary = page.locator(".govuk-error-summary")
    expect(error_summary).to_be_visible()
    assert axe_violations(page) == []
    error_summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_correction_note"
    page.get_by_label("What changed").fill("The tribunal count was checked again.")
    page.get_by_role("button", name="Publish the correction").click()
    page.wait_for_url("**/board/344/publish/")
    assert "is published, replacing the earlier one." in page.locator("main").inner_text()
    page.get_by_role("link", name="Withdraw the scorecard for January 2025", exact=False).first.click()
    page.wait_for_url("**/withdraw/")
    assert axe_violations(page) == []
    page.get_by_label("Why is it withdrawn?").fill("Published twice by mistake.")
    page.get_by_role("button", name="Withdraw the scorecard").click()
    page.wait_for_url("**/board/344/publish/")
    assert "is withdrawn." in page.locator("main").inner_text()
