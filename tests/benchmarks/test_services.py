"""Importing DfE's file into the database, and setting neighbours."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ehcp.benchmarks.models import Figure, Geography, Release
from ehcp.benchmarks.services import neighbours_set, parse_codes, sen2_import
from send_board.uploads import RowErrors, UploadError

from .factories import HEADER, sen2_csv, sen2_row, small_release

pytestmark = pytest.mark.django_db


def headline(code, year):
    return Figure.objects.headline().select_related("release").get(geography__code=code, year=year)


class TestReleases:
    def test_a_newer_release_replaces_the_years_it_holds(self):
        first = sen2_import(source=small_release(years=(2023, 2024)), file_name="2025.csv").release
        newer_rows = [
            sen2_row(2024, "National", issued="1000", within="600", topic="All EHC plans"),
            sen2_row(
                2024, "Local authority", code="344", name="Wirral", issued="100", within="20", topic="All EHC plans"
            ),
            sen2_row(
                2025, "Local authority", code="344", name="Wirral", issued="110", within="33", topic="All EHC plans"
            ),
        ]
        newer = sen2_import(
            source=sen2_csv(newer_rows, header=HEADER.replace("PC_", "pc_")), file_name="2026.csv"
        ).release
        assert newer.reporting_year == 2026
        assert newer.years_stored == [2024, 2025]
        assert headline("344", 2024).pct == Decimal("20.0")
        assert headline("344", 2024).release == newer
        assert headline("344", 2023).release == first
        assert not Figure.objects.filter(year=2024, geography__code="343").exists()  # the year is the newer file's
        assert Figure.objects.filter(year=2024, geography__code="344").count() == 1

    def test_an_older_release_imported_later_keeps_the_newer_years(self):
        newer = sen2_import(source=small_release(years=(2023, 2024)), file_name="2025.csv").release
        older = sen2_import(
            source=sen2_csv(
                [
                    sen2_row(y, "Local authority", code="344", name="Wirral", issued="50", within="49")
                    for y in (2022, 2023)
                ]
            ),
            file_name="2024.csv",
            reporting_year=2024,
        ).release
        assert older.years_stored == [2022]
        assert older.years_kept == [2023]
        assert headline("344", 2023).release == newer
        assert headline("344", 2022).release == older
        assert (
            "kept from a newer release"
            in sen2_import(source=small_release(years=(2024,)), file_name="x.csv", reporting_year=2020).message
        )

    def test_a_corrected_file_of_the_same_release_replaces_it(self):
        sen2_import(source=small_release(years=(2024,)), file_name="first.csv")
        corrected = sen2_csv([sen2_row(2024, "Local authority", code="344", name="Wirral", issued="100", within="14")])
        sen2_import(source=corrected, file_name="corrected.csv", reporting_year=2025)
        assert headline("344", 2024).within == 14
        assert Release.objects.count() == 2

    def test_it_records_who_imported_and_from_where(self, alice):
        release = sen2_import(
            source=small_release(), file_name="t.csv", imported_by=alice, imported_via="Upload, Wirral (344)"
        ).release
        assert (release.imported_by, release.imported_via) == (alice, "Upload, Wirral (344)")


class TestBadInputStoresNothing:
    def assert_nothing_stored(self):
        assert (Release.objects.count(), Figure.objects.count(), Geography.objects.count()) == (0, 0, 0)

    def test_a_file_that_is_not_this_dataset(self):
        # The first columns of DfE's caseload.csv, from the same release.
        raw = b"time_period,geographic_level,ehcplans\n201819,National,353995\n"
        with pytest.raises(UploadError, match="old_la_code.*pc_plans_issued_20_weeks_ex"):
            sen2_import(source=raw, file_name="caseload.csv")
        self.assert_nothing_stored()

    def test_a_file_with_one_bad_row(self):
        rows = [
            sen2_row(2024, "National"),
            sen2_row(2024, "Local authority", code="344", name="Wirral", issued="?", pct="50"),
        ]
        with pytest.raises(RowErrors, match=r"^2 row error\(s\)$"):
            sen2_import(source=sen2_csv(rows), file_name="bad.csv")
        self.assert_nothing_stored()

    def test_a_bad_file_leaves_earlier_figures_as_they_were(self):
        sen2_import(source=small_release(), file_name="good.csv")
        before = list(Figure.objects.order_by("id").values_list("id", "pct"))
        with pytest.raises(RowErrors, match=r"^2 row error\(s\)$"):
            sen2_import(source=sen2_csv([sen2_row(2024, "National", pct="101")]), file_name="bad.csv")
        assert list(Figure.objects.order_by("id").values_list("id", "pct")) == before
        assert Release.objects.count() == 1


class TestNeighbours:
    @pytest.fixture
    def imported(self, db):
        return sen2_import(source=small_release(extra_las=[f"{c}" for c in range(350, 362)]), file_name="t.csv")

    def test_it_stores_known_codes_in_order(self, imported, wirral):
        neighbours_set(area=wirral, codes=["343", "340", "343"])
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == ["343", "340"]

    def test_an_empty_list_removes_every_neighbour(self, imported, wirral):
        neighbours_set(area=wirral, codes=["343"])
        neighbours_set(area=wirral, codes=[])
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == []

    @pytest.mark.parametrize(
        ("codes", "message"),
        [
            (["344"], "Wirral itself"),
            (["343", "999"], "999: not a local authority in DfE's imported statistics"),
            (["34a"], "three digits"),
            ([str(c) for c in range(350, 361)], "at most 10"),
        ],
    )
    def test_it_refuses_bad_codes_and_changes_nothing(self, imported, wirral, codes, message):
        neighbours_set(area=wirral, codes=["340"])
        with pytest.raises(ValidationError, match=re.escape(message)) as error:
            neighbours_set(area=wirral, codes=codes)
        assert any(message in m for m in error.value.message_dict["codes"])
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == ["340"]

    def test_codes_cannot_be_checked_before_any_import(self, wirral):
        with pytest.raises(ValidationError, match="Import DfE's timeliness file first"):
            neighbours_set(area=wirral, codes=["343"])

    def test_a_region_code_is_not_a_local_authority(self, imported, wirral):
        with pytest.raises(ValidationError, match="E12000002: a DfE local authority code is three digits"):
            neighbours_set(area=wirral, codes=["E12000002"])


def test_codes_are_read_from_spaces_commas_and_semicolons():
    assert parse_codes("343, 340;341  342,,343") == ["343", "340", "341", "342"]
