"""The pure computations, with DfE's own worked figures."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehcp.benchmarks.calculations import (
    competition_ranks,
    inferred_reporting_year,
    percentage,
    percentage_matches,
    pooled_percentage,
    quartile,
    reconcile,
    round_half_up,
)


def test_it_rounds_half_up_as_dfe_does_where_python_round_does_not():
    # Redcar and Cleveland 2022: 45 of 144 = 31.25 → DfE publishes 31.3.
    assert round(45 / 144 * 100, 1) == 31.2
    assert percentage(45, 144) == Decimal("31.3")
    assert round_half_up(Decimal("31.25")) == Decimal("31.3")
    assert round_half_up("0.05") == Decimal("0.1")
    assert round_half_up(Fraction(1, 8) * 100) == Decimal("12.5")


def test_it_refuses_a_float_which_cannot_hold_a_half_exactly():
    with pytest.raises(
        TypeError, match=r"round_half_up takes an exact number \(int, Decimal, Fraction or str\), not a float\."
    ):
        round_half_up(0.15)


def test_wirral_2024_is_90_of_716():
    assert percentage(90, 716) == Decimal("12.6")


@pytest.mark.parametrize(("within", "issued"), [(0, 0), (None, 10), (5, None), (None, None)])
def test_no_plans_issued_or_a_missing_count_is_no_figure_not_zero(within, issued):
    assert percentage(within, issued) is None


def test_none_issued_within_of_some_issued_is_zero_percent():
    assert percentage(0, 4) == Decimal("0.0")


def test_a_published_percentage_is_checked_against_its_counts_to_one_decimal():
    assert percentage_matches(Decimal("31.3"), 45, 144)
    assert percentage_matches(Decimal("60.1"), 4191, 6973)  # North West 2019
    # Birmingham 2024, age 8: 23 of 80 is 28.75, published 28.7.
    assert percentage_matches(Decimal("28.7"), 23, 80) is False
    assert percentage_matches(None, 23, 80)
    assert percentage_matches(Decimal("50.0"), 0, 0)


def test_neighbours_are_pooled_not_averaged():
    pooled = pooled_percentage({"343": (866, 460), "340": (446, 246), "351": (296, 293)})
    assert (pooled.issued, pooled.within) == (1608, 999)
    assert pooled.pct == Decimal("62.1")
    mean_of_rates = (Decimal("53.1") + Decimal("55.2") + Decimal("99.0")) / 3
    assert round_half_up(mean_of_rates) == Decimal("69.1")  # what pooling is not


def test_pooling_leaves_out_unavailable_authorities_and_says_which():
    pooled = pooled_percentage({"926": (None, None), "343": (80, 40), "420": (0, 0)})
    assert pooled.pct == Decimal("50.0")
    assert pooled.missing == ("926",)
    assert pooled.contributing == 2


def test_pooling_nothing_issued_gives_no_figure():
    assert pooled_percentage({"420": (0, 0)}).pct is None
    assert pooled_percentage({}).pct is None


def test_ties_share_the_best_rank_and_the_next_rank_skips():
    ranks = competition_ranks(
        {"a": Decimal("90.0"), "b": Decimal("80.0"), "c": Decimal("80.0"), "d": Decimal("70.0"), "e": None}
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_ranking_compares_the_published_one_decimal_figure():
    ranks = competition_ranks({"a": Decimal("45.64"), "b": Decimal("45.6"), "c": Decimal("45.66")})
    assert ranks == {"c": 1, "a": 2, "b": 2}


@pytest.mark.parametrize(
    ("rank", "ranked", "expected"),
    [
        (1, 150, 1),
        (37, 150, 1),
        (38, 150, 2),
        (75, 150, 2),
        (76, 150, 3),
        (112, 150, 3),
        (113, 150, 4),
        (150, 150, 4),
        (136, 151, 4),
        (1, 1, 4),
    ],
)
def test_quartile_is_the_ceiling_of_four_rank_over_number_ranked(rank, ranked, expected):
    assert quartile(rank, ranked) == expected


@pytest.mark.parametrize(("rank", "ranked"), [(0, 10), (11, 10), (1, 0)])
def test_quartile_refuses_a_rank_outside_the_ranked(rank, ranked):
    with pytest.raises(ValueError, match=f"^rank {rank} is not between 1 and the {ranked} ranked\\.$"):
        quartile(rank, ranked)


def test_reconciliation_notes_a_difference_of_more_than_one_point():
    result = reconcile(
        local_issued=720,
        local_within=115,
        local_pct=Decimal("16.0"),
        sen2_issued=716,
        sen2_within=90,
        sen2_pct=Decimal("12.6"),
    )
    assert result.plans_difference == 4
    assert result.within_difference == 25
    assert result.points_difference == Decimal("3.4")
    assert result.disagrees


def test_exactly_one_point_apart_is_agreement():
    result = reconcile(
        local_issued=100,
        local_within=50,
        local_pct=Decimal("50.0"),
        sen2_issued=100,
        sen2_within=49,
        sen2_pct=Decimal("49.0"),
    )
    assert result.points_difference == Decimal("1.0")
    assert not result.disagrees


def test_reconciliation_without_a_published_rate_says_nothing_about_rates():
    result = reconcile(
        local_issued=10, local_within=5, local_pct=Decimal("50.0"), sen2_issued=None, sen2_within=None, sen2_pct=None
    )
    assert result.plans_difference is None
    assert result.points_difference is None
    assert not result.disagrees


def test_a_release_is_named_for_the_year_after_its_last_calendar_year():
    assert inferred_reporting_year([2019, 2024, 2023]) == 2025
    with pytest.raises(ValueError, match=r"No calendar years to infer a reporting year from\."):
        inferred_reporting_year([])


@given(st.integers(min_value=1, max_value=400).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))))
def test_quartiles_run_one_to_four_and_never_fall_as_rank_rises(rank_and_count):
    rank, ranked = rank_and_count
    q = quartile(rank, ranked)
    assert 1 <= q <= 4
    if rank < ranked:
        assert quartile(rank + 1, ranked) >= q
    assert (q - 1) * ranked < 4 * rank <= q * ranked


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 1000).map(lambda v: Decimal(v) / 10)))
def test_a_rank_is_one_more_than_the_number_strictly_higher(values):
    ranks = competition_ranks(values)
    for key, value in values.items():
        assert ranks[key] == 1 + sum(1 for other in values.values() if other > value)


@given(st.integers(0, 5000).flatmap(lambda issued: st.tuples(st.integers(0, issued), st.just(issued))))
def test_percentage_is_exact_half_up(counts):
    within, issued = counts
    result = percentage(within, issued)
    if issued == 0:
        assert result is None
    else:
        exact = Fraction(within * 100, issued)
        assert abs(Fraction(result) - exact) <= Fraction(1, 20)
        assert Fraction(result) - exact != Fraction(-1, 20)  # a half never rounds down
