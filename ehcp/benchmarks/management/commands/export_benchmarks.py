from django.core.management.base import BaseCommand, CommandError

from send_board.models import LocalArea
from send_board.tables_io import csv_text

from ...models import Geography, Level
from ...selectors import EXPORT_COLUMNS, area_benchmark, benchmark_for, export_rows


class Command(BaseCommand):
    help = (
        "Write a local authority's national benchmarks as CSV, one row per calendar year: "
        + ",".join(EXPORT_COLUMNS)
        + ". Empty cells where there is no value. --area is a local area's code, or any local "
        "authority's DfE code in the imported statistics (without neighbours unless it is a local area)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE local authority code, e.g. 344.")
        parser.add_argument("--format", default="csv", choices=["csv"], help="Output format (csv).")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, area, output=None, **options):
        local_area = LocalArea.objects.filter(code=area).first()
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
        text = csv_text(export_rows(benchmark), header=EXPORT_COLUMNS)
        if output:
            with open(output, "w", newline="", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
