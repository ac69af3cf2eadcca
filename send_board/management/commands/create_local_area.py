from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from send_board.models import YearStart
from send_board.services import local_area_create


class Command(BaseCommand):
    help = "Create a local area, e.g. --code 344 --name Wirral --ons E08000015 --region 'North West'."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="DfE local authority code (three digits, e.g. 344)")
        parser.add_argument("--name", required=True)
        parser.add_argument("--ons", default="", help="ONS code, e.g. E08000015")
        parser.add_argument("--region", default="")
        parser.add_argument("--year-start", choices=YearStart.values, default=YearStart.FINANCIAL)

    def handle(self, *args, **options):
        try:
            area = local_area_create(
                code=options["code"],
                name=options["name"],
                ons_code=options["ons"],
                region=options["region"],
                year_start=options["year_start"],
            )
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
            raise CommandError(f"Local area not created. {problems}") from None
        self.stdout.write(self.style.SUCCESS(f"Created {area}."))
