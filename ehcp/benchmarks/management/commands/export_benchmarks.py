from django.core.management.base import BaseCommand, CommandError

from send_board.models import LocalArea
from send_board.tables_io import csv_text

from ...measures import ALL_MEASURES
from ...models import Geography, Level
from ...selectors import (
    EXPORT_COLUMNS,
    MEASURE_EXPORT_COLUMNS,
    area_benchmark,
    benchmark_for,
    export_rows,
    measure_benchmark,
    measure_export_rows,
)

MEASURE_CHOICES = ["timeliness_20_weeks", *ALL_MEASURES]


class Command(BaseCommand):
    help = (
        "Write a local authority's national benchmarks as CSV, one row per calendar year: "
        + ",".join(EXPORT_COLUMNS)
        + " for --measure timeliness_20_weeks (the default); for the timeline's other measures ("
        + ", ".join(ALL_MEASURES)
        + "): "
        + ",".join(MEASURE_EXPORT_COLUMNS)
        + ". Empty cells where there is no value. --area is a local area's code, or any local "
        "authority's DfE code in the imported statistics (without neighbours unless it is a local area)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE local authority code, e.g. 344.")
        parser.add_argument("--format", default="csv", choices=["csv"], help="Output format (csv).")
        parser.add_argument(
            "--measure", default="timeliness_20_weeks", choices=MEASURE_CHOICES, help="The measure (default: 20 weeks)."
        )
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, area, output=None, measure="timeliness_20_weeks", **options):
        local_area = LocalArea.objects.filter(code=area).first()
        if measure != "timeliness_20_weeks":
            if local_area is None and not Geography.objects.filter(level=Level.LOCAL_AUTHORITY, code=area).exists():
                raise CommandError(
                    f"Unknown --area {area}: no local area or local authority in DfE's imported statistics has "
                    "that code."
                )
            benchmark = measure_benchmark(
                la_code=area,
                measure=measure,
                neighbour_codes=list(local_area.statistical_neighbours or []) if local_area else [],
            )
            if not benchmark.has_figures:
                self.stderr.write(f"DfE's figures for {measure} have not been imported: run import_sen2 first.")
            self._write(measure_export_rows(benchmark), MEASURE_EXPORT_COLUMNS, output)
            return
        if local_area is not None:
            benchmark = area_benchmark(area=local_area)
        elif Geography.objects.filter(level=Level.LOCAL_AUTHORITY, code=area).exists():
            benchmark = benchmark_for(la_code=area)
        else:
            raise CommandError(
                f"Unknown --area {area}: no local area or local authority in DfE's imported statistics has that code."
            )
        if not benchmark.has_figures:
            self.stderr.write("DfE's statistics have not been imported: run import_sen2 first.")
        self._write(export_rows(benchmark), EXPORT_COLUMNS, output)

    def _write(self, rows, header, output):
        text = csv_text(rows, header=header)
        if output:
            with open(output, "w", newline="", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
