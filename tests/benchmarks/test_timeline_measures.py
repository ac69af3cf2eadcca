"""DfE's files for the timeline's other steps, imported as they stand: each
recognised by its columns, the published figures pinned, the tribunal table
read from its own header, and the benchmark of an area for each measure."""

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from ehcp.benchmarks import measures, sen2
from ehcp.benchmarks.calculations import polarity_ranks
from ehcp.benchmarks.demo import DATA_FILE, TIMELINE_FILES
from ehcp.benchmarks.models import Geography, MeasureFigure
from ehcp.benchmarks.selectors import measure_benchmark
from ehcp.benchmarks.services import sen2_import
from send_board.uploads import RowErrors, UploadError

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


# ---------------------------------------------------------------- the over-52-week band and mean weeks


class TestTheOver52WeekBand:
    """DfE publishes the share of plans issued after more than 52 weeks in the
    20-week file (from 2023; `x` before), and no mean or median weeks."""

    def test_wirral_2024_issued_21_4_percent_after_52_weeks_against_england_s_7_3(self, imported):
        benchmark = measure_benchmark(la_code="344", measure="over_52_weeks")
        assert [y.year for y in benchmark.years] == [2023, 2024]  # DfE's x before 2023: no band, never 0
        latest = benchmark.years[-1]
        assert (latest.numerator, latest.denominator, latest.area_pct) == (153, 716, Decimal("21.4"))
        assert (latest.region_pct, latest.england_pct) == (Decimal("5.9"), Decimal("7.3"))
        assert not (latest.region_pooled or latest.england_pooled or latest.mismatch)

    def test_lower_is_better_so_wirral_ranks_137th_of_151(self, imported, sen2_frame):
        rows = sen2_frame[
            (sen2_frame.time_period == "2024")
            & (sen2_frame.geographic_level == "Local authority")
            & (sen2_frame.breakdown_topic == "All EHC plans issued")
        ]
        published = [Decimal(v) for v in rows.PC_plans_issued_gt_1_year_ex if v not in ("x", "z")]
        lower = sum(1 for v in published if v < Decimal("21.4"))
        latest = measure_benchmark(la_code="344", measure="over_52_weeks").years[-1]
        assert (latest.rank, latest.of, latest.quartile) == (lower + 1, len(published), 4) == (137, 151, 4)

    def test_export_benchmarks_writes_the_band(self, imported):
        out = io.StringIO()
        call_command("export_benchmarks", "--area", "344", "--measure", "over_52_weeks", stdout=out)
        row_2024 = next(line for line in out.getvalue().splitlines() if line.startswith("2024,"))
        assert row_2024.startswith("2024,153,716,21.4,5.9,7.3,137,151,4,")

    def test_the_step_page_and_the_overview_put_england_beside_wirral(self, imported, client_for, bob, wirral):
        step = client_for(bob).get("/board/344/ehcp/timeline/over_52_weeks/").content.decode()
        assert 'id="measure-table"' in step and 'id="measure-distribution-table"' in step
        assert "153 of 716" in step and "7.3%" in step and "137 of 151" in step
        assert "Rank 1 is the best (lowest)" in step
        overview = client_for(bob).get("/board/344/ehcp/timeline/").content.decode()
        assert "2024: 21.4% (England 7.3%), ranked 137 of 151" in overview

    def test_mean_weeks_says_dfe_publishes_no_national_figure(self, imported, client_for, bob, wirral):
        step = client_for(bob).get("/board/344/ehcp/timeline/mean_weeks_to_issue/").content.decode()
        assert 'id="no-national-figure"' in step and "no mean or median weeks to issue" in step
        assert 'id="measure-table"' not in step
        overview = client_for(bob).get("/board/344/ehcp/timeline/").content.decode()
        assert "DfE publishes no national figure for this step" in overview


# ---------------------------------------------------------------- published percentages against their counts


def test_flags_the_30_authority_years_whose_published_figure_is_not_their_counts_to_one_decimal(imported):
    """DfE publishes one decimal and drops a trailing zero: Wirral's "63" is
    63.0, and its counts (809 of 1,278) give 63.3, so it is flagged; Liverpool's
    "96" is what 1,847 of 1,924 gives. The issue's "30" is the whole file:
    17 authorities in 2023 and 13 in 2024 (15 in 2023 if "63" were read as a
    whole number, which would pass Wirral); earlier years publish no
    percentage."""
    import pandas as pd

    frame = pd.read_csv(TIMELINE_FILES[0], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows = frame[
        (frame.time_period == "2023")
        & (frame.geographic_level == "Local authority")
        & (frame.breakdown_topic == "All requests for EHC needs assessments")
    ]
    expected = set()
    for _, row in rows.loc[rows.request_outcome_six_weeks_pc != "x"].iterrows():  # Hackney 2023: x
        within, over = int(row.request_outcome_six_weeks), int(row.request_outcome_over_6_weeks)
        if (Decimal(within * 100) / (within + over)).quantize(Decimal("0.1"), ROUND_HALF_UP) != Decimal(
            row.request_outcome_six_weeks_pc
        ):
            expected.add(row.la_name)
    flagged = MeasureFigure.objects.filter(
        measure="requests_6_weeks", year=2023, geography__level="local_authority", pct_mismatch=True
    )
    assert set(flagged.values_list("geography__name", flat=True)) == expected
    assert len(expected) == 17 and "Wirral" in expected and "Oxfordshire" in expected
    assert not figure("requests_6_weeks", "340", 2023).pct_mismatch  # Knowsley: 563 of 567, 99.3
    liverpool = figure("requests_6_weeks", "341", 2023)
    assert (liverpool.numerator, liverpool.denominator, liverpool.pct, liverpool.pct_mismatch) == (
        1847,
        1924,
        Decimal("96"),
        False,
    )
    release = next(r for r in imported if r.report["measure"] == "requests_6_weeks")
    assert len([f for f in release.report["flagged"] if f["year"] == 2023 and f["geography"] in expected]) == 17
    by_year = MeasureFigure.objects.filter(
        measure="requests_6_weeks", geography__level="local_authority", pct_mismatch=True
    ).values_list("year", flat=True)
    assert {year: list(by_year).count(year) for year in set(by_year)} == {2023: 17, 2024: 13}


# ---------------------------------------------------------------- bad input


REQUESTS_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,"
    "old_la_code,la_name,breakdown_topic,breakdown,requests_received_in_year,request_outcome_six_weeks,"
    "request_outcome_over_6_weeks,request_outcome_six_weeks_pc"
)


def requests_row(la_code="344", name="Wirral", within="549", over="900", pct="37.9", topic=None):
    topic = topic or "All requests for EHC needs assessments"
    return (
        f"2024,Calendar year,Local authority,E92000001,England,E12000002,North West,E08000015,{la_code},{name},"
        f"{topic},{topic},1443,{within},{over},{pct}"
    )


def test_a_requests_file_s_bad_rows_are_all_listed_and_nothing_is_stored():
    rows = [
        requests_row(),
        requests_row("343", "Sefton", within="ten"),
        requests_row("340", "Knowsley", pct="150"),
        requests_row("34", "Liverpool"),
        requests_row(),  # Wirral again
        requests_row("341", "Liverpool", topic="Age"),  # a breakdown: never read
    ]
    raw = "\n".join([REQUESTS_HEADER, *rows]).encode()
    before = MeasureFigure.objects.count()
    with pytest.raises(RowErrors, match=r"^4 row error\(s\)$") as raised:
        sen2_import(source=raw, file_name="requests.csv")
    found = [(e.row, e.column, e.value) for e in raised.value.errors]
    assert found == [
        (3, "request_outcome_six_weeks", "ten"),
        (4, "request_outcome_six_weeks_pc", "150"),
        (5, "old_la_code", "34"),
        (6, "breakdown_topic", "All requests for EHC needs assessments"),
    ]
    assert "is a second headline row: see row 2." in raised.value.errors[-1].message
    assert "is not a count" in raised.value.errors[0].message
    assert MeasureFigure.objects.count() == before


def test_a_requests_file_reads_x_as_no_value_and_a_thousands_separator():
    raw = "\n".join(
        [REQUESTS_HEADER, requests_row(within="x", pct="x"), requests_row("343", "Sefton", '"1,000"', "0", "100")]
    )
    parsed = measures.parse_tidy(sen2.load_bytes(raw.encode(), "requests.csv"), measures.MEASURES[0])
    wirral, sefton = parsed.records
    assert (wirral["numerator"], wirral["denominator"], wirral["pct"], wirral["pct_status"]) == (None, None, None, "x")
    assert (sefton["numerator"], sefton["denominator"], sefton["pct"]) == (1000, 1000, Decimal("100.00"))


def test_every_layout_is_named_when_a_file_is_refused():
    with pytest.raises(UploadError, match="Nor is it another of the files import_sen2 knows") as raised:
        sen2_import(source=b"year,area,value\n2024,Wirral,1\n", file_name="mystery.csv")
    message = raised.value.message
    for expected in (
        "timeliness_20_week.csv (plans_issued_den_ex",
        "requests.csv (request_outcome_six_weeks",
        "assessments.csv (outcome_decision_within_time",
        "annual_reviews.csv (number_decsion_4weeks",
        "tribunal appeal-rate table",
    ):
        assert expected in message


def test_a_tribunal_table_whose_header_names_no_year_is_refused_whole():
    text = TRIBUNAL_FILE.read_text(encoding="utf-8-sig")
    header = next(line for line in text.splitlines() if line.startswith("Local Authority,LA code,"))
    yearless = text.replace(header, re.sub(r",20\d\d", ",Year", header), 1)
    before = MeasureFigure.objects.count()
    with pytest.raises(UploadError, match="header row names no years"):
        sen2_import(source=yearless.encode(), file_name="tribunal.csv")
    assert MeasureFigure.objects.count() == before


def test_a_tribunal_table_s_unreadable_cell_names_its_row_and_year():
    text = TRIBUNAL_FILE.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if ",344," in line)
    cells = next(csv.reader([lines[at]]))
    cells[2] = "many"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[at] = buffer.getvalue()
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as raised:
        measures.parse_tribunal("\n".join(lines))
    [error] = raised.value.errors
    assert (error.row, error.column) == (at + 1, "2014") and error.value.startswith("many, ")
    assert "is not a count" in error.message
