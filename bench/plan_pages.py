"""Time the improvement plan's pages on a plan of 5,000 actions with 24
periods of updates (120,000 updates), on PostgreSQL, with Django's test client.

Uses its own database (BENCH_PLAN_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bench_plan), created and migrated if
missing; the data is built once and reused. Prints `figure<TAB>value<TAB>unit`
lines: the median and 90th percentile of N requests per page (goal: median
under 150 ms), and each page's SQL query count.

    python bench/plan_pages.py [--runs 30] [--rebuild]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _common import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_PLAN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_plan")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "send_board.settings.test"
os.environ.pop("REDIS_URL", None)

ACTIONS = 5000
PERIODS = 24
AREA_CODE = "698"


def build(rebuild):
    from django.contrib.auth import get_user_model

    from improvement.models import Plan
    from improvement.scale_data import build_plan
    from send_board.models import LocalArea, Membership, Role

    area = LocalArea.objects.filter(code=AREA_CODE).first()
    plan = Plan.objects.filter(local_area=area, slug="bench").first() if area else None
    ready = plan is not None and plan.actions.count() == ACTIONS and plan.periods.count() == PERIODS and not rebuild
    user = get_user_model().objects.filter(username="bench-board").first()
    if not ready:
        LocalArea.objects.filter(code=AREA_CODE).delete()
        area = LocalArea.objects.create(code=AREA_CODE, name="Bench area", region="North West")
        user = user or get_user_model().objects.create_user("bench-board", first_name="Bench", last_name="Board")
        officer, _ = get_user_model().objects.get_or_create(username="bench-officer")
        Membership.objects.create(user=user, local_area=area, role=Role.BOARD_MEMBER)
        Membership.objects.create(user=officer, local_area=area, role=Role.OFFICER)
        started = time.perf_counter()
        plan = build_plan(
            area=area, actions=ACTIONS, periods=PERIODS, seed=7, name="Bench WSoA", slug="bench", owner=officer
        )
        print(f"built a plan of {ACTIONS} actions and {PERIODS} periods in {time.perf_counter() - started:.1f} s")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return area, plan, user


def time_page(client, path, runs):
    from django.db import connection

    for _ in range(3):
        assert client.get(path).status_code == 200, path
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        client.get(path)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    timings.sort()
    return statistics.median(timings), timings[int(0.9 * (len(timings) - 1))], len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()

    ensure_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    area, plan, user = build(options.rebuild)
    first_closed = plan.periods.order_by("month").first()
    code = plan.actions.order_by("sort_key").values_list("code", flat=True)[123]
    base = f"/board/{area.code}/plan/{plan.slug}"
    pages = [
        ("plan overview", f"{base}/"),
        ("action table", f"{base}/actions/"),
        ("action table filtered", f"{base}/actions/?brag=red&overdue=on&sort=-milestone&page=2"),
        ("area page", f"{base}/areas/1/"),
        ("area page closed period", f"{base}/areas/1/?period={first_closed.iso_month}"),
        ("action detail", f"{base}/actions/{code}/"),
        ("plans list", f"/board/{area.code}/plan/"),
    ]
    client = Client()
    client.force_login(user)
    from improvement.models import ActionUpdate

    updates = ActionUpdate.objects.filter(period__plan=plan).count()
    print(
        f"{plan.actions.count()} actions, {plan.periods.count()} periods, {updates} updates; "
        f"{options.runs} timed runs per page"
    )
    for name, path in pages:
        median, p90, queries = time_page(client, path, options.runs)
        print(f"{name} median\t{median:.1f}\tms")
        print(f"{name} p90\t{p90:.1f}\tms")
        print(f"{name} queries\t{queries}\tqueries")


if __name__ == "__main__":
    main()
