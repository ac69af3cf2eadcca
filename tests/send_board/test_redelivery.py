"""A worker killed in the middle of a task: the task (acks_late) stays in
Redis unacknowledged and another worker runs it once the visibility timeout
has passed. Here the timeout is 2 s (CELERY_VISIBILITY_TIMEOUT) instead of
production's 10 minutes, and the task is held mid-run by a lock the test
takes on the area's FigureRefresh row, which the recompute waits for."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal

import psycopg
import pytest
from django.db import connection

from ehcp import services
from ehcp.models import FigureRefresh, MonthlyFigure
from send_board.celery import app
from tests.send_board.servers import RedisServer

pytestmark = [pytest.mark.redis_server, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def database_dsn():
    db = connection.settings_dict
    return {
        "dbname": db["NAME"],
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
    }


def database_url():
    db = database_dsn()
    password = f":{db['password']}" if db["password"] else ""
    return f"postgres://{db['user']}{password}@{db['host']}:{db['port']}/{db['dbname']}"


def start_worker(redis_url, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "send_board.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": app.conf.task_default_queue,
        "CELERY_VISIBILITY_TIMEOUT": "2",
    }
    with open(log, "w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "send_board", "worker", "--pool=solo", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def wait_for(condition, what, *, timeout=60, log=None):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, (
            f"{what} did not happen in {timeout} s\n{log.read_text()[-3000:] if log else ''}"
        )
        time.sleep(0.3)


def worker_waits_on_the_lock(dsn):
    with psycopg.connect(**dsn) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND query ILIKE '%ehcp_figurerefresh%'"
        )
        return cursor.fetchone()[0] > 0


def test_a_task_whose_worker_is_killed_mid_run_is_run_again_by_another_worker(wirral, olive, tmp_path):
    server = RedisServer().start()
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = server.url, False
    workers = []
    lock = psycopg.connect(**database_dsn())
    try:
        services.return_create(
            area=wirral, month=date(2024, 1, 1), values={"issued": 10, "within_20_weeks": 4}, user=olive, submit=True
        )
        assert FigureRefresh.objects.get(local_area=wirral).pending
        with lock.cursor() as cursor:
            cursor.execute("SELECT 1 FROM ehcp_figurerefresh WHERE local_area_id = %s FOR UPDATE", [wirral.pk])

        first_log = tmp_path / "first.log"
        workers.append(start_worker(server.url, first_log))
        wait_for(lambda: worker_waits_on_the_lock(database_dsn()), "the first worker's recompute", log=first_log)
        os.killpg(workers[0].pid, signal.SIGKILL)
        workers[0].wait(timeout=10)
        lock.rollback()
        assert FigureRefresh.objects.get(local_area=wirral).pending

        second_log = tmp_path / "second.log"
        workers.append(start_worker(server.url, second_log))
        wait_for(lambda: not FigureRefresh.objects.get(local_area=wirral).pending, "the redelivery", log=second_log)
        figure = MonthlyFigure.objects.get(local_area=wirral, month=date(2024, 1, 1))
        assert (figure.issued, figure.within_20_weeks, figure.pct) == (10, 4, Decimal("40.0"))
        assert "ehcp.tasks.recompute_area_figures" in second_log.read_text()
    finally:
        lock.close()
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=20)
        app.conf.broker_url, app.conf.task_always_eager = previous
        server.kill()
