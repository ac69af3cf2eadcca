"""The --area option every command shares: a DfE code to a LocalArea."""

from django.core.management.base import CommandError

from send_board.models import LocalArea


def area_by_code(code):
    """The local area with DfE code `code`, or a CommandError that names the
    known codes and how to add an area."""
    try:
        return LocalArea.objects.get(code=str(code).strip())
    except LocalArea.DoesNotExist:
        known = ", ".join(LocalArea.objects.order_by("code").values_list("code", flat=True)[:20]) or "none yet"
        raise CommandError(
            f"There is no local area with code '{code}'. Known codes: {known}. "
            "Add one with: python manage.py create_local_area --code CODE --name NAME"
        ) from None
