"""Read an uploaded or named CSV/XLSX file into a table of strings, refusing
what is too big, not a spreadsheet, empty, or has missing or unknown columns.

Apps validate the rows themselves and collect `RowError`s; an import saves
nothing unless every row is good (all-or-nothing, in one transaction).
"""

import csv
import io
import os
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.http import HttpResponse

XLSX_MAGIC = b"PK\x03\x04"


class UploadError(Exception):
    """The file as a whole cannot be read; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    """One broken rule in one cell. `row` is the spreadsheet row number
    (the header is row 1, so the first data row is row 2)."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self):
        return f"Row {self.row}, column {self.column} ('{self.value}'): {self.message}"


class RowErrors(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} row error(s)")
        self.errors = list(errors)


def _size_of(source):
    if isinstance(source, (str, os.PathLike)):
        return os.path.getsize(source)
    size = getattr(source, "size", None)
    if size is not None:
        return size
    position = source.tell()
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def _name_of(source):
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return getattr(source, "name", "") or ""


def read_table(source, *, required, optional=(), max_bytes=None):
    """Return a DataFrame of stripped strings with lower-case column names.

    `source` is a path or a file object (a Django UploadedFile included).
    Raises UploadError naming what is wrong, before reading more than the
    first bytes of a file that is too large.
    """
    max_bytes = max_bytes or settings.MAX_UPLOAD_BYTES
    size = _size_of(source)
    if size > max_bytes:
        raise UploadError(
            f"The file is {size / 1_048_576:.1f} MB; the largest accepted is {max_bytes / 1_048_576:.0f} MB. "
            "Split it into smaller files."
        )
    if size == 0:
        raise UploadError("The file is empty. Use the template: a header row, then one row per record.")
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            raw = handle.read()
    else:
        source.seek(0)
        raw = source.read()
    frame = _parse(raw, _name_of(source))
    return _check_columns(frame, required=list(required), optional=list(optional))


def _parse(raw, name):
    if raw.startswith(XLSX_MAGIC):
        try:
            frame = pd.read_excel(io.BytesIO(raw), dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception:
            raise UploadError("The file looks like a spreadsheet but could not be opened as .xlsx.") from None
        return frame
    if b"\x00" in raw[:4096] or name.lower().endswith((".xls", ".pdf", ".docx", ".zip")):
        raise UploadError("The file is not a CSV or .xlsx spreadsheet. Save it as CSV (UTF-8) or .xlsx and try again.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise UploadError("The file is not readable text. Save it as CSV (UTF-8) or .xlsx.") from None
    if not text.strip():
        raise UploadError("The file is empty. Use the template: a header row, then one row per record.")
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, csv.Error) as error:
        raise UploadError(f"The file could not be read as CSV: {error}") from None


def _check_columns(frame, *, required, optional):
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    frame = frame.loc[:, [c for c in frame.columns if not c.startswith("unnamed:")]]
    columns = list(frame.columns)
    missing = [c for c in required if c not in columns]
    unknown = [c for c in columns if c not in required and c not in optional]
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if problems:
        expected = ", ".join(required) + (f" (optional: {', '.join(optional)})" if optional else "")
        raise UploadError(f"The header row has {'; '.join(problems)}. Expected: {expected}.")
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.map(lambda v: str(v).strip())
    frame = frame.loc[~(frame == "").all(axis=1)]
    if frame.empty:
        raise UploadError("The file has a header row but no data rows.")
    return frame


def rows(frame):
    """(spreadsheet row number, {column: text}) for each data row."""
    for index, record in zip(frame.index, frame.to_dict("records"), strict=True):
        yield index + 2, record


def template_response(*, columns, example_rows, filename, file_format="csv"):
    """A downloadable template: the header row and worked example rows."""
    frame = pd.DataFrame(example_rows, columns=columns)
    if file_format == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, engine="openpyxl")
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    response = HttpResponse(frame.to_csv(index=False), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
