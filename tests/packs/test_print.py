"""Every page prints (issue 12, item 6): Chromium prints the dashboard, the EHCP
page, a demo area's published scorecard and one of its indicators' pages to PDF
with the site's print stylesheet; no chart is wider than the page, the published
scorecard takes at most 15 pages, and nothing for the screen (navigation, link
targets) is printed."""

import re

import pytest

from performance.publishing.models import Publication
from send_board.demo import DEMO_PASSWORD
from tests.conftest import load_demo, sign_in_through_the_form

from .pdf import page_count, pdf_text

pytestmark = pytest.mark.browser

# A4 is 210 mm wide; print.css leaves 12 mm each side: 186 mm at 96 px to the inch.
PRINTABLE_WIDTH_PX = (210 - 24) / 25.4 * 96


def printed(page, path):
    """Open `path` on screen (charts drawn at the screen's width), then print it:
    (the widest chart and how far any chart runs past its figure, in CSS px of
    the printed layout; the PDF)."""
    page.goto(path)
    page.wait_for_load_state("load")
    charts = page.locator("[data-chart]")
    for index in range(charts.count()):  # charts draw as they come near the viewport: bring each there
        charts.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(
            "(chart) => chart.classList.contains('app-chart__plot--drawn')", arg=charts.nth(index).element_handle()
        )
    page.emulate_media(media="print")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('.app-chart')].map(figure => {
            const box = figure.getBoundingClientRect();
            return [...figure.querySelectorAll("svg.main-svg, svg.app-chart__svg")].map(svg => {
                const r = svg.getBoundingClientRect();
                return [r.width, r.right - box.right];
            });
        }).flat()"""
    )
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.emulate_media(media="screen")
    return widths, pdf


def test_the_dashboard_ehcp_page_and_published_scorecard_print_within_the_page(page, live_server, transactional_db):
    load_demo()
    page.set_default_timeout(60_000)  # a loaded CI machine draws Plotly's charts slowly
    publication = Publication.objects.filter(area__code="344").order_by("-pk").first()
    page.set_viewport_size({"width": 1280, "height": 900})

    widths, pdf = printed(page, f"/areas/344/publications/{publication.pk}/")
    assert widths == [], "the published scorecard's charts are on its indicators' own pages"
    assert page_count(pdf) <= 15
    text = pdf_text(pdf)
    assert "SEND scorecard for December 2024" in text and "At a glance" in text
    assert "See the figures by period" not in text, "a link a reader cannot follow on paper was printed"
    widths, pdf = printed(page, f"/areas/344/publications/{publication.pk}/indicators/1/")
    assert widths, "an indicator's page has its chart"
    assert max(w for w, _ in widths) <= PRINTABLE_WIDTH_PX
    assert max(over for _, over in widths) <= 1, "a chart runs past its figure"
    assert page_count(pdf) <= 2
    assert "The figures by period" in pdf_text(pdf)

    sign_in_through_the_form(page, "lead", DEMO_PASSWORD)
    # Printed on arrival, before the ratings chart far down the dashboard was scrolled to and drawn: its empty box
    # is left off the paper (its caption and table print), where it printed as a blank space half a page high.
    page.goto("/board/344/")
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    undrawn = page.evaluate(
        """() => [...document.querySelectorAll('[data-chart]:not(.app-chart__plot--drawn)')].map(
            chart => [chart.getAttribute('data-chart'), chart.getBoundingClientRect().height])"""
    )
    page.emulate_media(media="screen")
    assert undrawn and all(height == 0 for _chart, height in undrawn), undrawn
    for path, heading in (("/board/344/", "Dashboard"), ("/board/344/ehcp/", "EHCP 20-week timeliness")):
        widths, pdf = printed(page, path)
        assert widths, f"{path} has charts"
        assert max(w for w, _ in widths) <= PRINTABLE_WIDTH_PX, path
        assert max(over for _, over in widths) <= 1, path
        text = pdf_text(pdf)
        assert heading in text
        assert "Sign out" not in text and "Skip to main content" not in text, path
        assert not re.search(r"\(/(board|areas|accounts)/", text), "a link's target was printed"
