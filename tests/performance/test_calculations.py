"""The rating rules of docs/domain.md ("Ratings"), on its worked examples and on properties."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from performance import calculations as calc

# ---------------------------------------------------------------- RAG


@pytest.mark.parametrize(
    ("value", "expected"),
    [("65", "green"), ("60", "green"), ("59.9", "amber"), ("50", "amber"), ("49.9", "red"), ("0", "red")],
)
def test_rag_for_higher_is_better_with_a_tolerance_of_ten_points(value, expected):
    assert calc.rag(value=D(value), target=D(60), tolerance=D(10), polarity="higher", unit="percent") == expected


@pytest.mark.parametrize(("value", "expected"), [("18", "green"), ("26", "amber"), ("26.1", "red"), ("2", "green")])
def test_rag_for_lower_is_better(value, expected):
    # Speech and language longest wait: target 18 weeks, tolerance 8.
    assert calc.rag(value=D(value), target=D(18), tolerance=D(8), polarity="lower", unit="weeks") == expected


def test_exactly_the_tolerance_is_still_amber():
    assert calc.rag(value=D(50), target=D(60), tolerance=D(10), polarity="higher", unit="percent") == "amber"
    assert calc.rag(value=D(175), target=D(150), tolerance=D(25), polarity="lower", unit="count") == "amber"
    assert calc.rag(value=D(176), target=D(150), tolerance=D(25), polarity="lower", unit="count") == "red"


def test_no_target_no_value_or_neutral_is_grey():
    assert calc.rag(value=None, target=D(60), tolerance=D(10), polarity="higher", unit="percent") == "grey"
    assert calc.rag(value=D(45), target=None, tolerance=None, polarity="higher", unit="percent") == "grey"
    assert calc.rag(value=D(3492), target=D(3000), tolerance=D(1), polarity="neutral", unit="count") == "grey"


def test_no_tolerance_means_no_amber_band():
    assert calc.rag(value=D("59.9"), target=D(60), tolerance=None, polarity="higher", unit="percent") == "red"


def test_rag_judges_the_value_as_shown():
    # 59.95% is shown as 60.0%: a reader sees the target met.
    assert calc.rag(value=D("59.95"), target=D(60), tolerance=D(0), polarity="higher", unit="percent") == "green"
    assert calc.rag(value=D("59.94"), target=D(60), tolerance=D(0), polarity="higher", unit="percent") == "red"


# ---------------------------------------------------------------- change: Sefton's dashboard


def test_sefton_20_weeks_is_down_11_9_points_from_unrounded_rates():
    june = calc.exact_value(value=D(57), numerator=33, denominator=58, unit="percent")  # 56.897%
    july = calc.exact_value(value=D(45), numerator=27, denominator=60, unit="percent")  # 45.0%
    moved = calc.change(current=july, previous=june, unit="percent", polarity="higher")
    assert moved == calc.Change(D("-11.9"), "pp", "worsening", "↓")
    assert calc.format_change(moved.amount, moved.unit, moved.arrow) == "↓ 11.9 percentage points"


def test_from_rounded_rates_it_would_be_12_points():
    moved = calc.change(current=D(45), previous=D(57), unit="percent", polarity="higher")
    assert moved.amount == D("-12.0")


def test_sefton_active_ehcps_are_up_1_7_percent_and_neutral():
    moved = calc.change(current=D(3492), previous=D(3434), unit="count", polarity="neutral")
    assert moved == calc.Change(D("1.7"), "%", "up", "↑")
    assert calc.format_change(moved.amount, moved.unit, moved.arrow) == "↑ 1.7%"


def test_sefton_health_advice_unchanged_and_social_care_up_a_point():
    assert calc.change(current=D(100), previous=D(100), unit="percent", polarity="higher") == calc.Change(
        D("0.0"), "pp", "no change", "→"
    )
    assert calc.change(current=D(86), previous=D(85), unit="percent", polarity="higher").direction == "improving"


def test_longest_wait_40_to_38_weeks_is_minus_2_weeks_and_improving():
    moved = calc.change(current=D(38), previous=D(40), unit="weeks", polarity="lower")
    assert moved == calc.Change(D("-2.0"), "weeks", "improving", "↓")
    assert calc.format_change(moved.amount, moved.unit, moved.arrow) == "↓ 2.0 weeks"


def test_camhs_waiting_list_324_to_150_is_down_53_7_percent_and_improving():
    moved = calc.change(current=D(150), previous=D(324), unit="count", polarity="lower")
    assert moved == calc.Change(D("-53.7"), "%", "improving", "↓")


def test_a_count_from_zero_has_a_direction_but_no_percentage():
    moved = calc.change(current=D(5), previous=D(0), unit="count", polarity="lower")
    assert moved == calc.Change(None, "%", "worsening", "↑")
    assert calc.format_change(moved.amount, moved.unit, moved.arrow) == "↑"


def test_no_previous_value_means_no_change():
    assert calc.change(current=D(5), previous=None, unit="days", polarity="lower") == calc.Change(None, "days", "", "")
    assert calc.format_change(None, "days", "") == "–"


def test_a_change_that_rounds_to_zero_is_no_change():
    moved = calc.change(current=D("45.04"), previous=D("45.00"), unit="percent", polarity="higher")
    assert (moved.amount, moved.direction) == (D("0.0"), "no change")


def test_half_up_rounding_as_dfe_rounds():
    assert calc.round_half_up(D("31.25")) == D("31.3")
    assert calc.round_half_up(D("-11.85")) == D("-11.9")
    assert calc.round_half_up(None) is None


def test_rates_per_thousand_change_in_their_own_unit():
    moved = calc.change(current=D("4.5"), previous=D("4.2"), unit="rate", polarity="lower")
    assert moved == calc.Change(D("0.3"), "rate", "worsening", "↑")
    assert calc.format_change(moved.amount, moved.unit, moved.arrow) == "↑ 0.3 per 1,000"


# ---------------------------------------------------------------- targets in force, runs, exceptions


def test_the_target_in_force_is_the_latest_started_on_or_before_the_period():
    targets = [(date(2024, 4, 1), D(60), D(10)), (date(2023, 4, 1), D(50), D(5)), (date(2025, 4, 1), D(70), None)]
    assert calc.target_in_force(targets, date(2023, 3, 1)) is None
    assert calc.target_in_force(targets, date(2023, 4, 1)) == (D(50), D(5))
    assert calc.target_in_force(targets, date(2025, 3, 1)) == (D(60), D(10))
    assert calc.target_in_force(targets, date(2025, 4, 1)) == (D(70), None)


def test_worsening_runs_count_consecutive_worsening_periods():
    directions = ["", "worsening", "worsening", "no change", "worsening", "worsening", "worsening", "improving"]
    assert calc.worsening_runs(directions) == [0, 1, 2, 0, 1, 2, 3, 0]


def test_an_exception_is_red_or_worsening_three_periods_running():
    assert calc.is_exception(rag_value="red", worsening_run=0)
    assert calc.is_exception(rag_value="green", worsening_run=3)
    assert not calc.is_exception(rag_value="amber", worsening_run=2)


# ---------------------------------------------------------------- benchmarks


def test_comparison_with_a_benchmark_uses_polarity():
    assert calc.compare(value=D(45), benchmark=D("46.4"), unit="percent", polarity="higher") == calc.Comparison(
        D("-1.4"), "pp", "worse"
    )
    assert calc.compare(value=D(38), benchmark=D(45), unit="weeks", polarity="lower").word == "better"
    assert calc.compare(value=D("2.9"), benchmark=D("3.3"), unit="percent", polarity="neutral").word == "below"
    assert calc.compare(value=D(45), benchmark=None, unit="percent", polarity="higher") == calc.Comparison(
        None, "pp", ""
    )
    assert calc.comparison_word(D("-1.4"), "higher") == "worse"
    assert calc.comparison_word(D("0.0"), "lower") == "the same"
    assert calc.comparison_word(None, "lower") == ""


# ---------------------------------------------------------------- entry rules


def test_numerator_greater_than_denominator_is_refused():
    problems = calc.value_problems(unit="percent", value=None, numerator=61, denominator=60)
    assert problems == {
        "numerator": "The numerator (61) is greater than the denominator (60): the numerator counts the part "
        "of the denominator that meets the measure."
    }


@pytest.mark.parametrize("value", ["100.1", "-0.1", "250"])
def test_a_percentage_outside_0_to_100_is_refused(value):
    problems = calc.value_problems(unit="percent", value=D(value), numerator=None, denominator=None)
    assert "value" in problems


def test_percent_limits_are_allowed():
    for value in ("0", "100"):
        assert calc.value_problems(unit="percent", value=D(value), numerator=None, denominator=None) == {}


def test_a_count_is_whole_and_durations_are_not_negative():
    assert calc.value_problems(unit="count", value=D("3.5"), numerator=None, denominator=None) == {
        "value": "A count is a whole number; 3.5 is not."
    }
    assert "value" in calc.value_problems(unit="weeks", value=D("-1"), numerator=None, denominator=None)
    assert calc.value_problems(unit="weeks", value=D("23.1"), numerator=None, denominator=None) == {}
    assert "value" in calc.value_problems(unit="rate", value=D("1000.5"), numerator=None, denominator=None)


def test_parts_must_come_in_pairs_and_only_for_rates():
    assert "denominator" in calc.value_problems(unit="percent", value=None, numerator=3, denominator=None)
    assert "numerator" in calc.value_problems(unit="percent", value=None, numerator=None, denominator=3)
    assert "numerator" in calc.value_problems(unit="count", value=D(3), numerator=3, denominator=5)
    assert "numerator" in calc.value_problems(unit="percent", value=None, numerator=-1, denominator=5)


def test_a_zero_denominator_has_no_figure():
    problems = calc.value_problems(unit="percent", value=None, numerator=0, denominator=0)
    assert "no figure" in problems["denominator"]


def test_a_value_must_agree_with_its_parts():
    assert calc.value_problems(unit="percent", value=D("45.0"), numerator=27, denominator=60) == {}
    assert calc.value_problems(unit="percent", value=D("57"), numerator=33, denominator=58) == {}  # 56.9, whole 57
    assert calc.value_problems(unit="percent", value=D("56.9"), numerator=33, denominator=58) == {}
    problems = calc.value_problems(unit="percent", value=D("60"), numerator=27, denominator=60)
    assert problems == {
        "value": "The value 60 does not match 27 of 60 (45.0%): correct one of them, or leave the value blank."
    }


def test_nothing_entered_is_refused():
    assert calc.value_problems(unit="percent", value=None, numerator=None, denominator=None) == {
        "value": "Enter the value or its numerator and denominator."
    }
    assert calc.value_problems(unit="count", value=None, numerator=None, denominator=None) == {
        "value": "Enter the value."
    }


def test_the_stored_value_is_computed_from_parts_to_one_decimal_place():
    assert calc.value_from_parts(value=None, numerator=45, denominator=144, unit="percent") == D("31.3")
    assert calc.value_from_parts(value=None, numerator=21, denominator=5000, unit="rate") == D("4.2")
    assert calc.value_from_parts(value=D("45"), numerator=27, denominator=60, unit="percent") == D("45")


def test_values_are_formatted_in_their_unit():
    assert calc.format_value(D("45"), "percent") == "45.0%"
    assert calc.format_value(D("3492"), "count") == "3,492"
    assert calc.format_value(D("23.1"), "weeks") == "23.1 weeks"
    assert calc.format_value(D("155"), "weeks") == "155.0 weeks"
    assert calc.format_value(D("4.25"), "rate") == "4.3 per 1,000"
    assert calc.format_value(None, "days") == "–"


# ---------------------------------------------------------------- a whole series


def test_rate_series_stores_rag_change_runs_and_benchmarks():
    months = [date(2024, m, 1) for m in (3, 4, 5, 6, 7)]
    values = [D(60), D(58), D(55), D(52), D(45)]
    points = [(m, v, m < date(2024, 7, 1)) for m, v in zip(months, values, strict=True)]
    rows = calc.rate_series(
        frequency="monthly",
        unit="percent",
        polarity="higher",
        points=points,
        targets=[(date(2024, 4, 1), D(60), D(10))],
        benchmarks={"england": {date(2024, 7, 1): D("46.4")}},
    )
    assert [r["rag"] for r in rows] == ["grey", "amber", "amber", "amber", "red"]
    assert [r["change"] for r in rows] == [None, D("-2.0"), D("-3.0"), D("-3.0"), D("-7.0")]
    assert [r["worsening_run"] for r in rows] == [0, 1, 2, 3, 4]
    assert rows[-1]["previous_value"] == D(52) and rows[-1]["previous_approved"] is True
    assert rows[-1]["england"] == D("46.4") and rows[-1]["england_difference"] == D("-1.4")
    assert rows[0]["target"] is None and rows[1]["target"] == D(60)


def test_a_gap_in_the_series_is_not_bridged():
    points = [(date(2024, 5, 1), D(10), True), (date(2024, 7, 1), D(12), True)]
    rows = calc.rate_series(
        frequency="monthly", unit="weeks", polarity="lower", points=points, targets=[], benchmarks={}
    )
    assert rows[1]["previous_value"] is None and rows[1]["change"] is None and rows[1]["direction"] == ""


def test_neutral_indicators_carry_no_target_even_if_one_exists():
    rows = calc.rate_series(
        frequency="monthly",
        unit="count",
        polarity="neutral",
        points=[(date(2024, 7, 1), D(366), True)],
        targets=[(date(2024, 1, 1), D(100), D(1))],
        benchmarks={},
    )
    assert rows[0]["rag"] == "grey" and rows[0]["target"] is None


# ---------------------------------------------------------------- properties

decimals = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
polarities = st.sampled_from(["higher", "lower"])


@given(decimals, decimals, st.decimals(min_value=0, max_value=30, places=1), polarities)
def test_rag_is_monotonic_in_the_better_direction(value, target, tolerance, polarity):
    order = {"red": 0, "amber": 1, "green": 2}
    better = value + D(1) if polarity == "higher" else value - D(1)
    assume(better >= 0)
    now = calc.rag(value=value, target=target, tolerance=tolerance, polarity=polarity, unit="percent")
    improved = calc.rag(value=better, target=target, tolerance=tolerance, polarity=polarity, unit="percent")
    assert order[improved] >= order[now]


@given(decimals, decimals, st.decimals(min_value=0, max_value=30, places=1), polarities)
def test_green_exactly_when_the_target_is_met(value, target, tolerance, polarity):
    outcome = calc.rag(value=value, target=target, tolerance=tolerance, polarity=polarity, unit="percent")
    shown = calc.round_half_up(value)
    met = shown >= target if polarity == "higher" else shown <= target
    assert (outcome == "green") == met
    if not met:
        assert (outcome == "amber") == (abs(shown - target) <= tolerance)


@given(decimals, decimals, polarities)
def test_swapping_polarity_swaps_improving_and_worsening(current, previous, polarity):
    one = calc.change(current=current, previous=previous, unit="percent", polarity=polarity)
    other = calc.change(
        current=current, previous=previous, unit="percent", polarity=({"higher", "lower"} - {polarity}).pop()
    )
    swap = {"improving": "worsening", "worsening": "improving", "no change": "no change"}
    assert other.direction == swap[one.direction]
    assert one.amount == other.amount


@given(decimals, decimals)
def test_a_change_is_antisymmetric(current, previous):
    forward = calc.change(current=current, previous=previous, unit="weeks", polarity="lower")
    backward = calc.change(current=previous, previous=current, unit="weeks", polarity="lower")
    assert forward.amount == -backward.amount


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=5000))
def test_parts_give_a_valid_percentage_whenever_numerator_fits(numerator, denominator):
    problems = calc.value_problems(unit="percent", value=None, numerator=numerator, denominator=denominator)
    assert (problems == {}) == (numerator <= denominator)
    if not problems:
        value = calc.value_from_parts(value=None, numerator=numerator, denominator=denominator, unit="percent")
        assert D(0) <= value <= D(100)
        assert calc.value_problems(unit="percent", value=value, numerator=numerator, denominator=denominator) == {}


@given(st.lists(st.sampled_from(["improving", "worsening", "no change", ""]), max_size=30))
def test_worsening_runs_never_exceed_the_series_and_reset(directions):
    runs = calc.worsening_runs(directions)
    assert len(runs) == len(directions)
    for i, (direction, run) in enumerate(zip(directions, runs, strict=True)):
        if direction != "worsening":
            assert run == 0
        else:
            assert run == (runs[i - 1] if i else 0) + 1
