"""Read DfE's "EHC plans issued within 20 weeks" file (timeliness_20_week.csv)
exactly as explore-education-statistics publishes it, into plain records.

No ORM here: services.sen2_import stores what this returns. The whole file is
checked before anything is stored; a file that is not this dataset, or has a
row that cannot be read, raises UploadError / RowErrors and nothing is kept.

What the file looks like (2025 release): UTF-8 with a byte-order mark; one row
per geography × calendar year × breakdown; England, the nine regions and every
local authority; `x` (unavailable) and `z` (not applicable) in place of numbers.
Later releases spell columns in another letter case and add measures, so
columns are matched in lower case and unknown numeric columns are kept.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath

import pandas as pd

from send_board.uploads import RowError, RowErrors, UploadError, check_csv_bounds

from .calculations import percentage, percentage_matches, round_half_up

DATASET_FILE = "timeliness_20_week.csv"
DATASET_NAME = f"DfE's “EHC plans issued within 20 weeks” file ({DATASET_FILE})"

GEOGRAPHY_COLUMNS = ("time_period", "geographic_level", "region_code", "region_name", "old_la_code", "la_name")
BREAKDOWN_COLUMNS = ("breakdown_topic", "breakdown")
# The measure boards quote: within 20 weeks, excluding exceptions.
MEASURE_COLUMNS = ("plans_issued_den_ex", "plans_issued_20_weeks_ex", "pc_plans_issued_20_weeks_ex")
# The same measure including exceptions: kept when present.
MEASURE_COLUMNS_ALL = ("plans_issued_den", "plans_issued_within_20_weeks", "pc_plans_issued_within_20_weeks")
DESCRIPTIVE_COLUMNS = ("time_identifier", "country_code", "country_name", "new_la_code")

LEVELS = {"national": "national", "regional": "regional", "local authority": "local_authority"}
HEADLINE_TOPICS = {"all ehc plans issued", "all ehc plans", "total"}
ENGLAND_CODE = "E92000001"

# DfE's symbols for a cell with no number. Never zero.
SYMBOLS = {"x": "x", "z": "z", "c": "c", "": "x"}
COUNT = re.compile(r"^\d+(\.0+)?$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
MAX_ROW_ERRORS = 25


@dataclass
class ParsedFile:
    """What the file says, ready to store. `records` are dicts of Figure fields
    (with `geography_code` in place of the geography)."""

    rows_read: int
    geographies: dict = field(default_factory=dict)
    records: list = field(default_factory=list)
    flagged: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def years(self):
        return sorted({r["year"] for r in self.records})


def load_bytes(raw: bytes, name: str) -> pd.DataFrame:
    """The file's table as strings, with stripped lower-case column names.

    Accepts the CSV itself (with or without a byte-order mark) or the release's
    "download all data" ZIP, from which timeliness_20_week.csv is taken.
    """
    if not raw:
        raise UploadError("The file is empty.")
    if raw.startswith(b"PK\x03\x04"):
        raw, name = _from_zip(raw)
    if b"\x00" in raw[:4096]:
        raise UploadError(f"The file is not a CSV file. Upload {DATASET_NAME} as DfE publishes it.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise UploadError("The file is empty.")
    check_csv_bounds(text)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error) as error:
        raise UploadError(f"The file could not be read as CSV: {error}") from None
    columns = [str(c).replace("\ufeff", "").strip().lower() for c in frame.columns]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise UploadError(f"The header row names these columns twice (letter case aside): {', '.join(repeated)}.")
    frame.columns = columns
    return frame


def _from_zip(raw):
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise UploadError("The file looks like a ZIP archive but could not be opened.") from None
    names = archive.namelist()
    if "[Content_Types].xml" in names:
        raise UploadError(f"The file is a spreadsheet. Upload {DATASET_NAME} as the CSV DfE publishes.")
    members = [n for n in names if PurePosixPath(n).name.lower() == DATASET_FILE]
    if not members:
        raise UploadError(f"The ZIP archive has no {DATASET_FILE}. Upload that file, or DfE's release ZIP holding it.")
    return archive.read(members[0]), members[0]


def check_columns(frame: pd.DataFrame) -> None:
    """Refuse, in one message, a file that is not this dataset."""
    columns = set(frame.columns)
    missing_geography = [c for c in (*GEOGRAPHY_COLUMNS, *BREAKDOWN_COLUMNS) if c not in columns]
    missing_measures = [c for c in MEASURE_COLUMNS if c not in columns]
    if not (missing_geography or missing_measures):
        return
    parts = []
    if missing_geography:
        parts.append(f"geography and breakdown column(s) {', '.join(missing_geography)}")
    if missing_measures:
        parts.append(f"measure column(s) {', '.join(missing_measures)}")
    raise UploadError(
        f"This is not {DATASET_NAME}: it has no {' and no '.join(parts)}. "
        "Download that file from the “Education, health and care plans” release on explore-education-statistics. "
        "Nothing was imported."
    )


def parse(frame: pd.DataFrame) -> ParsedFile:
    """Check every row and turn the table into records. Raises RowErrors
    listing the rows that cannot be read (nothing is stored then)."""
    check_columns(frame)
    frame = frame.apply(lambda column: column.str.strip())
    frame = frame.loc[~(frame == "").all(axis=1)]
    if frame.empty:
        raise UploadError("The file has a header row but no data rows.")
    result = ParsedFile(rows_read=len(frame))
    errors = []
    other_columns, ignored = _other_measure_columns(frame)
    if ignored:
        result.notes.append(f"Column(s) {', '.join(ignored)} hold text, not figures, and were not stored.")
    levels = frame["geographic_level"].str.lower().map(LEVELS)
    skipped = frame.loc[levels.isna(), "geographic_level"].value_counts()
    for level, count in skipped.items():
        result.notes.append(f"{count} row(s) at the geographic level “{level}” were not stored.")
    frame = frame.assign(_level=levels).loc[levels.notna()]
    seen, headlines = {}, {}
    for index, row in zip(frame.index, frame.to_dict("records"), strict=True):
        number = index + 2
        record, row_errors = _record(number, row, other_columns)
        errors.extend(row_errors)
        if record is None:
            continue
        key = (record["geography_code"], record["year"], record["breakdown_topic"].lower(), record["breakdown"].lower())
        if key in seen:
            errors.append(RowError(number, "breakdown", row["breakdown"], f"repeats row {seen[key]}."))
            continue
        seen[key] = number
        if record["is_headline"]:
            headline_key = (record["geography_code"], record["year"])
            if headline_key in headlines:
                errors.append(
                    RowError(
                        number,
                        "breakdown_topic",
                        row["breakdown_topic"],
                        f"is a second headline row: see row {headlines[headline_key]}.",
                    )
                )
                continue
            headlines[headline_key] = number
        _remember_geography(result.geographies, record, row)
        flagged = _mismatches(record, row)
        record["pct_mismatch"] = bool(flagged)
        result.flagged.extend(flagged)
        result.records.append(record)
    if errors:
        raise RowErrors(errors)
    if not result.records:
        raise UploadError("The file has no rows for England, a region or a local authority.")
    return result


def _other_measure_columns(frame):
    """Columns beyond the known ones: kept as figures when every cell is a
    number or a DfE symbol, else left out (and said so)."""
    known = {*GEOGRAPHY_COLUMNS, *BREAKDOWN_COLUMNS, *MEASURE_COLUMNS, *MEASURE_COLUMNS_ALL, *DESCRIPTIVE_COLUMNS}
    kept, ignored = [], []
    for column in frame.columns:
        if column in known:
            continue
        values = frame[column]
        is_figure = values.str.lower().isin(SYMBOLS.keys()) | values.str.fullmatch(NUMBER.pattern)
        (kept if bool(is_figure.all()) else ignored).append(column)
    return kept, ignored


def _record(number, row, other_columns):
    errors = []

    def fail(column, message):
        errors.append(RowError(number, column, row.get(column, ""), message))

    year = row["time_period"]
    if not re.fullmatch(r"(19|20|21)\d\d", year):
        fail("time_period", "is not a calendar year such as 2024.")
    identifier = row.get("time_identifier", "Calendar year")
    if identifier.lower() not in ("calendar year", ""):
        fail("time_identifier", "DfE publishes 20-week timeliness by calendar year; this row is not.")
    level = row["_level"]
    code = _geography_code(level, row, fail)
    topic, breakdown = row["breakdown_topic"], row["breakdown"]
    if not topic:
        fail("breakdown_topic", "is blank: DfE's headline rows say “All EHC plans issued”.")
    issued, issued_status = _count(row, "plans_issued_den_ex", fail)
    within, within_status = _count(row, "plans_issued_20_weeks_ex", fail)
    pct, pct_status = _rate(row, "pc_plans_issued_20_weeks_ex", issued, fail)
    issued_all, _ = _count(row, "plans_issued_den", fail)
    within_all, _ = _count(row, "plans_issued_within_20_weeks", fail)
    pct_all, pct_all_status = _rate(row, "pc_plans_issued_within_20_weeks", issued_all, fail)
    if issued is not None and within is not None and within > issued:
        fail("plans_issued_20_weeks_ex", f"is more than the {issued} plans issued.")
    if issued_all is not None and within_all is not None and within_all > issued_all:
        fail("plans_issued_within_20_weeks", f"is more than the {issued_all} plans issued.")
    if errors:
        return None, errors
    record = {
        "row_number": number,
        "geography_code": code,
        "year": int(year),
        "breakdown_topic": topic,
        "breakdown": breakdown or topic,
        "is_headline": topic.lower() in HEADLINE_TOPICS,
        "issued": issued,
        "within": within,
        "pct": pct,
        "pct_status": pct_status,
        "issued_all": issued_all,
        "within_all": within_all,
        "pct_all": pct_all,
        "pct_all_status": pct_all_status,
        "other_measures": {column: _number(row[column]) for column in other_columns},
        "_level": level,
    }
    return record, []


def _geography_code(level, row, fail):
    if level == "national":
        return row.get("country_code") or ENGLAND_CODE
    if level == "regional":
        if not re.fullmatch(r"E\d{8}", row["region_code"]):
            fail("region_code", "is not a region's ONS code such as E12000002.")
        return row["region_code"]
    if not re.fullmatch(r"\d{3}", row["old_la_code"]):
        fail("old_la_code", "is not a three-digit DfE local authority code such as 344.")
    if not row["la_name"]:
        fail("la_name", "is blank: every local authority row names its authority.")
    return row["old_la_code"]


def _count(row, column, fail):
    """(count, symbol): a whole number of plans, or None with DfE's symbol."""
    if column not in row:
        return None, "x"
    value = row[column]
    if value.lower() in SYMBOLS:
        return None, SYMBOLS[value.lower()]
    if not COUNT.fullmatch(value):
        fail(column, "is not a count of plans: a whole number of 0 or more, or DfE's x or z.")
        return None, "x"
    return int(Decimal(value)), None


def _rate(row, column, denominator, fail):
    """(percentage, status). A symbol where no plans were issued is "no plans
    issued" (DfE publishes x for a zero denominator), never 0%."""
    if column not in row:
        return None, "x"
    value = row[column]
    if value.lower() in SYMBOLS:
        if denominator == 0:
            return None, "no_plans"
        return None, SYMBOLS[value.lower()]
    if not NUMBER.fullmatch(value) or not 0 <= Decimal(value) <= 100:
        fail(column, "is not a percentage between 0 and 100, or DfE's x or z.")
        return None, "x"
    return round_half_up(Decimal(value)), "published"


def _number(value):
    if value.lower() in SYMBOLS:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _remember_geography(geographies, record, row):
    """The newest year's naming wins (names change, codes do not)."""
    code = record["geography_code"]
    known = geographies.get(code)
    if known and known["_year"] > record["year"]:
        return
    level = record["_level"]
    if level == "national":
        name, ons_code, region_code, region_name = row.get("country_name") or "England", code, "", ""
    elif level == "regional":
        name, ons_code, region_code, region_name = row["region_name"], code, "", ""
    else:
        name, ons_code = row["la_name"], row.get("new_la_code", "")
        region_code, region_name = row["region_code"], row["region_name"]
    geographies[code] = {
        "level": level,
        "code": code,
        "name": name,
        "ons_code": ons_code,
        "region_code": region_code,
        "region_name": region_name,
        "_year": record["year"],
    }


def _mismatches(record, row):
    """Rows whose published % is not what their counts give to one decimal."""
    flagged = []
    checks = (
        ("pc_plans_issued_20_weeks_ex", record["pct"], record["within"], record["issued"]),
        ("pc_plans_issued_within_20_weeks", record["pct_all"], record["within_all"], record["issued_all"]),
    )
    for column, published, within, issued in checks:
        if not percentage_matches(published, within, issued):
            flagged.append(
                {
                    "row": record["row_number"],
                    "year": record["year"],
                    "geography": row["la_name"] or row["region_name"] or row.get("country_name") or "England",
                    "breakdown": record["breakdown"],
                    "column": column,
                    "published": str(published),
                    "computed": str(percentage(within, issued)),
                    "within": within,
                    "issued": issued,
                }
            )
    return flagged
