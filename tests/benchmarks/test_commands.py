"""import_sen2, set_neighbours, export_benchmarks and the demo."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ehcp.benchmarks import demo
from ehcp.benchmarks.models import Figure, MeasureFigure, Release

from .conftest import SEN2_FILE
from .factories import sen2_csv, sen2_row, small_release

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "timeliness_20_week.csv"
    path.write_bytes(small_release(years=(2023, 2024)))
    return path


class TestImportSen2:
    def test_it_imports_the_real_file_and_reports_flagged_rows(self):
        out = run("import_sen2", str(SEN2_FILE), "--published", "2025-06-26")
        assert "Imported Education, health and care plans, reporting year 2025: 12,211 figures" in out
        assert (
            "Flagged row 8911: Birmingham 2024 age 8, pc_plans_issued_20_weeks_ex published 28.7, counts give 28.8"
            in out
        )
        release = Release.objects.get()
        assert (release.imported_via, str(release.published_on)) == ("import_sen2 command", "2025-06-26")

    def test_importing_it_twice_stores_it_once(self, small_file):
        run("import_sen2", str(small_file))
        out = run("import_sen2", str(small_file))
        assert "already imported" in out
        assert Release.objects.count() == 1
        assert Figure.objects.count() == 10

    def test_a_file_that_is_not_the_dataset_fails_and_stores_nothing(self, tmp_path):
        path = tmp_path / "caseload.csv"
        path.write_text("time_period,geographic_level,ehcplans\n201819,National,353995\n")
        with pytest.raises(CommandError, match="This is not DfE's .* no measure column"):
            run("import_sen2", str(path))
        assert not Release.objects.exists()

    def test_bad_rows_are_listed_and_nothing_stored(self, tmp_path):
        path = tmp_path / "bad.csv"
        path.write_bytes(
            sen2_csv([sen2_row(2024, "National", pct="x"), sen2_row(2024, "National", within="z", pct="z")])
        )
        with pytest.raises(CommandError, match=r"Row 3, column breakdown .*repeats row 2"):
            run("import_sen2", str(path))
        assert not Figure.objects.exists()

    def test_a_missing_file_or_bad_date_is_refused(self, small_file):
        with pytest.raises(CommandError, match="No file at"):
            run("import_sen2", "/nowhere/timeliness.csv")
        with pytest.raises(CommandError, match="not a date"):
            run("import_sen2", str(small_file), "--published", "26/6/2025")


class TestSetNeighbours:
    def test_it_sets_known_codes(self, small_file, wirral):
        run("import_sen2", str(small_file))
        out = run("set_neighbours", "--area", "344", "343", "340")
        assert "Wirral (344) statistical neighbours: 343 340" in out
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == ["343", "340"]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--area", "344", "344"], "cannot be its own statistical neighbour"),
            (["--area", "344", "343", "999"], "999: not a local authority"),
            (["--area", "344", *[str(c) for c in range(330, 341)]], "at most 10"),
            (["--area", "999", "343"], "no local area with code '999'"),
            (["--area", "344"], "Give up to ten neighbour codes, or --clear"),
            (["--area", "344", "--clear", "343"], "not both"),
        ],
    )
    def test_it_refuses_bad_input_with_a_message(self, small_file, wirral, args, message):
        run("import_sen2", str(small_file))
        with pytest.raises(CommandError, match=message):
            run("set_neighbours", *args)
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == []

    def test_clear_removes_them(self, small_file, wirral):
        run("import_sen2", str(small_file))
        run("set_neighbours", "--area", "344", "343")
        run("set_neighbours", "--area", "344", "--clear")
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == []


class TestExportBenchmarks:
    def test_it_writes_one_row_per_year_in_the_agreed_columns(self, wirral):
        run("import_sen2", str(SEN2_FILE))
        run("set_neighbours", "--area", "344", "343", "342")
        lines = run("export_benchmarks", "--area", "344", "--format", "csv").splitlines()
        assert lines[0] == "year,issued,within_20_weeks,area_pct,region_pct,england_pct,neighbours_pct,rank,of,quartile"
        assert len(lines) == 7
        # Sefton 2024 460 of 866 and St. Helens 172 of 597, pooled: 632 of 1,463 = 43.2%
        assert lines[-1] == "2024,716,90,12.6,50.5,46.4,43.2,136,151,4"
        assert lines[1].startswith("2019,286,93,32.5,60.1,60.4,")

    def test_no_value_is_an_empty_cell(self):
        run("import_sen2", str(SEN2_FILE))
        lines = run("export_benchmarks", "--area", "926").splitlines()  # Norfolk, not a local area here
        assert lines[4] == "2022,,,,32.4,49.2,,,,"

    def test_a_zero_denominator_exports_the_zero_counts_and_no_rate(self):
        run("import_sen2", str(SEN2_FILE))
        assert run("export_benchmarks", "--area", "838").splitlines()[-1] == "2024,0,0,,28.5,46.4,,,,"

    def test_it_can_write_a_file(self, tmp_path, small_file, wirral):
        run("import_sen2", str(small_file))
        target = tmp_path / "out.csv"
        run("export_benchmarks", "--area", "344", "--output", str(target))
        assert target.read_text().splitlines()[-1] == "2024,100,13,13.0,50.0,50.0,,3,3,4"

    def test_an_unknown_area_fails_with_a_message(self, small_file):
        run("import_sen2", str(small_file))
        with pytest.raises(CommandError, match="Unknown --area 998"):
            run("export_benchmarks", "--area", "998")

    def test_only_csv_is_offered(self, wirral):
        with pytest.raises(CommandError, match="invalid choice"):
            run("export_benchmarks", "--area", "344", "--format", "xlsx")


class TestDemo:
    def test_it_imports_the_shipped_release_and_sets_neighbours(self, wirral, walsall, sefton):
        out = StringIO()
        areas = {"344": wirral, "335": walsall, "343": sefton}
        demo.load(areas=areas, stdout=out)
        demo.load(areas=areas, stdout=out)
        assert Release.objects.count() == 5  # the timeliness file and the timeline's four
        assert Figure.objects.count() == 12211
        assert MeasureFigure.objects.values("measure").distinct().count() == 4
        for area in areas.values():
            area.refresh_from_db()
            assert len(area.statistical_neighbours) == 10
            assert area.code not in area.statistical_neighbours
        assert "already imported" in out.getvalue()
        assert {r.published_on.isoformat() for r in Release.objects.all()} == {"2025-06-26"}

    def test_the_shipped_file_is_dfes_unmodified(self):
        import hashlib

        digest = hashlib.sha256(demo.DATA_FILE.read_bytes()).hexdigest()
        assert digest == "6720f74f5e4e32efecd27ca4335805c9fb766a07f4b661284ec06f4d4df6ef13"
        shipped = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in demo.TIMELINE_FILES}
        assert shipped == {
            "requests.csv": "668c6da23da370d8",
            "assessments.csv": "bc0631a08b80a866",
            "annual_reviews.csv": "14af43c055f80203",
            "tribunal_appeal_rate_2014_2024.csv": "3a0d9e0c3b8d6da3",
        }
