from django.core.management.base import BaseCommand

from performance.models import Indicator
from performance.services import ratings_recompute
from send_board.management.areas import area_by_code


class Command(BaseCommand):
    help = "Store the ratings of every value (of one area with --area), as the nightly task does, synchronously."

    def add_arguments(self, parser):
        parser.add_argument("--area", help="DfE LA code; all areas when left out")

    def handle(self, *args, area=None, **options):
        indicators = Indicator.objects.all()
        if area:
            indicators = indicators.filter(area=area_by_code(area))
        ids = list(indicators.values_list("pk", flat=True))
        rated = sum(ratings_recompute(indicator_id=pk) for pk in ids)
        self.stdout.write(self.style.SUCCESS(f"Rated {rated} value(s) of {len(ids)} indicator(s)."))
