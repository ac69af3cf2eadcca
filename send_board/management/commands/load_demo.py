from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from send_board import demo


class Command(BaseCommand):
    help = (
        "Load the demo: Wirral, Walsall and Sefton with one user per role, then each app's "
        "demo data (its demo.py). Replaces any earlier demo data of those three areas."
    )

    def handle(self, *args, **options):
        areas = demo.load_areas_and_users()
        self.stdout.write(f"Local areas: {', '.join(str(a) for a in areas.values())}")
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name == "send_board" or find_spec(config.name) is None or find_spec(module_name) is None:
                continue
            import_module(module_name).load(areas=areas, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo loaded. Sign in at http://127.0.0.1:8000/accounts/login/ as:"))
        for username, role, area_names in demo.demo_credentials():
            self.stdout.write(f"  {username:<8} password {demo.DEMO_PASSWORD}  ({role}: {area_names})")
