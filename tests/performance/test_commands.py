"""The management commands do what the pages and tasks do, synchronously."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from performance.exports import EXPORT_COLUMNS
from performance.models import Indicator, IndicatorValue, Rating, ValueSource, ValueState
from tests.performance.test_imports import GOOD_VALUES, HEADER

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_indicators_from_a_file(wirral, tmp_path):
    path = tmp_path / "indicators.csv"
    path.write_text(
        f"{HEADER}\nEHCP20,20 weeks,EHCP,percent,higher,monthly,60,2024-04,10,yes\n"
        "EHCP20,20 weeks,EHCP,percent,higher,monthly,65,2025-04,10,yes\n"
    )
    out, _ = run("import_indicators", str(path), "--area", "344")
    assert "Wirral: 1 indicator(s) defined, 0 updated, 2 target(s) added." in out
    assert Indicator.objects.get().targets.count() == 2


def test_import_indicators_reports_every_row_error_and_saves_nothing(wirral, tmp_path):
    path = tmp_path / "indicators.csv"
    path.write_text(f"{HEADER}\nX1,X,EHCP,furlongs,higher,monthly,,,,yes\nX2,Y,EHCP,percent,higher,monthly,60,,,yes\n")
    with pytest.raises(CommandError, match="no indicators were imported") as error:
        run("import_indicators", str(path), "--area", "344")
    assert "Nothing was saved: 2 problem(s) in the file; no indicators were imported." in str(error.value)
    assert "Row 2, column unit ('furlongs')" in str(error.value)
    assert "Row 3, column target_from" in str(error.value)
    assert not Indicator.objects.exists()


def test_unknown_area_and_missing_file(wirral, tmp_path):
    with pytest.raises(CommandError, match="no local area with code '999'. Known codes: "):
        run("import_indicators", str(tmp_path / "x.csv"), "--area", "999")
    with pytest.raises(CommandError, match="No file"):
        run("import_indicator_values", str(tmp_path / "missing.csv"), "--area", "344")


def test_import_indicator_values_with_approve(wirral, tmp_path, indicators, django_capture_on_commit_callbacks):
    path = tmp_path / "values.csv"
    path.write_text(GOOD_VALUES)
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run("import_indicator_values", str(path), "--area", "344", "--approve")
    assert "5 value(s) saved as approved for 5 indicator(s)." in out
    assert set(IndicatorValue.objects.values_list("state", "source")) == {(ValueState.APPROVED, ValueSource.COMMAND)}
    assert Rating.objects.count() == 5


def test_import_indicator_values_refuses_a_duplicate_naming_the_existing_value(wirral, tmp_path, indicators):
    path = tmp_path / "values.csv"
    path.write_text(GOOD_VALUES)
    run("import_indicator_values", str(path), "--area", "344")
    with pytest.raises(CommandError, match="no values were imported") as error:
        run("import_indicator_values", str(path), "--area", "344")
    assert "(existing value: /board/344/scorecard/indicators/AR12/values/2024-12/)" in str(error.value)
    assert IndicatorValue.objects.count() == 5


def test_export_scorecard_writes_the_issue_columns(scorecard):
    out, _ = run("export_scorecard", "--area", "344", "--period", "2024-07", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0].keys()) == EXPORT_COLUMNS
    by_code = {r["code"]: r for r in rows}
    assert by_code["EHCP20"] == {
        "code": "EHCP20",
        "name": "New EHC plans issued within 20 weeks",
        "unit": "percent",
        "period": "2024-07",
        "value": "45.0",
        "target": "60.0",
        "rag": "red",
        "previous": "56.9",
        "change": "-11.9",
        "change_unit": "pp",
        "direction": "worsening",
    }
    assert by_code["EHCPACT"] | {} == {
        "code": "EHCPACT",
        "name": "Active EHC plans",
        "unit": "count",
        "period": "2024-07",
        "value": "3492",
        "target": "",
        "rag": "grey",
        "previous": "3434",
        "change": "1.7",
        "change_unit": "%",
        "direction": "up",
    }
    assert by_code["SALTLW"]["change"] == "-2.0" and by_code["SALTLW"]["change_unit"] == "weeks"
    assert by_code["SALTLW"]["direction"] == "improving"
    # As at July 2024 the December values and the autumn term are not yet there.
    assert by_code["AR12"]["value"] == "" and by_code["AR12"]["rag"] == "grey"
    assert by_code["OOB"]["period"] == ""
    assert by_code["CAMHSWL"]["period"] == "2023-12"


def test_export_scorecard_approved_only_leaves_out_the_submitted_value(scorecard, tmp_path):
    path = tmp_path / "out.csv"
    _, err = run("export_scorecard", "--area", "344", "--period", "2024-07", "--approved-only", "--output", str(path))
    assert "Wrote 6 indicator(s)" in err
    active = {r["code"]: r for r in csv.DictReader(path.open())}["EHCPACT"]
    assert (active["period"], active["value"], active["previous"], active["change"]) == ("2024-06", "3434", "", "")


def test_export_scorecard_refuses_a_bad_month(wirral):
    with pytest.raises(CommandError, match="--period"):
        run("export_scorecard", "--area", "344", "--period", "July")


def test_recompute_ratings_catches_up(scorecard):
    Rating.objects.all().delete()
    out, _ = run("recompute_ratings", "--area", "344")
    assert "Rated 15 value(s) of 6 indicator(s)." in out
    assert Rating.objects.get(value__indicator__code="EHCP20", value__period=date(2024, 7, 1)).change == D("-11.9")
