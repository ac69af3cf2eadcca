"""Shared fixtures: the demo-like areas, one named user per kind of visitor,
and the real services some tests need (PostgreSQL, a Celery worker, Chromium).

Named users, all of Wirral unless said:
  alice   performance lead          bob     board member
  olive   officer                   charlie officer of Walsall: no role in Wirral
  ada     administrator (superuser) anonymous visitors need no fixture

Tests marked postgres, celery_worker or browser are skipped, with a message
naming what is missing, when the service is not there; with
SEND_BOARD_REQUIRE_ALL=1 (set by .ci/run) they fail instead.
"""

import io
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from send_board.models import Role  # noqa: E402
from tests.factories import TEST_PASSWORD, LocalAreaFactory, MembershipFactory, UserFactory  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Debian's Chromium headless shell (apt-get install chromium-headless-shell):
# the same engine and version as /usr/bin/chromium, built without the desktop
# browser's layers, and what Playwright itself runs for headless tests. For the
# same pages it takes about 40% less CPU than /usr/bin/chromium --headless.
# CHROMIUM_PATH=/usr/bin/chromium runs the tests in the full browser instead.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium-headless-shell"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# ---------------------------------------------------------------- services


def _postgres_missing():
    from django.db import connection

    if connection.vendor != "postgresql":
        return "PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
    return None


def _redis_missing():
    url = os.environ.get("REDIS_URL")
    if not url:
        return "Redis: set REDIS_URL=redis://127.0.0.1:6379/0"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return f"Redis: nothing answers at {url}"
    return None


def _chromium_missing():
    if not CHROMIUM.exists():
        return f"Chromium: {CHROMIUM} not found (apt-get install chromium-headless-shell, or set CHROMIUM_PATH)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright: pip install -r requirements-test.txt"
    return None


def _redis_server_missing():
    from tests.send_board.servers import redis_server_missing

    return redis_server_missing()


FEW_ROWS = 1000


def _empty_what_has_rows(original):
    """PostgreSQL's flush is one TRUNCATE of every table (a hundred), which
    costs as much for an empty table as for a full one, and most transactional
    tests fill a few tables with a few rows. So one query finds the tables with
    rows: when each has at most FEW_ROWS, those are emptied with DELETE (the
    foreign keys are checked when the flush commits) and the append-only
    history tables, whose triggers refuse DELETE, with TRUNCATE; otherwise
    (the demo) every table is truncated, as before. Every table ends empty."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        from send_board.audit import history_model, tracked_models

        # Our own table names, quoted (S608: no user input reaches this SQL).
        counted = "(SELECT count(*) FROM (SELECT 1 FROM {} LIMIT %s) AS t)"
        probe = " UNION ALL ".join(f"SELECT %s::text, {counted.format(self.quote_name(table))}" for table in tables)
        with self.connection.cursor() as cursor:
            cursor.execute(probe, [value for table in tables for value in (table, FEW_ROWS + 1)])
            rows = {table: count for table, count in cursor.fetchall() if count}
        if any(count > FEW_ROWS for count in rows.values()):
            return original(self, style, tables, allow_cascade=allow_cascade)
        append_only = {history_model(model)._meta.db_table for model in tracked_models()}
        history = [table for table in rows if table in append_only]
        statements = [f"DELETE FROM {self.quote_name(table)}" for table in rows if table not in append_only]  # noqa: S608
        if history:
            statements.append(original(self, style, history)[0])
        return statements

    return sql_flush


@pytest.fixture(autouse=True, scope="session")
def _flush_empties_the_audit_trail():
    """Between transactional tests, flush empties every table. On SQLite the
    history tables' triggers refuse DELETE except inside audit.purging(),
    which only this flush enters (PostgreSQL's flush truncates, which the
    row triggers do not see; there it empties only what has rows)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations

        original_sql_flush = PostgresOperations.sql_flush
        PostgresOperations.sql_flush = _empty_what_has_rows(original_sql_flush)
        yield
        PostgresOperations.sql_flush = original_sql_flush
        return
    if connection.vendor != "sqlite":
        yield
        return
    from django.db.backends.sqlite3.base import DatabaseOperations

    from send_board.audit import purging

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with purging():
            return original(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


REQUIREMENTS = {
    "postgres": [_postgres_missing],
    "celery_worker": [_postgres_missing, _redis_missing],
    "browser": [_chromium_missing],
    "redis_server": [_redis_server_missing],
    "production": [_postgres_missing, _redis_missing],
}


def skip_or_fail(missing):
    """A service a fixture needs is missing: skip, naming it; in CI (SEND_BOARD_REQUIRE_ALL) fail."""
    if os.environ.get("SEND_BOARD_REQUIRE_ALL"):
        pytest.fail(f"needs {missing} (SEND_BOARD_REQUIRE_ALL is set, so this may not be skipped)")
    pytest.skip(f"needs {missing}")


def pytest_runtest_setup(item):
    for marker, checks in REQUIREMENTS.items():
        if marker not in item.keywords:
            continue
        for check in checks:
            missing = check()
            if missing:
                skip_or_fail(missing)


_service_outcomes = {marker: {"passed": 0, "failed": 0, "skipped": 0} for marker in REQUIREMENTS}


def pytest_runtest_logreport(report):
    # Under pytest-xdist the controller receives every worker's reports
    # through this hook too, so its counts are the whole run's.
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        for marker in REQUIREMENTS:
            if marker in report.keywords:
                _service_outcomes[marker][report.outcome] += 1


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`make test` runs two workers with --dist loadfile: a
    module's tests run on one worker, so its module fixtures load once) the
    longest modules come first: the browser tests, the production smoke test,
    then the modules marked slow, which would otherwise start last and leave
    one worker waiting for the other. The Makefile passes
    --no-loadscope-reorder, so xdist hands modules out in this order rather
    than by their number of tests (which put the browser modules, a few long
    tests each, last). (A wrapper: it sorts after pytest-django's own ordering.)"""
    result = yield
    if os.environ.get("PYTEST_XDIST_WORKER"):

        def first(item):
            if "/browser/" in str(item.path) or item.get_closest_marker("browser"):
                return 0
            if item.get_closest_marker("production"):
                return 1
            return 2 if item.get_closest_marker("slow") else 3

        items.sort(key=first)  # stable: pytest-django's order within each
    return result


def pytest_terminal_summary(terminalreporter, config):
    """Say how many tests ran against each real service (CI reads this)."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller reports the whole run
        return
    terminalreporter.section("tests against real services")
    for marker, counts in _service_outcomes.items():
        terminalreporter.write_line(
            f"{marker}: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
        )


# ---------------------------------------------------------------- data a module commits


@contextmanager
def app_demo_rolled_back(django_db_blocker, app_demo):
    """The kernel's demo areas and users with one app's demo (`app_demo.load`),
    for a module fixture: loaded once inside a transaction that is rolled back
    after the module's tests (each test's own changes roll back at its end, as
    usual). Yields the areas by code."""
    from django.db import transaction

    from send_board import demo as kernel_demo

    with django_db_blocker.unblock(), transaction.atomic():
        areas = kernel_demo.load_areas_and_users()
        app_demo.load(areas=areas, stdout=io.StringIO())
        yield areas
        transaction.set_rollback(True)


def flush_after_module():
    """Undo what a module-scoped fixture committed outside the tests'
    transactions (the whole demo, with its national SEN2 figures and the
    history of every row): flush every table, as Django does after each
    transactional test, so the next module on this worker starts empty."""
    from django.core.cache import cache
    from django.core.management import call_command

    # Sequences go on (as after a transactional test), so no later row takes
    # an id a cached page of this module's data was keyed on; the cache goes.
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    cache.clear()


class _DemoCopy:
    """Every table as `load_demo` left it, copied out of PostgreSQL (COPY …
    TO STDOUT) in this test process: the demo is loaded once per process
    (once per xdist worker), not once per test or module that needs it."""

    tables: list[tuple[str, bytes]] | None = None


def _tables(connection):
    # The tables a flush empties: every model's (not django_migrations).
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def load_demo():
    """The whole demo, as `manage.py load_demo` leaves an empty database.

    On PostgreSQL the first call in this process runs `load_demo` and copies
    every table out; later calls empty every table and copy the rows back in
    (ids as loaded; sequences are left where they are, so they stay above
    them). The cache goes, as after a flush. Like `load_demo` on an empty
    database, it expects one: it refuses if areas or users are there already.
    Elsewhere (SQLite) it runs `load_demo` each time. The command itself is
    tested in tests/send_board/test_commands.py."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction

    from send_board.models import LocalArea

    if LocalArea.objects.exists() or get_user_model().objects.exists():
        raise RuntimeError("load_demo() expects an empty database: ask for the demo before fixtures that add rows")
    if connection.vendor != "postgresql" or _DemoCopy.tables is None:
        call_command("load_demo", stdout=io.StringIO())
        if connection.vendor == "postgresql":
            _DemoCopy.tables = [(table, _copy_out(connection, table)) for table in _tables(connection)]
        return
    names = ", ".join(connection.ops.quote_name(table) for table, _ in _DemoCopy.tables)
    with transaction.atomic(), connection.cursor() as cursor:  # foreign keys are checked at its commit
        cursor.execute(f"TRUNCATE {names}")
        for table, rows in _DemoCopy.tables:
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(rows)
    ContentType.objects.clear_cache()  # content types came back with the ids they had when copied
    cache.clear()


def _copy_out(connection, table):
    sql = f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT BINARY)"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        return b"".join(bytes(block) for block in copy)


# ---------------------------------------------------------------- areas and people


@pytest.fixture
def wirral(db):
    return LocalAreaFactory(code="344", name="Wirral", ons_code="E08000015", region="North West")


@pytest.fixture
def walsall(db):
    return LocalAreaFactory(code="335", name="Walsall", ons_code="E08000030", region="West Midlands")


@pytest.fixture
def sefton(db):
    return LocalAreaFactory(code="343", name="Sefton", ons_code="E08000014", region="North West", year_start="calendar")


@pytest.fixture
def alice(wirral):
    return MembershipFactory(user__username="alice", local_area=wirral, role=Role.PERFORMANCE_LEAD).user


@pytest.fixture
def bob(wirral):
    return MembershipFactory(user__username="bob", local_area=wirral, role=Role.BOARD_MEMBER).user


@pytest.fixture
def olive(wirral):
    return MembershipFactory(user__username="olive", local_area=wirral, role=Role.OFFICER).user


@pytest.fixture
def charlie(walsall):
    return MembershipFactory(user__username="charlie", local_area=walsall, role=Role.OFFICER).user


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", is_superuser=True, is_staff=True)


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def test_password():
    return TEST_PASSWORD


# ---------------------------------------------------------------- Celery worker


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery -A send_board worker` against Redis and the test database."""
    for check in REQUIREMENTS["celery_worker"]:
        missing = check()
        if missing:
            skip_or_fail(missing)
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    database_url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "send_board.settings.test",
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
    }
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "send_board",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--purge",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def celery_worker(celery_worker_process, transactional_db):
    """Send tasks to the real worker (not eagerly) for this test; waits until it answers."""
    from send_board.celery import app
    from send_board.tasks import ping

    process, log = celery_worker_process
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited:\n{log.read_text()[-3000:]}")
            try:
                ping.apply_async().get(timeout=2)
                break
            except Exception:
                if time.monotonic() > deadline:
                    pytest.fail(f"the Celery worker did not answer in 30 s:\n{log.read_text()[-3000:]}")
        yield app
    finally:
        app.conf.task_always_eager = True


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    missing = _chromium_missing()
    if missing:
        skip_or_fail(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in_page(page, live_server):
    """sign_in_page(user) signs `user` in as the login form would, without
    loading it: a session in the database, as `login()` makes it, and its
    cookie in the browser. For tests of the pages behind the form; the form
    itself is driven by `sign_in_through_the_form` (tests/browser/test_pages.py,
    and the walk over every page in tests/browser/test_every_page.py)."""
    from django.conf import settings
    from django.test import Client

    def sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return page

    return sign_in


def sign_in_through_the_form(page, username, password):
    """Sign in through the real login form and wait until the browser has
    the page it leads to (its document parsed; its scripts and charts may
    still be loading: most tests go elsewhere next, and one that reads the
    page as drawn waits for its load state).

    A click returns once the form is submitted, not once the next page has
    arrived: waiting for the load state then can see the login page still,
    and the next `goto` can cut the sign-in short. Waiting for the address to
    leave the login page cannot."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url, wait_until="domcontentloaded")
    return page


# Every chart near the viewport (charts.js draws those within 400 px of it) drawn.
_CHARTS_NEAR_THE_VIEWPORT_DRAWN = """() => [...document.querySelectorAll('[data-chart]')].every(chart => {
    const box = chart.getBoundingClientRect();
    const near = box.bottom >= -400 && box.top <= window.innerHeight + 400;
    return !near || chart.classList.contains('app-chart__plot--drawn');
})"""


def wait_for_charts(page):
    """Wait until the page's charts near the viewport are drawn: the page as a
    visitor sees it, ready for axe (a chart that never draws fails the test
    with a timeout, where waiting for the network to go quiet would not)."""
    page.wait_for_load_state("load")
    page.wait_for_function(_CHARTS_NEAR_THE_VIEWPORT_DRAWN)


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def axe_violations():
    """axe_violations(page) → a readable list of WCAG 2.2 A/AA violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page):
        # resultTypes: only the violations are read, so axe details no passing node (its speed option).
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        results = axe.run(page, options=options)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"]
        ]

    return run


@pytest.fixture(autouse=True)
def _a_fresh_cache():
    """Each test starts with an empty cache, as with an empty database: pages
    are cached under ids that a later test's rows take again. And with the
    resilient cache's pause after an error over (send_board/cache.py)."""
    from django.core.cache import cache

    from send_board.cache import retry_now

    retry_now()
    cache.clear()
