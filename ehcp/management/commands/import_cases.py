from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ehcp.models import EntryChannel
from ehcp.services import cases_import
from send_board.management.areas import area_by_code
from send_board.management.errors import row_errors_error
from send_board.uploads import RowErrors, UploadError


class Command(BaseCommand):
    help = (
        "Import EHC needs assessment case records (pseudonymous references only) from a CSV or .xlsx file: "
        "columns reference,request_date,decision_date,decision,final_date,exception,closed_date, optional "
        "draft_date,exception_reason,closed_reason and advice dates. A reference already held is updated. "
        "All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--area", required=True, help="DfE local authority code, e.g. 344")

    def handle(self, *args, file, area, **options):
        local_area = area_by_code(area)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = cases_import(
                area=local_area, source=path, user=None, channel=EntryChannel.COMMAND, filename=path.name
            )
        except UploadError as error:
            raise CommandError(f"{path.name}: {error.message}") from None
        except RowErrors as error:
            raise row_errors_error(error.errors, what="cases") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows} case(s) read for {local_area.name}: {result.created} new, {result.updated} updated, "
                f"{result.rows - result.created - result.updated} unchanged."
            )
        )
