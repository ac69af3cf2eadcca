import sys

from django.core.management.base import BaseCommand

from improvement.models import Action
from improvement.tables import ActionExportTable
from send_board.management.areas import area_by_code
from send_board.tables_io import table_bytes

from ._common import plan_of


class Command(BaseCommand):
    help = (
        "Export an area's actions: columns plan, area_number, code, title, owner, workstream, milestone, "
        "status, brag (the same as the action table's download)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE LA code, e.g. 344")
        parser.add_argument("--plan", help="Only this plan (name or short name)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="A file to write (default: standard output; xlsx needs a file)")

    def handle(self, *args, area, plan, format, output, **options):
        local = area_by_code(area)
        actions = Action.objects.of_area(local).select_related("plan", "area_of_concern", "owner_user", "workstream")
        if plan:
            actions = actions.filter(plan=plan_of(local, plan))
        actions = actions.order_by("plan__name", "sort_key")
        header, *rows = list(ActionExportTable(actions).as_values())
        data = table_bytes(rows, header=header, file_format=format)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"Wrote {len(rows)} action(s) to {output}.")
        elif format == "xlsx":
            sys.stdout.buffer.write(data)
        else:
            self.stdout.write(data.decode(), ending="")
