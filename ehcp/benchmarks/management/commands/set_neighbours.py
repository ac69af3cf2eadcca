from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from send_board.management.areas import area_by_code

from ...services import neighbours_set, parse_codes


class Command(BaseCommand):
    help = (
        "Set a local area's statistical neighbours: up to ten DfE local authority codes known to the "
        "imported SEN2 statistics, e.g. set_neighbours --area 344 343 342 359. --clear removes them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="The local area's DfE code, e.g. 344.")
        parser.add_argument("codes", nargs="*", help="Neighbour codes, separated by spaces (or commas).")
        parser.add_argument("--clear", action="store_true", help="Remove every neighbour.")

    def handle(self, *args, area, codes, clear=False, **options):
        local_area = area_by_code(area)
        codes = parse_codes(" ".join(codes))
        if clear and codes:
            raise CommandError("Give neighbour codes or --clear, not both.")
        if not codes and not clear:
            raise CommandError("Give up to ten neighbour codes, or --clear to remove every neighbour.")
        try:
            neighbours_set(area=local_area, codes=codes)
        except ValidationError as error:
            raise CommandError("\n".join(error.message_dict.get("codes", error.messages))) from None
        listed = " ".join(local_area.statistical_neighbours) or "none"
        self.stdout.write(self.style.SUCCESS(f"{local_area.name} ({local_area.code}) statistical neighbours: {listed}"))
