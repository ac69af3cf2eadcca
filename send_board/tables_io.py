"""Write every table the site hands out, as CSV or XLSX: pages and commands,
signed-in and public. The one place spreadsheet formulas are neutralised: a
text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading `'`, so Excel and LibreOffice show it as text instead of running it
(OWASP's CSV injection advice). Numbers stay numbers, negative ones included.
"""

import csv
import io
import itertools
import re
from decimal import Decimal

import openpyxl
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-3", "+2.5") is a number to a spreadsheet, not a formula.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    """A cell as written: numbers as they are, None as blank, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(rows, out, *, header=None):
    """Write `rows` (and `header` first) as CSV to the text stream `out`."""
    writer = csv.writer(out, lineterminator="\n")
    if header is not None:
        writer.writerow([safe_cell(c) for c in header])
    writer.writerows([safe_cell(c) for c in row] for row in rows)


def csv_text(rows, *, header=None):
    buffer = io.StringIO()
    write_csv(rows, buffer, header=header)
    return buffer.getvalue()


def xlsx_bytes(rows, *, header=None, title="Sheet1"):
    """An .xlsx workbook of one sheet holding `header` and `rows`."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    if header is not None:
        sheet.append([safe_cell(c) for c in header])
    for row in rows:
        sheet.append([safe_cell(c) for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_bytes(rows, *, header=None, file_format="csv"):
    if file_format == "xlsx":
        return xlsx_bytes(rows, header=header)
    if file_format == "csv":
        return csv_text(rows, header=header).encode()
    raise ValueError(f"Unknown table format '{file_format}': use csv or xlsx.")


def download_headers(filename):
    """The headers of a download named `filename`: the one place Content-Disposition is set."""
    return {"Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)}


def attachment(content, *, filename, content_type, status=200):
    """A download response (a table, a PDF) named `filename`."""
    return HttpResponse(content, content_type=content_type, status=status, headers=download_headers(filename))


def table_response(rows, *, header=None, filename, file_format="csv"):
    """`rows` as a CSV or XLSX download named `filename`.`file_format`."""
    content = table_bytes(rows, header=header, file_format=file_format)
    return attachment(content, filename=f"{filename}.{file_format}", content_type=CONTENT_TYPES[file_format])


def tables2_response(table, *, filename, file_format="csv"):
    """A django-tables2 table's export (its `as_values()`) as a download."""
    header, *rows = list(table.as_values())
    return table_response(rows, header=header, filename=filename, file_format=file_format)


class _Echo:
    """A file-like object whose write returns what it is given (for streaming)."""

    def write(self, value):
        return value


def streaming_csv_response(rows, *, header=None, filename):
    """`rows` (an iterable read as it streams) as a CSV download named `filename`.csv,
    for tables too long to build in memory; cells neutralised as everywhere."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    lines = ([safe_cell(c) for c in row] for row in rows)
    if header is not None:
        lines = itertools.chain([[safe_cell(c) for c in header]], lines)
    return StreamingHttpResponse(
        (writer.writerow(line) for line in lines),
        content_type=CONTENT_TYPES["csv"],
        headers=download_headers(f"{filename}.csv"),
    )
