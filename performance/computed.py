"""The recompute of computed indicators: each indicator whose
`computed_source` names a source of performance.sources takes that source's
figures as its values, so that nobody types them and every page shows the
same number from the same place.

For every period the source has a figure: value, numerator, denominator;
approved when the source's figure is (an EHCP month or rolling window is
approved with its returns; case-record and plan figures are as recorded),
else submitted. Periods that lose their figure lose their value. Where the
source sets the target itself (the EHCP year-end target, set on the EHCP
page), the indicator's targets are the source's, so the EHCP page's target
line and the scorecard's target are one figure. Run after every EHCP
recompute (signal ehcp.signals.figures_recomputed → task) and nightly.
Idempotent: a second run changes nothing.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from send_board.models import LocalArea

from . import calculations, periods
from .models import EventKind, Indicator, IndicatorEvent, IndicatorValue, Target, ValueSource, ValueState
from .services import ratings_recompute_many

DEFAULT_TOLERANCE = Decimal(10)


def computed_indicators_sync(*, area_id):
    """Bring the area's computed indicators in line with their sources;
    returns the number of values and targets created, changed or removed."""
    indicators = [i for i in Indicator.objects.filter(area_id=area_id).exclude(computed_source="") if i.source]
    if not indicators:
        return 0
    area = LocalArea.objects.get(pk=area_id)
    for indicator in indicators:
        indicator.area = area  # one area, read once
    memo = {}
    changed = 0
    rerate = []
    for indicator in indicators:
        source = indicator.source
        count = _sync_values(indicator, source.figures_for(area, memo))
        if source.targets is not None:
            count += _sync_targets(indicator, source.targets(area))
        if count:
            rerate.append(indicator.pk)
        changed += count
    ratings_recompute_many(indicator_ids=rerate)
    return changed


def _text(indicator, figure):
    if figure.numerator is not None and figure.denominator is not None:
        return f"{calculations.format_value(figure.value, indicator.unit)} ({figure.numerator} of {figure.denominator})"
    return calculations.format_value(figure.value, indicator.unit)


def _sync_values(indicator, wanted):
    now = timezone.now()
    described = indicator.source.describe(indicator.area)
    existing = {v.period: v for v in indicator.values.all()}
    creates, updates, events = [], [], []
    for period, figure in sorted(wanted.items()):
        state = ValueState.APPROVED if figure.approved else ValueState.SUBMITTED
        current = existing.get(period)
        if current is None:
            current = IndicatorValue(
                indicator=indicator,
                period=period,
                period_end=periods.period_end(indicator.frequency, period),
                source=ValueSource.COMPUTED,
            )
            creates.append(current)
        elif (current.value, current.numerator, current.denominator, current.state, current.source) == (
            figure.value,
            figure.numerator,
            figure.denominator,
            state,
            ValueSource.COMPUTED,
        ):
            continue
        else:
            updates.append(current)
        current.value, current.numerator, current.denominator, current.state = (
            figure.value,
            figure.numerator,
            figure.denominator,
            state,
        )
        current.source = ValueSource.COMPUTED
        current.submitted_at = current.submitted_at or now
        current.approved_at = (current.approved_at or now) if figure.approved else None
        events.append(
            IndicatorEvent(
                indicator=indicator,
                period=period,
                kind=EventKind.VALUE_SYNCED,
                message=f"{indicator.period_name(period)}: {_text(indicator, figure)}, {described}, "
                f"{state.label.lower()}.",
            )
        )
    stale = [v for period, v in existing.items() if period not in wanted]
    for value in stale:
        events.append(
            IndicatorEvent(
                indicator=indicator,
                period=value.period,
                kind=EventKind.VALUE_SYNCED,
                message=f"{indicator.period_name(value.period)}: no longer has a figure {described}; value removed.",
            )
        )
    if not (creates or updates or stale):
        return 0
    with transaction.atomic():
        IndicatorValue.objects.bulk_create(creates)
        for value in updates:
            value.version += 1
        IndicatorValue.objects.bulk_update(
            updates, ["value", "numerator", "denominator", "state", "source", "submitted_at", "approved_at", "version"]
        )
        IndicatorValue.objects.filter(pk__in=[v.pk for v in stale]).delete()
        IndicatorEvent.objects.bulk_create(events)
    return len(creates) + len(updates) + len(stale)


def _sync_targets(indicator, wanted):
    """Make the indicator's targets the source's [(applies from, value)],
    keeping the tolerance the indicator had (10 points if none)."""
    existing = {t.applies_from: t for t in indicator.targets.all()}
    tolerance = next(
        (t.tolerance for t in sorted(existing.values(), key=lambda t: t.applies_from, reverse=True) if t.tolerance),
        DEFAULT_TOLERANCE,
    )
    wanted = {start: Decimal(value) for start, value in wanted}
    creates = [
        Target(indicator=indicator, applies_from=start, value=value, tolerance=tolerance)
        for start, value in wanted.items()
        if start not in existing
    ]
    updates = []
    for start, target in existing.items():
        if start in wanted and target.value != wanted[start]:
            target.value = wanted[start]
            updates.append(target)
    stale = [t.pk for start, t in existing.items() if start not in wanted]
    if not (creates or updates or stale):
        return 0
    with transaction.atomic():
        Target.objects.bulk_create(creates)
        Target.objects.bulk_update(updates, ["value"])
        Target.objects.filter(pk__in=stale).delete()
        IndicatorEvent.objects.create(
            indicator=indicator,
            kind=EventKind.TARGET,
            message="Targets taken from "
            + indicator.source.origin
            + ": "
            + ("; ".join(f"{v} from {s:%B %Y}" for s, v in sorted(wanted.items())) or "none")
            + ".",
        )
    return len(creates) + len(updates) + len(stale)
