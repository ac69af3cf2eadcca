from django.core.management.base import BaseCommand, CommandError

from improvement import selectors
from send_board.management.areas import area_by_code
from send_board.parsing import parse_month
from send_board.tables_io import write_csv

from ._common import plan_of


class Command(BaseCommand):
    help = (
        "Export the programme status table: columns status, current, previous – the count of actions in each "
        "status in the period of the given month, and in each plan's period before it (the area's active plans, "
        "summed, or one plan). Closed periods give their counts as they stood at close."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE LA code, e.g. 335")
        parser.add_argument("--period", required=True, help="The period's month, YYYY-MM")
        parser.add_argument("--plan", help="Only this plan (name or short name)")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, area, period, plan, **options):
        local = area_by_code(area)
        try:
            month = parse_month(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            labels, rows = selectors.status_summary(
                area=local, month=month, plan=plan_of(local, plan) if plan else None
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        table = [[row["label"], row["current"], row["previous"]] for row in rows]
        write_csv(table, self.stdout, header=["status", "current", "previous"])
        self.stderr.write("; ".join(labels))
