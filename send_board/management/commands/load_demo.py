from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from send_board import demo, queue


class Command(BaseCommand):
    help = (
        "Load the demo: Wirral, Walsall and Sefton with one user per role, then each app's demo data (its "
        "demo.py). Replaces the demo areas and everything entered in them; other areas are never touched. "
        "With --first-start, does nothing when the demo areas exist already (make run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--first-start",
            action="store_true",
            help="Load only when the demo areas do not exist yet, so that what was entered in them is kept.",
        )
        parser.add_argument("--host", default="127.0.0.1", help="The address the site is served on (sign-in hint).")
        parser.add_argument("--port", default="8000", help="The port the site is served on (sign-in hint).")

    def handle(self, *args, first_start=False, host="127.0.0.1", port="8000", **options):
        sign_in = f"http://{host}:{port}/accounts/login/"
        present = demo.demo_areas_present()
        if first_start and present:
            self.stdout.write(
                f"The demo areas are loaded already ({', '.join(a.name for a in present)}): kept as they are, "
                "with everything entered in them. `make demo` reloads the demo from scratch."
            )
            self._credentials(sign_in)
            return
        if present:
            self.stdout.write("Reloading the demo. Deleting the demo areas and everything entered in them:")
            for area in present:
                self.stdout.write(f"  {area}: {self._contents(area)}")
        others = demo.other_areas()
        if others:
            self.stdout.write(
                f"Other areas are left as they are ({len(others)}: "
                + ", ".join(str(a) for a in others[:10])
                + (", …" if len(others) > 10 else "")
                + ")."
            )
        try:
            areas = demo.load_areas_and_users()
        except demo.NotDemoData as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Local areas: {', '.join(str(a) for a in areas.values())}")
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name == "send_board" or find_spec(config.name) is None or find_spec(module_name) is None:
                continue
            # Each app's recomputes run once at the end of its demo, not once per row it saves.
            with queue.coalesced():
                import_module(module_name).load(areas=areas, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self._credentials(sign_in)

    def _credentials(self, sign_in):
        self.stdout.write(f"Sign in at {sign_in} as:")
        for username, role, area_names in demo.demo_credentials():
            self.stdout.write(f"  {username:<8} password {demo.DEMO_PASSWORD}  ({role}: {area_names})")

    def _contents(self, area):
        """What deleting the area deletes, in words: the counts of its related rows."""
        counted = []
        for relation in area._meta.related_objects:
            if not relation.one_to_many or relation.related_model._meta.app_label == "send_board":
                continue
            accessor = relation.get_accessor_name()
            count = getattr(area, accessor).count()
            if count:
                counted.append(f"{count:,} {relation.related_model._meta.verbose_name_plural}")
        memberships = area.memberships.aggregate(n=Count("pk"))["n"]
        counted.append(f"{memberships} membership(s)")
        return ", ".join(counted)
