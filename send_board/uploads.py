"""Read an uploaded or named CSV/XLSX file into a table of strings, refusing
what is too big, not a spreadsheet, empty, or has missing or unknown columns.

Every import validates its rows with the Django form the web entry uses
(`form_rows`), so a rule and its message exist once; each broken rule becomes
a `RowError` (row, column, value, rule). An import saves nothing unless every
row is good (all-or-nothing, in one transaction).
"""

import csv
import io
import logging
import os
import re
import secrets
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import openpyxl
import pandas as pd
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from .tables_io import table_response

XLSX_MAGIC = b"PK\x03\x04"
logger = logging.getLogger(__name__)
# Generous room for a cell's XML and the workbook's other parts.
XLSX_BYTES_PER_CELL = 100


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


PROBLEMS_SHOWN = 100
PROBLEMS_KEPT_SECONDS = 60 * 60
PROBLEM_COLUMNS = ["row", "column", "value", "problem"]


@dataclass(frozen=True)
class Problems:
    """What an upload page shows of a file's row errors: the first
    PROBLEMS_SHOWN, how many more there are, and where to download them all
    (blank when they all show, or the cache could not keep them)."""

    shown: list
    total: int
    download_url: str = ""

    @property
    def more(self):
        return self.total - len(self.shown)


def _problems_key(token):
    return f"upload-problems:{token}"


def problems_for_page(errors, *, user, area):
    """The Problems of an upload by `user` in `area`. The full list, when
    longer than a page, is kept server-side for an hour under an unguessable
    token; only the same user, in the same area, can download it."""
    errors = list(errors)
    url = ""
    if len(errors) > PROBLEMS_SHOWN:
        token = secrets.token_urlsafe(24)
        kept = {"user": user.pk, "area": area.pk, "rows": [[e.row, e.column, e.value, e.message] for e in errors]}
        try:
            cache.set(_problems_key(token), kept, PROBLEMS_KEPT_SECONDS)
        except Exception:  # the cache is down: the page still lists the first problems
            logger.warning("Could not keep an upload's %s problems for download", len(errors), exc_info=True)
        else:
            url = reverse("upload_problems", kwargs={"code": area.code, "token": token})
    return Problems(shown=errors[:PROBLEMS_SHOWN], total=len(errors), download_url=url)


def kept_problems(*, token, user, area):
    """The rows kept by problems_for_page for this user and area, or None."""
    try:
        kept = cache.get(_problems_key(token))
    except Exception:
        logger.warning("Could not read an upload's kept problems", exc_info=True)
        return None
    if not kept or kept["user"] != user.pk or kept["area"] != area.pk:
        return None
    return kept["rows"]


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


def _limits():
    return settings.UPLOAD_MAX_ROWS, settings.UPLOAD_MAX_CELLS


def _too_many_rows(max_rows):
    return UploadError(
        f"The file has more than {max_rows:,} data rows, the most one upload may hold. "
        "Split it into smaller files; nothing was read further or saved."
    )


def _too_many_cells(max_cells):
    return UploadError(
        f"The file has more than {max_cells:,} cells (rows × columns), the most one upload may hold. "
        "Remove empty columns and rows, or split it into smaller files; nothing was read further or saved."
    )


def read_table(source, *, required, optional=(), max_bytes=None):
    """Return a DataFrame of stripped strings with lower-case column names,
    indexed so that `rows()` gives each row's spreadsheet row number.

    `source` is a path or a file object (a Django UploadedFile included).
    Raises UploadError naming what is wrong, before reading more than the
    first bytes of a file that is too large, and before reading past
    UPLOAD_MAX_ROWS data rows or UPLOAD_MAX_CELLS cells.
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
    header, records = _parse(raw, _name_of(source))
    return _check_columns(header, records, required=list(required), optional=list(optional))


def _parse(raw, name):
    """(header, [(row number, cells)]) of the file, within the limits."""
    if raw.startswith(XLSX_MAGIC):
        return _parse_xlsx(raw)
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
    return _bounded(_csv_rows(text))


def _csv_rows(text):
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    try:
        yield from reader
    except csv.Error as error:
        raise UploadError(f"The file could not be read as CSV: {error}") from None


def check_csv_bounds(text):
    """Refuse CSV text beyond the row and cell limits, counting while streaming
    (for readers that parse the text themselves, such as SEN2's). Text with
    no more line breaks than the row limit and no more separators than the
    cell limit is within both (quoted commas and line breaks only overcount),
    and is not parsed here at all."""
    max_rows, max_cells = _limits()
    breaks = text.count("\n") + text.count("\r")
    if breaks <= max_rows and text.count(",") + breaks + 1 <= max_cells:
        return
    for _row in _bounded_rows(_csv_rows(text)):
        pass


def _bounded_rows(cell_rows):
    """Yield (row number, cells) of an iterable of rows, the header first as
    row 1, refusing the file as soon as it passes the limits."""
    max_rows, max_cells = _limits()
    cells = 0
    for number, row in enumerate(cell_rows, start=1):
        if number - 1 > max_rows:
            raise _too_many_rows(max_rows)
        cells += len(row)
        if cells > max_cells:
            raise _too_many_cells(max_cells)
        yield number, row


def _bounded(cell_rows):
    header, records = None, []
    for number, row in _bounded_rows(cell_rows):
        if header is None:
            header = row
        else:
            records.append((number, row))
    if header is None:
        raise UploadError("The file is empty. Use the template: a header row, then one row per record.")
    return header, records


def _parse_xlsx(raw):
    """Stream the first sheet with openpyxl's read-only mode: its declared
    size is checked first, then rows are counted as they are read, so a
    sparse sheet (a cell at XFD1 and another at row 20,000) is refused
    without ever being laid out in memory."""
    max_rows, max_cells = _limits()
    _check_expansion(raw, max_cells)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:
        raise UploadError("The file looks like a spreadsheet but could not be opened as .xlsx.") from None
    try:
        declared_rows, declared_columns = sheet.max_row, sheet.max_column
        if declared_rows and declared_columns:
            if declared_rows - 1 > max_rows:
                raise _too_many_rows(max_rows)
            if declared_rows * declared_columns > max_cells:
                raise _too_many_cells(max_cells)
        return _bounded([_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
    except UploadError:
        raise
    except Exception:
        raise UploadError("The file looks like a spreadsheet but could not be opened as .xlsx.") from None
    finally:
        workbook.close()


def _check_expansion(raw, max_cells):
    """Refuse a workbook whose parts unpack to more than a sheet within the
    cell limit could need (a zip bomb), before openpyxl unpacks any of it."""
    try:
        expanded = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    except zipfile.BadZipFile:
        raise UploadError("The file looks like a spreadsheet but could not be opened as .xlsx.") from None
    if expanded > max_cells * XLSX_BYTES_PER_CELL:
        raise UploadError(
            f"The spreadsheet unpacks to {expanded / 1_048_576:,.0f} MB, more than a sheet of "
            f"{max_cells:,} cells needs. Save only the rows and columns the template asks for."
        )


def _cell_text(value):
    """A spreadsheet cell as the text a person would type: whole numbers
    without '.0', decimals in full (never an exponent), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _column_name(cell):
    """A header cell as a column name: letter case, outer spaces and the
    spaces or hyphens between words aside ("Within 20 weeks" is within_20_weeks)."""
    return re.sub(r"[\s-]+", "_", str(cell).strip().lower())


def _header_below(records, required):
    """The row number of a row near the top that names every required column
    (a title or a note above the header), or None."""
    for number, cells in records[:10]:
        if set(required) <= {_column_name(cell) for cell in cells}:
            return number
    return None


def _check_columns(header, records, *, required, optional):
    columns = [_column_name(c) for c in header]
    kept = [i for i, c in enumerate(columns) if c]
    names = [columns[i] for i in kept]
    repeated = sorted({c for c in names if names.count(c) > 1})
    if repeated:
        raise UploadError(f"The header row names these columns twice (letter case aside): {', '.join(repeated)}.")
    missing = [c for c in required if c not in names]
    unknown = [c for c in names if c not in required and c not in optional]
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if required and missing == required and (below := _header_below(records, required)):
        above = "the row" if below == 2 else f"the {below - 1} rows"
        raise UploadError(
            f"Row {below} names the columns, but the header must be the first row: delete {above} above it "
            "(a title or notes) and upload the file again. Nothing was saved."
        )
    if problems:
        expected = ", ".join(required) + (f" (optional: {', '.join(optional)})" if optional else "")
        raise UploadError(f"The header row has {'; '.join(problems)}. Expected: {expected}.")
    _check_no_stray_cells(columns, records)
    absent = [c for c in optional if c not in names]
    data, index = [], []
    for number, cells in records:
        values = [cells[i].strip() if i < len(cells) else "" for i in kept]
        if any(values):
            data.append(values + [""] * len(absent))
            index.append(number - 2)
    if not data:
        raise UploadError("The file has a header row but no data rows.")
    return pd.DataFrame(data, columns=names + absent, index=index, dtype=object)


def _row_numbers(numbers):
    """'Row 3', 'Rows 3 and 7', 'Rows 3, 7, 9 … and 12 more'."""
    if len(numbers) == 1:
        return f"Row {numbers[0]}"
    shown, more = numbers[:10], len(numbers) - 10
    if more > 0:
        return f"Rows {', '.join(map(str, shown))} and {more} more"
    return f"Rows {', '.join(map(str, shown[:-1]))} and {shown[-1]}"


def _check_no_stray_cells(columns, records):
    """Refuse the file when a data row holds a value the header names no
    column for: past the header's last column (most often a value holding
    an unquoted comma, such as 12,000 or a note, which moves every later cell
    along one), or under a header cell left blank. Either would be read
    wrongly or dropped without a word; nothing is saved."""
    width = len(columns)
    unnamed = [i for i, c in enumerate(columns) if not c]
    beyond = [n for n, cells in records if any(str(c).strip() for c in cells[width:])]
    if beyond:
        verb = "has" if len(beyond) == 1 else "have"
        raise UploadError(
            f"{_row_numbers(beyond)} {verb} more cells than the header row has columns ({width}). A value "
            "holding a comma, such as 12,000 or a note, must be in quotes, or written without the comma "
            "(a spreadsheet program adds the quotes when it saves as CSV). Nothing was saved."
        )
    stray = [n for n, cells in records if any(i < len(cells) and str(cells[i]).strip() for i in unnamed)]
    if stray:
        verb = "has" if len(stray) == 1 else "have"
        positions = ", ".join(str(i + 1) for i in unnamed)
        raise UploadError(
            f"{_row_numbers(stray)} {verb} a value in a column with no name in the header row (column "
            f"{positions}): name the column in the header row or clear those cells. Nothing was saved."
        )


def rows(frame):
    """(spreadsheet row number, {column: text}) for each data row."""
    for index, record in zip(frame.index, frame.to_dict("records"), strict=True):
        yield index + 2, record


@dataclass
class FormRow:
    """One data row as a form read it: its spreadsheet row number, its cells,
    the form's cleaned values (those of the cells it could read) and the
    row's errors so far. An import adds the errors of its own cross-row rules
    with `refuse` and keeps the row when `errors` stays empty."""

    row: int
    record: dict
    cleaned: dict
    errors: list

    @property
    def good(self) -> bool:
        return not self.errors

    def refuse(self, column: str, message: str, value: str | None = None) -> None:
        self.errors.append(RowError(self.row, column, self.record.get(column, "") if value is None else value, message))

    def refuse_all(self, problems: Mapping[str, object] | Iterable[tuple[str, object]]) -> None:
        """Add a service's problems ({column: message} or [(column, message)])."""
        for column, message in problems.items() if isinstance(problems, Mapping) else problems:
            self.refuse(column, str(message))


def form_errors(form: forms.BaseForm, *, row: int, record: Mapping[str, str]) -> list[RowError]:
    """A validated form's errors as RowErrors: each field's messages in its
    column (a form field reads the column of its name), the form's own
    (non-field) errors in the column of its first field."""
    errors = []
    first = next(iter(form.fields), "")
    for name, problems in form.errors.as_data().items():
        column = first if name == NON_FIELD_ERRORS else name
        for problem in problems:
            errors.extend(RowError(row, column, record.get(column, ""), message) for message in problem.messages)
    return errors


def form_rows(frame: pd.DataFrame, form: forms.BaseForm) -> Iterator[FormRow]:
    """Validate each data row of `frame` with `form`, a bound instance of the
    form the web entry uses (its fields named as the file's columns): the
    same fields read each cell and the same `clean()` applies the same rules,
    with the same messages. The one form is cleaned again for each row
    (`full_clean` on the row's cells) rather than made afresh, which would
    copy every field again for every row; a column blank in every row is
    cleaned once. The form is the import's own: its fields are changed."""
    _clean_blank_columns_once(frame, form)
    for row, record in rows(frame):
        yield form_row(form, row=row, record=record)


class _CleanedOnce(forms.Field):
    """Stands in for the field of a column that is blank in every row: the
    value that field gave a blank cell, without cleaning it again each row."""

    def __init__(self, value):
        super().__init__(required=False, disabled=True)
        self.value = value

    def clean(self, value):
        return self.value


def _clean_blank_columns_once(frame: pd.DataFrame, form: forms.BaseForm) -> None:
    """Most optional columns of a file are absent or empty: clean each such
    column's blank once (the same answer for every row) rather than 20,000
    times. A field that refuses a blank is left to refuse it on every row."""
    for name, field in list(form.fields.items()):
        if field.disabled or name not in frame.columns or frame[name].astype(bool).any():
            continue
        try:
            value = field.clean(field.widget.value_from_datadict({name: ""}, {}, name))
        except forms.ValidationError:
            continue
        form.fields[name] = _CleanedOnce(value)


def form_row(form: forms.BaseForm, *, row: int, record: dict) -> FormRow:
    """Clean bound `form` again on one row's cells (see form_rows)."""
    form.data = record
    form.full_clean()
    return FormRow(row, record, dict(form.cleaned_data), form_errors(form, row=row, record=record))


def template_response(*, columns, example_rows, filename, file_format="csv"):
    """A downloadable template: the header row and worked example rows."""
    return table_response(example_rows, header=columns, filename=filename, file_format=file_format)
