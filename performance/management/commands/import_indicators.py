from django.core.management.base import BaseCommand, CommandError

from performance.imports import INDICATOR_COLUMNS, INDICATOR_OPTIONAL, indicators_import
from send_board.management.areas import area_by_code
from send_board.management.errors import row_errors_error
from send_board.uploads import RowErrors, UploadError


class Command(BaseCommand):
    help = (
        "Define or update an area's indicators from a CSV or XLSX file with columns "
        f"{','.join(INDICATOR_COLUMNS)} (optional: {','.join(INDICATOR_OPTIONAL)}). "
        "A code repeated with a later target_from adds the target that applies from then on. "
        "All-or-nothing: a file with any bad row saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--area", required=True, help="DfE LA code, e.g. 344")

    def handle(self, *args, file, area, **options):
        local_area = area_by_code(area)
        try:
            summary = indicators_import(area=local_area, source=file)
        except FileNotFoundError:
            raise CommandError(f"No file {file}.") from None
        except UploadError as error:
            raise CommandError(error.message) from None
        except RowErrors as error:
            raise row_errors_error(error.errors, what="indicators") from None
        self.stdout.write(self.style.SUCCESS(f"{local_area.name}: {summary}"))
