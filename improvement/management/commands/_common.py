"""Look-ups shared by the improvement commands."""

from django.core.management.base import CommandError

from improvement.models import Plan


def plan_of(area, name):
    """The area's plan called `name` (or with that short name)."""
    found = (
        Plan.objects.filter(local_area=area, name=name).first()
        or Plan.objects.filter(local_area=area, slug=name).first()
    )
    if found is None:
        names = ", ".join(Plan.objects.filter(local_area=area).values_list("name", flat=True)) or "none"
        raise CommandError(f"{area.name} has no plan '{name}'. Its plans: {names}.")
    return found
