from django.core.management.base import BaseCommand, CommandError

from improvement import services
from improvement.models import ReportingPeriod
from send_board.management.areas import area_by_code
from send_board.parsing import parse_month

from ._common import plan_of


class Command(BaseCommand):
    help = (
        "Close a plan's reporting period, as the close_period Celery task does: actions past their milestone "
        "and not complete become Beyond Milestone and are listed for their owners. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE LA code, e.g. 344")
        parser.add_argument("--plan", required=True, help="The plan's name or short name (slug)")
        parser.add_argument("--period", required=True, help="The period's month, YYYY-MM")

    def handle(self, *args, area, plan, period, **options):
        found = plan_of(area_by_code(area), plan)
        try:
            month = parse_month(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        target = ReportingPeriod.objects.filter(plan=found, month=month).first()
        if target is None:
            raise CommandError(f"{found.name} has no reporting period in {period}.")
        result = services.period_close(period_id=target.pk)
        if result.already_closed:
            self.stdout.write(f"{target.label} was already closed; nothing changed.")
            return
        self.stdout.write(
            f"Closed {target.label} of {found.name}: {len(result.marked)} action(s) marked Beyond Milestone."
        )
        for miss in result.marked:
            owner = miss.action.owner or "no owner"
            self.stdout.write(f"  {miss.action.code}\t{miss.action.title}\t{owner}\tmilestone {miss.action.milestone}")
