"""Time the spreadsheet imports at 20,000 rows, on PostgreSQL in a database of
its own (default bench_imports on 127.0.0.1; BENCH_IMPORTS_DATABASE_URL sets
another). Without PostgreSQL it times on a SQLite file and says so.

    python bench/imports.py

A returns file holds one row per month, so a valid one holds at most the
months since September 2014: the script imports that, and times the checking
of a 20,000-row returns file (refused whole, row by row). The cases file is
20,000 valid case records. The goal: under 10 s each. The recompute an import
queues is not timed here: it runs on the worker (bench/ehcp_recompute.py). Prints figure<TAB>value<TAB>unit.
"""

import io
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _common import ensure_database, figure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_imports"
ROWS = 20_000


def database_url():
    url = os.environ.get("BENCH_IMPORTS_DATABASE_URL", DEFAULT_URL)
    try:
        ensure_database(url)
    except Exception as error:  # any failure to connect means "no PostgreSQL here"
        path = Path(tempfile.mkdtemp()) / "bench_imports.sqlite3"
        print(f"PostgreSQL not reachable ({error.__class__.__name__}); timing on SQLite at {path}")
        return f"sqlite:///{path}"
    return url


def cases_csv(rows):
    lines = ["reference,request_date,decision_date,decision,final_date,exception,closed_date"]
    start = date(2015, 1, 5)
    for n in range(rows):
        request = start + timedelta(days=n % 3500)
        decision = request + timedelta(days=35)
        final = request + timedelta(days=100 + n % 80)
        lines.append(f"B{n:06d},{request},{decision},assess,{final},no,")
    return ("\n".join(lines) + "\n").encode()


def returns_csv(months):
    lines = ["month,issued,within_20_weeks"]
    lines += [f"{m:%Y-%m},{40 + i % 20},{10 + i % 15}" for i, m in enumerate(months)]
    return ("\n".join(lines) + "\n").encode()


def main():
    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_board.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    from ehcp.models import CaseRecord, MonthlyReturn
    from ehcp.services import cases_import, returns_import
    from send_board.celery import app as celery_app
    from send_board.models import LocalArea
    from send_board.uploads import RowErrors

    call_command("migrate", verbosity=0)
    # Time what the request does: the recompute it queues runs on the worker
    # (bench/ehcp_recompute.py times that), so queue to the in-memory broker.
    celery_app.conf.task_always_eager = False
    area, _ = LocalArea.objects.get_or_create(code="999", defaults={"name": "Bench"})
    CaseRecord.objects.filter(local_area=area).delete()
    MonthlyReturn.objects.filter(local_area=area).delete()

    raw = cases_csv(ROWS)
    start = time.perf_counter()
    cases_import(area=area, source=io.BytesIO(raw), user=None, filename="cases.csv")
    figure(f"cases import, {ROWS:,} new rows ({len(raw) / 1e6:.1f} MB)", f"{time.perf_counter() - start:.2f}", "s")
    start = time.perf_counter()
    cases_import(area=area, source=io.BytesIO(raw), user=None, filename="cases.csv")
    figure(f"cases import, the same {ROWS:,} rows again (no change)", f"{time.perf_counter() - start:.2f}", "s")

    first, months = date(2014, 9, 1), []
    while first < date.today().replace(day=1):
        months.append(first)
        first = (first + timedelta(days=32)).replace(day=1)
    start = time.perf_counter()
    returns_import(area=area, source=io.BytesIO(returns_csv(months)), user=None)
    figure(f"returns import, {len(months)} valid months", f"{time.perf_counter() - start:.2f}", "s")
    repeated = (months * (ROWS // len(months) + 1))[:ROWS]
    start = time.perf_counter()
    try:
        returns_import(area=area, source=io.BytesIO(returns_csv(repeated)), user=None)
    except RowErrors as error:
        refused = len(error.errors)
    seconds = time.perf_counter() - start
    figure(f"returns file of {ROWS:,} rows checked and refused ({refused:,} problems)", f"{seconds:.2f}", "s")


if __name__ == "__main__":
    main()
