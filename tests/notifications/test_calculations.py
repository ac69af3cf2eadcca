from datetime import date

import pytest

from notifications import calculations as c


def test_bank_holidays_come_from_the_holidays_package_for_england():
    days = c.bank_holidays({2025})
    assert date(2025, 4, 18) in days and date(2025, 4, 21) in days  # Good Friday, Easter Monday
    assert date(2025, 8, 25) in days  # England's late summer bank holiday
    assert date(2025, 8, 4) not in days  # Scotland's summer bank holiday is not England's
    assert date(2025, 3, 17) not in days  # St Patrick's Day: Northern Ireland only


def test_the_first_working_day_after_a_friday_is_the_monday():
    assert c.add_working_days(date(2025, 1, 31), 1) == date(2025, 2, 3)


def test_a_return_for_december_skips_new_years_day():
    # 1 January is a bank holiday: working day 1 is Thursday 2 January, day 10 is Wednesday 15 January.
    assert c.due_date(date(2024, 12, 1), 10) == date(2025, 1, 15)
    assert c.due_date(date(2024, 12, 1), 1) == date(2025, 1, 2)


def test_a_return_for_march_skips_easter():
    # March 2024 ends on Easter Sunday: Easter Monday 1 April does not count.
    assert c.due_date(date(2024, 3, 1), 1) == date(2024, 4, 2)
    # Working day 15 after March 2025 steps over Good Friday (18) and Easter Monday (21 April).
    assert c.due_date(date(2025, 3, 1), 15) == date(2025, 4, 23)


@pytest.mark.parametrize("day", [0, 21, -1])
def test_it_refuses_a_due_day_outside_1_to_20(day):
    with pytest.raises(ValueError, match="from 1 to 20"):
        c.due_date(date(2025, 1, 1), day)


def test_the_reminder_goes_n_working_days_before_the_deadline():
    assert c.notice_date(date(2025, 1, 15), 3) == date(2025, 1, 10)
    assert c.notice_date(date(2025, 1, 15), 0) == date(2025, 1, 15)


def test_the_pack_goes_out_working_days_before_the_meeting():
    assert c.pack_date(date(2024, 12, 17), 5) == date(2024, 12, 10)


def test_reminder_stages():
    deadline, notice = date(2025, 1, 15), date(2025, 1, 10)
    assert c.reminder_stage(date(2025, 1, 9), deadline, notice) is None
    assert c.reminder_stage(date(2025, 1, 10), deadline, notice) == "before"
    assert c.reminder_stage(date(2025, 1, 15), deadline, notice) == "before"
    assert c.reminder_stage(date(2025, 1, 16), deadline, notice) == "overdue"


@pytest.mark.parametrize(
    ("rag", "direction", "value", "previous", "tolerance", "expected"),
    [
        ("red", "improving", 40, 30, 5, True),
        ("amber", "worsening", 50, 56, 5, True),  # 6 points worse, tolerance 5
        ("amber", "worsening", 51, 56, 5, False),  # exactly the tolerance is not past it
        ("green", "worsening", 70, 90, None, False),  # no tolerance: no rule
        ("amber", "improving", 56, 50, 5, False),
        ("green", "worsening", 70, None, 5, False),
    ],
)
def test_commentary_is_needed_for_red_or_worse_past_tolerance(rag, direction, value, previous, tolerance, expected):
    assert (
        c.needs_commentary(rag=rag, direction=direction, value=value, previous_value=previous, tolerance=tolerance)
        is expected
    )


def test_retries_back_off():
    assert [c.retry_delay_minutes(n) for n in (1, 2, 3)] == [5, 20, 80]


def test_week_key():
    assert c.week_key(date(2025, 1, 13)) == "2025-W03"
