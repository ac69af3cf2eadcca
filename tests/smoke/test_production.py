"""The production smoke test: production as docker-compose.yml runs it (see
conftest.py), driven through its pages as a performance lead and then the
public would, behind a TLS-terminating proxy.

A lead signs in through the login form, defines the EHCP 20-week indicator,
enters and approves a monthly return; the Celery worker recomputes the
figures and takes them into the indicator; the lead publishes the month; an
anonymous visitor reads the public page and its CSV. Every step asserts the
status and the figures: 18 of 40 plans within 20 weeks is 45.0%, red against
a target of 60 with a tolerance of 5.
"""

import csv
import io
import re
import time
from datetime import date
from decimal import Decimal

import psycopg
import pytest

from ehcp.calculations import year_start_of

from .client import ProxyClient
from .conftest import ADMIN, HOST

pytestmark = pytest.mark.production

REFRESHING = "The figures are being refreshed."


def last_month():
    today = date.today()
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def wait_until(condition, *, production, what, timeout=90):
    deadline = time.monotonic() + timeout
    while not condition():
        assert production.alive("worker"), production.log("worker")[-3000:]
        assert time.monotonic() < deadline, f"{what} did not happen in {timeout} s:\n{production.log('worker')[-3000:]}"
        time.sleep(0.5)


@pytest.fixture(scope="module")
def lead(production):
    client = ProxyClient(port=production.port, host=HOST)
    response = client.submit("/accounts/login/", {"username": ADMIN[0], "password": ADMIN[1]})
    assert response.status == 302, text_of(response)[:2000]
    assert any(header.startswith("__Host-sessionid=") and "Secure" in header for header in client.set_cookie_headers)
    return client


def test_plain_http_is_redirected_to_https(production):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", production.port, timeout=10)
    connection.request("GET", "/accounts/login/", headers={"Host": HOST})
    response = connection.getresponse()
    assert (response.status, response.headers["Location"]) == (301, f"https://{HOST}/accounts/login/")


def test_health_check_reports_every_service_up(production, worker_ready):
    response = ProxyClient(port=production.port, host=HOST).get("/healthz/")
    assert (response.status, response.text) == (200, "database: ok\ncache: ok\nbroker: ok\n")


def test_static_files_are_served_from_the_manifest(production):
    page = ProxyClient(port=production.port, host=HOST).get("/accounts/login/")
    assert page.status == 200
    stylesheet = re.search(r'href="(/static/vendor/govuk-frontend/govuk-frontend\.min\.[0-9a-f]{12}\.css)"', page.text)
    assert stylesheet, "the page does not link the hashed GOV.UK Frontend CSS"
    css = ProxyClient(port=production.port, host=HOST).get(stylesheet.group(1))
    assert css.status == 200 and "govuk-footer" in css.text
    crest = re.search(r'url\("(assets/images/govuk-crest\.[0-9a-f]{12}\.svg)"\)', css.text).group(1)
    image = ProxyClient(port=production.port, host=HOST).get("/static/vendor/govuk-frontend/" + crest)
    assert image.status == 200 and image.body.startswith(b"<svg")


def test_beat_has_stored_the_nightly_schedule(production):
    """beat runs (django_celery_beat's DatabaseScheduler) and has written the
    nightly jobs the apps define into the database."""
    deadline = time.monotonic() + 60
    names = set()
    while "ehcp: nightly recompute of every area's figures" not in names:
        assert production.alive("beat"), production.log("beat")[-3000:]
        assert time.monotonic() < deadline, production.log("beat")[-3000:]
        time.sleep(0.5)
        with psycopg.connect(production.env["DATABASE_URL"]) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT name FROM django_celery_beat_periodictask")
            names = {row[0] for row in cursor.fetchall()}
    assert {"performance: nightly computed indicators", "performance: nightly ratings"} <= names


def test_check_deploy_passes_with_the_production_environment(production):
    result = production.run("python manage.py check --deploy --fail-level WARNING")
    assert "no issues" in result.stdout


def test_a_lead_enters_and_approves_a_return_publishes_and_the_public_reads_it(production, worker_ready, lead):
    month = last_month()
    month_text = f"{month:%Y-%m}"

    # The EHCP year-end target is set with the EHCP figures, and the scorecard takes it from there.
    response = lead.submit(
        "/board/344/ehcp/target/",
        {"year_start": year_start_of(month, "financial").isoformat(), "target_pct": "60"},
    )
    assert response.status == 302, text_of(response)[:3000]

    response = lead.submit(
        "/board/344/scorecard/indicators/new/",
        {
            "code": "EHCP20",
            "name": "New EHC plans issued within 20 weeks",
            "description": "Share of new plans issued within the 20-week legal limit, excluding exceptions.",
            "service_area": "ehcp",
            "unit": "percent",
            "polarity": "higher",
            "frequency": "monthly",
            "publishable": "on",
            "computed_source": "ehcp.timeliness_20_weeks",
        },
    )
    assert response.status == 302, text_of(response)[:3000]

    response = lead.submit(
        "/board/344/ehcp/returns/new/",
        {"month": month_text, "issued": "40", "within_20_weeks": "18", "action": "submit"},
    )
    assert response.status == 302, text_of(response)[:3000]
    detail_path = response.location
    assert re.fullmatch(r"/board/344/ehcp/returns/\d+/", detail_path), detail_path

    detail = lead.get(detail_path)
    assert detail.status == 200
    response = lead.post(detail_path + "approve/", {"csrfmiddlewaretoken": detail.csrf_token()}, referer=detail_path)
    assert response.status == 302, text_of(response)[:3000]
    assert "approved" in text_of(lead.follow(response))

    # The worker recomputes the figures, then takes them into EHCP20.
    wait_until(
        lambda: REFRESHING not in text_of(lead.get("/board/344/ehcp/")),
        production=production,
        what="the worker's EHCP recompute",
    )
    ehcp_page = text_of(lead.get("/board/344/ehcp/"))
    assert "45.0%" in ehcp_page and "18 of 40" in ehcp_page
    wait_until(
        lambda: _value_state(production, month) == ("approved", Decimal("45.0")),
        production=production,
        what="the EHCP20 value's approval from the returns",
    )
    assert "ehcp.tasks.recompute_area_figures" in production.log("worker")
    assert "performance.sync_computed_indicators" in production.log("worker")

    preview_path = f"/board/344/publish/preview/?month={month_text}"
    preview = lead.get(preview_path)
    assert preview.status == 200 and "45.0%" in preview.text
    response = lead.post(
        preview_path, {"csrfmiddlewaretoken": preview.csrf_token(), "month": month_text}, referer=preview_path
    )
    assert response.status == 302, text_of(response)[:3000]
    assert f"The scorecard for {month:%B %Y} is published." in text_of(lead.follow(response))

    public = ProxyClient(port=production.port, host=HOST)
    area_page = public.get("/areas/344/")
    assert area_page.status == 200 and f"{month:%B %Y}" in text_of(area_page)
    page = public.follow(public.get(f"/areas/344/scorecards/{month_text}/"))
    assert page.status == 200
    body = text_of(page)
    assert f"SEND scorecard for {month:%B %Y}" in body
    assert "45.0%" in body and "18 out of 40" in body and "Red: further from the target" in body

    publication = re.search(r'href="(/areas/344/publications/\d+)\.csv"', page.text)
    assert publication, "the public page has no CSV link"
    download = public.get(publication.group(1) + ".csv")
    assert download.status == 200 and download.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = {(row["code"], row["period"]): row for row in csv.DictReader(io.StringIO(download.text))}
    row = rows[("EHCP20", month_text)]
    assert (row["value"], row["numerator"], row["denominator"], row["target"], row["rag"]) == (
        "45.0",
        "18",
        "40",
        "60.0",
        "red",
    )
    # A second read comes from the cache (Redis) and says the same.
    assert public.get(publication.group(1) + ".csv").body == download.body


def _value_state(production, month):
    """The state of EHCP20's value for `month`, as the worker stored it."""
    with psycopg.connect(production.env["DATABASE_URL"]) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.state, v.value FROM performance_indicatorvalue v"
            " JOIN performance_indicator i ON i.id = v.indicator_id WHERE i.code = 'EHCP20' AND v.period = %s",
            [month],
        )
        row = cursor.fetchone()
    return row


def test_the_processes_stay_up(production):
    for name in ("web", "worker", "beat"):
        assert production.alive(name), production.log(name)[-3000:]
    assert "Traceback" not in production.log("web"), production.log("web")[-5000:]
