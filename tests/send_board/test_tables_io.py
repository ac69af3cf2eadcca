"""The kernel table writer: every CSV and XLSX neutralises spreadsheet
formulas and keeps numbers as numbers (issue 17 item 6, issue 13 item 3)."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from send_board.tables_io import csv_text, safe_cell, table_response, xlsx_bytes
from tests.improvement.factories import ActionFactory, AreaOfConcernFactory, PlanFactory, RiskFactory

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("text", [FORMULA, "+1+2", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-3, Decimal("-3.5"), 0, 2.5, "-3", "+2.5", "Active EHC plans"])
def test_numbers_and_plain_text_are_kept(value):
    assert safe_cell(value) == value


def test_csv_and_xlsx_keep_negative_numbers_as_numbers():
    assert (
        csv_text([[FORMULA, -3]], header=["title", "change"]) == 'title,change\n"\'=HYPERLINK(""http://x"",""y"")",-3\n'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([[FORMULA, -3]], header=["title", "change"]))).active
    assert sheet["A2"].value == "'" + FORMULA and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3 and sheet["B2"].data_type == "n"


def test_downloads_name_their_file_through_django():
    response = table_response([[1]], header=["a"], filename='risk "register"', file_format="csv")
    assert response["Content-Disposition"] == 'attachment; filename="risk \\"register\\".csv"'


@pytest.fixture
def formula_titles(wirral):
    plan = PlanFactory(local_area=wirral, slug="wsoa")
    ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan), title=FORMULA)
    RiskFactory(local_area=wirral, title=FORMULA)
    return plan


def _cells_of(response, file_format):
    if file_format == "csv":
        return [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("path", ["/board/344/plan/wsoa/actions/", "/board/344/risks/"])
def test_action_and_risk_exports_from_pages_are_neutralised(client_for, bob, formula_titles, path, file_format):
    response = client_for(bob).get(path, {"_export": file_format})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    cells = _cells_of(response, file_format)
    assert "'" + FORMULA in cells and FORMULA not in cells


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_actions_command_neutralises_formulas(formula_titles, tmp_path, file_format):
    output = tmp_path / f"actions.{file_format}"
    call_command("export_actions", "--area", "344", "--format", file_format, "--output", str(output))
    if file_format == "csv":
        cells = [cell for row in csv.reader(io.StringIO(output.read_text())) for cell in row]
    else:
        sheet = openpyxl.load_workbook(output).active
        cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells


@pytest.fixture
def formula_indicator(wirral, alice, django_capture_on_commit_callbacks):
    from datetime import date

    from tests.performance.factories import IndicatorFactory
    from tests.performance.scorecards import enter

    indicator = IndicatorFactory(area=wirral, code="FX1", name=FORMULA, unit="count", polarity="lower")
    with django_capture_on_commit_callbacks(execute=True):
        enter(indicator, date(2024, 6, 1), 10, user=alice)
        enter(indicator, date(2024, 7, 1), 7, user=alice)
    return indicator


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_scorecard_export_neutralises_names_and_keeps_changes_as_numbers(
    client_for, bob, formula_indicator, file_format
):
    response = client_for(bob).get("/board/344/scorecard/export/", {"month": "2024-07", "format": file_format})
    assert response.status_code == 200
    cells = _cells_of(response, file_format)
    assert "'" + FORMULA in cells and FORMULA not in cells
    change = cells[cells.index("'" + FORMULA) + 7]  # code,name,unit,period,value,target,rag,previous,change
    assert Decimal(str(change)) == Decimal("-30.0") if file_format == "csv" else isinstance(change, (int, float))


def test_the_scorecard_command_neutralises_names(formula_indicator):
    out = io.StringIO()
    call_command("export_scorecard", "--area", "344", "--period", "2024-07", stdout=out)
    cells = [cell for row in csv.reader(io.StringIO(out.getvalue())) for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
