"""Benchmark: the public publication page at national scale.

gunicorn (2 workers, production settings) serves the app on PostgreSQL with
153 synthetic areas, each with a published scorecard; wrk, a second process
on loopback, asks for random publication pages for DURATION seconds, twice:
with the Redis cache of publication pages (warmed first), then with caching
off (every request reads and renders the publication). It prints requests/s
and the 50th, 95th and 99th percentile latency of each run.

Goals (issue 6): cached, at least 300 requests/s and p95 under 50 ms;
uncached, p95 under 300 ms. The database is BENCH_PUBLIC_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/bench_public), created if
missing and filled once by `generate_scale_data --areas 153 --years 2`;
areas that no app gave approved values get a 30-indicator scorecard here.
Needs wrk (apt-get install -y wrk) and Redis at REDIS_URL.
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from decimal import Decimal
from pathlib import Path

from _common import ensure_database, figure, forget_cache

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_PUBLIC_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_public")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
AREAS = 153
DURATION = 20  # seconds per run: two runs, under a minute of load
CONNECTIONS = 4
THREADS = 2
WORKERS = 2

LUA = """
local paths = {%(paths)s}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(seed * 7919)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT\\t%%d\\t%%d\\t%%d\\t%%d\\t%%d\\t%%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors))
end
"""

SETTINGS = """
from send_board.settings.prod import *  # noqa: F403

# Served without collectstatic: the pages only name their static files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = %(caches)r
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
"""


def say(text):
    print(text, flush=True)


def setup_django():
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.pop("REDIS_URL", None)  # setup work runs tasks in-process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_board.settings.dev")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import logging

    import django

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)  # tasks run in-process while the data is made


def published_paths():
    from performance.publishing.models import Publication

    return [
        f"/areas/{code}/publications/{pk}/"
        for pk, code in Publication.objects.live().filter(area__code__gte="500").values_list("pk", "area__code")
    ]


def seed_scorecard(area, rng):
    """Thirty indicators with two years of approved monthly values: what a
    synthetic area lacks when no app's scale data gave it any."""
    from django.utils import timezone

    from performance import periods
    from performance.models import Indicator, IndicatorValue, Target, ValueState
    from performance.services import area_ratings_recompute

    units = ["percent"] * 16 + ["count"] * 8 + ["weeks"] * 6
    services = ["ehcp", "health", "education", "social-care", "inclusion", "participation"]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            area=area,
            code=f"SYN{i:02d}",
            name=f"Synthetic indicator {i}",
            description="A synthetic measure for benchmarks.",
            service_area=services[i % len(services)],
            unit=unit,
            polarity="higher" if unit == "percent" else "lower",
            frequency="monthly",
            publishable=True,
        )
        for i, unit in enumerate(units)
    )
    Target.objects.bulk_create(
        Target(indicator=i, applies_from=date(2020, 4, 1), value=Decimal(60), tolerance=Decimal(10))
        for i in indicators
        if i.unit == "percent"
    )
    today = timezone.localdate()
    last = periods.previous_period("monthly", today.replace(day=1))
    months = [periods.previous_period("monthly", last)]
    for _ in range(22):
        months.insert(0, periods.previous_period("monthly", months[0]))
    months.append(last)
    values = []
    now = timezone.now()
    for indicator in indicators:
        for month in months:
            if indicator.unit == "percent":
                denominator = rng.randint(20, 80)
                numerator = rng.randint(0, denominator)
                value = Decimal(100 * numerator / denominator).quantize(Decimal("0.1"))
            else:
                numerator = denominator = None
                value = Decimal(rng.randint(0, 400) if indicator.unit == "count" else rng.randint(2, 60))
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    period=month,
                    period_end=periods.period_end("monthly", month),
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    state=ValueState.APPROVED,
                    approved_at=now,
                )
            )
    IndicatorValue.objects.bulk_create(values)
    area_ratings_recompute(area_id=area.pk)


def prepare_data():
    from io import StringIO

    from django.core.management import call_command

    from performance.publishing.demo import publish_latest
    from performance.publishing.scale_data import publisher
    from send_board.models import LocalArea

    call_command("migrate", "--noinput", verbosity=0)
    if len(published_paths()) >= AREAS:
        return
    started = time.monotonic()
    if LocalArea.objects.filter(code__gte="500").count() < AREAS:
        say(f"generating national-scale data: {AREAS} synthetic areas (a few minutes, once)")
        call_command("generate_scale_data", areas=AREAS, years=2, seed=1, stdout=StringIO())
    rng = random.Random(1)
    user = publisher()
    published = {p.split("/")[2] for p in published_paths()}
    for area in LocalArea.objects.filter(code__gte="500").order_by("code"):
        if area.code in published:
            continue
        if not area.indicators.filter(publishable=True).exists():
            seed_scorecard(area, rng)
        publish_latest(area, user, StringIO())
    say(f"data ready in {time.monotonic() - started:.0f} s")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(settings_dir, module, port):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "PYTHONPATH": f"{settings_dir}{os.pathsep}{ROOT}",
        "SECRET_KEY": "bench-only-not-secret",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "send_board.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)  # noqa: S310 - loopback
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def load(port, script):
    result = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT"))
    requests, duration_us, p50, p95, p99, errors = (int(x) for x in line.split("\t")[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": errors,
        "requests": requests,
    }


def run(name, caches, paths, settings_dir, script, warm):
    module = f"bench_public_{name}"
    (Path(settings_dir) / f"{module}.py").write_text(SETTINGS % {"caches": caches})
    port = free_port()
    process = serve(settings_dir, module, port)
    try:
        size = len(urllib.request.urlopen(f"http://127.0.0.1:{port}{paths[0]}").read())  # noqa: S310 - loopback
        if warm:
            for path in paths:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()  # noqa: S310 - loopback
        result = load(port, script)
    finally:
        stop(process)
    say(
        f"{name}: {result['requests']} requests in {DURATION} s, {result['errors']} errors; "
        f"{result['rps']:.0f} requests/s; p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms"
    )
    figure(f"{name}_requests_per_second", f"{result['rps']:.0f}", "requests/s")
    for percentile in ("p50", "p95", "p99"):
        figure(f"{name}_{percentile}", f"{result[percentile]:.1f}", "ms")
    figure(f"{name}_errors", result["errors"], "responses")
    return result, size


def main():
    if shutil.which("wrk") is None:
        say("wrk is missing: apt-get install -y wrk")
        return 1
    ensure_database(DATABASE_URL, say=say)
    setup_django()
    prepare_data()
    paths = published_paths()
    say(f"{len(paths)} synthetic areas with a live publication")
    figure("publications", len(paths), "pages")
    with tempfile.TemporaryDirectory() as settings_dir:
        script = Path(settings_dir) / "pages.lua"
        script.write_text(LUA % {"paths": ", ".join(f'"{p}"' for p in paths)})
        redis = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"bench-public-{os.getpid()}",
            }
        }
        cached, size = run("cached", redis, paths, settings_dir, script, warm=True)
        uncached, _ = run(
            "uncached",
            {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
            paths,
            settings_dir,
            script,
            warm=False,
        )
    figure("page_size", f"{size / 1024:.0f}", "KiB")
    forget_cache(REDIS_URL, f"bench-public-{os.getpid()}")
    met = cached["rps"] >= 300 and cached["p95"] < 50 and uncached["p95"] < 300
    say(
        "goals (cached ≥ 300 requests/s and p95 < 50 ms; uncached p95 < 300 ms): "
        + ("met" if met else "not met")
        + f" with {WORKERS} gunicorn workers and {CONNECTIONS} connections"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
