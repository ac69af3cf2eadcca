from django.core.management.base import BaseCommand, CommandError

from improvement import services
from improvement.models import PlanKind
from send_board.management.areas import area_by_code
from send_board.management.errors import row_errors_error
from send_board.uploads import RowErrors, UploadError

from ._common import plan_of


class Command(BaseCommand):
    help = (
        "Import a plan's actions from CSV or XLSX (columns area_number, area_title, code, title, owner, workstream, "
        "milestone, status; optional reason, mitigation). All or nothing; re-importing updates actions by code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--area", required=True, help="DfE LA code, e.g. 344")
        parser.add_argument("--plan", required=True, help="The plan's name (or short name)")
        parser.add_argument(
            "--kind",
            choices=PlanKind.values,
            help="Create the plan with this kind if the area has no plan of that name",
        )
        parser.add_argument(
            "--confirm-early-milestones",
            action="store_true",
            help="Accept milestones dated before the plan's approval date",
        )

    def handle(self, *args, file, area, plan, kind, confirm_early_milestones, **options):
        local = area_by_code(area)
        try:
            target = plan_of(local, plan)
        except CommandError:
            if not kind:
                raise
            target = services.plan_save(area=local, user=None, name=plan, kind=kind)
            self.stdout.write(f"Created the plan {target.name}.")
        try:
            result = services.actions_import(
                plan=target, user=None, source=file, confirm_milestones=confirm_early_milestones
            )
        except FileNotFoundError:
            raise CommandError(f"No file {file}.") from None
        except UploadError as error:
            raise CommandError(error.message) from None
        except RowErrors as error:
            raise row_errors_error(error.errors, what="actions") from None
        except services.ImportNeedsConfirmation as error:
            for warning in error.warnings:
                self.stderr.write(f"Row {warning.row}: milestone {warning.value} is {warning.message}")
            raise CommandError(
                "Milestones before the plan's approval date: check them, then run again with "
                "--confirm-early-milestones if they are right. Nothing was imported."
            ) from None
        self.stdout.write(
            f"{target.name}: {result.created} action(s) created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
