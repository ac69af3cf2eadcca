from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ehcp.models import EntryChannel, ReturnStatus
from ehcp.services import returns_import
from send_board.management.areas import area_by_code
from send_board.management.errors import row_errors_error
from send_board.uploads import RowErrors, UploadError


class Command(BaseCommand):
    help = (
        "Import monthly EHCP returns from a CSV or .xlsx file: columns month,issued,within_20_weeks, "
        "optional exceptions,notes (and exceptions by reason, open assessments, and the statutory timeline's "
        "fields: decisions_to_assess,decisions_within_6_weeks and the other pairs, each pair both or neither). "
        "Months as 2020-03, "
        "Mar 2020 or March 2020. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--area", required=True, help="DfE local authority code, e.g. 335")
        parser.add_argument(
            "--status",
            choices=ReturnStatus.values,
            default=ReturnStatus.SUBMITTED,
            help="What the imported returns become (default: submitted, awaiting a lead's approval).",
        )

    def handle(self, *args, file, area, status, **options):
        local_area = area_by_code(area)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            created = returns_import(
                area=local_area, source=path, user=None, status=status, channel=EntryChannel.COMMAND, filename=path.name
            )
        except UploadError as error:
            raise CommandError(f"{path.name}: {error.message}") from None
        except RowErrors as error:
            raise row_errors_error(error.errors, what="returns") from None
        first, last = created[0].month, created[-1].month
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(created)} {status} return(s) for {local_area.name}, {first:%B %Y} to {last:%B %Y}."
            )
        )
