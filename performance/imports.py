"""Spreadsheet imports of indicator definitions and of values: CSV or XLSX,
all-or-nothing. Every row is checked first; a file with any bad row saves
nothing and raises RowErrors listing each problem with its row and column.

Definitions (`manage.py import_indicators FILE --area CODE`, or the upload page):
  code,name,service_area,unit,polarity,frequency,target,target_from,tolerance,publishable
  optional: description,owner,source_system,numerator_definition,denominator_definition,health_service,computed_source
  (computed_source: a source name of performance.sources such as ehcp.decisions_6_weeks; blank: entered)
A code repeated with another target_from adds the target that applies from
then on; an existing code is updated (its unit and frequency cannot change
once it has values) and gains the targets it does not have yet.

Values (`manage.py import_indicator_values FILE --area CODE [--approve]`, or the upload page):
  indicator_code,period,value,numerator,denominator,note
periods: 2024-07 (monthly), 2024-Q2 (quarterly), 2024-T1/T2/T3 (termly: spring,
summer, autumn), 2024 (annual).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from send_board.audit import attributed
from send_board.models import Membership
from send_board.parsing import field_limits, parse_bool, parse_count, parse_decimal, parse_text
from send_board.uploads import RowError, RowErrors, read_table, rows

from . import calculations, periods, services, sources
from .models import (
    EventKind,
    Frequency,
    HealthService,
    Indicator,
    IndicatorEvent,
    IndicatorValue,
    Polarity,
    ServiceArea,
    Target,
    Unit,
    ValueSource,
    ValueState,
    code_validator,
)

INDICATOR_COLUMNS = [
    "code",
    "name",
    "service_area",
    "unit",
    "polarity",
    "frequency",
    "target",
    "target_from",
    "tolerance",
    "publishable",
]
INDICATOR_OPTIONAL = [
    "description",
    "owner",
    "source_system",
    "numerator_definition",
    "denominator_definition",
    "health_service",
    "computed_source",
]
VALUE_COLUMNS = ["indicator_code", "period", "value", "numerator", "denominator", "note"]

EHCP20_NAME = "New EHC plans issued within 20 weeks"
INDICATOR_EXAMPLE_ROWS = [
    ["EHCP20", EHCP20_NAME, "EHCP", "percent", "higher", "monthly", "60", "2024-04", "10", "yes"],
    ["EHCP20", EHCP20_NAME, "EHCP", "percent", "higher", "monthly", "65", "2025-04", "10", "yes"],
    ["SALTLW", "Speech and language therapy: longest wait", "Health", "weeks", "lower", "monthly", "18", "2024-04",
     "8", "yes"],
    ["OOB", "Children in special schools outside the borough", "Education", "count", "lower", "termly", "240",
     "2024-T3", "20", "no"],
    ["EHCPACT", "Active EHC plans", "EHCP", "count", "neutral", "monthly", "", "", "", "yes"],
]  # fmt: skip
VALUE_EXAMPLE_ROWS = [
    ["EHCP20", "2024-07", "", "27", "60", "Returns checked against the EHCP system"],
    ["SALTLW", "2024-07", "38", "", "", ""],
    ["OOB", "2024-T3", "269", "", "", "Autumn term: T1 spring, T2 summer, T3 autumn"],
    ["PCSAT", "2024", "48.5", "", "", "Annual parent carer survey"],
]


@dataclass(frozen=True)
class LinkedRowError(RowError):
    """A row error that points at an existing record (a duplicate value)."""

    link: str = ""


def choice(text, choices_class, column):
    """A TextChoices value from its value or label, in any letter case."""
    wanted = " ".join(str(text).strip().lower().replace("_", " ").replace("-", " ").split())
    for value, label in choices_class.choices:
        if wanted in {value.replace("-", " "), label.lower()}:
            return value
    allowed = ", ".join(v for v in choices_class.values if v)
    raise ValueError(f"'{text}' is not a known {column.replace('_', ' ')}: use one of {allowed}.")


def _optional(parse, model, name):
    """A parser of an optional cell, bounded by the model field that stores it."""

    def parse_cell(text):
        return None if text == "" else parse(text, **field_limits(model, name))

    return parse_cell


_value = _optional(parse_decimal, IndicatorValue, "value")
_numerator = _optional(parse_count, IndicatorValue, "numerator")
_denominator = _optional(parse_count, IndicatorValue, "denominator")
_target = _optional(parse_decimal, Target, "value")
_tolerance = _optional(parse_decimal, Target, "tolerance")


# ---------------------------------------------------------------- definitions


@dataclass
class IndicatorSummary:
    created: list
    updated: list
    targets_added: int

    def __str__(self):
        return (
            f"{len(self.created)} indicator(s) defined, {len(self.updated)} updated, "
            f"{self.targets_added} target(s) added."
        )


def _parse_indicator_row(number, record, errors, owners):
    fields, target = {}, {}

    def add(column, message):
        errors.append(RowError(number, column, record.get(column, ""), message))

    code = record["code"].upper()
    try:
        code_validator(code)
    except ValidationError as error:
        add("code", error.messages[0])
    fields["code"] = code
    if not record["name"]:
        add("name", "Give the indicator's name.")
    fields["name"] = record["name"]
    for column in ("name", "source_system"):
        try:
            parse_text(record[column], what=column.replace("_", " "), **field_limits(Indicator, column))
        except ValueError as error:
            add(column, str(error))
    for column, choices_class in (
        ("service_area", ServiceArea),
        ("unit", Unit),
        ("polarity", Polarity),
        ("frequency", Frequency),
    ):
        try:
            fields[column] = choice(record[column], choices_class, column)
        except ValueError as error:
            add(column, str(error))
    if record["health_service"]:
        try:
            fields["health_service"] = choice(record["health_service"], HealthService, "health_service")
        except ValueError as error:
            add("health_service", str(error))
    else:
        fields["health_service"] = ""
    fields["computed_source"] = record["computed_source"].strip()
    if fields["computed_source"] and sources.get(fields["computed_source"]) is None:
        add(
            "computed_source",
            f"There is no computed source '{fields['computed_source']}': use one of "
            + ", ".join(sorted(sources.REGISTRY))
            + ", or leave it blank for an entered indicator.",
        )
    try:
        fields["publishable"] = parse_bool(record["publishable"])
    except ValueError as error:
        add("publishable", str(error))
    for column in ("description", "source_system", "numerator_definition", "denominator_definition"):
        fields[column] = record[column]
    fields["owner"] = None
    if record["owner"]:
        fields["owner"] = owners.get(record["owner"].lower())
        if fields["owner"] is None:
            add("owner", f"No user '{record['owner']}' has a role in this area.")
    for column, parse in (("target", _target), ("tolerance", _tolerance)):
        try:
            target[column] = parse(record[column])
        except ValueError as error:
            target[column] = None
            add(column, str(error))
    target["target_from"] = None
    if record["target_from"]:
        try:
            target["target_from"] = periods.parse_period_start(record["target_from"])
        except ValueError as error:
            add("target_from", str(error))
    if record["target"] and not record["target_from"]:
        add("target_from", "A target needs the date it applies from (target_from), such as 2024-04.")
    if record["target_from"] and not record["target"]:
        add("target", "target_from is given but the target is blank.")
    if record["tolerance"] and not record["target"]:
        add("tolerance", "A tolerance belongs to a target: give the target too.")
    elif target["tolerance"] is not None and target["tolerance"] < 0:
        add("tolerance", "The tolerance cannot be negative.")
    if fields.get("polarity") == Polarity.NEUTRAL and record["target"]:
        add("target", "A neutral indicator is context only: it has no target. Leave target blank.")
    if fields.get("unit") and target.get("target") is not None:
        problems = calculations.value_problems(
            unit=fields["unit"], value=target["target"], numerator=None, denominator=None
        )
        if problems:
            add("target", problems["value"].replace("value", "target", 1))
    source = sources.get(fields.get("computed_source"))
    if source is not None and source.targets is not None and target.get("target") is not None:
        add(
            "target",
            f"The target of {source.label} is set with {source.origin} (the EHCP year-end target), so that every "
            "page shows the same target: leave target blank.",
        )
    if source is not None and (fields.get("unit"), fields.get("frequency")) != (source.unit, source.frequency):
        add(
            "computed_source",
            f"{source.label} is a {source.frequency} {source.unit} figure: give the indicator that unit and frequency.",
        )
    return fields, target


@attributed
def indicators_import(*, area, source, user=None):
    """Define or update indicators from a file; all-or-nothing. Returns an IndicatorSummary."""
    frame = read_table(source, required=INDICATOR_COLUMNS, optional=INDICATOR_OPTIONAL)
    owners = {
        m.user.username.lower(): m.user for m in Membership.objects.filter(local_area=area).select_related("user")
    }
    owners.update({u.username.lower(): u for u in get_user_model().objects.filter(is_superuser=True)})
    existing = {i.code: i for i in Indicator.objects.filter(area=area)}
    existing_targets = {(t.indicator_id, t.applies_from): t for t in Target.objects.filter(indicator__area=area)}
    with_values = set(IndicatorValue.objects.filter(indicator__area=area).values_list("indicator_id", flat=True))
    errors, definitions, first_row, targets = [], {}, {}, {}
    for number, record in rows(frame):
        before = len(errors)
        fields, target = _parse_indicator_row(number, record, errors, owners)
        if len(errors) > before:
            continue
        code = fields["code"]
        if code in definitions:
            differing = [c for c in fields if fields[c] != definitions[code][c]]
            if differing:
                column = differing[0]
                errors.append(
                    RowError(
                        number,
                        column,
                        record.get(column, ""),
                        f"{code} is defined differently in row {first_row[code]}: a repeated code may differ only "
                        "in target, target_from and tolerance.",
                    )
                )
                continue
        else:
            definitions[code], first_row[code] = fields, number
        if target["target"] is not None:
            key = (code, target["target_from"])
            if key in targets:
                errors.append(
                    RowError(
                        number,
                        "target_from",
                        record["target_from"],
                        f"Row {targets[key][0]} already gives {code} a target from this date.",
                    )
                )
                continue
            targets[key] = (number, target["target"], target["tolerance"], record["target_from"])
    for code, fields in definitions.items():
        indicator = existing.get(code)
        if indicator is None:
            continue
        for column in services.MEANING_FIELDS:
            if fields[column] != getattr(indicator, column) and indicator.pk in with_values:
                errors.append(
                    RowError(
                        first_row[code],
                        column,
                        fields[column],
                        f"{code} already has values in {getattr(indicator, column)} terms: its {column} cannot change.",
                    )
                )
    for (code, start), (number, value, tolerance, text) in targets.items():
        indicator = existing.get(code)
        if indicator is None:
            continue
        current = existing_targets.get((indicator.pk, start))
        if current is not None and (current.value, current.tolerance) != (value, tolerance):
            errors.append(
                RowError(
                    number,
                    "target",
                    str(value),
                    f"{code} already has a target of {current.value.normalize():f} from {text}: targets keep their "
                    "history, so give a later target_from for a new target.",
                )
            )
    source_codes = {}
    for code, fields in definitions.items():
        if fields["computed_source"]:
            other = source_codes.setdefault(fields["computed_source"], code)
            taken = next(
                (i for i in existing.values() if i.computed_source == fields["computed_source"] and i.code != code),
                None,
            )
            if other != code or taken is not None:
                errors.append(
                    RowError(
                        first_row[code],
                        "computed_source",
                        fields["computed_source"],
                        f"Another indicator ({taken.code if taken else other}) already takes this computed source.",
                    )
                )
    if errors:
        raise RowErrors(sorted(errors, key=lambda e: e.row))
    summary = IndicatorSummary(created=[], updated=[], targets_added=0)
    with transaction.atomic():
        for code, fields in definitions.items():
            indicator = existing.get(code)
            if indicator is None:
                indicator = services.indicator_create(area=area, user=user, **fields)
                existing[code] = indicator
                summary.created.append(code)
            else:
                changes = {k: v for k, v in fields.items() if k != "code"}
                if any(getattr(indicator, k) != v for k, v in changes.items()):
                    services.indicator_update(indicator=indicator, user=user, **changes)
                    summary.updated.append(code)
        for (code, start), (_number, value, tolerance, _text) in sorted(targets.items(), key=lambda t: t[0][1]):
            indicator = existing[code]
            if (indicator.pk, start) in existing_targets:
                continue
            services.target_add(indicator=indicator, applies_from=start, value=value, tolerance=tolerance, user=user)
            summary.targets_added += 1
    return summary


# ---------------------------------------------------------------- values


@dataclass
class ValuesSummary:
    created: int
    state: str
    indicators: list

    def __str__(self):
        state = ValueState(self.state).label.lower()
        return f"{self.created} value(s) saved as {state} for {len(self.indicators)} indicator(s)."


@attributed
def values_import(*, area, source, user=None, owner=None, approve=False, origin=ValueSource.UPLOAD, today=None):
    """Add values from a long-format file; all-or-nothing.

    `owner`: when given (an officer uploading), rows for indicators they do
    not own are refused. Values are saved submitted, or approved with
    `approve` (a performance lead's upload, or the command's --approve).
    Existing values are never overwritten: a duplicate is a row error
    linking to the value that exists. Returns a ValuesSummary.
    """
    frame = read_table(source, required=["indicator_code", "period"], optional=VALUE_COLUMNS[2:])
    indicators = {i.code: i for i in Indicator.objects.filter(area=area).select_related("area", "owner")}
    existing = set(IndicatorValue.objects.filter(indicator__area=area).values_list("indicator_id", "period"))
    errors, entries, seen = [], [], {}
    for number, record in rows(frame):

        def add(column, message, link="", number=number, record=record):
            errors.append(LinkedRowError(number, column, record.get(column, ""), message, link))

        code = record["indicator_code"].upper()
        indicator = indicators.get(code)
        if indicator is None:
            add("indicator_code", f"{area.name} has no indicator '{record['indicator_code']}'.")
            continue
        if indicator.is_computed:
            add("indicator_code", services.computed_refusal(indicator))
            continue
        if owner is not None and indicator.owner_id != owner.pk:
            add("indicator_code", f"You do not own {code}: only its owner or a performance lead can enter its values.")
            continue
        try:
            period = periods.parse_period(record["period"], indicator.frequency)
        except ValueError as error:
            add("period", f"{code}: {error}")
            continue
        parsed = {}
        for column, parse in (
            ("value", _value),
            ("numerator", _numerator),
            ("denominator", _denominator),
        ):
            try:
                parsed[column] = parse(record[column])
            except ValueError as error:
                add(column, str(error))
        if len(parsed) < 3:
            continue
        entry = services.ValueInput(period=period, note=record["note"], **parsed)
        if (code, period) in seen:
            add(
                "period",
                f"Row {seen[(code, period)]} already gives {code} a value for {indicator.period_name(period)}.",
            )
            continue
        seen[(code, period)] = number
        if (indicator.pk, period) in existing:
            add("period", services.duplicate_text(indicator, period), services.value_url(indicator, period))
            continue
        problems = services.value_problems(indicator=indicator, entry=entry, today=today, check_duplicate=False)
        for column, message in problems.items():
            add(column, str(message))
        if not problems:
            entries.append((indicator, entry))
    if errors:
        raise RowErrors(errors)
    state = ValueState.APPROVED if approve else ValueState.SUBMITTED
    with transaction.atomic():
        values = _bulk_create_values(entries, state=state, user=user, origin=origin)
        services.ratings_refresh_queue(indicator_ids=[v.indicator_id for v in values])
    return ValuesSummary(created=len(values), state=state, indicators=sorted({i.code for i, _e in entries}))


def _bulk_create_values(entries, *, state, user, origin):
    from django.utils import timezone

    now = timezone.now()
    values, events = [], []
    for indicator, entry in entries:
        value = IndicatorValue(
            indicator=indicator,
            period=entry.period,
            period_end=periods.period_end(indicator.frequency, entry.period),
            value=calculations.value_from_parts(
                value=entry.value, numerator=entry.numerator, denominator=entry.denominator, unit=indicator.unit
            ),
            numerator=entry.numerator,
            denominator=entry.denominator,
            note=entry.note,
            state=state,
            source=origin,
            entered_by=user,
            updated_by=user,
            submitted_by=user,
            submitted_at=now,
            approved_by=user if state == ValueState.APPROVED else None,
            approved_at=now if state == ValueState.APPROVED else None,
        )
        values.append(value)
        events.append(
            IndicatorEvent(
                indicator=indicator,
                period=entry.period,
                kind=EventKind.VALUE_ENTERED,
                user=user,
                message=f"{indicator.period_name(entry.period)}: "
                f"{calculations.format_value(value.value, indicator.unit)} "
                f"{ValueSource(origin).label.lower()}, {ValueState(state).label.lower()}.",
            )
        )
    IndicatorValue.objects.bulk_create(values)
    IndicatorEvent.objects.bulk_create(events)
    return values
