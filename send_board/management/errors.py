"""How every import command reports a file's bad rows."""

from django.core.management.base import CommandError

ROW_ERRORS_PRINTED = 100


def row_errors_error(errors, *, what="rows"):
    """A CommandError (non-zero exit) listing the first ROW_ERRORS_PRINTED bad
    cells, each with its row, column, value and rule, and how many more."""
    lines = [f"Nothing was saved: {len(errors)} problem(s) in the file; no {what} were imported."]
    for error in errors[:ROW_ERRORS_PRINTED]:
        link = getattr(error, "link", "")
        lines.append(f"  {error}" + (f" (existing value: {link})" if link else ""))
    if len(errors) > ROW_ERRORS_PRINTED:
        lines.append(f"  … and {len(errors) - ROW_ERRORS_PRINTED} more.")
    return CommandError("\n".join(lines))
