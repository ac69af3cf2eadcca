"""Time the strategic dashboard and a service scorecard at national scale:
153 areas × 40 monthly indicators × 10 years (734,400 values and as many
stored ratings) on PostgreSQL, with Django's test client.

Uses its own database (BENCH_SCORECARD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bench_scorecard), created and migrated if
missing. The data is built once and reused: the areas come from
`generate_scale_data --areas 153 --years 1 --seed 1` (every app's generator at
one year, so that the pages' EHCP headline, plan status and red risks have
something to read), then performance.scale_data.generate makes the ten years
of scorecards. Prints `figure<TAB>value<TAB>unit` lines: the median and 95th
percentile of N requests per page (goal: median under 150 ms) and each page's
SQL query count.

    python bench/scorecard_pages.py [--runs 50] [--rebuild]
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

from _common import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_SCORECARD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_scorecard")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "send_board.settings.test"
# The test client's host, allowed directly rather than by setup_test_environment(),
# whose instrumented template rendering would add to the times measured.
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.pop("REDIS_URL", None)

AREAS = 153
YEARS = 10
SEED = 1
EXPECTED_VALUES = AREAS * 40 * YEARS * 12


def build(rebuild):
    from django.core.management import call_command

    from performance import scale_data
    from performance.models import IndicatorValue
    from send_board.models import LocalArea

    synthetic = LocalArea.objects.filter(code__gte="500", code__lt="700")
    values = IndicatorValue.objects.filter(indicator__area__in=synthetic).count()
    if values == EXPECTED_VALUES and synthetic.count() == AREAS and not rebuild:
        print(f"reusing {values:,} values in {AREAS} synthetic areas")
        return
    started = time.perf_counter()
    out = io.StringIO()
    call_command("generate_scale_data", areas=AREAS, years=1, seed=SEED, stdout=out)
    print(f"generate_scale_data --areas {AREAS} --years 1 --seed {SEED}: {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    scale_data.generate(areas=list(synthetic.order_by("code")), years=YEARS, seed=SEED, stdout=out)
    print(out.getvalue().strip())
    print(f"scorecards: {YEARS} years in {time.perf_counter() - started:.0f} s")


def board_member(area):
    from django.contrib.auth import get_user_model

    from send_board.models import Membership, Role

    user, _ = get_user_model().objects.get_or_create(
        username="bench-scorecard-board", defaults={"first_name": "Bench", "last_name": "Board"}
    )
    Membership.objects.get_or_create(user=user, local_area=area, defaults={"role": Role.BOARD_MEMBER})
    return user


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
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()

    ensure_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from performance.models import IndicatorValue, Rating
    from send_board.models import LocalArea

    call_command("migrate", verbosity=0)
    build(options.rebuild)
    area = LocalArea.objects.get(code="576")  # an area in the middle of the table
    client = Client()
    client.force_login(board_member(area))
    print(
        f"{IndicatorValue.objects.count():,} values, {Rating.objects.count():,} stored ratings; "
        f"{options.runs} timed runs per page as a board member of {area.name}"
    )
    pages = [
        ("strategic dashboard", f"/board/{area.code}/"),
        ("service scorecard (EHCP)", f"/board/{area.code}/scorecard/services/ehcp/"),
        ("service scorecard (health)", f"/board/{area.code}/scorecard/services/health/"),
        ("scorecard overview", f"/board/{area.code}/scorecard/"),
        ("indicator page (10 years)", f"/board/{area.code}/scorecard/indicators/EHCP20/"),
    ]
    for name, path in pages:
        median, p95, queries = time_page(client, path, options.runs)
        print(f"{name} median\t{median:.1f}\tms")
        print(f"{name} p95\t{p95:.1f}\tms")
        print(f"{name} queries\t{queries}\tqueries")


if __name__ == "__main__":
    main()
