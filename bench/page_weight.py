"""Benchmark: how heavy and how fast the chart pages are, as a browser sees them.

The demo (load_demo) is served by gunicorn (2 workers) with production
settings and static files collected by the production storage (whitenoise,
compressed, hashed names, far-future caching). For the published scorecard
of the demo's largest publication, one of its indicators' pages, the
dashboard and the EHCP page it prints:

- bytes transferred on a first visit (empty cache, all resources, as sent:
  compressed) and on a repeat visit, measured in Debian's Chromium with
  Playwright; both on load and after scrolling to the end (charts below the
  fold load Plotly only when they come near the viewport);
- Lighthouse (npm `lighthouse`, mobile, simulated throttling): performance
  score, total blocking time and cumulative layout shift, the median of
  LIGHTHOUSE_RUNS (default 3) runs, with the machine's benchmarkIndex and
  load average (simulated throttling multiplies the machine's own CPU time,
  so a loaded machine scores lower); and, as an extra figure only, one run
  with the CPU slowdown scaled to the measured benchmarkIndex;
- the DOM size (elements, after scrolling to the end) of each page, the
  publication page's above all: the demo's largest publication (the one with
  the most indicators, named in the output), and the page of its first
  indicator (its chart and figures by period);
- server time per view for those pages, the all-authorities ranking page
  and the publish preview (demo), and at national scale the publish preview
  of a synthetic area (see server_report): the median of SERVER_VIEWS
  sequential views and the gunicorn workers' CPU time per view, each with the
  load average.

Goals (issue 15): first visit ≤ 500 KB, repeat ≤ 60 KB, Lighthouse ≥ 90,
TBT < 200 ms, CLS < 0.1, publication DOM < 2,000 elements, ranking median
< 60 ms, publish preview at national scale < 250 ms. The database is
BENCH_WEIGHT_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bench_weight), created and given the demo
if missing. PORT (default 7790) is where gunicorn listens. REDIS_URL (default
redis://127.0.0.1:6379/0) is the cache: each server writes under a key prefix
of its own run and database, deleted at the end, so that no page another
database cached under the same publication id is served (a run once measured
another database's small cached scorecard: 140 elements).
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import ensure_database, figure, forget_cache

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_WEIGHT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_weight")
PORT = int(os.environ.get("PORT", "7790"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# This run's cache keys, apart from any other run's or database's.
CACHE_PREFIX = f"bench-weight-{os.getpid()}"
BASE = f"http://localhost:{PORT}"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
USER, PASSWORD = "lead", "send-board-demo"

SETTINGS = """
from send_board.settings.prod import *  # noqa: F403

# Plain http on localhost for the benchmark: no TLS proxy in front.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
STATIC_ROOT = %(static_root)r
# The cache holds public pages under their publication's id: this run's
# database must never read another's entries.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": %(cache_prefix)r}}  # noqa: F405

LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
"""


def say(text):
    print(text, flush=True)


def environment(settings_dir):
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench_weight_settings",
        "PYTHONPATH": f"{settings_dir}:{ROOT}",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env):
    """Migrate and load the demo with development settings (Celery tasks run
    in-process), then collect static files with the production storage."""
    ensure_database(DATABASE_URL, say=say)
    dev = {**env, "DJANGO_SETTINGS_MODULE": "send_board.settings.dev", "DEBUG": "false"}
    dev.pop("REDIS_URL", None)
    manage(dev, "migrate", "--noinput")
    check = "from send_board.models import LocalArea; print(LocalArea.objects.filter(code='344').exists())"
    loaded = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", check], cwd=ROOT, env=dev, capture_output=True, text=True
    )
    if loaded.stdout.strip().splitlines()[-1:] != ["True"]:
        say("Loading the demo.")
        manage(dev, "load_demo")
    manage(env, "collectstatic", "--noinput", "--clear")


def start_gunicorn(env, port=PORT):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "send_board.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://localhost:{port}/healthz", timeout=2)  # noqa: S310 - our local server
            return process
        except OSError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGTERM)  # up but failing: leave nothing listening on the port
    process.wait(timeout=10)
    raise RuntimeError("gunicorn did not start")


def session_cookie(base=BASE, user=USER):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/")
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = f"username={user}&password={PASSWORD}&csrfmiddlewaretoken={token}".encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/"})  # noqa: S310
    opener.open(request)
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"{user} could not sign in at {base}")
    return cookies


# ---------------------------------------------------------------- server time

SERVER_VIEWS = int(os.environ.get("SERVER_VIEWS", "31"))
# National scale: bench/board_pack.py's database (the demo plus
# `generate_scale_data --areas 153 --years 2`), served on PORT + 1. Its
# synthetic areas have no members: an administrator previews area 500's
# scorecard.
NATIONAL_DATABASE_URL = os.environ.get("BENCH_PACK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_pack")
NATIONAL_AREA = "500"
NATIONAL_SETTINGS = """
from bench_weight_settings import *  # noqa: F403

# bench/board_pack.py fills its database under the test settings, whose
# passwords are MD5 hashes; first, so that signing in rewrites no hash.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": %(cache_prefix)r}}  # noqa: F405
"""


def worker_cpu_seconds(server):
    """CPU time (user and system) the gunicorn master's workers have used so
    far, from Linux's /proc: unlike the wall time, other load on the machine
    hardly changes it."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def server_time(server, base, path, cookies):
    """(median ms, workers' CPU ms per view) of SERVER_VIEWS sequential views
    of `path`, gzip accepted, after one view that fills the caches."""
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())

    def view():
        request = urllib.request.Request(base + path, headers={"Cookie": header, "Accept-Encoding": "gzip"})  # noqa: S310
        start = time.perf_counter()
        with urllib.request.urlopen(request) as response:  # noqa: S310 - our local server
            response.read()
            if response.status != 200 or response.url != base + path:
                raise RuntimeError(f"{path} answered {response.status} at {response.url}")
        return (time.perf_counter() - start) * 1000

    view()
    before = worker_cpu_seconds(server)
    times = [view() for _ in range(SERVER_VIEWS)]
    return statistics.median(times), (worker_cpu_seconds(server) - before) * 1000 / len(times)


def server_report(server, pages, base=BASE):
    """Print each page's server time, CPU per view and the load average."""
    for name, (path, cookies) in pages.items():
        median, cpu = server_time(server, base, path, cookies or {})
        figure(f"{name}: server time (median of {SERVER_VIEWS})", f"{median:.1f}", "ms")
        figure(f"{name}: server CPU per view", f"{cpu:.1f}", "ms")
        figure(f"{name}: load average (1 min) after", f"{os.getloadavg()[0]:.2f}", "")


def preview_path(base, code, cookies):
    """The publish preview of the month the area's publish page offers first."""
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    request = urllib.request.Request(f"{base}/board/{code}/publish/", headers={"Cookie": header})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310 - our local server
        month = re.search(r'<option value="(\d{4}-\d{2})" selected', response.read().decode()).group(1)
    return f"/board/{code}/publish/preview/?month={month}"


def national_report(settings_dir, env):
    """The publish preview at national scale, on bench/board_pack.py's database."""
    from urllib.parse import urlparse

    import psycopg

    parts = urlparse(NATIONAL_DATABASE_URL)
    try:
        with (
            psycopg.connect(
                host=parts.hostname,
                port=parts.port or 5432,
                user=parts.username or "postgres",
                dbname=parts.path.lstrip("/"),
                connect_timeout=3,
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT count(*) FROM send_board_localarea WHERE code >= '500' AND code < '700'")
            synthetic = cursor.fetchone()[0]
    except psycopg.Error:
        synthetic = 0
    if not synthetic:
        say(f"No national-scale data in {NATIONAL_DATABASE_URL}: run bench/board_pack.py first.")
        return
    (settings_dir / "bench_national_settings.py").write_text(
        NATIONAL_SETTINGS % {"cache_prefix": f"{CACHE_PREFIX}-national"}
    )
    national = {**env, "DATABASE_URL": NATIONAL_DATABASE_URL, "DJANGO_SETTINGS_MODULE": "bench_national_settings"}
    manage(national, "migrate", "--noinput")
    port = PORT + 1
    base = f"http://localhost:{port}"
    server = start_gunicorn(national, port=port)
    try:
        cookies = session_cookie(base, user="admin")
        path = preview_path(base, NATIONAL_AREA, cookies)
        say(f"National scale: {synthetic} synthetic areas; {path}")
        server_report(server, {"publish preview (national scale)": (path, cookies)}, base=base)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        forget_cache(REDIS_URL, f"{CACHE_PREFIX}-national")


def transferred(page, path, *, scroll):
    """Bytes sent to the browser (headers and bodies as transferred) for one visit."""
    sizes = []

    def finished(request):
        try:
            size = request.sizes()
            sizes.append(size["responseBodySize"] + size["responseHeadersSize"])
        except Exception:  # noqa: BLE001 - a request served from the memory cache has no sizes
            sizes.append(0)

    page.on("requestfinished", finished)
    response = page.goto(BASE + path, wait_until="networkidle")
    if response is None or response.status != 200 or page.url != BASE + path:
        raise RuntimeError(f"{path} answered {response and response.status} at {page.url}")
    if scroll:
        height = page.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height + 720, 600):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(60)
        page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", finished)
    return sum(sizes)


def weigh(browser, path, cookies):
    """{first, repeat} KB on load and after scrolling, and DOM elements."""
    result = {}
    for scroll in (False, True):
        context = browser.new_context(viewport={"width": 412, "height": 823})
        if cookies:
            context.add_cookies([{"name": k, "value": v, "url": BASE} for k, v in cookies.items()])
        page = context.new_page()
        first = transferred(page, path, scroll=scroll)
        repeat = transferred(page, path, scroll=scroll)
        label = "scrolled" if scroll else "load"
        result[f"first ({label})"] = first / 1024
        result[f"repeat ({label})"] = repeat / 1024
        if scroll:
            result["DOM elements"] = page.evaluate("document.getElementsByTagName('*').length")
        context.close()
    return result


LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
# Lighthouse's default mobile throttling slows the CPU four times, calibrated
# for a machine whose benchmarkIndex is about 1,500; a slower or loaded
# machine is slowed as much again. As an extra figure (never instead of the
# default), each page is also run with the slowdown scaled to the measured
# index: 4 × index / 1,500, at least 1.
REFERENCE_BENCHMARK_INDEX = 1500


def lighthouse_once(path, cookies, slowdown=None):
    """One Lighthouse run (mobile, simulated throttling): its score, TBT, CLS
    and the machine's benchmarkIndex. A run that fails (a trace lost on a
    loaded machine) is tried once more."""
    headers = json.dumps({"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}) if cookies else None
    for attempt in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            report = Path(out) / "report.json"
            command = [
                str(LIGHTHOUSE),
                BASE + path,
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
            ]
            if headers:
                command.append(f"--extra-headers={headers}")
            if slowdown:
                command.append(f"--throttling.cpuSlowdownMultiplier={slowdown}")
            try:
                subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300)
                data = json.loads(report.read_text())
                break
            except (subprocess.SubprocessError, OSError, ValueError):
                if attempt == 2:
                    raise
    audits = data["audits"]
    return {
        "score": round(data["categories"]["performance"]["score"] * 100),
        "TBT ms": round(audits["total-blocking-time"]["numericValue"]),
        "CLS": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "benchmarkIndex": round(data["environment"]["benchmarkIndex"]),
    }


def load_average():
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def lighthouse(path, cookies):
    """LIGHTHOUSE_RUNS default runs and their medians, and one run with the CPU
    slowdown scaled to the median benchmarkIndex (an extra figure), with the
    load average before each run: {measure: (median, [each run], note)}."""
    if not LIGHTHOUSE.exists():
        return None
    runs, loads = [], []
    for _ in range(LIGHTHOUSE_RUNS):
        loads.append(load_average())
        runs.append(lighthouse_once(path, cookies))
    result = {}
    for measure in ("score", "TBT ms", "CLS", "benchmarkIndex"):
        values = [run[measure] for run in runs]
        result[measure] = (statistics.median(values), values)
    index = result["benchmarkIndex"][0]
    slowdown = max(1.0, round(4 * index / REFERENCE_BENCHMARK_INDEX, 1))
    adjusted = lighthouse_once(path, cookies, slowdown=slowdown)
    result[f"score at {slowdown}x CPU slowdown (extra)"] = (adjusted["score"], [adjusted["score"]])
    result[f"TBT ms at {slowdown}x CPU slowdown (extra)"] = (adjusted["TBT ms"], [adjusted["TBT ms"]])
    result["load average before each run"] = (loads[len(loads) // 2], loads)
    return result


def fetch(path):
    with urllib.request.urlopen(BASE + path) as response:  # noqa: S310 - our local server
        return response.read().decode()


def largest_publication():
    """(path, its title, its number of indicators) of the demo's publication
    with the most indicators, of those the home page links to."""
    pages = {path: fetch(path) for path in set(re.findall(r'href="(/areas/\d+/publications/\d+/)"', fetch("/")))}
    path = max(sorted(pages), key=lambda p: pages[p].count('<section class="app-indicator"'))
    title = re.search(r"<title>\s*(.*?)\s*</title>", pages[path], re.S).group(1)
    return path, title, pages[path].count('<section class="app-indicator"')


def first_indicator_path(publication):
    """The page of the publication's first indicator: its chart and table."""
    return re.search(r'href="(/areas/\d+/publications/\d+/indicators/\d+/)"', fetch(publication)).group(1)


def main():
    from playwright.sync_api import sync_playwright

    settings_dir = Path(tempfile.mkdtemp(prefix="bench-weight-"))
    static_root = settings_dir / "static"
    (settings_dir / "bench_weight_settings.py").write_text(
        SETTINGS % {"static_root": str(static_root), "cache_prefix": CACHE_PREFIX}
    )
    env = environment(settings_dir)
    prepare(env)
    server = start_gunicorn(env)
    try:
        cookies = session_cookie()
        publication, title, size = largest_publication()
        say(f"Published scorecard: the demo's largest, {title} ({size} indicators): {publication}")
        indicator = first_indicator_path(publication)
        say(f"Indicator page: {indicator}")
        pages = {
            "published scorecard": (publication, {}),
            "indicator page": (indicator, {}),
            "dashboard": ("/board/344/", cookies),
            "EHCP page": ("/board/344/ehcp/", cookies),
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, (path, page_cookies) in pages.items():
                for measure, value in weigh(browser, path, page_cookies).items():
                    unit = "elements" if measure == "DOM elements" else "KB"
                    figure(f"{name}: {measure}", f"{value:.0f}" if unit == "elements" else f"{value:.1f}", unit)
            browser.close()
        for name, (path, page_cookies) in pages.items():
            try:
                scores = lighthouse(path, page_cookies)
            except (subprocess.SubprocessError, OSError, KeyError, ValueError) as error:
                say(f"Lighthouse could not measure {name}: {error}")
                continue
            if scores is None:
                say("Lighthouse is not installed (npm ci --ignore-scripts).")
                break
            for measure, (median, values) in scores.items():
                figure(f"{name}: Lighthouse {measure} (median; runs: {', '.join(map(str, values))})", median, "")
        pages["ranking page"] = ("/board/344/ehcp/benchmarks/ranking/", cookies)
        pages["publish preview (demo)"] = (preview_path(BASE, "344", cookies), cookies)
        server_report(server, pages)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        forget_cache(REDIS_URL, CACHE_PREFIX)
    try:
        national_report(settings_dir, env)
    finally:
        shutil.rmtree(settings_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
