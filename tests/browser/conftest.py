"""Browser tests: every page a test visits is also saved, checked by the W3C Nu
HTML validator (0 errors), its charts' figure JSON checked for meaning carried
by colour alone (tests/send_board/chart_checks.py), and laid out again at 320
CSS pixels and at 1280 pixels with 400% zoom, where it must not scroll
sideways (WCAG 1.4.10).

The checks run when the test's page closes, over the HTML the server sent for
each document the page loaded (error pages and form errors included), so a
test that drives a page through its states checks every state. A failure
names the page and what is wrong with it. The saved pages are kept in
`test-artifacts/pages/` (or SEND_BOARD_PAGES_DIR) for reading.
"""

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, skip_or_fail
from tests.send_board.chart_checks import chart_problems

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES_DIR = Path(os.environ.get("SEND_BOARD_PAGES_DIR", ROOT / "test-artifacts" / "pages"))
# The two layouts WCAG 1.4.10 names: a 320 CSS px wide screen, and a 1280 px
# wide window zoomed to 400% (320 × 180 CSS px). Both are 320 CSS px wide at
# four device pixels each (a zoomed window's, and a phone's, density), so one
# page loaded once is laid out at each size in turn, as a window is resized.
REFLOW_VIEWPORTS = {
    "320 CSS px": {"width": 320, "height": 640},
    "1280 px at 400% zoom": {"width": 320, "height": 180},
}
REFLOW_DEVICE_SCALE_FACTOR = 4
# Answers that are pages of ours (a 405 or a redirect has no page to check).
PAGE_STATUSES = {200, 400, 403, 404, 500}
CHART_JSON = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)
# A CSRF token differs on every response; two pages that differ only by it are one page.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _missing_validator():
    if not VNU_JAR.exists():
        return f"the Nu HTML validator ({VNU_JAR.relative_to(ROOT)}: run `npm ci --ignore-scripts`)"
    if not shutil.which("java"):
        return "Java (apt-get install default-jre-headless)"
    return None


class HtmlValidator:
    """The Nu validator as a local HTTP service (one JVM for the whole run).
    The JVM starts with the first browser test and warms up while that test
    runs; the first page checked waits for it."""

    def __init__(self):
        self.port = _free_port()
        # A run validates a few hundred pages: the JIT's first tier (C1) alone
        # and the serial collector take less than half the CPU of the defaults
        # (13 s against 28 over a run), whose optimising compiler would not pay
        # back in so short a life.
        # C1's frames are larger: the schema's deep recursion needs 4 MB of stack.
        self.process = subprocess.Popen(
            ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
            + ["-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ready = False

    def wait_until_ready(self):
        deadline = time.monotonic() + 90
        while True:
            try:
                self._post("<!DOCTYPE html><html lang=en><title>up</title></html>")
                self.ready = True
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError("the Nu HTML validator did not start") from None
                time.sleep(0.5)

    def check(self, html):
        """The validator's errors for `html`: ["line 12: Duplicate attribute “class”.", …]."""
        if not self.ready:
            self.wait_until_ready()
        return [
            f"line {m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()[:120]}]"
            for m in self._post(html)
            if m["type"] == "error" or m.get("subType") == "fatal"
        ]

    def _post(self, html):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our local validator
            return json.load(response)["messages"]

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def html_validator(browser):
    missing = _missing_validator()
    if missing:
        skip_or_fail(missing)
    validator = HtmlValidator()
    yield validator
    validator.close()


@pytest.fixture(scope="session")
def checked_pages():
    """Hashes of pages already checked in this run, and where saved pages go
    (under pytest-xdist, a folder per worker: `pages/gw0/`)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    pages_dir = PAGES_DIR / worker if worker else PAGES_DIR
    if pages_dir.exists():
        shutil.rmtree(pages_dir)
    pages_dir.mkdir(parents=True)
    return {"seen": set(), "count": 0, "dir": pages_dir}


@pytest.fixture(scope="session")
def reflow_page(browser):
    """The page the reflow check lays pages out in, one for the whole run: the
    static files a page needs are loaded once and kept in the browser's cache,
    as a visitor's browser would."""
    context = browser.new_context(
        viewport=REFLOW_VIEWPORTS["320 CSS px"], device_scale_factor=REFLOW_DEVICE_SCALE_FACTOR
    )
    yield context.new_page()
    context.close()


def horizontal_overflow(page, url, html):
    """{layout: scrollWidth} for each reflow layout in which `html`, served at
    `url`, is wider than the viewport (a page that scrolls sideways)."""

    def this_page(address):
        return address == url

    def serve(route):
        route.fulfill(status=200, content_type="text/html", body=html)

    wide = {}
    page.set_viewport_size(REFLOW_VIEWPORTS["320 CSS px"])
    page.route(this_page, serve)
    try:
        page.goto(url, wait_until="load")
    finally:
        page.unroute(this_page, serve)
    for name, viewport in REFLOW_VIEWPORTS.items():
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            wide[name] = width
    return wide


def _check(reflow_page, validator, checked, documents):
    problems = []
    for url, html in documents:
        key = hashlib.sha256(TOKEN.sub("", html).encode()).hexdigest()
        if key in checked["seen"]:
            continue
        checked["seen"].add(key)
        checked["count"] += 1
        slug = re.sub(r"[^a-z0-9]+", "-", url.split("://", 1)[-1].split("/", 1)[-1].lower()).strip("-") or "home"
        (checked["dir"] / f"{checked['count']:04d}-{slug[:80]}.html").write_text(html)
        errors = validator.check(html)
        if errors:
            problems.append(f"{url}: {len(errors)} HTML error(s):\n    " + "\n    ".join(errors[:15]))
        for chart_id, spec in CHART_JSON.findall(html):
            problems += [f"{url}: chart {chart_id}: {problem}" for problem in chart_problems(json.loads(spec))]
        for layout, width in horizontal_overflow(reflow_page, url, html).items():
            problems.append(f"{url}: scrolls sideways at {layout} (scrollWidth {width})")
    return problems


@pytest.fixture
def page(browser, live_server, html_validator, checked_pages, reflow_page):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    documents = []

    def keep(response):
        if response.request.resource_type != "document" or response.frame != page.main_frame:
            return
        if "text/html" not in (response.headers.get("content-type") or "") or response.status not in PAGE_STATUSES:
            return
        try:
            html = response.text()
        except Exception:  # noqa: BLE001 - a page closed mid-load has no body to check
            return
        if html.strip():  # an empty 405 answer is no page
            documents.append((response.url, html))

    page.on("response", keep)
    yield page
    context.close()
    problems = _check(reflow_page, html_validator, checked_pages, documents)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
