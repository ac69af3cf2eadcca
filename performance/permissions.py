"""Object-level access to indicators, on top of send_board.access: an officer
enters values and commentary only for the indicators they own; a performance
lead (MANAGE) for any. Lookups run after area_view's check, and answer 404
for anything not of the visitor's area."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import periods
from .models import Indicator, IndicatorValue
from .selectors import indicator_by_code


def indicator_for(access, indicator_code):
    """The area's indicator with this code, or 404."""
    try:
        return indicator_by_code(area=access.area, code=indicator_code)
    except Indicator.DoesNotExist:
        raise Http404 from None


def value_for(indicator, period_code):
    """The indicator's value for a period written in its notation, or 404."""
    try:
        period = periods.parse_period(period_code, indicator.frequency)
        return IndicatorValue.objects.select_related("indicator", "indicator__area").get(
            indicator=indicator, period=period
        )
    except (ValueError, IndicatorValue.DoesNotExist):
        raise Http404 from None


def can_enter_values(access, indicator):
    """The owner (with the ENTER capability) or a performance lead."""
    if access.can_manage:
        return True
    return access.can_enter and indicator.owner_id is not None and indicator.owner_id == access.user.pk


def require_can_enter_values(access, indicator):
    if not can_enter_values(access, indicator):
        owner = indicator.owner.get_full_name() or indicator.owner.username if indicator.owner else "nobody yet"
        raise PermissionDenied(
            f"Only the owner of {indicator.code} ({owner}) or a performance lead can enter its values and commentary."
        )


def owner_filter(access):
    """Officers see their own indicators on the data-due page; others see all."""
    if access.can_manage or access.can_comment:
        return None
    return access.user
