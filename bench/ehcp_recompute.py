"""EHCP recompute at national scale, on PostgreSQL.

Creates (or reuses) 153 synthetic areas × 10 years — about 1,000,000 case
records and 18,360 monthly returns — in a dedicated database, then times in a
fresh process (so that peak memory is the recompute's own):

- one bare `SELECT local_area_id, date_trunc('month', final_date), count(*)
  ... GROUP BY 1, 2` over the case table (the yardstick);
- the full recompute of every area's monthly, rolling, year-to-date and
  cohort figures: cold (a first run: the figure tables empty, as on a new
  installation) and warm (the nightly run, figures already stored), each the
  median of three runs, with their ratio to the bare query;
- one area's recompute after a save.

The recompute covers every step of the statutory timeline (StepFigure) as
well as the 20-week figures and cohorts.

Goal: full recompute ≤ 4 × the bare query, peak memory < 1.5 GB, one area
< 0.5 s. Prints `figure<TAB>value<TAB>unit` lines.

    python bench/ehcp_recompute.py            # BENCH_EHCP_DATABASE_URL to use another database
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import ensure_database, figure

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_EHCP_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_ehcp")
AREAS, YEARS, SEED = 153, 10, 1
BARE_QUERY = "SELECT local_area_id, date_trunc('month', final_date), count(*) FROM ehcp_caserecord GROUP BY 1, 2"


def environment():
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "send_board.settings.dev",
        "DEBUG": "false",  # DEBUG keeps every query in memory
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)  # tasks run in-process, as with make run
    return env


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def prepare():
    """Migrate, and generate the synthetic data unless it is already there."""
    ensure_database(DATABASE_URL)
    manage("migrate", "--noinput", "-v", "0")
    probe = (
        "from send_board.models import LocalArea; from ehcp.models import CaseRecord, MonthlyReturn;"
        "codes=[f'{500+i:03d}' for i in range(200)];"
        "print(LocalArea.objects.filter(code__in=codes).count(), CaseRecord.objects.count(),"
        " MonthlyReturn.objects.filter(local_area__code__in=codes).count()"
        " if CaseRecord.objects.filter(review_due_date__isnull=False).exists() else 0)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", probe],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    areas, cases, returns = (int(n) for n in result.stdout.split()[-3:])
    if areas == AREAS and returns == AREAS * YEARS * 12 and cases > 900_000:
        print(f"Reusing {areas} synthetic areas, {cases:,} case records, {returns:,} returns.", flush=True)
        return
    started = time.perf_counter()
    manage("generate_scale_data", "--areas", str(AREAS), "--years", str(YEARS), "--seed", str(SEED))
    figure("generate_scale_data", f"{time.perf_counter() - started:.1f}", "s")


def timed(function, repeat=1):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure():
    """In a fresh process: the timings and the peak memory."""
    import resource

    import django

    django.setup()
    from django.db import connection, transaction

    from ehcp import services
    from ehcp.models import CaseRecord, CohortFigure, MonthlyFigure, MonthlyReturn, StepFigure
    from send_board.celery import app

    # As in production, tasks queued by a save or by the figures_recomputed
    # signal (the performance app's) go to a broker (here an in-memory one
    # with no worker) instead of running inside the timings.
    app.conf.task_always_eager = False

    with connection.cursor() as cursor:
        for table in (
            "ehcp_caserecord",
            "ehcp_monthlyreturn",
            "ehcp_monthlyfigure",
            "ehcp_cohortfigure",
            "ehcp_stepfigure",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    figure("case_records", CaseRecord.objects.count(), "rows")
    figure("monthly_returns", MonthlyReturn.objects.count(), "rows")

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE_QUERY)
            cursor.fetchall()

    bare()  # warm the cache: every timing below reads a warm table
    bare_s = timed(bare, repeat=5)
    figure("bare_group_by_query", f"{bare_s:.3f}", "s")

    def cold():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE ehcp_monthlyfigure, ehcp_cohortfigure, ehcp_stepfigure")
        started = time.perf_counter()
        services.figures_recompute_all()
        return time.perf_counter() - started

    cold_s = statistics.median(cold() for _ in range(3))
    figure("full_recompute_cold", f"{cold_s:.3f}", "s")
    figure("full_recompute_cold_ratio", f"{cold_s / bare_s:.1f}", "x bare query")
    warm_s = timed(services.figures_recompute_all, repeat=3)
    figure("full_recompute_nightly", f"{warm_s:.3f}", "s")
    figure("full_recompute_nightly_ratio", f"{warm_s / bare_s:.1f}", "x bare query")
    figure("stored_monthly_figures", MonthlyFigure.objects.count(), "rows")
    figure("stored_cohort_figures", CohortFigure.objects.count(), "rows")
    figure("stored_step_figures", StepFigure.objects.count(), "rows")

    monthly_return = MonthlyReturn.objects.select_related("local_area").order_by("-month", "local_area__code").first()
    area = monthly_return.local_area

    def save():
        with transaction.atomic():
            values = {field: getattr(monthly_return, field) for field in services.RETURN_FIELDS}
            values["issued"] += 1
            services.return_update(monthly_return=monthly_return, values=values, user=None)
        monthly_return.refresh_from_db()

    figure("one_return_save", f"{timed(save, repeat=3):.3f}", "s")
    one_s = timed(lambda: services.figures_recompute(area_id=area.pk), repeat=5)
    figure("one_area_recompute", f"{one_s:.3f}", "s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figure("peak_memory", f"{peak_mb:.0f}", "MB")
    goals = [
        ("full recompute (nightly) within 4x the bare query", warm_s <= 4 * bare_s),
        ("full recompute (cold) within 4x the bare query", cold_s <= 4 * bare_s),
        ("peak memory under 1.5 GB", peak_mb < 1536),
        ("one area under 0.5 s", one_s < 0.5),
    ]
    for goal, met in goals:
        print(f"  {'met' if met else 'NOT met'}: {goal}", flush=True)


def main():
    if "--measure" in sys.argv:
        measure()
        return 0
    prepare()
    subprocess.run([sys.executable, __file__, "--measure"], cwd=ROOT, env=environment(), check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
