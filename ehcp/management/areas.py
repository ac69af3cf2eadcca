"""What the EHCP commands share: reporting bad rows."""

from django.core.management.base import CommandError


def fail_with_row_errors(command, errors, what):
    """Print every bad cell to stderr, then stop with a non-zero exit."""
    for error in errors:
        command.stderr.write(str(error))
    raise CommandError(f"{len(errors)} problem(s) in the file; no {what} were imported.")
