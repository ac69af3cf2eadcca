"""The scorecard as a file: `manage.py export_scorecard` and the scorecard
page's download write the same columns from selectors.scorecard_rows."""

from send_board.tables_io import csv_text, table_response

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


def scorecard_table(rows):
    """The export's rows, one per indicator: numbers stay numbers."""
    return [[row[c] for c in EXPORT_COLUMNS] for row in rows]


def scorecard_csv(rows):
    return csv_text(scorecard_table(rows), header=EXPORT_COLUMNS)


def scorecard_response(rows, *, area, month, file_format="csv"):
    return table_response(
        scorecard_table(rows),
        header=EXPORT_COLUMNS,
        filename=f"scorecard-{area.code}-{month:%Y-%m}",
        file_format=file_format,
    )
