"""The EHCP 20-week indicators take their values from the compliance engine
(ehcp.MonthlyFigure, returns source), so nobody keys them twice.

An indicator with `ehcp_figure` "monthly" gets, for every month with plans
issued, value = pct, numerator = issued within 20 weeks, denominator = plans
issued; "rolling" gets the rolling 12-month figure, only once 12 months of
returns exist (an incomplete window is never a figure). A value is approved
when the EHCP month (or its rolling window) is approved, else submitted.
Months that lose their figure lose their value. Run after every recompute of
the area's figures (signal ehcp.signals.figures_recomputed → task) and nightly.
"""

from django.db import transaction
from django.utils import timezone

from send_board.models import LocalArea

from . import periods
from .models import EhcpFigure, EventKind, Indicator, IndicatorEvent, IndicatorValue, ValueSource, ValueState
from .services import ratings_recompute

PARTS = {
    EhcpFigure.MONTHLY: ("pct", "within_20_weeks", "issued", "month_approved"),
    EhcpFigure.ROLLING: ("rolling_pct", "rolling_within", "rolling_issued", "rolling_approved"),
}


def wanted_values(figures, ehcp_figure):
    """{month: (value, numerator, denominator, approved)} from MonthlyFigure-like objects."""
    value_name, numerator_name, denominator_name, approved_name = PARTS[ehcp_figure]
    wanted = {}
    for figure in figures:
        value, denominator = getattr(figure, value_name), getattr(figure, denominator_name)
        if value is None or not denominator:
            continue
        wanted[figure.month] = (
            value,
            getattr(figure, numerator_name),
            denominator,
            bool(getattr(figure, approved_name)),
        )
    return wanted


def ehcp_indicators_sync(*, area_id):
    """Bring the area's EHCP indicators in line with its EHCP figures; returns
    the number of values created, changed or removed. Idempotent."""
    indicators = list(Indicator.objects.filter(area_id=area_id).exclude(ehcp_figure=EhcpFigure.NONE))
    if not indicators:
        return 0
    from ehcp import selectors as ehcp_selectors

    area = LocalArea.objects.get(pk=area_id)
    figures = list(ehcp_selectors.monthly_figures(area=area, source="returns"))
    changed = 0
    for indicator in indicators:
        count = _sync_indicator(indicator, wanted_values(figures, indicator.ehcp_figure))
        if count:
            ratings_recompute(indicator_id=indicator.pk)
        changed += count
    return changed


def _sync_indicator(indicator, wanted):
    now = timezone.now()
    existing = {v.period: v for v in indicator.values.all()}
    creates, updates, events = [], [], []
    for month, (value, numerator, denominator, approved) in sorted(wanted.items()):
        state = ValueState.APPROVED if approved else ValueState.SUBMITTED
        current = existing.get(month)
        if current is None:
            current = IndicatorValue(
                indicator=indicator,
                period=month,
                period_end=periods.period_end(indicator.frequency, month),
                source=ValueSource.EHCP,
            )
            creates.append(current)
        elif (current.value, current.numerator, current.denominator, current.state) == (
            value,
            numerator,
            denominator,
            state,
        ):
            continue
        else:
            updates.append(current)
        current.value, current.numerator, current.denominator, current.state = value, numerator, denominator, state
        current.source = ValueSource.EHCP
        current.submitted_at = current.submitted_at or now
        current.approved_at = (current.approved_at or now) if approved else None
        events.append(
            IndicatorEvent(
                indicator=indicator,
                period=month,
                kind=EventKind.VALUE_SYNCED,
                message=f"{indicator.period_name(month)}: {value}% ({numerator} of {denominator}) from the EHCP "
                f"returns, {state.label.lower()}.",
            )
        )
    stale = [v for period, v in existing.items() if period not in wanted]
    for value in stale:
        events.append(
            IndicatorEvent(
                indicator=indicator,
                period=value.period,
                kind=EventKind.VALUE_SYNCED,
                message=f"{indicator.period_name(value.period)}: no longer has an EHCP figure; value removed.",
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
