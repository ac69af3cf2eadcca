"""The comparison read from DfE's real 2025 file (imported once for this
module), checked by hand against the file read independently with pandas."""

from decimal import Decimal

import pytest

from ehcp.benchmarks.calculations import round_half_up
from ehcp.benchmarks.selectors import (
    area_benchmark,
    benchmark_for,
    export_rows,
    headline_data,
    ranking_for_year,
    releases_with_use,
)

pytestmark = pytest.mark.django_db

WIRRAL_NEIGHBOURS = ["343", "342", "359", "392", "808", "841", "381", "351", "807", "894"]


def published(frame, year):
    """{code: published %} of every local authority with a figure in `year`, from the raw file."""
    rows = frame[
        (frame.breakdown_topic == "All EHC plans issued")
        & (frame.geographic_level == "Local authority")
        & (frame.time_period == str(year))
        & (frame.PC_plans_issued_20_weeks_ex != "x")
    ]
    return {code: Decimal(pct) for code, pct in zip(rows.old_la_code, rows.PC_plans_issued_20_weeks_ex, strict=True)}


@pytest.fixture
def wirral_benchmark(sen2, wirral):
    wirral.statistical_neighbours = WIRRAL_NEIGHBOURS
    wirral.save()
    return {y.year: y for y in area_benchmark(area=wirral).years}


def test_wirral_2024_stands_against_england_the_north_west_and_its_neighbours(wirral_benchmark):
    y = wirral_benchmark[2024]
    assert (y.area.issued, y.area.within, y.area_pct) == (716, 90, Decimal("12.6"))
    assert y.england_pct == Decimal("46.4")
    assert y.region_pct == Decimal("50.5")
    assert y.rank == 136 and y.of == 151 and y.quartile == 4


def test_the_region_and_england_are_the_published_figures_not_recomputed(sen2, wirral_benchmark, sen2_frame):
    # North West 2022 as published is 62.7; its LAs' counts would not give it if any were x.
    assert wirral_benchmark[2022].region_pct == Decimal("62.7")
    # London 2022: Tower Hamlets and Havering are x, yet the region's published
    # total (9,555 plans) includes their plans; recomputing from the LAs gives 58.9.
    london = {y.year: y for y in benchmark_for(la_code="211").years}[2022]
    assert london.region_pct == Decimal("54.7")
    rows = sen2_frame[
        (sen2_frame.breakdown_topic == "All EHC plans issued")
        & (sen2_frame.region_name == "London")
        & (sen2_frame.geographic_level == "Local authority")
        & (sen2_frame.time_period == "2022")
        & (sen2_frame.plans_issued_den_ex != "x")
    ]
    within, issued = (
        int(rows.plans_issued_20_weeks_ex.astype(int).sum()),
        int(rows.plans_issued_den_ex.astype(int).sum()),
    )
    assert round_half_up(Decimal(within * 100) / issued) == Decimal("58.9")


def test_neighbours_are_pooled_from_their_counts(wirral_benchmark, sen2_frame):
    rows = sen2_frame[
        (sen2_frame.breakdown_topic == "All EHC plans issued")
        & (sen2_frame.old_la_code.isin(WIRRAL_NEIGHBOURS))
        & (sen2_frame.time_period == "2024")
    ]
    issued = rows.plans_issued_den_ex.astype(int).sum()
    within = rows.plans_issued_20_weeks_ex.astype(int).sum()
    pooled = wirral_benchmark[2024].neighbours
    assert (pooled.issued, pooled.within, pooled.contributing) == (issued, within, 10)
    assert pooled.pct == round_half_up(Decimal(int(within) * 100) / int(issued))
    mean = sum(Decimal(p) for p in rows.PC_plans_issued_20_weeks_ex) / 10
    assert pooled.pct != round_half_up(mean)


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023, 2024])
def test_every_rank_and_quartile_matches_a_hand_count(sen2, sen2_frame, year):
    values = published(sen2_frame, year)
    data = headline_data()
    of = len(values)
    assert data.ranked_counts[year] == of
    for code, pct in values.items():
        expected_rank = 1 + sum(1 for other in values.values() if other > pct)
        assert data.rank(year, code) == expected_rank, code
    wirral = benchmark_for(la_code="344", data=data)
    y = {b.year: b for b in wirral.years}[year]
    hand_rank = 1 + sum(1 for other in values.values() if other > values["344"])
    assert (y.rank, y.of) == (hand_rank, of)
    assert y.quartile == -(-4 * hand_rank // of)


def test_authorities_with_the_same_published_figure_share_the_better_rank(sen2, sen2_frame):
    values = published(sen2_frame, 2024)
    by_value = {}
    for code, pct in values.items():
        by_value.setdefault(pct, []).append(code)
    tied_value, tied = next((v, codes) for v, codes in sorted(by_value.items(), reverse=True) if len(codes) > 1)
    data = headline_data()
    ranks = {data.rank(2024, code) for code in tied}
    assert len(ranks) == 1
    (rank,) = ranks
    next_value = max(v for v in values.values() if v < tied_value)
    assert data.rank(2024, by_value[next_value][0]) == rank + len(tied)


def test_a_year_without_a_published_figure_has_no_rank(sen2):
    norfolk = {y.year: y for y in benchmark_for(la_code="926").years}
    assert norfolk[2022].area_pct is None
    assert norfolk[2022].area_note == "Unavailable (x)"
    assert (norfolk[2022].rank, norfolk[2022].quartile, norfolk[2022].of) == (None, None, 147)
    assert norfolk[2024].area_pct == Decimal("56.3")


def test_no_plans_issued_is_said_in_words(sen2):
    dorset = {y.year: y for y in benchmark_for(la_code="838").years}
    assert dorset[2024].area.issued == 0
    assert dorset[2024].area_note == "No plans issued"


def test_a_neighbour_without_a_figure_that_year_is_left_out_of_the_pool(sen2):
    benchmark = benchmark_for(la_code="344", neighbour_codes=["926", "343"])
    y2022 = {y.year: y for y in benchmark.years}[2022]
    assert y2022.neighbours.contributing == 1
    assert y2022.neighbours.missing == ("926",)
    assert y2022.neighbours_pct == {y.year: y for y in benchmark_for(la_code="343").years}[2022].area_pct


def test_a_neighbour_abolished_before_a_year_is_not_in_that_years_pool(sen2):
    benchmark = benchmark_for(la_code="344", neighbour_codes=["909"])  # Cumbria, to 2022
    years = {y.year: y for y in benchmark.years}
    assert years[2022].neighbours.contributing == 1
    assert years[2024].neighbours is None


def test_an_area_not_in_dfes_figures_still_sees_england(sen2):
    benchmark = benchmark_for(la_code="999", neighbour_codes=["343", "998"])
    assert benchmark.la is None and benchmark.region is None
    assert benchmark.unknown_neighbour_codes == ["998"]
    latest = benchmark.years[-1]
    assert (latest.area, latest.rank, latest.england_pct) == (None, None, Decimal("46.4"))


def test_an_area_dfe_does_not_publish_is_compared_with_the_region_it_names(sen2):
    from tests.factories import LocalAreaFactory

    synthetic = LocalAreaFactory(code="512", name="Synthetic", region="north west")
    benchmark = area_benchmark(area=synthetic)
    assert benchmark.la is None
    assert benchmark.region.name == "North West"
    assert benchmark.years[-1].region_pct == Decimal("50.5")


def test_the_export_has_one_row_per_year_with_empty_cells_for_no_value(sen2):
    rows = list(export_rows(benchmark_for(la_code="926", neighbour_codes=["343"])))
    assert [r[0] for r in rows] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    norfolk_2022 = rows[3]
    assert norfolk_2022[:3] == ["2022", "", ""]
    assert norfolk_2022[3] == ""
    assert norfolk_2022[4:6] == ["32.4", "49.2"]
    assert norfolk_2022[7:] == ["", "", ""]


def test_the_ranking_lists_every_authority_with_this_area_and_neighbours_marked(sen2):
    ranking = ranking_for_year(year=2024, la_code="344", neighbour_codes=["343", "342"])
    assert len(ranking.ranked) == 151 and ranking.of == 151
    assert [e.geography.name for e in ranking.unranked] == ["City of London", "Dorset"]
    assert [e.figure.pct_status for e in ranking.unranked] == ["no_plans", "no_plans"]
    assert ranking.ranked[0].rank == 1
    pcts = [e.figure.pct for e in ranking.ranked]
    assert pcts == sorted(pcts, reverse=True)
    assert ranking.area.geography.name == "Wirral" and ranking.area.rank == 136
    assert {e.geography.code for e in ranking.ranked if e.role == "neighbour"} == {"343", "342"}
    assert (ranking.england.pct, ranking.region.pct, ranking.region_geography.name) == (
        Decimal("46.4"),
        Decimal("50.5"),
        "North West",
    )


def test_the_ranking_of_2022_leaves_out_the_four_unavailable_and_scilly(sen2):
    ranking = ranking_for_year(year=2022, la_code="344")
    assert ranking.of == 147
    assert sorted(e.geography.code for e in ranking.unranked) == ["211", "311", "420", "869", "926"]


def test_releases_say_which_years_they_still_supply(sen2):
    (release,) = releases_with_use()
    assert release.years_in_use == [2019, 2020, 2021, 2022, 2023, 2024]


def test_the_scorecard_series_are_keyed_by_calendar_year_and_skip_missing_values(sen2, wirral):
    from datetime import date

    from ehcp.benchmarks.selectors import scorecard_series

    wirral.statistical_neighbours = ["926"]  # Norfolk: no figure in 2022
    wirral.save()
    series = scorecard_series(area=wirral)
    assert series["area"][date(2024, 1, 1)] == Decimal("12.6")
    assert series["england"][date(2020, 1, 1)] == Decimal("58.0")
    assert series["region"][date(2024, 1, 1)] == Decimal("50.5")
    assert date(2022, 1, 1) not in series["neighbours"]
    assert series["neighbours"][date(2024, 1, 1)] == Decimal("56.3")
    assert series["source"].startswith(
        "Department for Education, Education, health and care plans, reporting year 2025"
    )
