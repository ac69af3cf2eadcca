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

from dataclasses import dataclass, field, replace
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from send_board.audit import attributed
from send_board.models import LocalArea, Membership
from send_board.uploads import FormRow, RowError, RowErrors, form_row, form_rows, read_table, rows

from . import calculations, periods, services
from .forms import IndicatorRowForm, ValueRowForm
from .models import (
    EventKind,
    Indicator,
    IndicatorEvent,
    IndicatorValue,
    Target,
    ValueSource,
    ValueState,
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


TARGET_COLUMNS = ("target", "target_from", "tolerance")


def _owners(area: LocalArea) -> dict:
    """{lower-case username: user} of the area's members and the superusers."""
    owners = {
        m.user.username.lower(): m.user for m in Membership.objects.filter(local_area=area).select_related("user")
    }
    owners.update({u.username.lower(): u for u in get_user_model().objects.filter(is_superuser=True)})
    return owners


@dataclass
class _Definitions:
    """What an indicators file defines so far: each code's fields and first
    row, and each (code, start)'s target as (row, value, tolerance, text)."""

    fields: dict = field(default_factory=dict)
    first_row: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)

    def add(self, line: FormRow) -> None:
        """Add a row IndicatorRowForm read, or refuse it for contradicting an earlier row."""
        fields = {k: v for k, v in line.cleaned.items() if k not in TARGET_COLUMNS}
        code = fields["code"]
        if code in self.fields:
            differing = [c for c in fields if fields[c] != self.fields[code][c]]
            if differing:
                line.refuse(
                    differing[0],
                    f"{code} is defined differently in row {self.first_row[code]}: a repeated code may differ only "
                    "in target, target_from and tolerance.",
                )
                return
        else:
            self.fields[code], self.first_row[code] = fields, line.row
        if line.cleaned["target"] is not None:
            key = (code, line.cleaned["target_from"])
            if key in self.targets:
                line.refuse("target_from", f"Row {self.targets[key][0]} already gives {code} a target from this date.")
                return
            target = line.cleaned["target"], line.cleaned["tolerance"], line.record["target_from"]
            self.targets[key] = (line.row, *target)


def _meaning_errors(definitions: _Definitions, existing: dict, with_values: set) -> list[RowError]:
    """An existing indicator with values keeps its unit and frequency."""
    errors = []
    for code, fields in definitions.fields.items():
        indicator = existing.get(code)
        if indicator is None or indicator.pk not in with_values:
            continue
        errors += [
            RowError(
                definitions.first_row[code],
                column,
                fields[column],
                f"{code} already has values in {getattr(indicator, column)} terms: its {column} cannot change.",
            )
            for column in services.MEANING_FIELDS
            if fields[column] != getattr(indicator, column)
        ]
    return errors


def _target_errors(definitions: _Definitions, existing: dict, existing_targets: dict) -> list[RowError]:
    """Targets keep their history: an existing target is never changed."""
    errors = []
    for (code, start), (number, value, tolerance, text) in definitions.targets.items():
        indicator = existing.get(code)
        current = existing_targets.get((indicator.pk, start)) if indicator is not None else None
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
    return errors


def _source_errors(definitions: _Definitions, existing: dict) -> list[RowError]:
    """One indicator per computed source."""
    errors, source_codes = [], {}
    for code, fields in definitions.fields.items():
        if not fields["computed_source"]:
            continue
        other = source_codes.setdefault(fields["computed_source"], code)
        taken = next(
            (i for i in existing.values() if i.computed_source == fields["computed_source"] and i.code != code),
            None,
        )
        if other != code or taken is not None:
            errors.append(
                RowError(
                    definitions.first_row[code],
                    "computed_source",
                    fields["computed_source"],
                    f"Another indicator ({taken.code if taken else other}) already takes this computed source.",
                )
            )
    return errors


@attributed
def indicators_import(*, area: LocalArea, source: object, user: object = None) -> IndicatorSummary:
    """Define or update indicators from a file; all-or-nothing. Each row is
    read by the web form (IndicatorRowForm). Returns an IndicatorSummary."""
    frame = read_table(source, required=INDICATOR_COLUMNS, optional=INDICATOR_OPTIONAL)
    existing = {i.code: i for i in Indicator.objects.filter(area=area)}
    existing_targets = {(t.indicator_id, t.applies_from): t for t in Target.objects.filter(indicator__area=area)}
    with_values = set(IndicatorValue.objects.filter(indicator__area=area).values_list("indicator_id", flat=True))
    errors, definitions = [], _Definitions()
    for line in form_rows(frame, IndicatorRowForm({}, owners=_owners(area))):
        if line.good:
            definitions.add(line)
        errors.extend(line.errors)
    errors += _meaning_errors(definitions, existing, with_values)
    errors += _target_errors(definitions, existing, existing_targets)
    errors += _source_errors(definitions, existing)
    if errors:
        raise RowErrors(sorted(errors, key=lambda e: e.row))
    return _write_definitions(
        area=area, user=user, definitions=definitions, existing=existing, existing_targets=existing_targets
    )


@transaction.atomic
def _write_definitions(
    *, area: LocalArea, user: object, definitions: _Definitions, existing: dict, existing_targets: dict
) -> IndicatorSummary:
    summary = IndicatorSummary(created=[], updated=[], targets_added=0)
    for code, fields in definitions.fields.items():
        indicator = existing.get(code)
        if indicator is None:
            existing[code] = services.indicator_create(area=area, user=user, **fields)
            summary.created.append(code)
            continue
        changes = {k: v for k, v in fields.items() if k != "code"}
        if any(getattr(indicator, k) != v for k, v in changes.items()):
            services.indicator_update(indicator=indicator, user=user, **changes)
            summary.updated.append(code)
    for (code, start), (_number, value, tolerance, _text) in sorted(definitions.targets.items(), key=lambda t: t[0][1]):
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


@dataclass
class _ValueRows:
    """Reads a values file's rows: the indicators of the area, one ValueRowForm
    per indicator (its period notation differs), what exists and what came before."""

    area: LocalArea
    owner: object
    today: date | None
    indicators: dict
    existing: set
    forms: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)

    def indicator_of(self, line: FormRow) -> Indicator | None:
        """The row's indicator, or None (and the row refused) when it is not one the uploader may enter."""
        code = line.record["indicator_code"].upper()
        indicator = self.indicators.get(code)
        if indicator is None:
            line.refuse("indicator_code", f"{self.area.name} has no indicator '{line.record['indicator_code']}'.")
        elif indicator.is_computed:
            line.refuse("indicator_code", services.computed_refusal(indicator))
        elif self.owner is not None and indicator.owner_id != self.owner.pk:
            line.refuse(
                "indicator_code", f"You do not own {code}: only its owner or a performance lead can enter its values."
            )
        else:
            return indicator
        return None

    def read(self, row: int, record: dict) -> tuple[FormRow, Indicator | None, services.ValueInput | None]:
        """(the row, its indicator, its value) with the value None when the row is refused."""
        line = FormRow(row, record, {}, [])
        indicator = self.indicator_of(line)
        if indicator is None:
            return line, None, None
        if indicator.pk not in self.forms:
            self.forms[indicator.pk] = ValueRowForm({}, indicator=indicator)
        line = form_row(self.forms[indicator.pk], row=row, record=record)
        line.errors = [
            replace(e, message=f"{indicator.code}: {e.message}") if e.column == "period" else e for e in line.errors
        ]
        if "period" not in line.cleaned:
            return line, indicator, None
        entry = ValueRowForm.entry_of(line.cleaned)
        if not line.good or self._already_given(line, indicator, entry.period):
            return line, indicator, None
        line.refuse_all(
            services.value_problems(indicator=indicator, entry=entry, today=self.today, check_duplicate=False)
        )
        return line, indicator, entry if line.good else None

    def _already_given(self, line: FormRow, indicator: Indicator, period: date) -> bool:
        key = (indicator.code, period)
        if key in self.seen:
            name = indicator.period_name(period)
            line.refuse("period", f"Row {self.seen[key]} already gives {indicator.code} a value for {name}.")
            return True
        self.seen[key] = line.row
        if (indicator.pk, period) in self.existing:
            line.errors.append(
                LinkedRowError(
                    line.row,
                    "period",
                    line.record["period"],
                    services.duplicate_text(indicator, period),
                    services.value_url(indicator, period),
                )
            )
            return True
        return False


@attributed
def values_import(
    *,
    area: LocalArea,
    source: object,
    user: object = None,
    owner: object = None,
    approve: bool = False,
    origin: str = ValueSource.UPLOAD,
    today: date | None = None,
) -> ValuesSummary:
    """Add values from a long-format file; all-or-nothing.

    Each row is read by the web form for its indicator (ValueRowForm) and
    checked by services.value_problems. `owner`: when given (an officer
    uploading), rows for indicators they do not own are refused. Values are
    saved submitted, or approved with `approve` (a performance lead's upload,
    or the command's --approve). Existing values are never overwritten: a
    duplicate is a row error linking to the value that exists. Returns a
    ValuesSummary.
    """
    frame = read_table(source, required=["indicator_code", "period"], optional=VALUE_COLUMNS[2:])
    reader = _ValueRows(
        area=area,
        owner=owner,
        today=today,
        indicators={i.code: i for i in Indicator.objects.filter(area=area).select_related("area", "owner")},
        existing=set(IndicatorValue.objects.filter(indicator__area=area).values_list("indicator_id", "period")),
    )
    errors, entries = [], []
    for row, record in rows(frame):
        line, indicator, entry = reader.read(row, record)
        errors.extend(line.errors)
        if entry is not None:
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
