"""Synthetic scorecards at national scale, for benchmarks (generate_scale_data).

Deterministic for a seed (and end month): every area gets 40 monthly
indicators (the catalogue's thirty, all made monthly, and ten more), `years`
× 12 approved values each, two targets, England benchmarks for four of them,
a strategic dashboard of twelve, and the stored rating of every value
(computed with the same pure functions as the ratings task). At 153 areas × 10
years: 734,400 values and as many ratings. On PostgreSQL the rows go in with
COPY; elsewhere with bulk_create. The values are keyed, not synced from the
EHCP app's synthetic figures, so that the two generators stay independent.
"""

import csv
import io
import random
import time
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from . import calculations, periods
from .models import (
    Benchmark,
    DashboardItem,
    Indicator,
    IndicatorValue,
    Rating,
    Target,
    ValueSource,
    ValueState,
)

CATALOGUE = Path(__file__).parent / "demo_data" / "kpi_catalogue.csv"
INDICATORS_PER_AREA = 40
DASHBOARD_SIZE = 12
BENCHMARKED = ("EHCP20", "EHCP20R", "DTA6", "AR12")
DEFAULT_END = date(2025, 12, 1)
D = Decimal


def definitions():
    """The 40 indicator definitions: the catalogue's 30 (monthly) and 10 more."""
    rows = list(csv.DictReader(CATALOGUE.open(encoding="utf-8")))
    specs = []
    for row in rows:
        specs.append(
            {
                "code": row["code"],
                "name": row["name"],
                "service_area": _service(row["service_area"]),
                "unit": row["unit"],
                "polarity": row["polarity"],
                "target": D(row["target"]) if row["target"] else None,
                "tolerance": D(row["tolerance"]) if row["tolerance"] else None,
                "example": D(row["example_value"]) if row["example_value"] else D(50),
            }
        )
    extra_services = ["education", "social-care", "inclusion", "participation", "health"]
    for n in range(INDICATORS_PER_AREA - len(specs)):
        percent = n % 2 == 0
        specs.append(
            {
                "code": f"SYN{n + 1:02d}",
                "name": f"Synthetic measure {n + 1}",
                "service_area": extra_services[n % len(extra_services)],
                "unit": "percent" if percent else "count",
                "polarity": "higher" if percent else "lower",
                "target": D(75) if percent else D(100),
                "tolerance": D(10) if percent else D(20),
                "example": D(70) if percent else D(110),
            }
        )
    return specs


def _service(label):
    return {
        "EHCP": "ehcp",
        "Health": "health",
        "Education": "education",
        "Social care": "social-care",
        "Inclusion": "inclusion",
        "Participation": "participation",
        "Preparation for adulthood": "preparation-for-adulthood",
    }[label]


def generate(*, areas, years, seed, stdout, end=DEFAULT_END):
    """Replace the scorecard data of `areas` with synthetic data ending with `end`."""
    started = time.perf_counter()
    areas = list(areas)
    months = [end]
    for _ in range(years * 12 - 1):
        months.insert(0, periods.previous_period(periods.MONTHLY, months[0]))
    specs = definitions()
    now = timezone.now()
    with transaction.atomic():
        Indicator.objects.filter(area__in=areas).delete()
        indicators = Indicator.objects.bulk_create(
            Indicator(
                area=area,
                code=spec["code"],
                name=spec["name"],
                description=f"Synthetic: {spec['name'].lower()}.",
                service_area=spec["service_area"],
                unit=spec["unit"],
                polarity=spec["polarity"],
                frequency=periods.MONTHLY,
                publishable=True,
            )
            for area in areas
            for spec in specs
        )
        by_area = {}
        for indicator in indicators:
            by_area.setdefault(indicator.area_id, []).append(indicator)
        targets, benchmarks, items, plans = [], [], [], []
        midway = months[len(months) // 2]
        for area in areas:
            rng = random.Random(f"{seed}-performance-{area.code}")
            for position, (indicator, spec) in enumerate(zip(by_area[area.pk], specs, strict=True), start=1):
                series = _series(rng, spec, len(months))
                target_list = []
                if spec["target"] is not None and spec["polarity"] != calculations.NEUTRAL:
                    easier = _easier(spec)
                    target_list = [(months[0], easier, spec["tolerance"]), (midway, spec["target"], spec["tolerance"])]
                    targets += [
                        Target(indicator=indicator, applies_from=start, value=value, tolerance=tolerance)
                        for start, value, tolerance in target_list
                    ]
                england = {}
                if spec["code"] in BENCHMARKED:
                    england = {m: calculations.round_half_up(D(50) + D(rng.randint(-40, 40)) / 10) for m in months}
                    benchmarks += [
                        Benchmark(indicator=indicator, series="england", period=m, value=v, source="Synthetic")
                        for m, v in england.items()
                    ]
                if position <= DASHBOARD_SIZE:
                    items.append(DashboardItem(area=area, indicator=indicator, position=position))
                plans.append((indicator, spec, series, target_list, england))
        Target.objects.bulk_create(targets, batch_size=5000)
        Benchmark.objects.bulk_create(benchmarks, batch_size=5000)
        DashboardItem.objects.bulk_create(items, batch_size=5000)
        value_rows, rating_rows = [], []
        for indicator, spec, series, target_list, england in plans:
            points = [(m, v, True) for m, v in zip(months, series, strict=True)]
            rated = calculations.rate_series(
                frequency=periods.MONTHLY,
                unit=spec["unit"],
                polarity=spec["polarity"],
                points=points,
                targets=target_list,
                benchmarks={"england": england},
            )
            for month, value, rating in zip(months, series, rated, strict=True):
                value_rows.append((indicator.pk, month, periods.month_end(month), value))
                rating_rows.append(((indicator.pk, month), rating))
        value_ids = _write_values(value_rows, now)
        _write_ratings(rating_rows, value_ids, now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE performance_indicatorvalue, performance_rating, performance_indicator")
    stdout.write(
        f"performance: {len(indicators)} indicators, {len(value_rows):,} values and ratings, "
        f"{len(targets):,} targets, {len(benchmarks):,} benchmarks in {len(areas)} area(s) "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return len(value_rows)


def _easier(spec):
    if spec["unit"] == calculations.PERCENT:
        return max(spec["target"] - 5, D(0))
    factor = D("0.9") if spec["polarity"] == calculations.HIGHER else D("1.1")
    return (spec["target"] * factor).quantize(D("1"))


def _series(rng, spec, count):
    """A random walk around the area's level: whole for counts, one decimal
    place otherwise; percentages stay within 0–100."""
    unit = spec["unit"]
    level = float(spec["example"]) * rng.uniform(0.6, 1.4)
    if unit == calculations.PERCENT:
        level = min(max(level, 2.0), 98.0)
    values = []
    for _ in range(count):
        step = rng.gauss(0, 2.0) if unit == calculations.PERCENT else rng.gauss(0, 0.04) * max(level, 1.0)
        level = max(level + step, 0.0)
        if unit == calculations.PERCENT:
            level = min(level, 100.0)
        if unit == calculations.COUNT:
            values.append(D(round(level)))
        else:
            values.append(calculations.round_half_up(D(repr(level))))
    return values


VALUE_COLUMNS = [
    "indicator_id", "period", "period_end", "value", "note", "state", "source", "entered_at", "updated_at",
    "submitted_at", "approved_at", "version",
]  # fmt: skip
RATING_COLUMNS = [
    "value_id", "rag", "target", "tolerance", "previous_period", "previous_value", "previous_approved", "change",
    "change_unit", "direction", "arrow", "worsening_run", "england", "england_difference", "region",
    "region_difference", "neighbours", "neighbours_difference", "computed_at",
]  # fmt: skip


def _write_values(rows: list[tuple[Any, ...]], now: datetime) -> dict[tuple[int, Any], int]:
    """Insert the values; return {(indicator_id, period): value id}."""
    indicator_ids = sorted({row[0] for row in rows})
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for indicator_id, period, period_end, value in rows:
            writer.writerow(
                [
                    indicator_id,
                    period,
                    period_end,
                    value,
                    "",
                    ValueState.APPROVED,
                    ValueSource.GENERATED,
                    now,
                    now,
                    now,
                    now,
                    1,
                ]  # fmt: skip
            )
        _copy_csv("performance_indicatorvalue", VALUE_COLUMNS, buffer.getvalue())
    else:
        IndicatorValue.objects.bulk_create(
            (
                IndicatorValue(
                    indicator_id=indicator_id,
                    period=period,
                    period_end=period_end,
                    value=value,
                    state=ValueState.APPROVED,
                    source=ValueSource.GENERATED,
                    submitted_at=now,
                    approved_at=now,
                )  # fmt: skip
                for indicator_id, period, period_end, value in rows
            ),
            batch_size=2000,
        )
    ids = {}
    for chunk_start in range(0, len(indicator_ids), 2000):
        chunk = indicator_ids[chunk_start : chunk_start + 2000]
        for pk, indicator_id, period in IndicatorValue.objects.filter(indicator_id__in=chunk).values_list(
            "pk", "indicator_id", "period"
        ):
            ids[(indicator_id, period)] = pk
    return ids


def _copy_csv(table: str, columns: Sequence[str], text: str) -> None:
    """Load CSV `text` (NULL written as \\N) into `table`'s `columns` by psycopg 3's COPY."""
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy,
    ):
        copy.write(text)


def _write_ratings(
    rows: list[tuple[tuple[int, Any], dict[str, Any]]], value_ids: dict[tuple[int, Any], int], now: datetime
) -> None:
    fields = RATING_COLUMNS[1:-1]
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for key, rating in rows:
            writer.writerow([value_ids[key], *("\\N" if rating[f] is None else rating[f] for f in fields), now])
        _copy_csv("performance_rating", RATING_COLUMNS, buffer.getvalue())
        return
    Rating.objects.bulk_create(
        (Rating(value_id=value_ids[key], computed_at=now, **{f: rating[f] for f in fields}) for key, rating in rows),
        batch_size=2000,
    )
