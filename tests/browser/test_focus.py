"""Focus you can see (WCAG 1.4.11 and 2.4.7): for each tab stop, the pixels
that focus changes must include a band with at least 3:1 contrast against
what was there before, at least as long as the element and 2 pixels thick
(GOV.UK's yellow alone, 1.35:1 on white, would fail; its black underline or
ring passes). Focus returns to a table's header after sorting by it."""

import io

import pytest
from PIL import Image, ImageChops

from send_board.demo import DEMO_PASSWORD
from tests.conftest import load_demo, sign_in_through_the_form
from tests.send_board.chart_checks import contrast

TAB_STOPS = 30
PAD = 10


def shot(page, box):
    clip = {
        "x": max(box["x"] - PAD, 0),
        "y": max(box["y"] - PAD, 0),
        "width": box["width"] + 2 * PAD,
        "height": box["height"] + 2 * PAD,
    }
    return Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled"))).convert("RGB")


def strong_change(before, after):
    """How many pixels changed to a colour with 3:1 against the old one."""
    diff = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > 40 else 0)
    count = 0
    old, new = before.load(), after.load()
    width, height = before.size
    mask = diff.load()
    for x in range(width):
        for y in range(height):
            if mask[x, y] and contrast(old[x, y], new[x, y]) >= 3:
                count += 1
    return count


def weak_focus(page, path):
    """The tab stops on `path` whose focus indicator is too faint."""
    page.goto(path)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    weak = []
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("document.activeElement")
        name = page.evaluate(
            "e => e === document.body ? null : e.tagName + ' ' + (e.textContent || e.getAttribute('aria-label') "
            "|| e.name || '').trim().slice(0, 40)",
            element,
        )
        if name is None:
            break
        box = element.bounding_box()
        if not box or box["width"] < 2 or box["height"] < 2:
            continue
        focused = shot(page, box)
        page.evaluate("e => e.blur()", element)
        unfocused = shot(page, box)
        page.evaluate("e => e.focus()", element)
        needed = 2 * max(box["width"], box["height"])
        if strong_change(unfocused, focused) < needed:
            weak.append(f"{path}: {name}")
    return weak


@pytest.fixture
def demo_page(browser, live_server, transactional_db):
    load_demo()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_every_tab_stop_shows_focus_with_3_to_1_contrast(demo_page):
    page = demo_page
    weak = weak_focus(page, "/") + weak_focus(page, "/areas/344/")
    sign_in_through_the_form(page, "lead", DEMO_PASSWORD)
    weak += weak_focus(page, "/board/344/")
    assert weak == []


def test_a_scrolling_table_region_shows_a_black_ring_and_sorting_keeps_focus_on_the_header(demo_page):
    page = demo_page
    sign_in_through_the_form(page, "lead", DEMO_PASSWORD)
    page.goto("/board/344/")
    region = page.locator(".app-table-wrapper[tabindex='0']").first
    region.focus()
    style = region.evaluate("r => [getComputedStyle(r).outlineColor, getComputedStyle(r).boxShadow]")
    assert style[0] == "rgb(255, 221, 0)" and "rgb(11, 12, 12)" in style[1]

    page.goto("/board/344/risks/")
    link = page.locator("thead th a").first
    label = link.inner_text().split(",")[0].strip()
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('th') !== null")
    assert page.evaluate("document.activeElement.closest('th').hasAttribute('aria-sort')") is True
    assert page.evaluate("document.activeElement.innerText").split(",")[0].strip() == label
