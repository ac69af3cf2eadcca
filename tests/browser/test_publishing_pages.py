"""The published scorecard in real Chromium: every control reached and
operated with the keyboard alone, the figures readable without JavaScript,
text reflowed at 320 CSS pixels, charts drawn under the Content Security
Policy, and the lead's publishing pages usable and free of violations."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from performance.publishing.services import publication_create
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


def test_the_publication_page_draws_every_chart_and_has_no_violations(page, axe_violations, published):
    page.goto(page_of(published))
    charts = page.locator("[data-chart]")
    assert charts.count() == 3
    draw_every_chart(page)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    # Drawn on the server as SVG: a few dozen elements a chart (Plotly's came to about 190), which is
    # what keeps a 30-indicator publication's DOM small; no Plotly is fetched for them.
    sizes = page.evaluate("[...document.querySelectorAll('.app-chart')].map(f => f.querySelectorAll('*').length)")
    assert len(sizes) == 3 and max(sizes) < 60, sizes
    assert page.evaluate("typeof window.Plotly") == "undefined"


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
    assert page.url.endswith("#main-content")

    page.get_by_role("link", name="New EHC plans issued within 20 weeks").first.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#ehcp20")
    assert page.locator("#ehcp20").is_visible()

    page.get_by_role("link", name="See the figures as a table").first.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#table-ehcp20")

    # The table fits at this width, so its region is no tab stop (it would be one more stop with nothing to scroll).
    region = page.get_by_role("region", name="New EHC plans issued within 20 weeks: the figures by period")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth") is False
    assert region.get_attribute("tabindex") is None

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").focus()
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("send-scorecard-344-2025-01-")

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
    # The trend charts are drawn on the server: they are there without JavaScript too.
    assert page.locator(".app-chart__plot--svg svg").count() == 3
    assert page.locator("noscript").count() == 0
    for table_id in ("table-ehcp20", "table-ehcpact", "table-trib"):
        table = page.locator(f"#{table_id}")
        assert table.is_visible()
        assert table.locator("tbody tr").count() == 4
    # Sections below the fold are laid out (and so have rendered text) as they come into view.
    page.locator("#table-trib").scroll_into_view_if_needed()
    assert "45.0%" in page.locator("#table-ehcp20").text_content()
    expect(page.locator("#table-trib")).to_contain_text("c (fewer than 5)", use_inner_text=True)
    context.close()


@pytest.mark.parametrize("path", ["publication", "/", "/areas/344/"])
def test_the_public_pages_reflow_at_320_pixels(browser, live_server, published, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 720})
    page = context.new_page()
    page.goto(page_of(published) if path == "publication" else path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Text wraps inside the page: no paragraph or heading is wider than it.
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('main p, main h1, main h2, main h3, main dd, main dt')]
            .filter(el => el.getBoundingClientRect().right > 321).map(el => el.textContent.slice(0, 40))"""
    )
    assert too_wide == []
    ARTIFACTS.mkdir(exist_ok=True)
    name = "publication" if path == "publication" else path.strip("/").replace("/", "-") or "home"
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
    assert error_summary.is_visible()
    assert axe_violations(page) == []
    error_summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_correction_note"
    page.get_by_label("What changed").fill("The tribunal count was checked again.")
    page.get_by_role("button", name="Publish the correction").click()
    page.wait_for_url("**/board/344/publish/")
    assert "is published, replacing the earlier one." in page.locator("main").inner_text()
    page.get_by_role("link", name="Withdraw the scorecard for January 2025", exact=False).first.click()
    assert axe_violations(page) == []
    page.get_by_label("Why is it withdrawn?").fill("Published twice by mistake.")
    page.get_by_role("button", name="Withdraw the scorecard").click()
    page.wait_for_url("**/board/344/publish/")
    assert "is withdrawn." in page.locator("main").inner_text()
