"""Pure date and rule calculations for notifications (no models).

Working days are Monday to Friday less England's bank holidays, which come
from the `holidays` package (England subdivision of GB), never a list kept
here.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

import holidays

DUE_DAY_MIN, DUE_DAY_MAX = 1, 20
DEFAULT_DUE_WORKING_DAY = 10
DEFAULT_NOTICE_WORKING_DAYS = 3
DEFAULT_PACK_WORKING_DAYS = 5
REVIEW_HORIZON_DAYS = 14
WEEKLY_DAY = 0  # Monday: the weekly reviews-and-milestones mail and the digest
# Send attempts and the wait before each retry: 5 minutes, 20 minutes, 80 minutes; then failed.
MAX_ATTEMPTS = 4
FIRST_RETRY_MINUTES = 5


def bank_holidays(years: Iterable[int]) -> set[date]:
    """England's bank holidays in `years` (a set of dates)."""
    return set(holidays.country_holidays("GB", subdiv="ENG", years=sorted(set(years))).keys())


def is_working_day(day: date, bank_holiday_dates: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holiday_dates


def month_end(month: date) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def add_working_days(day: date, n: int, bank_holiday_dates: Collection[date] | None = None) -> date:
    """The `n`th working day after `day` (n ≥ 1), or before it when n < 0.

    add_working_days(Fri 31 Jan 2025, 1) is Mon 3 Feb 2025.
    """
    if bank_holiday_dates is None:
        bank_holiday_dates = bank_holidays({day.year - 1, day.year, day.year + 1})
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = day
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current, bank_holiday_dates):
            remaining -= 1
    return current


def due_date(
    month: date, due_working_day: int = DEFAULT_DUE_WORKING_DAY, bank_holiday_dates: Collection[date] | None = None
) -> date:
    """When a month's returns are due: working day N after the month ends.

    For December 2024 with N = 10: 1 January is a bank holiday, so the first
    working day is Thursday 2 January and the tenth is Wednesday 15 January 2025.
    """
    if not DUE_DAY_MIN <= due_working_day <= DUE_DAY_MAX:
        raise ValueError(f"A due day is a working day from {DUE_DAY_MIN} to {DUE_DAY_MAX} after the month ends.")
    return add_working_days(month_end(month), due_working_day, bank_holiday_dates)


def notice_date(
    deadline: date,
    notice_working_days: int = DEFAULT_NOTICE_WORKING_DAYS,
    bank_holiday_dates: Collection[date] | None = None,
) -> date:
    """The day the reminder goes: N working days before the deadline (the deadline itself with N = 0)."""
    if notice_working_days == 0:
        return deadline
    return add_working_days(deadline, -notice_working_days, bank_holiday_dates)


def pack_date(
    meeting_day: date,
    pack_working_days: int = DEFAULT_PACK_WORKING_DAYS,
    bank_holiday_dates: Collection[date] | None = None,
) -> date:
    """When the board pack goes out: N working days before the meeting."""
    if pack_working_days == 0:
        return meeting_day
    return add_working_days(meeting_day, -pack_working_days, bank_holiday_dates)


def reminder_stage(today: date, deadline: date, notice: date) -> Literal["before", "overdue"] | None:
    """ "before" from the notice day to the deadline, "overdue" after it, else None."""
    if today > deadline:
        return "overdue"
    if today >= notice:
        return "before"
    return None


def previous_month(month: date, n: int = 1) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 - n, 12)
    return date(year, index + 1, 1)


def needs_commentary(
    *,
    rag: str | None,
    direction: str,
    value: Decimal | int | str | None,
    previous_value: Decimal | int | str | None,
    tolerance: Decimal | int | str | None,
) -> bool:
    """An approved value needs exception commentary when it rates red, or has
    worsened since the previous period by more than the tolerance (in the
    indicator's own unit: points for a percentage)."""
    if rag == "red":
        return True
    if direction != "worsening" or tolerance is None or previous_value is None or value is None:
        return False
    return abs(Decimal(value) - Decimal(previous_value)) > Decimal(tolerance)


def retry_delay_minutes(attempts: int) -> int:
    """Minutes to wait before the next try after `attempts` failed tries (5, 20, 80)."""
    return FIRST_RETRY_MINUTES * 4 ** (attempts - 1)


def week_key(day: date) -> str:
    """The ISO week of `day`, as '2025-W06'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_key(month: date) -> str:
    return f"{month:%Y-%m}"
