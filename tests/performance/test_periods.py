from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from performance import periods
from performance.periods import ANNUAL, MONTHLY, QUARTERLY, TERMLY


@pytest.mark.parametrize(
    ("text", "frequency", "start"),
    [
        ("2024-07", MONTHLY, date(2024, 7, 1)),
        ("2024-7", MONTHLY, date(2024, 7, 1)),
        ("2024-07-01 00:00:00", MONTHLY, date(2024, 7, 1)),
        ("Jul 2024", MONTHLY, date(2024, 7, 1)),
        ("July 2024", MONTHLY, date(2024, 7, 1)),
        ("Jul-24", MONTHLY, date(2024, 7, 1)),
        ("07/2024", MONTHLY, date(2024, 7, 1)),
        ("2024-Q2", QUARTERLY, date(2024, 4, 1)),
        ("2024-q4", QUARTERLY, date(2024, 10, 1)),
        ("2024-T1", TERMLY, date(2024, 1, 1)),
        ("2024-T2", TERMLY, date(2024, 4, 1)),
        ("2024-T3", TERMLY, date(2024, 9, 1)),
        ("2024", ANNUAL, date(2024, 1, 1)),
        (" 2024 ", ANNUAL, date(2024, 1, 1)),
    ],
)
def test_it_reads_each_notation(text, frequency, start):
    assert periods.parse_period(text, frequency) == start


def test_it_refuses_a_march_value_for_a_termly_indicator():
    with pytest.raises(ValueError, match="'2024-03' is a month, but this indicator is termly: give a term"):
        periods.parse_period("2024-03", TERMLY)


@pytest.mark.parametrize(
    ("text", "frequency", "message"),
    [
        ("2024-Q2", MONTHLY, "is a quarter, but this indicator is monthly"),
        ("2024", QUARTERLY, "is a year, but this indicator is quarterly"),
        ("2024-13", MONTHLY, "is not a period"),
        ("July", MONTHLY, "is not a period"),
        ("Julember 2024", MONTHLY, "is not a period"),
        ("Jul 2024", QUARTERLY, "is a month, but this indicator is quarterly"),
        ("2024-Q5", QUARTERLY, "is not a period"),
        ("2024-T4", TERMLY, "is not a period"),
        ("", ANNUAL, "Give the period as a year"),
        ("2024-07-15", MONTHLY, "is not a period"),
        ("1850", ANNUAL, "is before 1 January 2000: figures from before 2000 are not plausible"),
        ("2100-01", MONTHLY, "is more than a year ahead"),
    ],
)
def test_it_explains_what_is_wrong_with_a_period(text, frequency, message):
    with pytest.raises(ValueError, match=message):
        periods.parse_period(text, frequency)


def test_target_starts_may_be_written_in_any_notation_or_as_a_date():
    assert periods.parse_period_start("2024-04") == date(2024, 4, 1)
    assert periods.parse_period_start("2024-T3") == date(2024, 9, 1)
    assert periods.parse_period_start("2024") == date(2024, 1, 1)
    assert periods.parse_period_start("2024-04-15") == date(2024, 4, 15)
    assert periods.parse_period_start("15/04/2024") == date(2024, 4, 15)
    with pytest.raises(ValueError, match="not a start date"):
        periods.parse_period_start("soon")
    with pytest.raises(ValueError, match="not a start date"):
        periods.parse_period_start("2024-02-30")


@pytest.mark.parametrize(
    ("frequency", "start", "code", "name", "short"),
    [
        (MONTHLY, date(2024, 7, 1), "2024-07", "July 2024", "Jul 2024"),
        (QUARTERLY, date(2024, 4, 1), "2024-Q2", "April to June 2024", "Q2 2024"),
        (TERMLY, date(2024, 9, 1), "2024-T3", "Autumn term 2024", "Autumn 2024"),
        (TERMLY, date(2025, 1, 1), "2025-T1", "Spring term 2025", "Spring 2025"),
        (ANNUAL, date(2024, 1, 1), "2024", "2024", "2024"),
    ],
)
def test_it_names_periods(frequency, start, code, name, short):
    assert periods.period_code(frequency, start) == code
    assert periods.period_name(frequency, start) == name
    assert periods.period_short_name(frequency, start) == short


def test_previous_and_next_cross_year_ends():
    assert periods.previous_period(MONTHLY, date(2024, 1, 1)) == date(2023, 12, 1)
    assert periods.previous_period(QUARTERLY, date(2024, 1, 1)) == date(2023, 10, 1)
    assert periods.previous_period(TERMLY, date(2025, 1, 1)) == date(2024, 9, 1)
    assert periods.previous_period(ANNUAL, date(2024, 1, 1)) == date(2023, 1, 1)
    assert periods.next_period(TERMLY, date(2024, 4, 1)) == date(2024, 9, 1)


def test_period_ends():
    assert periods.period_end(MONTHLY, date(2024, 2, 1)) == date(2024, 2, 29)
    assert periods.period_end(QUARTERLY, date(2024, 4, 1)) == date(2024, 6, 30)
    assert periods.period_end(TERMLY, date(2024, 4, 1)) == date(2024, 8, 31)
    assert periods.period_end(TERMLY, date(2024, 9, 1)) == date(2024, 12, 31)
    assert periods.period_end(ANNUAL, date(2024, 1, 1)) == date(2024, 12, 31)


def test_the_period_owed_on_a_day_is_the_latest_that_has_ended():
    day = date(2024, 8, 15)
    assert periods.latest_ended_period(MONTHLY, day) == date(2024, 7, 1)
    assert periods.latest_ended_period(QUARTERLY, day) == date(2024, 4, 1)
    assert periods.latest_ended_period(TERMLY, day) == date(2024, 1, 1)
    assert periods.latest_ended_period(ANNUAL, day) == date(2023, 1, 1)
    assert periods.latest_ended_period(MONTHLY, date(2024, 7, 31)) == date(2024, 7, 1)


def test_periods_between_lists_every_start():
    assert periods.periods_between(QUARTERLY, date(2023, 10, 1), date(2024, 4, 1)) == [
        date(2023, 10, 1),
        date(2024, 1, 1),
        date(2024, 4, 1),
    ]


frequencies = st.sampled_from(periods.FREQUENCIES)
days = st.dates(min_value=date(2000, 1, 1), max_value=date.today())  # the plausible window of figures


@given(frequencies, days)
def test_every_day_lies_in_exactly_the_period_containing_it(frequency, day):
    start = periods.period_containing(frequency, day)
    assert periods.is_period_start(frequency, start)
    assert start <= day <= periods.period_end(frequency, start)
    assert periods.next_period(frequency, start) > day


@given(frequencies, days)
def test_notation_round_trips(frequency, day):
    start = periods.period_containing(frequency, day)
    assert periods.parse_period(periods.period_code(frequency, start), frequency) == start
    assert periods.next_period(frequency, periods.previous_period(frequency, start)) == start
