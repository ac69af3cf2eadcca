"""Importing DfE's real 2025 file (imported once for this module)."""

from decimal import Decimal

import pytest

from ehcp.benchmarks.models import Figure, Geography, Release
from ehcp.benchmarks.services import sen2_import

from .conftest import SEN2_FILE

pytestmark = pytest.mark.django_db


def headline(code, year):
    return Figure.objects.headline().select_related("release").get(geography__code=code, year=year)


class TestTheRealFile:
    def test_every_row_is_stored_once_with_its_source(self, sen2):
        assert Figure.objects.count() == 12211
        assert Figure.objects.headline().count() == 970
        assert Figure.objects.exclude(release=sen2).count() == 0
        assert sen2.file_name == "timeliness_20_week.csv"
        assert sen2.title == "Education, health and care plans, reporting year 2025"
        assert (sen2.reporting_year, sen2.first_year, sen2.last_year) == (2025, 2019, 2024)
        assert "published 26 June 2025 (timeliness_20_week.csv)" in sen2.source_text

    def test_every_geography_is_stored_whether_or_not_it_is_a_local_area(self, sen2):
        assert Geography.objects.filter(level="national").count() == 1
        assert Geography.objects.filter(level="regional").count() == 9
        assert Geography.objects.local_authorities().count() == 155
        wirral = Geography.objects.get(code="344")
        assert (wirral.name, wirral.ons_code, wirral.region_name, wirral.region_code) == (
            "Wirral",
            "E08000015",
            "North West",
            "E12000002",
        )
        assert Geography.objects.get(code="928").name == "Northamptonshire"  # abolished in 2021

    def test_wirral_2024_is_90_of_716_plans_that_is_12_6_percent(self, sen2):
        wirral = headline("344", 2024)
        assert (wirral.issued, wirral.within, wirral.pct, wirral.pct_status) == (716, 90, Decimal("12.6"), "published")
        assert (wirral.issued_all, wirral.within_all, wirral.pct_all) == (716, 90, Decimal("12.6"))
        assert wirral.release == sen2
        assert wirral.row_number > 1

    def test_redcar_and_cleveland_2022_is_31_3_as_dfe_rounds(self, sen2):
        redcar = headline("807", 2022)
        assert (redcar.issued, redcar.within, redcar.pct) == (144, 45, Decimal("31.3"))
        assert not redcar.pct_mismatch

    @pytest.mark.parametrize(
        ("year", "issued", "within", "pct"),
        [
            (2019, 49519, 29895, "60.4"),
            (2020, 54175, 31446, "58.0"),
            (2021, 57196, 34249, "59.9"),
            (2022, 62108, 30536, "49.2"),
            (2023, 76506, 38471, "50.3"),
            (2024, 84866, 39407, "46.4"),
        ],
    )
    def test_englands_figures_are_as_published(self, sen2, year, issued, within, pct):
        england = headline("E92000001", year)
        assert (england.issued, england.within, england.pct) == (issued, within, Decimal(pct))

    @pytest.mark.parametrize(
        ("code", "year"), [("926", 2022), ("211", 2022), ("311", 2022), ("869", 2022), ("204", 2023)]
    )
    def test_unavailable_authorities_have_no_value_never_zero(self, sen2, code, year):
        figure = headline(code, year)
        assert (figure.issued, figure.within, figure.pct, figure.pct_status) == (None, None, None, "x")

    @pytest.mark.parametrize(("code", "year"), [("420", 2019), ("420", 2022), ("838", 2024), ("201", 2024)])
    def test_a_zero_denominator_is_no_plans_issued(self, sen2, code, year):
        figure = headline(code, year)
        assert (figure.issued, figure.pct, figure.pct_status) == (0, None, "no_plans")

    def test_the_breakdowns_are_stored_for_later(self, sen2):
        by_topic = {
            t: Figure.objects.filter(breakdown_topic=t).count()
            for t in ("Child or young persons age", "Ethnicity", "Sex")
        }
        assert by_topic == {"Child or young persons age": 5566, "Ethnicity": 5025, "Sex": 650}
        female = Figure.objects.get(geography__code="344", year=2024, breakdown="Female")
        assert female.issued is not None and female.other_measures.keys() >= {"plans_issued_gt_1_year_ex"}

    def test_the_import_report_flags_rows_whose_percentage_does_not_match(self, sen2):
        assert sen2.flagged_count == 2
        birmingham = Figure.objects.get(geography__code="330", year=2024, breakdown="age 8")
        assert birmingham.pct == Decimal("28.7") and birmingham.pct_mismatch
        assert Figure.objects.filter(pct_mismatch=True).count() == 2
        assert sen2.report["headline_rows_by_level"] == {"national": 6, "regional": 54, "local_authority": 910}
        assert sen2.report["headline_without_rate"] == 9

    def test_importing_the_same_file_again_stores_it_once(self, sen2):
        outcome = sen2_import(source=SEN2_FILE, file_name="copy.csv")
        assert not outcome.created
        assert outcome.release == sen2
        assert "already imported" in outcome.message
        assert Release.objects.count() == 1
        assert Figure.objects.count() == 12211
