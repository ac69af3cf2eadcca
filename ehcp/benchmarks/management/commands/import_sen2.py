from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from send_board.management.errors import row_errors_error
from send_board.uploads import RowErrors, UploadError

from ...services import sen2_import


class Command(BaseCommand):
    help = (
        "Import one of DfE's 'Education, health and care plans' files, recognised by its columns: "
        "timeliness_20_week.csv (or the release's ZIP holding it), requests.csv, assessments.csv, "
        "annual_reviews.csv, or the tribunal appeal-rate table as published. Idempotent: the same file "
        "is stored once; a newer release replaces the years it holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to one of DfE's files (or the release's data ZIP).")
        parser.add_argument("--published", help="Date DfE published the release, e.g. 2025-06-26.")
        parser.add_argument(
            "--reporting-year", type=int, help="DfE's reporting year (default: the file's last calendar year + 1)."
        )
        parser.add_argument("--title", default="", help="The release's title (default: from the reporting year).")

    def handle(self, *args, file, published=None, reporting_year=None, title="", **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        published_on = None
        if published:
            try:
                published_on = date.fromisoformat(published)
            except ValueError:
                raise CommandError(f"--published '{published}' is not a date: write it as 2025-06-26.") from None
        try:
            outcome = sen2_import(
                source=path,
                file_name=path.name,
                imported_via="import_sen2 command",
                published_on=published_on,
                reporting_year=reporting_year,
                title=title,
            )
        except UploadError as error:
            raise CommandError(error.message) from None
        except RowErrors as error:
            raise row_errors_error(error.errors, what="statistics") from None
        self.stdout.write(self.style.SUCCESS(outcome.message))
        for flagged in outcome.release.report.get("flagged", []) if outcome.created else []:
            self.stdout.write(
                f"  Flagged row {flagged['row']}: {flagged['geography']} {flagged['year']} {flagged['breakdown']}, "
                f"{flagged['column']} published {flagged['published']}, counts give {flagged['computed']} "
                f"({flagged['within']} of {flagged['issued']})."
            )
        for note in outcome.release.report.get("notes", []) if outcome.created else []:
            self.stdout.write(f"  Note: {note}")
