"""The scorecard as a file: `manage.py export_scorecard` and the scorecard
page's download write the same columns from selectors.scorecard_rows."""

import csv
import io

from django.http import HttpResponse

EXPORT_COLUMNS = [
    "code",
    "name",
    "unit",
    "period",
    "value",
    "target",
    "rag",
    "previous",
    "change",
    "change_unit",
    "direction",
]


def _cell(value):
    return "" if value is None else str(value)


def scorecard_table(rows):
    """[header, *rows] of the export: one line per indicator."""
    return [EXPORT_COLUMNS] + [[_cell(row[c]) for c in EXPORT_COLUMNS] for row in rows]


def scorecard_csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(scorecard_table(rows))
    return buffer.getvalue()


def scorecard_response(rows, *, area, month, file_format="csv"):
    filename = f"scorecard-{area.code}-{month:%Y-%m}"
    if file_format == "xlsx":
        import tablib

        data = tablib.Dataset(*scorecard_table(rows)[1:], headers=EXPORT_COLUMNS)
        response = HttpResponse(
            data.export("xlsx"), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    response = HttpResponse(scorecard_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
