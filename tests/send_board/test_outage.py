"""A broker and cache outage, for real: a redis-server of the test's own is the
Celery broker and the cache, and is killed under the app. Saves stand and
answer at once, public pages build from the database, /healthz/ says what is
down, and the nightly run catches up afterwards."""

import csv
import io
import re
import time
from datetime import date
from decimal import Decimal

import pytest
import redis
from django.core.cache import cache

from ehcp.models import FigureRefresh, MonthlyFigure, MonthlyReturn
from ehcp.tasks import recompute_all_areas
from performance.models import Indicator, IndicatorValue
from performance.publishing.services import publication_create
from send_board.celery import app
from send_board.settings.base import redis_cache
from tests.performance.factories import IndicatorFactory
from tests.publishing.factories import JANUARY, scorecard
from tests.send_board.servers import RedisServer

pytestmark = [pytest.mark.redis_server, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SAVE_DEADLINE = 2.0
# Three checks: a hung cache costs its socket timeouts, a hung broker one.
HEALTHZ_DEADLINE = 3.0


@pytest.fixture
def own_redis(settings):
    """The app's broker and cache are a redis-server of this test's own."""
    server = RedisServer().start()
    settings.CACHES = {"default": redis_cache(server.url, settings.DATABASES["default"])}
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = server.url, False
    try:
        yield server
    finally:
        app.conf.broker_url, app.conf.task_always_eager = previous
        server.kill()


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


def test_while_redis_is_up_a_save_queues_its_recompute_on_that_broker(own_redis, client_for, wirral, olive):
    response = client_for(olive).post(
        "/board/344/ehcp/returns/new/", {"month": "2024-01", "issued": "10", "within_20_weeks": "4", "action": "submit"}
    )
    assert response.status_code == 302
    queued = redis.Redis.from_url(own_redis.url).lrange(app.conf.task_default_queue, 0, -1)
    assert len(queued) == 1 and b"ehcp.tasks.recompute_area_figures" in queued[0]


@pytest.mark.parametrize("outage", ["killed", "hung"])
def test_a_return_saved_while_redis_is_down_stands_and_says_figures_are_being_refreshed(
    own_redis, client_for, wirral, olive, caplog, outage
):
    own_redis.kill() if outage == "killed" else own_redis.freeze()
    response, elapsed = timed(
        client_for(olive).post,
        "/board/344/ehcp/returns/new/",
        {"month": "2024-01", "issued": "10", "within_20_weeks": "4", "action": "submit"},
        follow=True,
    )
    assert elapsed < SAVE_DEADLINE, f"the save took {elapsed:.1f} s"
    assert response.status_code == 200
    saved_message = r"The return for January 2024 is \w+ \(\w+\)\. The figures are being refreshed\."
    assert re.search(saved_message, text_of(response))
    saved = MonthlyReturn.objects.get(local_area=wirral, month=date(2024, 1, 1))
    assert (saved.issued, saved.within_20_weeks) == (10, 4)
    assert FigureRefresh.objects.get(local_area=wirral).pending
    assert "Broker unreachable or refusing: ehcp.tasks.recompute_area_figures(" in caplog.text

    page = client_for(olive).get("/board/344/ehcp/")
    assert page.status_code == 200 and "The figures are being refreshed." in text_of(page)

    # The nightly run (what beat queues at 02:15) catches up on what was not queued.
    recompute_all_areas.apply()
    assert not FigureRefresh.objects.get(local_area=wirral).pending
    figure = MonthlyFigure.objects.get(local_area=wirral, month=date(2024, 1, 1))
    assert (figure.issued, figure.within_20_weeks, figure.pct) == (10, 4, Decimal("40.0"))
    assert "The figures are being refreshed." not in text_of(client_for(olive).get("/board/344/ehcp/"))


def test_an_indicator_value_saved_while_redis_is_down_stands_and_says_ratings_are_being_refreshed(
    own_redis, client_for, wirral, olive, caplog
):
    IndicatorFactory(area=wirral, code="AR12", owner=olive, unit="percent")
    own_redis.kill()
    response, elapsed = timed(
        client_for(olive).post,
        "/board/344/scorecard/indicators/AR12/values/new/",
        {"period": "2025-01", "numerator": "34", "denominator": "100", "action": "submit"},
        follow=True,
    )
    assert elapsed < SAVE_DEADLINE, f"the save took {elapsed:.1f} s"
    assert response.status_code == 200
    assert "are being refreshed" in text_of(response)
    value = IndicatorValue.objects.get(indicator__code="AR12", period=date(2025, 1, 1))
    assert value.value == Decimal("34.0")
    assert Indicator.objects.get(code="AR12").ratings_stale_since is not None
    assert "Broker unreachable or refusing: performance.recompute_ratings(" in caplog.text


def test_public_pages_answer_from_the_database_while_the_cache_is_down(own_redis, client, wirral, alice):
    scorecard(wirral)
    publication = publication_create(area=wirral, month=JANUARY, user=alice)
    page_url = f"/areas/344/publications/{publication.pk}/"
    csv_url = f"/areas/344/publications/{publication.pk}.csv"
    assert "45.0%" in client.get(page_url).content.decode()
    assert redis.Redis.from_url(own_redis.url).keys("send-board:*"), "the page was not cached in this Redis"

    own_redis.kill()
    cache.close()
    for path in (page_url, csv_url, "/areas/344/", "/areas/344/scorecards/2025-01/"):
        response, elapsed = timed(client.get, path, follow=True)
        assert response.status_code == 200, path
        assert elapsed < SAVE_DEADLINE, f"{path} took {elapsed:.1f} s"
    body = text_of(client.get(page_url))
    assert "45.0%" in body and "18 out of 40" in body
    rows = {(r["code"], r["period"]): r for r in csv.DictReader(io.StringIO(client.get(csv_url).content.decode()))}
    assert (rows[("EHCP20", "2025-01")]["value"], rows[("EHCP20", "2025-01")]["numerator"]) == ("45.0", "18")
    assert rows[("TRIB", "2025-01")]["value"] == "c"


@pytest.mark.parametrize("outage", ["killed", "hung"])
def test_healthz_says_which_are_down_and_answers_200_while_the_database_is_up(own_redis, client, db, outage):
    response = client.get("/healthz/")
    assert (response.status_code, response.content.decode()) == (200, "database: ok\ncache: ok\nbroker: ok\n")

    own_redis.kill() if outage == "killed" else own_redis.freeze()
    cache.close()
    response, elapsed = timed(client.get, "/healthz/")
    assert elapsed < HEALTHZ_DEADLINE, f"/healthz/ took {elapsed:.1f} s"
    assert (response.status_code, response.content.decode()) == (200, "database: ok\ncache: down\nbroker: down\n")
    assert response["Cache-Control"] == "no-store"
