"""DfE's files for the timeline's other steps, imported as they stand: each
recognised by its columns, the published figures pinned, the tribunal table
read from its own header, and the benchmark of an area for each measure."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from ehcp.benchmarks import measures
from ehcp.benchmarks.calculations import polarity_ranks
from ehcp.benchmarks.demo import DATA_FILE, TIMELINE_FILES
from ehcp.benchmarks.models import Geography, MeasureFigure
from ehcp.benchmarks.selectors import measure_benchmark
from ehcp.benchmarks.services import sen2_import
from send_board.uploads import UploadError

pytestmark = pytest.mark.django_db
TRIBUNAL_FILE = TIMELINE_FILES[3]


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """All five of DfE's files, imported once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        releases = [sen2_import(source=p, file_name=p.name).release for p in (DATA_FILE, *TIMELINE_FILES)]
        yield releases
        transaction.set_rollback(True)


def figure(measure, code, year):
    return MeasureFigure.objects.get(measure=measure, geography__code=code, year=year)


class TestTheRealFiles:
    def test_each_file_is_recognised_by_its_columns(self, imported):
        assert [r.report["measure"] for r in imported] == [
            "timeliness_20_weeks",
            "requests_6_weeks",
            "no_plan_16_weeks",
            "reviews_4_weeks",
            "tribunal_appeal_rate",
        ]

    def test_england_2024_decided_84_8_percent_of_requests_within_6_weeks(self, imported):
        england = figure("requests_6_weeks", "E92000001", 2024)
        assert (england.numerator, england.denominator, england.pct) == (126160, 148753, Decimal("84.8"))

    def test_england_2024_communicated_44_4_percent_of_review_decisions_within_4_weeks(self, imported):
        assert figure("reviews_4_weeks", "E92000001", 2024).pct == Decimal("44.4")
        assert figure("reviews_4_weeks", "344", 2024).pct == Decimal("38.6")

    def test_wirral_2024_decided_37_9_percent_of_requests_within_6_weeks(self, imported):
        wirral = figure("requests_6_weeks", "344", 2024)
        assert (wirral.numerator, wirral.denominator, wirral.pct) == (549, 1449, Decimal("37.9"))

    def test_dfe_s_published_percentage_stands_where_its_counts_differ(self, imported):
        wirral = figure("requests_6_weeks", "344", 2023)
        assert (wirral.numerator, wirral.denominator, wirral.pct, wirral.pct_mismatch) == (
            809,
            1278,
            Decimal("63"),
            True,
        )
        benchmark = measure_benchmark(la_code="344", measure="requests_6_weeks")
        year = next(y for y in benchmark.years if y.year == 2023)
        assert (year.area_pct, year.computed_pct, year.mismatch) == (Decimal("63"), Decimal("63.3"), True)

    def test_the_tribunal_table_is_read_as_it_stands(self, imported):
        wirral = figure("tribunal_appeal_rate", "344", 2024)
        assert (wirral.numerator, wirral.denominator, wirral.pct) == (103, 5007, Decimal("2.10"))
        hartlepool = figure("tribunal_appeal_rate", "805", 2014)  # "-": none, which is 0
        assert (hartlepool.numerator, hartlepool.denominator, hartlepool.pct) == (0, 401, Decimal("0.00"))
        england = figure("tribunal_appeal_rate", "E92000001", 2014)  # the "England Total4,9" row
        assert (england.numerator, england.denominator, england.pct) == (4108, 251096, Decimal("1.60"))
        assert not MeasureFigure.objects.filter(measure="tribunal_appeal_rate", geography__code="942", year=2022)
        assert MeasureFigure.objects.filter(measure="tribunal_appeal_rate").values("year").distinct().count() == 11
        assert Geography.objects.get(code="344").region_code == "E12000002"  # the timeliness file's naming kept

    def test_a_tribunal_region_is_pooled_from_its_authorities_counts(self, imported):
        benchmark = measure_benchmark(la_code="344", measure="tribunal_appeal_rate")
        year = next(y for y in benchmark.years if y.year == 2024)
        north_west = MeasureFigure.objects.filter(
            measure="tribunal_appeal_rate", year=2024, geography__region_code="E12000002"
        ).exclude(numerator=None)
        appeals = sum(f.numerator for f in north_west)
        decisions = sum(f.denominator for f in north_west)
        assert year.region_pooled and not year.england_pooled
        assert year.region_pct == (Decimal(appeals * 1000) / decisions).quantize(Decimal(1)) / 10
        assert year.england_pct == Decimal("3.20")

    def test_rank_quartile_and_best_and_worst_rank_follow_the_measure_s_polarity(self, imported):
        benchmark = measure_benchmark(la_code="344", measure="requests_6_weeks")
        year = next(y for y in benchmark.years if y.year == 2024)
        published = MeasureFigure.objects.filter(
            measure="requests_6_weeks", year=2024, geography__level="local_authority", pct__isnull=False
        )
        better = published.filter(pct__gt=Decimal("37.9")).count()
        assert (year.rank, year.of) == (better + 1, published.count())
        assert year.quartile == -(-4 * year.rank // year.of)
        ranks = [y.rank for y in benchmark.years if y.rank]
        assert (benchmark.best_rank, benchmark.worst_rank) == (min(ranks), max(ranks))
        appeals = measure_benchmark(la_code="344", measure="tribunal_appeal_rate")
        latest = appeals.years[-1]
        lower = MeasureFigure.objects.filter(
            measure="tribunal_appeal_rate", year=2024, geography__level="local_authority", pct__lt=Decimal("2.05")
        ).count()
        assert latest.rank == lower + 1

    def test_export_benchmarks_writes_a_measure_s_columns(self, imported):
        out = io.StringIO()
        call_command("export_benchmarks", "--area", "344", "--measure", "requests_6_weeks", stdout=out)
        lines = out.getvalue().splitlines()
        assert (
            lines[0]
            == "year,numerator,denominator,area_pct,region_pct,england_pct,rank,of,quartile,best_rank,worst_rank"
        )
        row_2024 = next(line for line in lines if line.startswith("2024,"))
        assert row_2024.startswith("2024,549,1449,37.90,") and ",84.80," in row_2024


def test_ties_share_the_best_rank_and_lower_is_better_for_the_appeal_rate():
    values = {"a": Decimal("1.04"), "b": Decimal("1.0"), "c": Decimal("2.5"), "d": None}
    assert polarity_ranks(values, "lower") == {"a": 1, "b": 1, "c": 3}
    assert polarity_ranks(values, "higher") == {"c": 1, "a": 2, "b": 2}


def test_a_file_of_an_unknown_layout_is_refused_naming_the_columns_expected():
    before = MeasureFigure.objects.count()
    with pytest.raises(UploadError, match="requests.csv .request_outcome_six_weeks") as raised:
        sen2_import(source=b"time_period,la_name,something\n2024,Wirral,1\n", file_name="mystery.csv")
    assert "This file's columns: time_period, la_name, something" in raised.value.message
    assert MeasureFigure.objects.count() == before


def test_the_tribunal_years_are_read_from_the_header_not_assumed():
    text = TRIBUNAL_FILE.read_text(encoding="utf-8-sig")
    shifted = text.replace("Local Authority,LA code,2014,,,2015", "Local Authority,LA code,2013,,,2015", 1)
    parsed = measures.parse_tribunal(shifted)
    assert 2013 in parsed.years and 2014 not in parsed.years
    wirral_2013 = next(r for r in parsed.records if r["geography_code"] == "344" and r["year"] == 2013)
    assert (wirral_2013["numerator"], wirral_2013["denominator"]) == (14, 1657)
    broken = text.replace("Appeals registered4,Total Appealable Decisions1", "Appeals4,Decisions1", 1)
    with pytest.raises(UploadError, match="Under 2014 the tribunal table should have the columns"):
        measures.parse_tribunal(broken)
