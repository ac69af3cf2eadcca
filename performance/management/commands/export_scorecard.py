from django.core.management.base import BaseCommand, CommandError

from performance.exports import scorecard_csv
from performance.selectors import scorecard_rows
from send_board.management.areas import area_by_code


class Command(BaseCommand):
    help = (
        "Write an area's scorecard as at a month: code,name,unit,period,value,target,rag,previous,change,"
        "change_unit,direction (one line per indicator, its latest value of a period ended by that month)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE LA code, e.g. 344")
        parser.add_argument("--period", required=True, help="The month, YYYY-MM")
        parser.add_argument("--format", default="csv", choices=["csv"])
        parser.add_argument("--output", help="A file to write (default: standard output)")
        parser.add_argument("--approved-only", action="store_true", help="Leave out draft and submitted values.")
        parser.add_argument("--publishable-only", action="store_true", help="Only indicators that may be published.")

    def handle(self, *args, area, period, output, approved_only, publishable_only, **options):
        local_area = area_by_code(area)
        try:
            rows = scorecard_rows(
                area=local_area, period=period, approved_only=approved_only, publishable_only=publishable_only
            )
        except ValueError as error:
            raise CommandError(f"--period: {error}") from None
        text = scorecard_csv(rows)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {len(rows)} indicator(s) to {output}.")
        else:
            self.stdout.write(text, ending="")
