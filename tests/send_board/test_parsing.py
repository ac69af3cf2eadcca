from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehcp.models import MonthlyReturn
from improvement.models import Action, AreaOfConcern
from performance.models import IndicatorValue
from send_board.parsing import (
    MAX_COUNT,
    ehcp_window,
    field_limits,
    figures_window,
    parse_bool,
    parse_count,
    parse_date,
    parse_decimal,
    parse_month,
    parse_percentage,
    parse_text,
)


@pytest.mark.parametrize("text", ["2020-03", "Mar 2020", "March 2020", " march  2020 "])
def test_it_reads_the_three_month_spellings(text):
    assert parse_month(text) == date(2020, 3, 1)


@pytest.mark.parametrize(
    "text",
    # A spreadsheet's month: a date cell where "Mar 2020" was typed (1 March, read as ISO), its CSV
    # display (Mar-20), a month written as 03/2020, or a return naming the month by its last day.
    ["03/2020", "Mar-20", "Mar-2020", "March-2020", "2020-03-01", "2020-03-01 00:00:00", "01/03/2020", "31/03/2020"],
)
def test_it_reads_a_month_as_spreadsheets_write_it(text):
    assert parse_month(text) == date(2020, 3, 1)


@pytest.mark.parametrize("text", ["", "2020-13", "Marchember 2020", "13/2020", "2020-02-30"])
def test_it_explains_a_bad_month(text):
    with pytest.raises(ValueError, match="2020-03, Mar 2020 or March 2020"):
        parse_month(text)


def test_a_date_within_a_month_is_not_taken_for_the_month():
    with pytest.raises(ValueError, match=r"^'2020-03-15' is a date, not a month: write the month as 2020-03 "):
        parse_month("2020-03-15")


@pytest.mark.parametrize(
    "text",
    ["2020-03-31", "31/03/2020", "2020-03-31 00:00:00", "2020-03-31 09:30:00", "2020-03-31T09:30", "31/03/2020 17:05"],
)
def test_it_reads_dates(text):
    assert parse_date(text) == date(2020, 3, 31)


def test_it_refuses_an_american_date():
    with pytest.raises(ValueError, match="2020-03-31 or 31/03/2020"):
        parse_date("03/31/2020")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("false", False),
        ("0", False),
    ],
)
def test_it_reads_yes_and_no(text, value):
    assert parse_bool(text) is value


@pytest.mark.parametrize(("text", "message"), [("-1", "negative"), ("2.5", "whole number"), ("many", "not a number")])
def test_it_explains_a_bad_count(text, message):
    with pytest.raises(ValueError, match=message):
        parse_count(text)


@given(st.integers(min_value=0, max_value=10**9))
def test_counts_round_trip(n):
    assert parse_count(str(n)) == n
    assert parse_count(f"{n}.0") == n


# ---------------------------------------------------------------- the one parser's rules


@pytest.mark.parametrize("text", ["Infinity", "-inf", "NaN", "sNaN", "nan", "+Infinity"])
def test_it_refuses_numbers_that_are_not_finite(text):
    with pytest.raises(ValueError, match="is not a finite number"):
        parse_decimal(text)
    with pytest.raises(ValueError, match="is not a finite number"):
        parse_count(text)


@pytest.mark.parametrize("text", ["1e14", "1E3", "2.5e-3", "1e+2"])
def test_it_refuses_exponents(text):
    with pytest.raises(ValueError, match="written with an exponent"):
        parse_count(text)
    with pytest.raises(ValueError, match="written with an exponent"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["1,2,3", "12,34", "1,2345", ",123", "1,234,56"])
def test_it_refuses_thousands_separators_in_the_wrong_places(text):
    with pytest.raises(ValueError, match="commas in the wrong places"):
        parse_count(text)


@pytest.mark.parametrize(("text", "number"), [("1,234", 1234), ("12,345,678", 12345678), ("1234", 1234), ("+7", 7)])
def test_it_accepts_thousands_separators_in_the_right_places(text, number):
    assert parse_count(text) == number


def test_a_count_is_bounded_by_the_field_it_fills():
    assert parse_count("2147483647") == MAX_COUNT
    with pytest.raises(ValueError, match="'2147483648' is more than 2,147,483,647, the largest accepted here"):
        parse_count("2147483648")
    with pytest.raises(ValueError, match="'70000' is more than 32,767"):
        parse_count("70000", **field_limits(AreaOfConcern, "number"))
    with pytest.raises(ValueError, match="'0' is less than 1"):
        parse_count("0", **field_limits(AreaOfConcern, "number"))


def test_field_limits_read_the_model_fields():
    assert field_limits(MonthlyReturn, "issued") == {"minimum": 0, "maximum": 2147483647}
    assert field_limits(IndicatorValue, "value") == {"max_digits": 14, "decimal_places": 4}
    assert field_limits(Action, "title") == {"max_length": 300}


def test_a_decimal_is_bounded_by_its_digits_and_places():
    limits = field_limits(IndicatorValue, "value")
    assert parse_decimal("9,999,999,999.9999", **limits) == Decimal("9999999999.9999")
    assert parse_decimal("-3.5", **limits) == Decimal("-3.5")
    assert parse_decimal("45.50000", **limits) == Decimal("45.5")
    with pytest.raises(ValueError, match="'99999999999999' is too large: a number here is less than 10,000,000,000"):
        parse_decimal("99999999999999", **limits)
    with pytest.raises(ValueError, match="has more than 4 decimal places"):
        parse_decimal("1.23456", **limits)


def test_a_percentage_is_from_0_to_100_with_or_without_its_sign():
    assert parse_percentage("57.5%", decimal_places=1) == Decimal("57.5")
    with pytest.raises(ValueError, match="is not a percentage: give a number from 0 to 100"):
        parse_percentage("101")
    with pytest.raises(ValueError, match="has more than 1 decimal place"):
        parse_percentage("57.55", decimal_places=1)


def test_text_longer_than_its_field_is_refused():
    with pytest.raises(ValueError, match="The title is 10,000 characters long; the most is 300"):
        parse_text("x" * 10_000, what="title", **field_limits(Action, "title"))


def test_ehcp_dates_begin_with_the_send_reforms_and_end_today():
    window = ehcp_window(date(2025, 1, 10))
    assert parse_date("2014-09-01", window) == date(2014, 9, 1)
    with pytest.raises(ValueError, match="'1900-01-01' is before 1 September 2014: EHC plans began with the SEND"):
        parse_date("1900-01-01", window)
    with pytest.raises(ValueError, match="'2025-01-11' is in the future"):
        parse_date("2025-01-11", window)


def test_figures_may_be_a_year_ahead_and_no_older_than_2000():
    window = figures_window(date(2025, 1, 10))
    assert window.check(date(2026, 1, 1)) == date(2026, 1, 1)
    with pytest.raises(ValueError, match="is more than a year ahead"):
        window.check(date(2026, 2, 1))
    with pytest.raises(ValueError, match="before 1 January 2000"):
        window.check(date(1999, 12, 1))


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_value_error(text):
    for parse in (parse_count, parse_decimal, parse_percentage):
        try:
            number = parse(text)
        except ValueError:
            continue
        assert Decimal(number).is_finite()
