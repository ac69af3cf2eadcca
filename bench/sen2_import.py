"""Time importing DfE's full 2025 timeliness file (12,211 rows, 2.1 MB) and
reading the benchmark panel, then all five of the release's files the
statutory timeline uses (goal: under 10 s), on PostgreSQL in a database of its own.
Beside the wall-clock times it prints this process's CPU time for the five
files and the load average: on a shared machine the wall clock waits for the
CPU, and the database server's own time is not in the process's.

    python bench/sen2_import.py
    BENCH_SEN2_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sen2 python bench/sen2_import.py

The database (default bench_sen2 on 127.0.0.1) is created if missing and
emptied of benchmark data first. Without PostgreSQL it falls back to a SQLite
file in a temporary folder and says so. Prints `figure<TAB>value<TAB>unit`.
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from _common import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_sen2"


def database_url():
    url = os.environ.get("BENCH_SEN2_DATABASE_URL", DEFAULT_URL)
    try:
        ensure_database(url)
    except Exception as error:  # any failure to connect means "no PostgreSQL here"
        path = Path(tempfile.mkdtemp()) / "bench_sen2.sqlite3"
        print(f"PostgreSQL not reachable ({error.__class__.__name__}); timing on SQLite at {path}")
        return f"sqlite:///{path}", "sqlite"
    return url, "postgresql"


def timed(function, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, median(times)


def main():
    url, vendor = database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_board.settings.dev")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ehcp.benchmarks.demo import DATA_FILE, TIMELINE_FILES
    from ehcp.benchmarks.models import Figure, Geography, MeasureFigure, Release
    from ehcp.benchmarks.selectors import benchmark_for, headline_data
    from ehcp.benchmarks.sen2 import load_bytes, parse
    from ehcp.benchmarks.services import sen2_import

    call_command("migrate", verbosity=0)
    MeasureFigure.objects.all().delete()
    Figure.objects.all().delete()
    Release.objects.all().delete()
    Geography.objects.all().delete()
    raw = DATA_FILE.read_bytes()
    print(f"database: {vendor}; file: {DATA_FILE.name}, {len(raw):,} bytes")
    print(f"load average (1, 5, 15 min) before\t{' '.join(f'{x:.2f}' for x in os.getloadavg())}\t")

    _, parse_seconds = timed(lambda: parse(load_bytes(raw, DATA_FILE.name)), repeat=3)
    outcome, cold = timed(lambda: sen2_import(source=raw, file_name=DATA_FILE.name))
    rows = outcome.release.rows_stored
    _, again = timed(lambda: sen2_import(source=raw, file_name=DATA_FILE.name), repeat=3)
    # The same figures under a different checksum: every year is replaced.
    amended = raw + b"\n"
    _, replace = timed(lambda: sen2_import(source=amended, file_name="amended.csv"))
    assert Figure.objects.count() == rows, "a replacement must not duplicate figures"

    neighbours = ["343", "342", "359", "392", "808", "841", "381", "351", "807", "894"]
    _, panel = timed(lambda: benchmark_for(la_code="344", neighbour_codes=neighbours), repeat=20)
    with CaptureQueriesContext(connection) as queries:
        benchmark_for(la_code="344", neighbour_codes=neighbours, data=headline_data())

    print(f"parse only (pandas, no database)\t{parse_seconds:.2f}\ts")
    print(f"import full file, empty database\t{cold:.2f}\ts")
    print(f"rows stored\t{rows}\trows")
    print(f"import rate\t{rows / cold:,.0f}\trows/s")
    print(f"import same file again (no change)\t{again * 1000:.1f}\tms")
    print(f"import amended file (replaces 6 years)\t{replace:.2f}\ts")
    print(f"benchmark panel read (10 neighbours, 6 years)\t{panel * 1000:.1f}\tms")
    print(f"benchmark panel queries\t{len(queries)}\tqueries")
    print(f"under the 10 s target\t{'yes' if cold < 10 and replace < 10 else 'no'}\t")

    # The statutory timeline's four other files, then all five together from an empty database.
    def five():
        MeasureFigure.objects.all().delete()
        Figure.objects.all().delete()
        Release.objects.all().delete()
        Geography.objects.all().delete()
        started, cpu = time.perf_counter(), time.process_time()
        for path in (DATA_FILE, *TIMELINE_FILES):
            sen2_import(source=path, file_name=path.name)
        return time.perf_counter() - started, time.process_time() - cpu

    runs = [five() for _ in range(3)]
    all_five = median(wall for wall, _cpu in runs)
    print(f"import all five files, empty database\t{all_five:.2f}\ts")
    print(f"  of which this process's CPU time\t{median(cpu for _wall, cpu in runs):.2f}\ts")
    print(f"load average (1, 5, 15 min) after\t{' '.join(f'{x:.2f}' for x in os.getloadavg())}\t")
    print(f"timeline measure figures stored\t{MeasureFigure.objects.count()}\trows")
    print(f"five files under the 10 s target\t{'yes' if all_five < 10 else 'no'}\t")


if __name__ == "__main__":
    main()
