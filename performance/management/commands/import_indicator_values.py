from django.core.management.base import BaseCommand, CommandError

from performance.imports import VALUE_COLUMNS, values_import
from performance.models import ValueSource
from send_board.management.areas import area_by_code
from send_board.management.errors import row_errors_error
from send_board.uploads import RowErrors, UploadError


class Command(BaseCommand):
    help = (
        f"Add an area's indicator values from a CSV or XLSX file with columns {','.join(VALUE_COLUMNS)}. "
        "Periods: 2024-07 (monthly), 2024-Q2 (quarterly), 2024-T1/T2/T3 (termly: spring, summer, autumn), "
        "2024 (annual). Saved as submitted, or approved with --approve. All-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--area", required=True, help="DfE LA code, e.g. 344")
        parser.add_argument("--approve", action="store_true", help="Save the values as approved.")

    def handle(self, *args, file, area, approve, **options):
        local_area = area_by_code(area)
        try:
            summary = values_import(area=local_area, source=file, approve=approve, origin=ValueSource.COMMAND)
        except FileNotFoundError:
            raise CommandError(f"No file {file}.") from None
        except UploadError as error:
            raise CommandError(error.message) from None
        except RowErrors as error:
            raise row_errors_error(error.errors, what="values") from None
        self.stdout.write(self.style.SUCCESS(f"{local_area.name}: {summary} Ratings are queued."))
