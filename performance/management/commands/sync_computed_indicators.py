from django.core.management.base import BaseCommand

from performance.computed import computed_indicators_sync
from performance.models import Indicator
from send_board.management.areas import area_by_code


class Command(BaseCommand):
    help = (
        "Fill the computed indicators (EHCP returns, case records, plan counts) from their sources "
        "(one area with --area), as the task does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", help="DfE LA code; all areas when left out")

    def handle(self, *args, area=None, **options):
        if area:
            area_ids = [area_by_code(area).pk]
        else:
            area_ids = list(
                Indicator.objects.exclude(computed_source="").values_list("area_id", flat=True).distinct().order_by()
            )
        changed = sum(computed_indicators_sync(area_id=pk) for pk in area_ids)
        self.stdout.write(
            self.style.SUCCESS(f"{changed} computed indicator value(s) and target(s) created, changed or removed.")
        )
