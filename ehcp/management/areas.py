"""What the EHCP commands share: finding the --area and reporting bad rows."""

from django.core.management.base import CommandError

from send_board.models import LocalArea


def area_by_code(code):
    """The local area with DfE code `code`, or a CommandError naming the known ones."""
    try:
        return LocalArea.objects.get(code=str(code).strip())
    except LocalArea.DoesNotExist:
        known = ", ".join(LocalArea.objects.order_by("code").values_list("code", flat=True)[:20]) or "none yet"
        raise CommandError(f"There is no local area with code '{code}'. Known codes: {known}.") from None


def fail_with_row_errors(command, errors, what):
    """Print every bad cell to stderr, then stop with a non-zero exit."""
    for error in errors:
        command.stderr.write(str(error))
    raise CommandError(f"{len(errors)} problem(s) in the file; no {what} were imported.")
