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
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath

import pandas as pd

from send_board.uploads import RowError, RowErrors, UploadError, check_csv_bounds

from .calculations import percentage, percentage_mismatches

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
COUNT_MESSAGE = "is not a count of plans: a whole number of 0 or more, or DfE's x or z."
RATE_MESSAGE = "is not a percentage between 0 and 100, or DfE's x or z."
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
    listing the rows that cannot be read (nothing is stored then).

    Column by column with pandas: each rule is one vectorised test over the
    whole file, and only the rows that break one are visited to word it."""
    check_columns(frame)
    frame = frame.apply(lambda column: column.str.strip())
    frame = frame.loc[~(frame == "").all(axis=1)]
    if frame.empty:
        raise UploadError("The file has a header row but no data rows.")
    result = ParsedFile(rows_read=len(frame))
    other_columns, ignored = _other_measure_columns(frame)
    if ignored:
        result.notes.append(f"Column(s) {', '.join(ignored)} hold text, not figures, and were not stored.")
    levels = frame["geographic_level"].str.lower().map(LEVELS)
    skipped = frame.loc[levels.isna(), "geographic_level"].value_counts()
    for level, count in skipped.items():
        result.notes.append(f"{count} row(s) at the geographic level “{level}” were not stored.")
    frame = frame.assign(_level=levels, _row=frame.index + 2).loc[levels.notna()]
    errors = ColumnErrors(frame)
    columns = _columns(frame, errors)
    columns["other_measures"] = _other_measures(frame, other_columns)
    table = pd.DataFrame(columns, index=frame.index).loc[~errors.rows_with_errors()]
    table = _without_repeats(table, errors)
    errors.raise_if_any()
    if table.empty:
        raise UploadError("The file has no rows for England, a region or a local authority.")
    result.flagged = _mismatches(table, frame)
    table["pct_mismatch"] = table["row_number"].isin({f["row"] for f in result.flagged})
    result.records = table.to_dict("records")
    result.geographies = geographies_of(table, frame)
    return result


class ColumnErrors:
    """Row errors found column by column over a whole frame (which has `_row`,
    the file's row number), handed back in row order as RowErrors."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.found: list[tuple[int, int, RowError]] = []

    def add(self, mask: pd.Series, column: str, message: str | pd.Series) -> None:
        """One RowError for each row where `mask` holds, quoting its `column`;
        `message` is one for all, or a row's own (a Series like the frame)."""
        if not mask.any():
            return
        rows = self.frame.loc[mask]
        values = rows[column] if column in rows else pd.Series("", index=rows.index)
        messages = message[mask] if isinstance(message, pd.Series) else [message] * len(rows)
        for number, value, text in zip(rows["_row"], values, messages, strict=True):
            self.found.append((int(number), len(self.found), RowError(int(number), column, value, text)))

    def add_rows(self, errors: list[RowError]) -> None:
        self.found.extend((e.row, len(self.found), e) for e in errors)

    def rows_with_errors(self) -> pd.Series:
        return self.frame["_row"].isin({row for row, _order, _error in self.found})

    def raise_if_any(self) -> None:
        if self.found:
            raise RowErrors([error for _row, _order, error in sorted(self.found, key=lambda e: e[:2])])


def _columns(frame: pd.DataFrame, errors: ColumnErrors) -> dict[str, pd.Series]:
    """The record's fields as whole columns, each rule checked on all rows."""
    year_text = frame["time_period"]
    is_year = year_text.str.fullmatch(r"(19|20|21)\d\d")
    errors.add(~is_year, "time_period", "is not a calendar year such as 2024.")
    if "time_identifier" in frame:
        errors.add(
            ~frame["time_identifier"].str.lower().isin(("calendar year", "")),
            "time_identifier",
            "DfE publishes 20-week timeliness by calendar year; this row is not.",
        )
    codes = geography_codes(frame, errors)
    topic = frame["breakdown_topic"]
    errors.add(topic == "", "breakdown_topic", "is blank: DfE's headline rows say “All EHC plans issued”.")
    issued = counts(frame, "plans_issued_den_ex", errors)
    within = counts(frame, "plans_issued_20_weeks_ex", errors)
    pct, pct_status = rates(frame, "pc_plans_issued_20_weeks_ex", issued, errors)
    issued_all = counts(frame, "plans_issued_den", errors)
    within_all = counts(frame, "plans_issued_within_20_weeks", errors)
    pct_all, pct_all_status = rates(frame, "pc_plans_issued_within_20_weeks", issued_all, errors)
    for numerator, denominator, column in (
        (within, issued, "plans_issued_20_weeks_ex"),
        (within_all, issued_all, "plans_issued_within_20_weeks"),
    ):
        over = numerator.astype(float) > denominator.astype(float)
        errors.add(over, column, "is more than the " + denominator.astype(str) + " plans issued.")
    return {
        "row_number": frame["_row"].astype(int),
        "geography_code": codes,
        "year": pd.to_numeric(year_text.where(is_year), errors="coerce").fillna(0).astype(int),
        "breakdown_topic": topic,
        "breakdown": frame["breakdown"].where(frame["breakdown"] != "", topic),
        "is_headline": topic.str.lower().isin(HEADLINE_TOPICS),
        "issued": issued,
        "within": within,
        "pct": pct,
        "pct_status": pct_status,
        "issued_all": issued_all,
        "within_all": within_all,
        "pct_all": pct_all,
        "pct_all_status": pct_all_status,
        "_level": frame["_level"],
    }


def geography_codes(frame: pd.DataFrame, errors: ColumnErrors) -> pd.Series:
    """Each row's geography code (England's and a region's ONS code, a local
    authority's three-digit DfE code), checking the level's own columns."""
    level = frame["_level"]
    regional, local = level == "regional", level == "local_authority"
    errors.add(
        regional & ~frame["region_code"].str.fullmatch(r"E\d{8}"),
        "region_code",
        "is not a region's ONS code such as E12000002.",
    )
    errors.add(
        local & ~frame["old_la_code"].str.fullmatch(r"\d{3}"),
        "old_la_code",
        "is not a three-digit DfE local authority code such as 344.",
    )
    errors.add(local & (frame["la_name"] == ""), "la_name", "is blank: every local authority row names its authority.")
    country = frame["country_code"] if "country_code" in frame else pd.Series("", index=frame.index)
    national = country.where(country != "", ENGLAND_CODE)
    return national.where(~regional, frame["region_code"]).where(~local, frame["old_la_code"])


def counts(
    frame: pd.DataFrame,
    column: str,
    errors: ColumnErrors,
    *,
    symbols: Collection[str] = SYMBOLS.keys(),
    message: str = COUNT_MESSAGE,
    lenient: bool = False,
) -> pd.Series:
    """A column of whole numbers as Python ints (object dtype); None for
    `symbols` (never zero) and for a column the file lacks; anything else is
    an error. `lenient` (the other steps' files): thousands separators are
    dropped and `-` is none, 0."""
    if column not in frame:
        return pd.Series(None, index=frame.index, dtype=object)
    text = frame[column].str.replace(",", "", regex=False) if lenient else frame[column]
    symbol = text.str.lower().isin(symbols)
    dash = (text == "-") & lenient
    is_count = text.str.fullmatch(COUNT.pattern) & ~symbol
    errors.add(~(symbol | dash | is_count), column, message)
    numbers = pd.to_numeric(text.where(is_count), errors="coerce").where(~dash, 0)
    return pd.Series([None if v != v else int(v) for v in numbers], index=frame.index, dtype=object)


def rates(
    frame: pd.DataFrame,
    column: str,
    denominator: pd.Series,
    errors: ColumnErrors,
    *,
    symbols: Mapping[str, str] = SYMBOLS,
    message: str = RATE_MESSAGE,
    places: int = 1,
    percent_sign: bool = False,
) -> tuple[pd.Series, pd.Series]:
    """(percentage, status) columns. A percentage is a Decimal rounded half
    up to `places`; one of `symbols` is None with the symbol's status, or
    "no_plans" where the denominator is 0 (DfE publishes x for it), never 0%.
    `percent_sign`: a trailing % is read (the tribunal table's 0.40%)."""
    if column not in frame:
        return pd.Series(None, index=frame.index, dtype=object), pd.Series("x", index=frame.index)
    text = frame[column].str.rstrip("%").str.strip() if percent_sign else frame[column]
    lower = text.str.lower()
    symbol = lower.isin(symbols.keys())
    value = pd.to_numeric(text.where(text.str.fullmatch(NUMBER.pattern) & ~symbol), errors="coerce")
    published = (value >= 0) & (value <= 100)
    errors.add(~symbol & ~published, column, message)
    quantum = Decimal(1).scaleb(-places)
    pct = [Decimal(t).quantize(quantum, ROUND_HALF_UP) if ok else None for t, ok in zip(text, published, strict=True)]
    status = lower.map(symbols).where(symbol, "published").where(published | symbol, "x")
    no_plans = symbol & (denominator.astype(float) == 0)
    return pd.Series(pct, index=frame.index, dtype=object), status.where(~no_plans, "no_plans")


def _without_repeats(table: pd.DataFrame, errors: ColumnErrors) -> pd.DataFrame:
    """The table less a row repeating an earlier one's geography, year and
    breakdown, or a second headline row for a geography and year (each an error)."""
    key = [table["geography_code"], table["year"], table["breakdown_topic"].str.lower(), table["breakdown"].str.lower()]
    keyed = pd.DataFrame({f"k{i}": k for i, k in enumerate(key)}).assign(row=table["row_number"])
    first = keyed.groupby([f"k{i}" for i in range(4)], sort=False)["row"].transform("first")
    repeats = first != table["row_number"]
    errors.add_rows(
        [
            RowError(int(r), "breakdown", b, f"repeats row {f}.")
            for r, b, f in zip(
                table.loc[repeats, "row_number"], table.loc[repeats, "breakdown"], first[repeats], strict=True
            )
        ]
    )
    table = table.loc[~repeats]
    headline = table.loc[table["is_headline"]]
    first = headline.groupby(["geography_code", "year"], sort=False)["row_number"].transform("first")
    second = first != headline["row_number"]
    errors.add_rows(
        [
            RowError(int(r), "breakdown_topic", t, f"is a second headline row: see row {f}.")
            for r, t, f in zip(
                headline.loc[second, "row_number"], headline.loc[second, "breakdown_topic"], first[second], strict=True
            )
        ]
    )
    return table.drop(index=headline.index[second])


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


def _other_measures(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Each row's {column: number} of the other measure columns kept: an int
    when whole, else a float; None for DfE's symbols."""
    values = []
    for column in columns:
        text = frame[column]
        numbers = pd.to_numeric(text.where(~text.str.lower().isin(SYMBOLS)), errors="coerce")
        values.append([None if v != v else int(v) if v == int(v) else float(v) for v in numbers])
    rows = zip(*values, strict=True) if values else ([] for _ in range(len(frame)))
    return pd.Series([dict(zip(columns, row, strict=True)) for row in rows], index=frame.index, dtype=object)


def geographies_of(table: pd.DataFrame, frame: pd.DataFrame) -> dict[str, dict]:
    """{code: Geography fields} of the geographies in `table` (records by
    `frame`'s index), each named as in the newest year it appears (names
    change, codes do not; within a year the later row wins)."""
    rows = frame.loc[table.index]

    def column(name: str) -> pd.Series:
        return rows[name] if name in rows else pd.Series("", index=rows.index)

    named = pd.DataFrame(
        {
            "code": table["geography_code"],
            "year": table["year"],
            "level": table["_level"],
            "la_name": column("la_name"),
            "new_la_code": column("new_la_code"),
            "region_code": column("region_code"),
            "region_name": column("region_name"),
            "country_name": column("country_name"),
        }
    )
    latest = named.sort_values("year", kind="stable").drop_duplicates("code", keep="last")
    geographies = {}
    for row in latest.to_dict("records"):
        level, code = row["level"], row["code"]
        if level == "national":
            name, ons_code, region_code, region_name = row["country_name"] or "England", code, "", ""
        elif level == "regional":
            name, ons_code, region_code, region_name = row["region_name"], code, "", ""
        else:
            name, ons_code = row["la_name"], row["new_la_code"]
            region_code, region_name = row["region_code"], row["region_name"]
        geographies[code] = {
            "level": level,
            "code": code,
            "name": name,
            "ons_code": ons_code,
            "region_code": region_code,
            "region_name": region_name,
            "_year": row["year"],
        }
    return geographies


def geography_name(row: dict) -> str:
    return row.get("la_name") or row.get("region_name") or row.get("country_name") or "England"


def _mismatches(table: pd.DataFrame, frame: pd.DataFrame) -> list[dict]:
    """Rows whose published % is not what their counts give to one decimal,
    in row order (a row may be flagged for both of its percentages)."""
    flagged = []
    checks = (
        ("pc_plans_issued_20_weeks_ex", "pct", "within", "issued"),
        ("pc_plans_issued_within_20_weeks", "pct_all", "within_all", "issued_all"),
    )
    for column, published, within, issued in checks:
        differs = percentage_mismatches(table[published], table[within], table[issued])
        for index, record in table.loc[differs].iterrows():
            flagged.append(
                {
                    "row": int(record["row_number"]),
                    "year": int(record["year"]),
                    "geography": geography_name(frame.loc[index].to_dict()),
                    "breakdown": record["breakdown"],
                    "column": column,
                    "published": str(record[published]),
                    "computed": str(percentage(record[within], record[issued])),
                    "within": record[within],
                    "issued": record[issued],
                }
            )
    return sorted(flagged, key=lambda f: f["row"])
