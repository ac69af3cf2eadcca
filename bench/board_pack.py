"""Benchmark: the board pack, section by section.

Makes the full pack (every section) through the same service the Celery task
runs, on PostgreSQL: for the demo's Wirral as at December 2024, and for a
national-scale area of `generate_scale_data --areas 153 --years 2`. Each pack
is made twice in one process: the first run includes starting kaleido's
Chromium (once per process, as a worker does), the second shows a warm
worker. It prints the seconds each section took (reading it through its
page's selectors and drawing its charts as SVG), the PDF's writing, the total
and the PDF's size.

Goals (issue 12): under 10 s and under 3 MB for the demo pack on a 2-core
machine. The database is BENCH_PACK_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bench_pack), created if missing and filled
once (load_demo, then generate_scale_data).
"""

import io
import os
import sys
import time
from datetime import date
from pathlib import Path

from _common import ensure_database, figure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_PACK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_pack")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "send_board.settings.test"
os.environ.pop("REDIS_URL", None)

AREAS = 153
YEARS = 2
SEED = 1
DEMO_MONTH = date(2024, 12, 1)


def build():
    from django.core.management import call_command

    from send_board.models import LocalArea

    out = io.StringIO()
    call_command("migrate", verbosity=0)
    if not LocalArea.objects.filter(code="344").exists():
        started = time.perf_counter()
        call_command("load_demo", stdout=out)
        print(f"load_demo: {time.perf_counter() - started:.0f} s")
    if LocalArea.objects.filter(code__gte="500", code__lt="700").count() != AREAS:
        started = time.perf_counter()
        call_command("generate_scale_data", areas=AREAS, years=YEARS, seed=SEED, stdout=out)
        print(f"generate_scale_data --areas {AREAS} --years {YEARS}: {time.perf_counter() - started:.0f} s")


def latest_month(area):
    from ehcp.models import MonthlyFigure

    month = MonthlyFigure.objects.filter(local_area=area).order_by("-month").values_list("month", flat=True).first()
    return month or DEMO_MONTH


def run(label, area, month):
    from performance.packs import services
    from performance.packs.models import ALL_SECTIONS

    for attempt in ("cold", "warm"):
        pack = services.pack_create(
            area=area, as_at=month, sections=list(ALL_SECTIONS), requested_by_name="bench/board_pack.py"
        )
        started, cpu = time.perf_counter(), time.process_time()
        content, timings = services.pack_pdf(pack=pack)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"{label} ({area.name}, as at {month:%B %Y}), {attempt} worker:")
        for section, seconds in timings.items():
            print(f"  {section:<12} {seconds:6.2f} s")
        figure(f"{label} pack, {attempt} worker", f"{total:.2f}", "s")
        # This process's CPU time (not Chromium's): what the machine's other load cannot stretch.
        figure(f"{label} pack, {attempt} worker, CPU", f"{cpu:.2f}", "s")
        figure(f"{label} pack size", f"{len(content) / 1024:.0f}", "KiB")
        pack.delete()


def main():
    ensure_database(DATABASE_URL)
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from send_board.models import LocalArea

    build()
    wirral = LocalArea.objects.get(code="344")
    run("demo", wirral, DEMO_MONTH)
    national = LocalArea.objects.filter(code__gte="500", code__lt="700").order_by("code").first()
    run("national-scale", national, latest_month(national))


if __name__ == "__main__":
    main()
