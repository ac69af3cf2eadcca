import random
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from send_board.models import LocalArea

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
# DfE codes 500-699 belong to no real local authority, so synthetic areas never
# collide with real ones (or with the demo areas).
FIRST_CODE = 500


class Command(BaseCommand):
    help = (
        "Make deterministic synthetic data at national scale for benchmarks: N synthetic areas, "
        "then each app's scale_data.generate(). Replaces earlier synthetic areas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--areas", type=int, default=153)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, areas, years, seed, **options):
        if not 1 <= areas <= 200:
            raise CommandError("--areas must be between 1 and 200.")
        if not 1 <= years <= 20:
            raise CommandError("--years must be between 1 and 20.")
        rng = random.Random(seed)
        codes = [f"{FIRST_CODE + i:03d}" for i in range(200)]
        LocalArea.objects.filter(code__in=codes).delete()
        created = LocalArea.objects.bulk_create(
            LocalArea(
                code=codes[i],
                name=f"Synthetic area {i + 1:03d}",
                region=REGIONS[i % len(REGIONS)],
                year_start="financial" if rng.random() < 0.7 else "calendar",
            )
            for i in range(areas)
        )
        area_codes = [a.code for a in created]
        for area in created:
            area.statistical_neighbours = rng.sample(
                [c for c in area_codes if c != area.code], min(10, len(area_codes) - 1)
            )
        LocalArea.objects.bulk_update(created, ["statistical_neighbours"])
        self.stdout.write(f"{len(created)} synthetic areas ({area_codes[0]}–{area_codes[-1]}).")
        for config in apps.get_app_configs():
            module_name = f"{config.name}.scale_data"
            if config.name == "send_board" or find_spec(module_name) is None:
                continue
            import_module(module_name).generate(
                areas=list(LocalArea.objects.filter(code__in=area_codes)), years=years, seed=seed, stdout=self.stdout
            )
