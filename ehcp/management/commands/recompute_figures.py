import time

from django.core.management.base import BaseCommand

from ehcp.services import figures_recompute, figures_recompute_all
from send_board.management.areas import area_by_code


class Command(BaseCommand):
    help = (
        "Recompute stored EHCP figures now, without Celery: one area (--area CODE) or every area. "
        "The same work as the recompute tasks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", help="DfE local authority code; every area when left out")

    def handle(self, *args, area=None, **options):
        started = time.perf_counter()
        if area:
            local_area = area_by_code(area)
            figures_recompute(area_id=local_area.pk)
            what = local_area.name
        else:
            what = f"{figures_recompute_all()} area(s)"
        self.stdout.write(
            self.style.SUCCESS(f"Recomputed EHCP figures of {what} in {time.perf_counter() - started:.1f} s.")
        )
