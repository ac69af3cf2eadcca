"""Writes to the scorecard: indicators, targets, benchmarks, values and their
states, commentary, deep dives, the strategic dashboard, and stored ratings.

Every write that changes what a rating depends on marks the indicator's
ratings stale and queues performance.tasks.recompute_ratings after commit;
the task (or `manage.py recompute_ratings`, or the nightly job) stores fresh
ratings and clears the mark. Bulk imports live in performance.imports.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from improvement.models import Action
from send_board.audit import attributed
from send_board.models import LocalArea, Membership
from send_board.queue import enqueue_on_commit
from send_board.versioning import check, claim

from . import calculations, periods, sources
from .models import (
    Benchmark,
    BenchmarkSeries,
    Commentary,
    DashboardItem,
    DeepDiveRequest,
    EnteredValue,
    EventKind,
    Indicator,
    IndicatorActionLink,
    IndicatorEvent,
    IndicatorValue,
    Polarity,
    Rating,
    Target,
    ValueSource,
    ValueState,
)
from .tasks import recompute_ratings, sync_computed_indicators

MAX_DASHBOARD_KPIS = 20
DEFINITION_FIELDS = (
    "code",
    "name",
    "description",
    "service_area",
    "health_service",
    "owner",
    "source_system",
    "numerator_definition",
    "denominator_definition",
    "unit",
    "polarity",
    "frequency",
    "publishable",
    "computed_source",
)
# Fields that change what the stored values mean: refused once values exist.
MEANING_FIELDS = ("unit", "frequency")


# ---------------------------------------------------------------- history and ratings


@attributed
def event_log(
    *, indicator: Indicator, kind: str, message: str, user: User | None = None, period: date | None = None
) -> IndicatorEvent:
    return IndicatorEvent.objects.create(indicator=indicator, kind=kind, message=message, user=user, period=period)


def ratings_refresh_queue(*, indicator_ids: Iterable[int]) -> None:
    """Mark the indicators' ratings stale and queue their recompute after commit."""
    ids = sorted(set(indicator_ids))
    if not ids:
        return
    Indicator.objects.filter(pk__in=ids).update(ratings_stale_since=timezone.now())
    enqueue_on_commit(recompute_ratings, indicator_ids=ids)


RATING_FIELDS = (
    "rag",
    "target",
    "tolerance",
    "previous_period",
    "previous_value",
    "previous_approved",
    "change",
    "change_unit",
    "direction",
    "arrow",
    "worsening_run",
    "england",
    "england_difference",
    "region",
    "region_difference",
    "neighbours",
    "neighbours_difference",
    "computed_at",
)


def ratings_for(
    indicator: Indicator,
    values: Sequence[IndicatorValue],
    targets: Iterable[calculations.TargetRow],
    benchmarks: Mapping[str, Mapping[date, Decimal]],
    computed_at: datetime,
) -> list[Rating]:
    """Unsaved Rating objects for `values` (ascending by period) of `indicator`."""
    points = [
        (
            v.period,
            calculations.exact_value(
                value=v.value, numerator=v.numerator, denominator=v.denominator, unit=indicator.unit
            ),
            v.state == ValueState.APPROVED,
        )
        for v in values
    ]
    rows = calculations.rate_series(
        frequency=indicator.frequency,
        unit=indicator.unit,
        polarity=indicator.polarity,
        points=points,
        targets=targets,
        benchmarks=benchmarks,
    )
    return [
        Rating(value=v, computed_at=computed_at, **{k: row[k] for k in RATING_FIELDS if k != "computed_at"})
        for v, row in zip(values, rows, strict=True)
    ]


def ratings_recompute(*, indicator_id: int) -> int:
    """Store the rating of every value of one indicator; idempotent.
    Returns the number of values rated (0 when the indicator is gone)."""
    return ratings_recompute_many(indicator_ids=[indicator_id])


def ratings_recompute_many(*, indicator_ids: Iterable[int]) -> int:
    """ratings_recompute for each of these indicators, in four queries and one
    write whatever their number (indicators gone are skipped). Returns the
    number of values rated."""
    started = timezone.now()
    indicators = list(Indicator.objects.filter(pk__in=set(indicator_ids)).order_by("pk"))
    if not indicators:
        return 0
    ids = [indicator.pk for indicator in indicators]
    values: dict[int, list[IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(indicator_id__in=ids).order_by("indicator_id", "period"):
        values.setdefault(value.indicator_id, []).append(value)
    targets: dict[int, list[calculations.TargetRow]] = {}
    for indicator_id, *target in Target.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "applies_from", "value", "tolerance"
    ):
        targets.setdefault(indicator_id, []).append(tuple(target))
    benchmarks: dict[int, dict[str, dict[date, Decimal]]] = {}
    for indicator_id, series, period, value in Benchmark.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "series", "period", "value"
    ):
        benchmarks.setdefault(indicator_id, {}).setdefault(series, {})[period] = value
    ratings = [
        rating
        for indicator in indicators
        for rating in ratings_for(
            indicator,
            values.get(indicator.pk, []),
            targets.get(indicator.pk, []),
            benchmarks.get(indicator.pk, {}),
            started,
        )
    ]
    with transaction.atomic():
        Rating.objects.bulk_create(
            ratings,
            update_conflicts=True,
            unique_fields=["value"],
            update_fields=list(RATING_FIELDS),
        )
        # Only clear the mark if nothing changed since this run began.
        Indicator.objects.filter(pk__in=ids, ratings_stale_since__lte=started).update(ratings_stale_since=None)
    return len(ratings)


def area_ratings_recompute(*, area_id: int) -> int:
    return ratings_recompute_many(indicator_ids=Indicator.objects.filter(area_id=area_id).values_list("pk", flat=True))


# ---------------------------------------------------------------- indicators


def _check_owner(area: LocalArea, owner: User | None) -> None:
    if owner is None:
        return
    if not owner.is_superuser and not Membership.objects.filter(user=owner, local_area=area).exists():
        raise ValidationError({"owner": f"{owner.get_full_name() or owner.username} has no role in {area.name}."})


NEUTRAL_TARGET = "A neutral indicator is context only: it has no target and no RAG. Leave the target blank."


def _check_neutral_target(polarity: str, target: Decimal | None) -> None:
    if polarity == Polarity.NEUTRAL and target is not None:
        raise ValidationError({"target": NEUTRAL_TARGET})


def target_problems(
    *,
    polarity: str | None,
    unit: str | None,
    target: Decimal | None,
    target_from: date | None,
    tolerance: Decimal | None,
    source: sources.ComputedSource | None = None,
) -> dict[str, str]:
    """{field: message} for the first target given with a definition (the
    indicator form, its upload and indicator_create): the date it applies
    from, a tolerance only with a target and never negative, no target for a
    neutral indicator or one whose source sets it, a target the unit allows."""
    problems = {}
    if target is not None and target_from is None:
        problems["target_from"] = "A target needs the date it applies from, such as 2024-04."
    if target is None and target_from is not None:
        problems["target"] = "Give the target that applies from this date, or leave the date blank."
    if target is None and tolerance is not None:
        problems["tolerance"] = "A tolerance belongs to a target: give the target too."
    elif tolerance is not None and tolerance < 0:
        problems["tolerance"] = "The tolerance cannot be negative."
    if target is None:
        return problems
    if polarity == Polarity.NEUTRAL:
        problems["target"] = NEUTRAL_TARGET
    elif source is not None and source.targets is not None:
        problems["target"] = (
            f"The target of {source.label} is set with {source.origin} (the EHCP year-end target), so that every "
            "page shows the same target: leave the target blank."
        )
    elif unit:
        value = calculations.value_problems(unit=unit, value=target, numerator=None, denominator=None).get("value")
        if value:
            problems["target"] = value.replace("value", "target", 1)
    return problems


def source_shape_problems(
    *, computed_source: str, unit: str | None, frequency: str | None, polarity: str | None
) -> dict[str, str]:
    """{field: message}: a computed indicator names a registered source and
    has its unit, frequency and polarity."""
    if not computed_source:
        return {}
    source = sources.get(computed_source)
    if source is None:
        return {
            "computed_source": f"There is no computed source '{computed_source}': use one of "
            + ", ".join(sorted(sources.REGISTRY))
            + ", or leave it blank for an entered indicator."
        }
    if (unit, frequency) != (source.unit, source.frequency):
        return {
            "computed_source": f"{source.label} is a {source.frequency} {source.unit} figure: give the "
            "indicator that unit and frequency."
        }
    if source.polarity and polarity != source.polarity:
        better = "higher" if source.polarity == "higher" else "lower"
        return {"polarity": f"{source.label}: {better} is better, so the indicator's polarity must say so."}
    return {}


@attributed
def indicator_create(
    *,
    area: LocalArea,
    user: User | None,
    target: Decimal | None = None,
    target_from: date | None = None,
    tolerance: Decimal | None = None,
    **fields: Any,
) -> Indicator:
    """Define an indicator in `area`, with its first target if given.

    `fields` are Indicator fields (code, name, unit, polarity, frequency, …).
    Raises ValidationError: a duplicate code, a target without the date it
    applies from, a target for a neutral indicator, an owner from elsewhere.
    """
    fields["code"] = str(fields.get("code", "")).strip().upper()
    indicator = Indicator(area=area, **fields)
    indicator.full_clean(exclude=["area"], validate_unique=False, validate_constraints=False)
    if Indicator.objects.filter(area=area, code=indicator.code).exists():
        raise ValidationError({"code": f"{area.name} already has an indicator {indicator.code}."})
    _check_source_free(indicator)
    _check_owner(area, indicator.owner)
    _check_source_shape(indicator)
    problems = target_problems(
        polarity=indicator.polarity,
        unit=indicator.unit,
        target=target,
        target_from=target_from,
        tolerance=tolerance,
        source=indicator.source,
    )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        indicator.save()
        event_log(indicator=indicator, kind=EventKind.DEFINED, message=f"Defined {indicator}.", user=user)
        if target is not None:
            _check_target_is_ours(indicator)
            target_add(indicator=indicator, applies_from=target_from, value=target, tolerance=tolerance, user=user)
        if indicator.is_computed:
            _queue_computed_sync(indicator.area_id)
    return indicator


def _queue_computed_sync(area_id: int) -> None:
    """Fill a newly computed indicator from its source after commit."""
    enqueue_on_commit(sync_computed_indicators, area_ids=[area_id])


def _check_source_shape(indicator: Indicator) -> None:
    """A computed indicator names a registered source and has its unit and frequency."""
    problems = source_shape_problems(
        computed_source=indicator.computed_source,
        unit=indicator.unit,
        frequency=indicator.frequency,
        polarity=indicator.polarity,
    )
    if problems:
        raise ValidationError(problems)


def _check_source_free(indicator: Indicator) -> None:
    if (
        indicator.computed_source
        and Indicator.objects.filter(area=indicator.area, computed_source=indicator.computed_source)
        .exclude(pk=indicator.pk)
        .exists()
    ):
        raise ValidationError(
            {"computed_source": f"Another indicator of {indicator.area.name} already takes {indicator.source.label}."}
        )


def _check_target_is_ours(indicator: Indicator) -> None:
    source = indicator.source
    if source is not None and source.targets is not None:
        raise ValidationError(
            {
                "value": f"{indicator.code}'s target is set where its figures are, with {source.origin} "
                "(the EHCP year-end target), so that every page shows the same target."
            }
        )


def _definition_changes(indicator: Indicator, changes: dict) -> dict[str, tuple]:
    """{field: (old, new)} of the definition fields `changes` would change."""
    changed = {}
    for field, new in changes.items():
        if field not in DEFINITION_FIELDS:
            raise ValueError(f"{field} is not a definition field")
        if field == "code":
            new = str(new).strip().upper()
        old = getattr(indicator, field)
        if old != new:
            changed[field] = (old, new)
    return changed


def _check_change_allowed(indicator: Indicator, changed: dict[str, tuple]) -> None:
    """What an indicator's values and targets fix: its unit and frequency,
    where computed values come from, and a target for a neutral polarity."""
    has_values = indicator.values.exists()
    for field in MEANING_FIELDS:
        if field in changed and has_values:
            raise ValidationError(
                {field: f"{indicator.code} has values, so its {field} cannot change: define a new indicator instead."}
            )
    if "polarity" in changed and changed["polarity"][1] == Polarity.NEUTRAL and indicator.targets.exists():
        raise ValidationError({"polarity": "A neutral indicator has no target: this one has targets."})
    if "computed_source" in changed and has_values and changed["computed_source"][0]:
        raise ValidationError(
            {
                "computed_source": f"{indicator.code} is computed and has values, so where they come from cannot "
                "change: define a new indicator instead."
            }
        )


@attributed
def indicator_update(*, indicator: Indicator, user: object, **changes: object) -> Indicator:
    """Change an indicator's definition, logging what changed. The unit and
    frequency cannot change once it has values (they would change what those
    values mean): define a new indicator instead."""
    changed = _definition_changes(indicator, changes)
    if not changed:
        return indicator
    _check_change_allowed(indicator, changed)
    for field, (_old, new) in changed.items():
        setattr(indicator, field, new)
    try:
        _check_changed_definition(indicator, changed)
    except ValidationError:
        for field, (old, _new) in changed.items():  # leave the caller's object as it was
            setattr(indicator, field, old)
        raise
    with transaction.atomic():
        indicator.save()
        event_log(
            indicator=indicator,
            kind=EventKind.EDITED,
            message="Changed " + "; ".join(f"{f}: '{_text(o)}' → '{_text(n)}'" for f, (o, n) in changed.items()) + ".",
            user=user,
        )
        if {"polarity", "unit"} & changed.keys():
            ratings_refresh_queue(indicator_ids=[indicator.pk])
        if indicator.is_computed and "computed_source" in changed:
            _source_changed(indicator, user)
    return indicator


def _source_changed(indicator: Indicator, user: object) -> None:
    """An indicator now computed keeps the values typed before as entered figures, and is filled from its source."""
    moved = _keep_entered_values(indicator)
    if moved:
        event_log(
            indicator=indicator,
            kind=EventKind.EDITED,
            message=f"Now {indicator.source.describe(indicator.area)}: the {moved} value(s) entered before are kept as "
            "entered figures, shown beside the computed ones on the reconciliation page.",
            user=user,
        )
    _queue_computed_sync(indicator.area_id)


def _keep_entered_values(indicator: Indicator) -> int:
    """An entered indicator becomes computed: its typed values become its
    entered figures (for reconciliation), and the source fills its values."""
    values = list(indicator.values.all())
    EnteredValue.objects.bulk_create(
        [
            EnteredValue(
                indicator=indicator,
                period=v.period,
                value=v.value,
                numerator=v.numerator,
                denominator=v.denominator,
                note=v.note,
                source=v.source,
                entered_by=v.entered_by,
                entered_at=v.entered_at,
            )
            for v in values
        ],
        ignore_conflicts=True,
    )
    indicator.values.all().delete()
    return len(values)


def disclosure_set(
    *, indicator: Indicator, not_disclosive: bool, reason: str = "", user: User | None = None
) -> Indicator:
    """Mark an indicator "not disclosive" (published unsuppressed, such as a
    timeliness rate DfE itself publishes unsuppressed), with the reason kept
    in its history and shown on the about-these-figures page; or unmark it."""
    reason = (reason or "").strip()
    if not_disclosive and not reason:
        raise ValidationError(
            {"reason": "Say why its small numbers identify nobody: the reason is published with the figures."}
        )
    if not_disclosive == indicator.not_disclosive and reason == indicator.not_disclosive_reason:
        return indicator
    with transaction.atomic():
        indicator.not_disclosive = bool(not_disclosive)
        indicator.not_disclosive_reason = reason if not_disclosive else ""
        indicator.save(update_fields=["not_disclosive", "not_disclosive_reason", "updated"])
        event_log(
            indicator=indicator,
            kind=EventKind.DISCLOSURE,
            message=(
                f"Marked not disclosive: published without small-number suppression. Reason: {reason}"
                if not_disclosive
                else "Small-number suppression applies again." + (f" Reason: {reason}" if reason else "")
            ),
            user=user,
        )
    return indicator


def _check_changed_definition(indicator: Indicator, changed: Mapping[str, tuple[object, object]]) -> None:
    indicator.full_clean(exclude=["area"], validate_unique=False, validate_constraints=False)
    if (
        "code" in changed
        and Indicator.objects.filter(area=indicator.area, code=indicator.code).exclude(pk=indicator.pk).exists()
    ):
        raise ValidationError({"code": f"{indicator.area.name} already has an indicator {indicator.code}."})
    if "owner" in changed:
        _check_owner(indicator.area, indicator.owner)
    _check_source_shape(indicator)
    _check_source_free(indicator)


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "get_username"):
        return value.get_username()
    return str(value)


@attributed
def target_add(
    *,
    indicator: Indicator,
    applies_from: date | None,
    value: Decimal | None,
    tolerance: Decimal | None = None,
    user: User | None = None,
) -> Target:
    """Add the target (and tolerance) that applies from `applies_from`. Targets
    are never overwritten: history is kept, a change is a new target with a
    later start. A computed indicator whose source sets its target (EHCP
    timeliness) takes no target here."""
    _check_target_is_ours(indicator)
    _check_neutral_target(indicator.polarity, value)
    if value is None:
        raise ValidationError({"value": "Enter the target."})
    if applies_from is None:
        raise ValidationError({"applies_from": "A target needs the date it applies from."})
    if tolerance is not None and tolerance < 0:
        raise ValidationError({"tolerance": "The tolerance cannot be negative."})
    problems = calculations.value_problems(unit=indicator.unit, value=value, numerator=None, denominator=None)
    if problems:
        raise ValidationError({"value": problems["value"].replace("value", "target", 1)})
    existing = indicator.targets.filter(applies_from=applies_from).first()
    if existing is not None:
        raise ValidationError(
            {
                "applies_from": f"A target of {_number(existing.value)} already applies from {applies_from:%-d %B %Y}: "
                "targets keep their history, so give a later start date for the new one."
            }
        )
    with transaction.atomic():
        target = Target.objects.create(
            indicator=indicator, applies_from=applies_from, value=value, tolerance=tolerance, created_by=user
        )
        tolerance_text = f", tolerance {_number(tolerance)}" if tolerance is not None else ", no tolerance"
        event_log(
            indicator=indicator,
            kind=EventKind.TARGET,
            message=f"Target {_number(value)}{tolerance_text}, from {applies_from:%-d %B %Y}.",
            user=user,
        )
        ratings_refresh_queue(indicator_ids=[indicator.pk])
    return target


def _number(value: Decimal | int | None) -> str:
    return "" if value is None else f"{Decimal(value).normalize():f}"


@attributed
def benchmark_set(
    *,
    indicator: Indicator,
    series: str,
    period: date,
    value: Decimal,
    source: str = "",
    user: User | None = None,
) -> Benchmark:
    """Set the England, region or statistical neighbours figure for one period
    (replacing an earlier one for that period: benchmarks are revised)."""
    if series not in BenchmarkSeries.values:
        raise ValidationError({"series": f"Choose one of: {', '.join(BenchmarkSeries.labels)}."})
    if not periods.is_period_start(indicator.frequency, period):
        raise ValidationError({"period": f"{period} does not start a {indicator.frequency} period."})
    problems = calculations.value_problems(unit=indicator.unit, value=value, numerator=None, denominator=None)
    if problems:
        raise ValidationError({"value": problems["value"]})
    with transaction.atomic():
        benchmark, created = Benchmark.objects.update_or_create(
            indicator=indicator,
            series=series,
            period=period,
            defaults={"value": value, "source": source, "created_by": user},
        )
        event_log(
            indicator=indicator,
            kind=EventKind.BENCHMARK,
            period=period,
            message=f"{BenchmarkSeries(series).label} {indicator.period_name(period)}: {_number(value)}"
            + (f" ({source})" if source else "")
            + ("" if created else " (revised)")
            + ".",
            user=user,
        )
        ratings_refresh_queue(indicator_ids=[indicator.pk])
    return benchmark


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class ValueInput:
    """A value as entered, parsed but not yet checked."""

    period: date
    value: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""


def value_url(indicator: Indicator, period: date) -> str:
    return reverse(
        "performance:value_edit",
        kwargs={"code": indicator.area.code, "indicator_code": indicator.code, "period": indicator.period_code(period)},
    )


def duplicate_text(indicator: Indicator, period: date) -> str:
    return f"{indicator.code} already has a value for {indicator.period_name(period)}."


def duplicate_message(indicator: Indicator, period: date) -> SafeString:
    """The duplicate-value message for a form, linking to the value that exists."""
    return format_html(
        '{} <a class="govuk-link" href="{}">See or change the existing value</a>.',
        duplicate_text(indicator, period),
        value_url(indicator, period),
    )


def _computed_from(indicator: Indicator) -> str:
    """The start of a sentence on how a computed indicator gets its values ("EHCP20 is computed from …")."""
    source = indicator.source
    where = source.describe(indicator.area) if source else f"computed ({indicator.computed_source})"
    return f"{indicator.code} is {where} by SEND Board"


def computed_refusal(indicator: Indicator) -> str:
    """Why a computed indicator's value cannot be typed or uploaded, naming its source."""
    return f"{_computed_from(indicator)}: its values are never typed or uploaded. Correct the source's records instead."


def approval_refusal(indicator: Indicator) -> str:
    """Why a computed indicator's value cannot be approved on the scorecard, naming its source."""
    return (
        f"{_computed_from(indicator)}: its values are approved with the records they come from "
        "(for figures from the EHCP returns, the month's return, on the EHCP pages), never on the scorecard."
    )


def value_problems(
    *,
    indicator: Indicator,
    entry: ValueInput,
    existing: IndicatorValue | None = None,
    today: date | None = None,
    check_duplicate: bool = True,
) -> dict[str, str]:
    """{field: message} for an entry (ValueInput) of `indicator`; {} when good.
    `existing` is the value being changed (None for a new one); bulk imports
    check duplicates themselves (check_duplicate=False)."""
    today = today or timezone.localdate()
    if indicator.is_computed:
        return {"value": computed_refusal(indicator)}
    if not periods.is_period_start(indicator.frequency, entry.period):
        return {
            "period": f"That is not a {indicator.frequency} period: give {periods.NOTATION_HELP[indicator.frequency]}."
        }
    if entry.period > today:
        return {"period": f"{indicator.period_name(entry.period)} has not started yet."}
    if (
        check_duplicate
        and existing is None
        and IndicatorValue.objects.filter(indicator=indicator, period=entry.period).exists()
    ):
        return {"period": duplicate_message(indicator, entry.period)}
    return calculations.value_problems(
        unit=indicator.unit, value=entry.value, numerator=entry.numerator, denominator=entry.denominator
    )


def _apply_state(value: IndicatorValue, state: str, user: User | None, now: datetime) -> None:
    value.state = state
    if state in (ValueState.SUBMITTED, ValueState.APPROVED) and value.submitted_at is None:
        value.submitted_by, value.submitted_at = user, now
    if state == ValueState.APPROVED:
        value.approved_by, value.approved_at = user, now


STATE_EVENTS: dict[str, EventKind] = {
    ValueState.SUBMITTED: EventKind.VALUE_SUBMITTED,
    ValueState.APPROVED: EventKind.VALUE_APPROVED,
}


@attributed
def value_create(
    *,
    indicator: Indicator,
    entry: ValueInput,
    user: User | None = None,
    state: str = ValueState.DRAFT,
    source: str = ValueSource.FORM,
    today: date | None = None,
) -> IndicatorValue:
    """Record a value (draft, submitted or approved). Raises ValidationError
    {field: message} and saves nothing when the entry breaks a rule."""
    problems = value_problems(indicator=indicator, entry=entry, today=today)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    # value_problems has refused an entry with neither a value nor its parts,
    # so value_from_parts gives a figure here.
    value = IndicatorValue(  # type: ignore[misc]
        indicator=indicator,
        period=entry.period,
        period_end=periods.period_end(indicator.frequency, entry.period),
        value=calculations.value_from_parts(
            value=entry.value, numerator=entry.numerator, denominator=entry.denominator, unit=indicator.unit
        ),
        numerator=entry.numerator,
        denominator=entry.denominator,
        note=entry.note,
        source=source,
        entered_by=user,
        updated_by=user,
    )
    _apply_state(value, state, user, now)
    try:
        with transaction.atomic():
            value.save()
            event_log(
                indicator=indicator,
                kind=EventKind.VALUE_ENTERED,
                period=entry.period,
                message=f"{indicator.period_name(entry.period)}: {_shown(indicator, value)} entered"
                + (f" and {ValueState(state).label.lower()}" if state != ValueState.DRAFT else " as a draft")
                + ".",
                user=user,
            )
            ratings_refresh_queue(indicator_ids=[indicator.pk])
    except IntegrityError:
        # A concurrent save of the same period won the race.
        raise ValidationError({"period": duplicate_message(indicator, entry.period)}) from None
    return value


def _shown(indicator: Indicator, value: IndicatorValue) -> str:
    return calculations.format_value(value.value, indicator.unit)


@attributed
def value_update(
    *, value: IndicatorValue, entry: ValueInput, user: User, state: str | None = None, version: int | None = None
) -> IndicatorValue:
    """Change a draft or submitted value (an approved one must be reopened
    first by a performance lead). `state` moves it on (submit, approve).
    `version`: the value's version when the form was opened (StaleEdit if it
    changed since; nothing is saved)."""
    indicator = value.indicator
    if entry.period != value.period:
        raise ValidationError({"period": "The period of a value cannot change: enter a value for the other period."})
    with transaction.atomic():
        value = IndicatorValue.objects.select_for_update().select_related("indicator").get(pk=value.pk)
        yours: dict[str, Any] = {
            "value": calculations.value_from_parts(
                value=entry.value, numerator=entry.numerator, denominator=entry.denominator, unit=indicator.unit
            ),
            "numerator": entry.numerator,
            "denominator": entry.denominator,
            "note": entry.note,
        }
        what = f"The value for {value.period_name}"
        check(value, expected=version, yours=yours, what=what)
        if value.state == ValueState.APPROVED:
            raise ValidationError(
                {"value": "This value is approved: a performance lead must reopen it before it changes."}
            )
        problems = value_problems(indicator=indicator, entry=entry, existing=value)
        if problems:
            raise ValidationError(problems)
        before = _shown(indicator, value)
        value.value = yours["value"]
        value.numerator, value.denominator, value.note = entry.numerator, entry.denominator, entry.note
        value.updated_by = user
        if state:
            _apply_state(value, state, user, timezone.now())
        claim(value, yours=yours, what=what)
        value.save()
        after = _shown(indicator, value)
        message = f"{value.period_name}: " + (f"{before} → {after}" if before != after else f"{after} saved")
        if state and state != ValueState.DRAFT:
            message += f", {ValueState(state).label.lower()}"
        event_log(
            indicator=indicator, kind=EventKind.VALUE_CHANGED, period=value.period, message=message + ".", user=user
        )
        ratings_refresh_queue(indicator_ids=[indicator.pk])
    return value


@attributed
def value_submit(*, value: IndicatorValue, user: User) -> IndicatorValue:
    if value.state != ValueState.DRAFT:
        raise ValidationError(f"The value for {value.period_name} is already {value.get_state_display().lower()}.")
    return _move(value, ValueState.SUBMITTED, user)


@attributed
def value_approve(*, value: IndicatorValue, user: User) -> IndicatorValue:
    if value.indicator.is_computed:
        raise ValidationError(approval_refusal(value.indicator))
    if value.state == ValueState.APPROVED:
        raise ValidationError(f"The value for {value.period_name} is already approved.")
    return _move(value, ValueState.APPROVED, user)


def _move(value: IndicatorValue, state: str, user: User) -> IndicatorValue:
    with transaction.atomic():
        _apply_state(value, state, user, timezone.now())
        claim(value)
        value.save()
        event_log(
            indicator=value.indicator,
            kind=STATE_EVENTS[state],
            period=value.period,
            message=f"{value.period_name}: {_shown(value.indicator, value)} {ValueState(state).label.lower()}.",
            user=user,
        )
        ratings_refresh_queue(indicator_ids=[value.indicator_id])
    return value


@attributed
def values_approve(*, values: Iterable[IndicatorValue], user: User) -> int:
    """Approve several submitted values at once (the approvals page)."""
    values = list(values)
    if computed := [v for v in values if v.indicator.is_computed]:
        raise ValidationError(approval_refusal(computed[0].indicator))
    count = 0
    with transaction.atomic():
        for value in values:
            if value.state != ValueState.APPROVED:
                _move(value, ValueState.APPROVED, user)
                count += 1
    return count


@attributed
def value_reopen(*, value: IndicatorValue, user: User, reason: str) -> IndicatorValue:
    """Return an approved (or submitted) value to draft so that it can be
    corrected; the reason is kept in the history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the value is reopened: it stays in the change history."})
    if value.state == ValueState.DRAFT:
        raise ValidationError({"reason": "The value is already a draft."})
    if value.indicator.is_computed:
        raise ValidationError({"reason": computed_refusal(value.indicator)})
    with transaction.atomic():
        was = value.get_state_display().lower()
        value.state = ValueState.DRAFT
        value.submitted_by = value.submitted_at = value.approved_by = value.approved_at = None
        value.updated_by = user
        claim(value)
        value.save()
        event_log(
            indicator=value.indicator,
            kind=EventKind.VALUE_REOPENED,
            period=value.period,
            message=f"{value.period_name}: {was} value reopened as a draft. Reason: {reason}",
            user=user,
        )
        ratings_refresh_queue(indicator_ids=[value.indicator_id])
    return value


# ---------------------------------------------------------------- commentary, deep dives, dashboard


@attributed
def commentary_save(*, indicator: Indicator, period: date, text: str, user: User) -> Commentary:
    """The owner's commentary on the indicator's figure for `period`."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the commentary."})
    if not periods.is_period_start(indicator.frequency, period):
        raise ValidationError({"period": f"That is not a {indicator.frequency} period."})
    with transaction.atomic():
        commentary, _ = Commentary.objects.update_or_create(
            indicator=indicator, period=period, defaults={"text": text, "written_by": user}
        )
        event_log(
            indicator=indicator,
            kind=EventKind.COMMENTARY,
            period=period,
            message=f"Commentary on {indicator.period_name(period)}: {text}",
            user=user,
        )
    return commentary


@attributed
def deep_dive_request(*, indicator: Indicator, user: User, reason: str = "") -> DeepDiveRequest:
    """Flag that the board wants a deep dive into the indicator."""
    with transaction.atomic():
        if indicator.deep_dives.filter(cleared_at__isnull=True).exists():
            raise ValidationError("A deep dive is already requested for this indicator.")
        request = DeepDiveRequest.objects.create(indicator=indicator, reason=(reason or "").strip(), requested_by=user)
        event_log(
            indicator=indicator,
            kind=EventKind.DEEP_DIVE_REQUESTED,
            message="Deep dive requested" + (f": {request.reason}" if request.reason else "."),
            user=user,
        )
    return request


@attributed
def deep_dive_clear(*, indicator: Indicator, user: User, outcome: str = "") -> DeepDiveRequest:
    """Clear the open deep dive request (it has been heard, or is withdrawn)."""
    with transaction.atomic():
        request = indicator.deep_dives.select_for_update().filter(cleared_at__isnull=True).first()
        if request is None:
            raise ValidationError("No deep dive is requested for this indicator.")
        request.cleared_by, request.cleared_at, request.outcome = user, timezone.now(), (outcome or "").strip()
        request.save()
        event_log(
            indicator=indicator,
            kind=EventKind.DEEP_DIVE_CLEARED,
            message="Deep dive cleared" + (f": {request.outcome}" if request.outcome else "."),
            user=user,
        )
    return request


def dashboard_set(*, area: LocalArea, indicator_ids: Iterable[int]) -> list[DashboardItem]:
    """Replace the strategic dashboard with these indicators, in this order."""
    ids = list(indicator_ids)
    if len(set(ids)) != len(ids):
        raise ValidationError("An indicator can appear on the dashboard once only.")
    if len(ids) > MAX_DASHBOARD_KPIS:
        raise ValidationError(
            f"The strategic dashboard holds at most {MAX_DASHBOARD_KPIS} KPIs (about a dozen reads best)."
        )
    found = set(Indicator.objects.filter(area=area, pk__in=ids).values_list("pk", flat=True))
    if found != set(ids):
        raise ValidationError(f"Some of those indicators are not {area.name}'s.")
    with transaction.atomic():
        DashboardItem.objects.filter(area=area).delete()
        return DashboardItem.objects.bulk_create(
            DashboardItem(area=area, indicator_id=pk, position=position) for position, pk in enumerate(ids, start=1)
        )


def area_members(area: LocalArea) -> QuerySet[User]:
    """Users with a role in the area: the people who may own its indicators."""
    return (
        get_user_model()
        .objects.filter(memberships__local_area=area)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


@attributed
def action_links_set(*, indicator: Indicator, actions: Iterable[Action], user: User) -> list[Action]:
    """Replace the improvement actions linked to the indicator (actions of its area only)."""
    actions = list(actions)
    foreign = [a for a in actions if a.plan.local_area_id != indicator.area_id]
    if foreign:
        raise ValidationError({"actions": f"Action {foreign[0].code} is not an action of {indicator.area.name}."})
    wanted = {a.pk: a for a in actions}
    with transaction.atomic():
        current = {link.action_id: link for link in indicator.action_links.select_related("action")}
        removed = [link for pk, link in current.items() if pk not in wanted]
        added = [a for pk, a in wanted.items() if pk not in current]
        IndicatorActionLink.objects.filter(pk__in=[link.pk for link in removed]).delete()
        IndicatorActionLink.objects.bulk_create(
            IndicatorActionLink(indicator=indicator, action=a, linked_by=user) for a in added
        )
        for action in added:
            event_log(
                indicator=indicator,
                kind=EventKind.ACTION_LINKED,
                message=f"Linked action {action.code}: {action.title}.",
                user=user,
            )
        for link in removed:
            event_log(
                indicator=indicator,
                kind=EventKind.ACTION_UNLINKED,
                message=f"Unlinked action {link.action.code}: {link.action.title}.",
                user=user,
            )
    return actions
