from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ehcp import calculations
from ehcp.selectors import case_frame
from send_board.management.areas import area_by_code
from send_board.parsing import parse_date
from send_board.tables_io import write_csv

COLUMNS = [
    "area_code",
    "request_month",
    "received",
    "decided_within_6_weeks",
    "plans_issued",
    "issued_within_20_weeks",
    "closed_without_plan",
    "open",
    "open_beyond_20_weeks",
]


class Command(BaseCommand):
    help = (
        "Write an area's cohorts (case records grouped by the month the request arrived) as at a date, "
        "as CSV to stdout: " + ",".join(COLUMNS) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE local authority code, e.g. 344")
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD: what had happened by the end of that day")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, area, as_of, **options):
        local_area = area_by_code(area)
        try:
            as_of_date = parse_date(as_of)
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from None
        if as_of_date > timezone.localdate():
            raise CommandError(f"--as-of {as_of_date:%Y-%m-%d} is in the future: cohorts are tracked to a past date.")
        cohorts = calculations.cohorts(case_frame(area=local_area), as_of_date)
        rows = (
            [local_area.code, f"{row.request_month:%Y-%m}", *(getattr(row, c) for c in COLUMNS[2:])]
            for row in cohorts.itertuples(index=False)
        )
        write_csv(rows, self.stdout, header=COLUMNS)
