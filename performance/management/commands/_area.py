"""Shared by the scorecard's commands: how bad rows are reported."""


def row_errors_message(errors):
    lines = [f"Nothing was saved: {len(errors)} problem(s)."]
    for error in errors:
        link = getattr(error, "link", "")
        lines.append(f"  {error}" + (f" (existing value: {link})" if link else ""))
    return "\n".join(lines)
