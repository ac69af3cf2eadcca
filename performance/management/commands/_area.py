"""Shared by the scorecard's commands: the --area option."""

from django.core.management.base import CommandError

from send_board.models import LocalArea


def area_from(code):
    try:
        return LocalArea.objects.get(code=code)
    except LocalArea.DoesNotExist:
        raise CommandError(f"There is no local area with code {code}.") from None


def row_errors_message(errors):
    lines = [f"Nothing was saved: {len(errors)} problem(s)."]
    for error in errors:
        link = getattr(error, "link", "")
        lines.append(f"  {error}" + (f" (existing value: {link})" if link else ""))
    return "\n".join(lines)
