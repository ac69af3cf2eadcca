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
from .calculations import percentage, percentage_matches, round_half_up

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
ALL_MEASURES = {m.code: m for m in (*MEASURES, TRIBUNAL)}


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


def _count(value):
    text = value.strip().replace(",", "")
    if text.lower() in UNAVAILABLE:
        return None, "x"
    if text == "-":
        return 0, None
    if not re.fullmatch(r"\d+(\.0+)?", text):
        raise ValueError("is not a count: a whole number, or DfE's x, z, .. or ~.")
    return int(Decimal(text)), None


def _rate(value, denominator):
    text = value.strip().rstrip("%").strip()
    if text.lower() in UNAVAILABLE or text == "-":
        return None, ("no_plans" if denominator == 0 else "x")
    if not re.fullmatch(r"\d+(\.\d+)?", text) or Decimal(text) > 100:
        raise ValueError("is not a percentage between 0 and 100, or DfE's x, z, .. or ~.")
    return round_half_up(Decimal(text), 2), "published"


def parse_tidy(frame: pd.DataFrame, measure: Measure) -> ParsedMeasures:
    """The headline rows of requests.csv, assessments.csv or annual_reviews.csv."""
    frame = frame.apply(lambda column: column.str.strip())
    missing = [c for c in (*sen2.GEOGRAPHY_COLUMNS, "breakdown_topic") if c not in frame.columns]
    if missing:
        raise UploadError(f"{measure.file} as DfE publishes it has column(s) {', '.join(missing)}; this file has not.")
    levels = frame["geographic_level"].str.lower().map(sen2.LEVELS)
    headline = frame["breakdown_topic"].str.lower() == measure.headline
    chosen = frame.assign(_level=levels).loc[levels.notna() & headline]
    if chosen.empty:
        raise UploadError(f"The file has no headline rows (breakdown_topic “{measure.headline}”).")
    result = ParsedMeasures(measure, len(frame), {}, [], [], [])
    errors, seen = [], {}
    for index, row in zip(chosen.index, chosen.to_dict("records"), strict=True):
        number = index + 2

        def fail(column, message, number=number, row=row):
            errors.append(RowError(number, column, row.get(column, ""), message))

        if not re.fullmatch(r"(19|20|21)\d\d", row["time_period"]):
            fail("time_period", "is not a calendar year such as 2024.")
            continue
        code = sen2._geography_code(row["_level"], row, fail)
        values = {}
        for column in dict.fromkeys((measure.numerator, *measure.denominator_parts)):
            try:
                values[column] = _count(row[column])[0]
            except ValueError as error:
                fail(column, str(error))
        if len(values) < len(dict.fromkeys((measure.numerator, *measure.denominator_parts))):
            continue
        parts = [values[c] for c in measure.denominator_parts]
        denominator = None if any(p is None for p in parts) else sum(parts)
        try:
            pct, status = _rate(row[measure.pct], denominator)
        except ValueError as error:
            fail(measure.pct, str(error))
            continue
        year = int(row["time_period"])
        key = (code, year)
        if key in seen:
            fail("breakdown_topic", f"is a second headline row: see row {seen[key]}.")
            continue
        seen[key] = number
        numerator = values[measure.numerator]
        record = {
            "row_number": number,
            "geography_code": code,
            "year": year,
            "measure": measure.code,
            "numerator": numerator,
            "denominator": denominator,
            "pct": pct,
            "pct_status": status,
            "pct_mismatch": not percentage_matches(pct, numerator, denominator),
            "other_measures": {c: _count(row[c])[0] for c in measure.kept if c in row and _is_count(row[c])},
            "_level": row["_level"],
        }
        if record["pct_mismatch"]:
            result.flagged.append(_flag(record, row, measure))
        sen2._remember_geography(result.geographies, record, row)
        result.records.append(record)
    if errors:
        raise RowErrors(errors)
    return result


def _is_count(value):
    try:
        _count(value)
    except ValueError:
        return False
    return True


def _flag(record, row, measure):
    return {
        "row": record["row_number"],
        "year": record["year"],
        "geography": row.get("la_name") or row.get("region_name") or row.get("country_name") or "England",
        "breakdown": measure.headline,
        "column": measure.pct,
        "published": str(record["pct"]),
        "computed": str(percentage(record["numerator"], record["denominator"])),
        "within": record["numerator"],
        "issued": record["denominator"],
    }


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
    layout is refused, naming what was expected."""
    rows = list(csv.reader(io.StringIO(text)))
    header_at = next(
        (i for i, r in enumerate(rows[:20]) if [c.strip().lower() for c in r[:2]] == list(TRIBUNAL_HEADER))
    )
    header, sub = rows[header_at], rows[header_at + 1] if header_at + 1 < len(rows) else []
    years = {}
    for position, cell in enumerate(header):
        if re.fullmatch(r"(19|20|21)\d\d", cell.strip()):
            years[position] = int(cell.strip())
    if not years:
        raise UploadError(
            "The tribunal table's header row names no years: DfE's table has 2014, 2015, … above each "
            "group of three columns. Nothing was imported."
        )
    for position, year in years.items():
        labels = [
            re.sub(r"[\d,]+$", "", (sub[position + i] if position + i < len(sub) else "")).strip().lower()
            for i in range(3)
        ]
        if labels != list(SUBHEADINGS):
            raise UploadError(
                f"Under {year} the tribunal table should have the columns Appeals registered, Total Appealable "
                f"Decisions, SEND Tribunal Appeal Rate; this file has {', '.join(labels) or 'none'}. "
                "Nothing was imported."
            )
    result = ParsedMeasures(TRIBUNAL, 0, {}, [], [], [])
    errors, region = [], ""
    skipped = []
    for index in range(header_at + 2, len(rows)):
        row = rows[index]
        number = index + 1
        name = _name(row[0]) if row else ""
        code = row[1].strip() if len(row) > 1 else ""
        figures = [row[p].strip() if p < len(row) else "" for p in years]
        if not name:
            continue
        if name.isupper() and not code and not any(figures):
            region = (
                "London"
                if name.endswith("LONDON")
                else name.title().replace(" And ", " and ").replace(" The ", " The ")
            )
            continue
        is_england = name.lower() == "england total"
        if not is_england and not re.fullmatch(r"\d{3}", code):
            if any(figures) and name.lower().startswith("england"):
                continue  # "England total excluding suppressed": a note, not a geography
            if any(figures):
                skipped.append(name)
            continue
        result.rows_read += 1
        for position, year in years.items():
            cells = [row[position + i] if position + i < len(row) else "" for i in range(3)]
            try:
                numerator, _ = _count(cells[0])
                denominator, _ = _count(cells[1])
                pct, status = _rate(cells[2], denominator)
            except ValueError as error:
                errors.append(RowError(number, f"{year}", ", ".join(cells), str(error)))
                continue
            if numerator is None and denominator is None and pct is None:
                continue
            geography_code = sen2.ENGLAND_CODE if is_england else code
            record = {
                "row_number": number,
                "geography_code": geography_code,
                "year": year,
                "measure": TRIBUNAL.code,
                "numerator": numerator,
                "denominator": denominator,
                "pct": pct,
                "pct_status": status,
                "pct_mismatch": not percentage_matches(
                    None if pct is None else round_half_up(pct), numerator, denominator
                ),
                "other_measures": {"region_in_file": region} if not is_england else {},
                "_level": "national" if is_england else "local_authority",
            }
            result.records.append(record)
        if is_england:
            result.geographies.setdefault(
                sen2.ENGLAND_CODE,
                {
                    "level": "national",
                    "code": sen2.ENGLAND_CODE,
                    "name": "England",
                    "ons_code": sen2.ENGLAND_CODE,
                    "region_code": "",
                    "region_name": "",
                    "_year": max(years.values()),
                },
            )
        else:
            result.geographies[code] = {
                "level": "local_authority",
                "code": code,
                "name": name,
                "ons_code": "",
                "region_code": "",
                "region_name": region,
                "_year": max(years.values()),
                "_from_tribunal_table": True,
            }
    if errors:
        raise RowErrors(errors)
    if skipped:
        result.notes.append(
            f"{len(skipped)} row(s) without a DfE local authority code were not stored: {', '.join(skipped)}."
        )
    if not result.records:
        raise UploadError("The tribunal table has no rows with figures.")
    return result
