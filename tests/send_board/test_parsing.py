from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_board.parsing import parse_bool, parse_count, parse_date, parse_month


@pytest.mark.parametrize("text", ["2020-03", "Mar 2020", "March 2020", " march  2020 "])
def test_it_reads_the_three_month_spellings(text):
    assert parse_month(text) == date(2020, 3, 1)


@pytest.mark.parametrize("text", ["", "2020-13", "Marchember 2020", "03/2020"])
def test_it_explains_a_bad_month(text):
    with pytest.raises(ValueError, match="2020-03, Mar 2020 or March 2020"):
        parse_month(text)


@pytest.mark.parametrize("text", ["2020-03-31", "31/03/2020", "2020-03-31 00:00:00"])
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
