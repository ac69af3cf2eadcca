"""Read DfE's files for the statutory timeline's other steps, as published,
into plain records (no ORM: services.sen2_import stores them).

- requests.csv: decisions whether to assess within 6 weeks;
- assessments.csv: decisions not to issue a plan within 16 weeks;
- annual_reviews.csv: review decisions communicated within 4 weeks;
- the tribunal supporting file (tribunal_appeal_rate_2014_2024.csv): appeals
  registered over appealable decisions, a spreadsheet export read as it
  stands (title rows, years as grouped headers read from the header row,
  regions as capitalised rows, `-` for none, rates as `0.40%`).

Each file is recognised by its columns, never by its name. In the tidy
files only the headline rows are stored ("All requests for EHC needs
assessments", …); the published percentage stands, and a row whose
percentage differs from its counts is flagged. `x`, `z`, `..`, `~` and
blanks are unavailable (None), never zero.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from send_board.uploads import RowError, RowErrors, UploadError

from . import sen2
from .calculations import percentage, percentage_matches, percentage_mismatches, round_half_up

UNAVAILABLE = {"x", "z", "..", "~", "", "c", "u"}


@dataclass(frozen=True)
class Measure:
    code: str
    title: str
    polarity: str  # "higher" or "lower" is better
    file: str
    numerator: str
    denominator_parts: tuple  # the denominator is the sum of these columns
    pct: str
    headline: str
    kept: tuple = ()


MEASURES = (
    Measure(
        "requests_6_weeks",
        "Requests decided within 6 weeks",
        "higher",
        "requests.csv",
        "request_outcome_six_weeks",
        ("request_outcome_six_weeks", "request_outcome_over_6_weeks"),
        "request_outcome_six_weeks_pc",
        "all requests for ehc needs assessments",
        ("requests_received_in_year", "mediation_related_request", "tribunal_related_request"),
    ),
    Measure(
        "no_plan_16_weeks",
        "Decisions not to issue a plan within 16 weeks",
        "higher",
        "assessments.csv",
        "outcome_decision_within_time",
        ("outcome_decision_within_time", "outcome_decision_over_time"),
        "outcome_decision_within_time_pc",
        "all ehc needs assessments",
        ("assess_in_year", "assess_issued", "assess_not_issued", "number_assess_mediation", "number_assess_tribunal"),
    ),
    Measure(
        "reviews_4_weeks",
        "Review decisions communicated within 4 weeks",
        "higher",
        "annual_reviews.csv",
        "number_decsion_4weeks",
        ("number_decsion_4weeks", "number_decision_gt_4weeks"),
        "pc_decsion_4weeks",
        "all annual reviews",
        ("review_expected", "total_review_meeting", "outcome_amend", "outcome_cease", "outcome_maintan"),
    ),
)
TRIBUNAL = Measure(
    "tribunal_appeal_rate",
    "Appeals to the SEND Tribunal per appealable decision",
    "lower",
    "tribunal_appeal_rate_2014_2024.csv",
    "Appeals registered",
    ("Total Appealable Decisions",),
    "SEND Tribunal Appeal Rate",
    "",
)
# Read from the 20-week file's headline rows (imported as Figure, the band
# kept in its other_measures), not from a file of its own: DfE publishes the
# over-52-week band there, from 2023 (the individual-level collection).
OVER_52_WEEKS = Measure(
    "over_52_weeks",
    "Plans issued after more than 52 weeks",
    "lower",
    sen2.DATASET_FILE,
    "plans_issued_gt_1_year_ex",
    ("plans_issued_den_ex",),
    "pc_plans_issued_gt_1_year_ex",
    "all ehc plans issued",
)
ALL_MEASURES = {m.code: m for m in (*MEASURES, OVER_52_WEEKS, TRIBUNAL)}
# Timeline steps DfE's release has no figure for, and why (said on the pages).
NO_NATIONAL_FIGURE = {
    "mean_weeks_to_issue": (
        "DfE publishes no national figure for this step: its 2025 release gives the share of plans issued "
        "within 20 weeks, over 20 up to 52 weeks and over 52 weeks, but no mean or median weeks to issue."
    ),
}


@dataclass
class ParsedMeasures:
    """What a file says: `records` are dicts of MeasureFigure fields (with
    `geography_code`); `regions` maps a local authority's code to the region
    its file files it under (the tribunal file), for pooling."""

    measure: Measure
    rows_read: int
    geographies: dict
    records: list
    flagged: list
    notes: list

    @property
    def years(self):
        return sorted({r["year"] for r in self.records})


def expected_layouts():
    """Every layout import_sen2 knows, in words, for the message refusing another."""
    tidy = "; ".join(
        f"{m.file} ({', '.join(dict.fromkeys((m.numerator, *m.denominator_parts, m.pct)))})" for m in MEASURES
    )
    return (
        f"{sen2.DATASET_FILE} ({', '.join(sen2.MEASURE_COLUMNS)}); {tidy}; "
        "or DfE's tribunal appeal-rate table (a 'Local Authority', 'LA code' header row with the years above "
        "'Appeals registered', 'Total Appealable Decisions', 'SEND Tribunal Appeal Rate')"
    )


def tidy_measure(frame: pd.DataFrame):
    """The Measure whose columns a tidy DfE file has, or None."""
    columns = set(frame.columns)
    for measure in MEASURES:
        if {measure.numerator, *measure.denominator_parts, measure.pct} <= columns:
            return measure
    return None


COUNT_MESSAGE = "is not a count: a whole number, or DfE's x, z, .. or ~."
RATE_MESSAGE = "is not a percentage between 0 and 100, or DfE's x, z, .. or ~."
# What a cell with no number may hold; `-` is none (0) in a count, no figure in a rate.
RATE_SYMBOLS = dict.fromkeys((*UNAVAILABLE, "-"), "x")


def parse_tidy(frame: pd.DataFrame, measure: Measure) -> ParsedMeasures:
    """The headline rows of requests.csv, assessments.csv or annual_reviews.csv,
    read column by column (sen2's vectorised readers) after the headline rows
    are picked out: the breakdowns by age, sex and ethnicity are never read."""
    missing = [c for c in (*sen2.GEOGRAPHY_COLUMNS, "breakdown_topic") if c not in frame.columns]
    if missing:
        raise UploadError(f"{measure.file} as DfE publishes it has column(s) {', '.join(missing)}; this file has not.")
    levels = frame["geographic_level"].str.strip().str.lower().map(sen2.LEVELS)
    headline = frame["breakdown_topic"].str.strip().str.lower() == measure.headline
    chosen = frame.loc[levels.notna() & headline]
    if chosen.empty:
        raise UploadError(f"The file has no headline rows (breakdown_topic “{measure.headline}”).")
    chosen = chosen.apply(lambda column: column.str.strip()).assign(_level=levels, _row=chosen.index + 2)
    errors = sen2.ColumnErrors(chosen)
    table = _tidy_columns(chosen, measure, errors)
    table = table.loc[~errors.rows_with_errors()]
    first = table.groupby(["geography_code", "year"], sort=False)["row_number"].transform("first")
    second = first != table["row_number"]
    errors.add(
        chosen["_row"].isin(table.loc[second, "row_number"]),
        "breakdown_topic",
        "is a second headline row: see row " + first.reindex(chosen.index).fillna(0).astype(int).astype(str) + ".",
    )
    errors.raise_if_any()
    table = table.loc[~second]
    table["pct_mismatch"] = percentage_mismatches(table["pct"], table["numerator"], table["denominator"])
    result = ParsedMeasures(measure, len(frame), sen2.geographies_of(table, chosen), [], [], [])
    result.records = table.to_dict("records")
    result.flagged = [
        _flag(r, chosen.loc[i].to_dict(), measure) for i, r in table.loc[table["pct_mismatch"]].iterrows()
    ]
    return result


def _tidy_columns(frame: pd.DataFrame, measure: Measure, errors: sen2.ColumnErrors) -> pd.DataFrame:
    """The measure's records as a table, every rule checked on whole columns."""
    is_year = frame["time_period"].str.fullmatch(r"(19|20|21)\d\d")
    errors.add(~is_year, "time_period", "is not a calendar year such as 2024.")
    codes = sen2.geography_codes(frame, errors)
    counted = {
        column: sen2.counts(frame, column, errors, symbols=UNAVAILABLE, message=COUNT_MESSAGE, lenient=True)
        for column in dict.fromkeys((measure.numerator, *measure.denominator_parts))
    }
    parts = zip(*(counted[c] for c in measure.denominator_parts), strict=True)
    denominator = pd.Series(
        [None if None in values else sum(values) for values in parts], index=frame.index, dtype=object
    )
    pct, status = sen2.rates(
        frame, measure.pct, denominator, errors, symbols=RATE_SYMBOLS, message=RATE_MESSAGE, places=2, percent_sign=True
    )
    return pd.DataFrame(
        {
            "row_number": frame["_row"].astype(int),
            "geography_code": codes,
            "year": pd.to_numeric(frame["time_period"].where(is_year), errors="coerce").fillna(0).astype(int),
            "measure": measure.code,
            "numerator": counted[measure.numerator],
            "denominator": denominator,
            "pct": pct,
            "pct_status": status,
            "other_measures": _kept(frame, measure),
            "_level": frame["_level"],
        },
        index=frame.index,
    )


def _kept(frame: pd.DataFrame, measure: Measure) -> pd.Series:
    """Each row's {column: count} of the measure's other columns worth keeping
    (None for DfE's symbols); a cell that is not a count is left out."""
    kept = [c for c in measure.kept if c in frame]
    scratch = sen2.ColumnErrors(frame)
    values = {c: sen2.counts(frame, c, scratch, symbols=UNAVAILABLE, lenient=True) for c in kept}
    unreadable = {(int(e.row), e.column) for _row, _order, e in scratch.found}
    return pd.Series(
        [
            {c: values[c][index] for c in kept if (row, c) not in unreadable}
            for index, row in zip(frame.index, frame["_row"], strict=True)
        ],
        index=frame.index,
        dtype=object,
    )


def _flag(record: dict, row: dict, measure: Measure) -> dict:
    return {
        "row": record["row_number"],
        "year": record["year"],
        "geography": sen2.geography_name(row),
        "breakdown": measure.headline,
        "column": measure.pct,
        "published": str(record["pct"]),
        "computed": str(percentage(record["numerator"], record["denominator"])),
        "within": record["numerator"],
        "issued": record["denominator"],
    }


def _count(value: str) -> int | None:
    """One cell of the tribunal table as a count: None for DfE's symbols, 0 for `-`."""
    text = value.strip().replace(",", "")
    if text.lower() in UNAVAILABLE:
        return None
    if text == "-":
        return 0
    if not re.fullmatch(r"\d+(\.0+)?", text):
        raise ValueError(COUNT_MESSAGE)
    return int(Decimal(text))


def _rate(value: str, denominator: int | None) -> tuple[Decimal | None, str]:
    """One tribunal rate cell ('0.40%') as (percentage to two places, status)."""
    text = value.strip().rstrip("%").strip()
    if text.lower() in RATE_SYMBOLS:
        return None, ("no_plans" if denominator == 0 else "x")
    if not re.fullmatch(r"\d+(\.\d+)?", text) or Decimal(text) > 100:
        raise ValueError(RATE_MESSAGE)
    return round_half_up(Decimal(text), 2), "published"


# ---------------------------------------------------------------- the tribunal table

TRIBUNAL_HEADER = ("local authority", "la code")
SUBHEADINGS = ("appeals registered", "total appealable decisions", "send tribunal appeal rate")


def is_tribunal_table(text: str) -> bool:
    """Whether the text has the tribunal table's header row."""
    return any(_cells(line)[:2] == list(TRIBUNAL_HEADER) for line in text.splitlines()[:20])


def _cells(line):
    return [c.strip().lower() for c in next(csv.reader([line]), [])]


def _name(text):
    """'Cumberland8' → 'Cumberland'; 'England Total4,9' → 'England Total' (footnote marks)."""
    return re.sub(r"[\d,\s]+$", "", text.strip())


def parse_tribunal(text: str) -> ParsedMeasures:
    """The tribunal appeal-rate table as DfE publishes it. The years come
    from the header row (each year heads its three columns); a changed
    layout is refused, naming what was expected. Rows above the header are
    titles; a capitalised row with no code names the region of the rows
    below it; a row without a three-digit code is a note and is not stored."""
    rows = list(csv.reader(io.StringIO(text)))
    header_at, years = _tribunal_years(rows)
    result = ParsedMeasures(TRIBUNAL, 0, {}, [], [], [])
    errors: list[RowError] = []
    skipped: list[str] = []
    region = ""
    for index in range(header_at + 2, len(rows)):
        row = rows[index] + [""] * 2
        name, code = _name(row[0]), row[1].strip()
        has_figures = any(_cell(row, p) for p in years)
        if not name:
            continue
        if name.isupper() and not code and not has_figures:
            region = _region_name(name)
        elif name.lower() == "england total" or re.fullmatch(r"\d{3}", code):
            result.rows_read += 1
            _tribunal_records(result, errors, index + 1, row, years, region)
        elif has_figures and not name.lower().startswith("england"):
            skipped.append(name)  # "England total excluding suppressed" is a note, not a geography
    if errors:
        raise RowErrors(errors)
    if skipped:
        result.notes.append(
            f"{len(skipped)} row(s) without a DfE local authority code were not stored: {', '.join(skipped)}."
        )
    if not result.records:
        raise UploadError("The tribunal table has no rows with figures.")
    return result


def _cell(row: list[str], position: int) -> str:
    return row[position].strip() if position < len(row) else ""


def _region_name(name: str) -> str:
    """'NORTH WEST' → 'North West'; 'INNER LONDON' → 'London' (as the timeliness file names it)."""
    return "London" if name.endswith("LONDON") else name.title().replace(" And ", " and ")


def _tribunal_years(rows: list[list[str]]) -> tuple[int, dict[int, int]]:
    """(index of the header row, {column position: year}), checked: every
    year heads the three columns DfE's table has, in its order."""
    header_at = next(
        (i for i, r in enumerate(rows[:20]) if [c.strip().lower() for c in r[:2]] == list(TRIBUNAL_HEADER)), None
    )
    if header_at is None:
        raise UploadError("The tribunal table has no 'Local Authority', 'LA code' header row. Nothing was imported.")
    header, sub = rows[header_at], rows[header_at + 1] if header_at + 1 < len(rows) else []
    years = {p: int(c.strip()) for p, c in enumerate(header) if re.fullmatch(r"(19|20|21)\d\d", c.strip())}
    if not years:
        raise UploadError(
            "The tribunal table's header row names no years: DfE's table has 2014, 2015, … above each "
            "group of three columns. Nothing was imported."
        )
    for position, year in years.items():
        labels = [re.sub(r"[\d,]+$", "", _cell(sub, position + i)).strip().lower() for i in range(3)]
        if labels != list(SUBHEADINGS):
            raise UploadError(
                f"Under {year} the tribunal table should have the columns Appeals registered, Total Appealable "
                f"Decisions, SEND Tribunal Appeal Rate; this file has {', '.join(labels) or 'none'}. "
                "Nothing was imported."
            )
    return header_at, years


def _tribunal_records(
    result: ParsedMeasures, errors: list[RowError], number: int, row: list[str], years: dict[int, int], region: str
) -> None:
    """One authority's (or England's) row: a record per year with figures,
    and its geography; errors name the year and the three cells."""
    is_england = _name(row[0]).lower() == "england total"
    code = sen2.ENGLAND_CODE if is_england else row[1].strip()
    for position, year in years.items():
        cells = [_cell(row, position + i) for i in range(3)]
        try:
            numerator, denominator = _count(cells[0]), _count(cells[1])
            pct, status = _rate(cells[2], denominator)
        except ValueError as error:
            errors.append(RowError(number, f"{year}", ", ".join(cells), str(error)))
            continue
        if numerator is None and denominator is None and pct is None:
            continue
        result.records.append(
            {
                "row_number": number,
                "geography_code": code,
                "year": year,
                "measure": TRIBUNAL.code,
                "numerator": numerator,
                "denominator": denominator,
                "pct": pct,
                "pct_status": status,
                "pct_mismatch": not percentage_matches(pct, numerator, denominator),
                "other_measures": {} if is_england else {"region_in_file": region},
                "_level": "national" if is_england else "local_authority",
            }
        )
    result.geographies[code] = {
        "level": "national" if is_england else "local_authority",
        "code": code,
        "name": "England" if is_england else _name(row[0]),
        "ons_code": sen2.ENGLAND_CODE if is_england else "",
        "region_code": "",
        "region_name": "" if is_england else region,
        "_year": max(years.values()),
        **({} if is_england else {"_from_tribunal_table": True}),
    }
