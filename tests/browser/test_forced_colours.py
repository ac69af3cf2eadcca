"""Charts, ratings and focus in forced colours (Windows High Contrast and the
like), emulated in Chromium with a dark system palette: every chart keeps
its own light plate, its colours and fill patterns exactly as on screen, so
each status's pattern and its legend stay visible, and its text reads on its
plate; a rating keeps its shape; a focused link or table region shows an
outline against the page.

Forced colours repaint backgrounds, borders and text with the system's few
colours but leave SVG fills alone: without `forced-color-adjust: none` on
charts, Plotly's white paper turns black under its near-black labels and
legend (static/css/app.css)."""

import pytest

from performance.publishing.services import publication_create
from tests.browser.test_ehcp_pages import wirral_figures  # noqa: F401 - a fixture
from tests.browser.test_improvement_pages import plan  # noqa: F401 - a fixture
from tests.performance.scorecards import build_scorecard
from tests.publishing.factories import JANUARY
from tests.publishing.factories import scorecard as publishing_scorecard

# Per chart: its plate (the first opaque background behind its SVG text), the
# colours of its text, and every shape's fill and stroke.
CHART_PAINT = """(chart) => {
    const opaque = (colour) => colour && colour !== 'none' && !/rgba\\(.*, 0\\)$/.test(colour);
    const svgs = [...chart.querySelectorAll('svg')];
    let plate = null;
    for (const svg of svgs) {
        const background = getComputedStyle(svg).backgroundColor;
        if (opaque(background)) { plate = background; break; }
        const first = svg.querySelector(':scope > rect');
        if (first && opaque(getComputedStyle(first).fill)) { plate = getComputedStyle(first).fill; break; }
    }
    if (!plate) {
        for (let node = chart; node && !plate; node = node.parentElement) {
            const background = getComputedStyle(node).backgroundColor;
            if (opaque(background)) { plate = background; }
        }
    }
    const texts = [...chart.querySelectorAll('svg text')].filter((t) => t.textContent.trim())
        .map((t) => getComputedStyle(t).fill);
    const shapes = [...chart.querySelectorAll('svg path, svg rect')]
        .map((s) => getComputedStyle(s).fill + ' / ' + getComputedStyle(s).stroke);
    return {plate: plate || getComputedStyle(document.body).backgroundColor, texts, shapes};
}"""


def _rgb(colour):
    parts = colour[colour.index("(") + 1 : colour.index(")")].split(",")
    return [float(p) for p in parts[:3]]


def contrast(first, second):
    def luminance(colour):
        channels = [c / 255 for c in _rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def paint_of_every_chart(page):
    charts = page.locator("[data-chart]")
    assert charts.count() > 0, "the page has charts"
    paints = []
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        page.wait_for_function("(c) => c.classList.contains('app-chart__plot--drawn')", arg=chart.element_handle())
        paints.append((chart.get_attribute("data-chart"), page.evaluate(CHART_PAINT, chart.element_handle())))
    return paints


def check_charts_in_forced_colours(page, path):
    """Every chart of `path` painted the same in forced colours as on screen,
    with more than one fill, and text that reads on its plate."""
    page.goto(path)
    page.emulate_media(forced_colors="none", color_scheme="light")
    on_screen = paint_of_every_chart(page)
    page.emulate_media(forced_colors="active", color_scheme="dark")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)", "a dark palette"
    forced = paint_of_every_chart(page)
    problems = []
    for (chart, screen), (_same, paint) in zip(on_screen, forced, strict=True):
        if paint["shapes"] != screen["shapes"]:
            problems.append(f"{chart}: its colours or patterns change in forced colours")
        fills = {shape.split(" / ")[0] for shape in paint["shapes"]} - {"none", "rgba(0, 0, 0, 0)"}
        if len(fills) < 2:
            problems.append(f"{chart}: its shapes are all one fill ({fills})")
        if not paint["texts"]:
            problems.append(f"{chart}: no labels or legend")
        faint = {fill for fill in paint["texts"] if contrast(fill, paint["plate"]) < 4.5}
        if faint:
            problems.append(f"{chart}: text {faint} is faint on its plate {paint['plate']}")
    assert problems == []
    return forced


def focus_outline(page, selector):
    """The focused element's outline: (style, width in px, colour)."""
    page.locator(selector).first.focus()
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"""
    )


@pytest.fixture
def forced_page(page):
    yield page
    page.emulate_media(forced_colors="none", color_scheme="light")


@pytest.mark.usefixtures("wirral_figures")
def test_the_ehcp_page_chart_keeps_its_patterns_and_legend_in_forced_colours(forced_page, sign_in_page, alice):
    sign_in_page(alice)
    (chart, paint), *_ = check_charts_in_forced_colours(forced_page, "/board/344/ehcp/")
    assert chart == "timeliness-chart"
    # The month awaiting approval is hatched, and its legend entry shows the hatching.
    assert sum("url(" in shape for shape in paint["shapes"]) >= 2
    assert any("awaiting approval" in text for text in forced_page.locator("[data-chart] svg text").all_text_contents())


def test_the_dashboard_charts_and_ratings_stay_visible_in_forced_colours(
    forced_page, sign_in_page, wirral, alice, olive
):
    build_scorecard(wirral, alice, olive)
    sign_in_page(alice)
    check_charts_in_forced_colours(forced_page, "/board/344/")
    # A rating keeps its shape, drawn in the system's text colour on its background.
    shape = forced_page.locator(".app-rag__shape").first
    colour = shape.evaluate("s => getComputedStyle(s).color")
    assert contrast(colour, "rgb(0, 0, 0)") >= 4.5
    # A focused link shows an outline (GOV.UK's transparent outline becomes the system colour).
    style, width, colour = focus_outline(forced_page, "main a.govuk-link")
    assert style == "solid" and width >= 3
    assert contrast(colour, "rgb(0, 0, 0)") >= 3


@pytest.mark.usefixtures("plan")
def test_the_plan_status_chart_keeps_its_patterns_in_forced_colours(forced_page, sign_in_page, bob):
    sign_in_page(bob)
    forced = check_charts_in_forced_colours(forced_page, "/board/344/plan/wsoa/")
    (_chart, paint), *_ = forced
    assert any("url(" in shape for shape in paint["shapes"]), "statuses are patterned"


def test_the_published_scorecard_keeps_its_charts_and_focus_in_forced_colours(forced_page, wirral, alice):
    publishing_scorecard(wirral)
    publication = publication_create(area=wirral, month=JANUARY, user=alice)
    for position in (1, 2, 3):  # each indicator's own page holds its chart
        check_charts_in_forced_colours(forced_page, f"/areas/344/publications/{publication.pk}/indicators/{position}/")
    forced_page.goto(f"/areas/344/publications/{publication.pk}/")
    # At 320 px the at-a-glance table overflows, so its region is a tab stop.
    forced_page.set_viewport_size({"width": 320, "height": 640})
    forced_page.locator(".app-table-wrapper").first.scroll_into_view_if_needed()
    forced_page.wait_for_selector(".app-table-wrapper[tabindex='0']")
    style, width, colour = focus_outline(forced_page, ".app-table-wrapper[tabindex='0']")
    assert style == "solid" and width >= 3
    assert contrast(colour, "rgb(0, 0, 0)") >= 3
