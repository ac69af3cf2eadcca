"""The operators' commands: exact columns and formats, a clear message and a
non-zero exit on bad input, nothing saved."""

import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ehcp.models import CaseRecord, FigureRefresh, MonthlyFigure, MonthlyReturn, ReturnStatus
from tests.ehcp.factories import CaseRecordFactory

pytestmark = pytest.mark.django_db

WALSALL_CSV = Path(__file__).resolve().parent.parent / "data" / "walsall_returns_2019_2020.csv"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def exit_code_of(argv, match):
    """The exit status and stderr `manage.py *argv` gives: Django's command
    runner prints a CommandError (whose message `match` finds) to stderr and
    exits with its returncode."""
    err = StringIO()
    with pytest.raises(CommandError, match=match) as caught:
        call_command(*argv, stdout=StringIO(), stderr=err)
    return caught.value.returncode, f"{err.getvalue()}{caught.value}"


@pytest.fixture
def walsall_imported(walsall, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("import_returns", str(WALSALL_CSV), "--area", "335", "--status", "approved")
    return walsall


# ---------------------------------------------------------------- import_returns


def test_import_returns_reads_the_walsall_file(walsall):
    out, _err = run("import_returns", str(WALSALL_CSV), "--area", "335")
    assert "Imported 20 submitted return(s) for Walsall, April 2019 to November 2020." in out
    assert MonthlyReturn.objects.filter(local_area=walsall, status=ReturnStatus.SUBMITTED).count() == 20


def test_import_returns_accepts_the_three_month_spellings(walsall, tmp_path):
    path = tmp_path / "returns.csv"
    path.write_text(
        "month,issued,within_20_weeks,exceptions,notes\n2020-03,54,9,,\nApr 2020,47,9,1,Covid\nMay 2020,68,13,0,\n"
    )
    run("import_returns", str(path), "--area", "335")
    assert list(MonthlyReturn.objects.order_by("month").values_list("month", "exceptions")) == [
        (date(2020, 3, 1), 0),
        (date(2020, 4, 1), 1),
        (date(2020, 5, 1), 0),
    ]


def test_import_returns_prints_every_bad_row_and_exits_non_zero(walsall, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("month,issued,within_20_weeks\n2020-03,5,9\n2020-04,x,1\n2020-05,5,1\n")
    code, err = exit_code_of(["import_returns", str(path), "--area", "335"], match="no returns were imported")
    assert code == 1
    assert "Row 2, column within_20_weeks ('9'): Plans issued within 20 weeks (9) cannot be more" in err
    assert "Row 3, column issued ('x'): 'x' is not a number" in err
    assert "2 problem(s) in the file; no returns were imported." in err
    assert not MonthlyReturn.objects.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import_returns", str(WALSALL_CSV), "--area", "999"], "There is no local area with code '999'"),
        (["import_returns", "/nonexistent/returns.csv", "--area", "335"], "No such file"),
        (["import_cases", str(WALSALL_CSV), "--area", "335"], "missing column(s): reference"),
        (["export_figures", "--area", "999"], "no local area with code '999'"),
        (["export_cohorts", "--area", "335", "--as-of", "31/02/2024"], "is not a date"),
        (["export_cohorts", "--area", "335", "--as-of", "2099-01-01"], "in the future"),
        (["recompute_figures", "--area", "12"], "no local area with code '12'"),
    ],
)
def test_bad_input_gives_a_clear_message_and_a_non_zero_exit(walsall, argv, message):
    code, err = exit_code_of(argv, match=re.escape(message))
    assert code == 1
    assert message in err
    assert not MonthlyReturn.objects.exists() and not CaseRecord.objects.exists()


def test_an_empty_file_is_refused(walsall, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CommandError, match="The file is empty"):
        run("import_returns", str(path), "--area", "335")


# ---------------------------------------------------------------- import_cases


def test_import_cases_creates_then_updates_by_reference(wirral, tmp_path):
    path = tmp_path / "cases.csv"
    header = "reference,request_date,decision_date,decision,final_date,exception,closed_date,draft_date\n"
    path.write_text(header + "W-1,2024-01-02,2024-02-01,assess,,no,,\nW-2,03/01/2024,,pending,,n,,\n")
    out, _ = run("import_cases", str(path), "--area", "344")
    assert "2 case(s) read for Wirral: 2 new, 0 updated, 0 unchanged." in out
    path.write_text(
        header + "W-1,2024-01-02,2024-02-01,assess,2024-05-01,no,,2024-04-10\nW-2,03/01/2024,,pending,,n,,\n"
    )
    out, _ = run("import_cases", str(path), "--area", "344")
    assert "2 case(s) read for Wirral: 0 new, 1 updated, 1 unchanged." in out
    assert CaseRecord.objects.get(reference="W-1").final_date == date(2024, 5, 1)


def test_import_cases_refuses_dates_out_of_order(wirral, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        "reference,request_date,decision_date,decision,final_date,exception,closed_date\n"
        "W-1,2024-02-01,2024-01-01,assess,,no,\n"
    )
    code, err = exit_code_of(["import_cases", str(path), "--area", "344"], match="no cases were imported")
    assert code == 1
    assert "Row 2, column decision_date ('2024-01-01'): The decision is dated before the request was received." in err


# ---------------------------------------------------------------- export_figures


def test_export_figures_writes_the_exact_columns_with_empty_cells_where_there_is_no_figure(walsall_imported):
    out, err = run("export_figures", "--area", "335", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "area_code,month,issued,within_20_weeks,pct,rolling_issued,rolling_within,rolling_pct"
    assert lines[1] == "335,2019-04,11,1,9.1,,,"
    assert "335,2020-03,54,9,16.7,312,16,5.1" in lines
    assert "335,2020-10,81,15,18.5,489,72,14.7" in lines
    assert lines[-1] == "335,2020-11,37,15,40.5,505,86,17.0"
    assert len(lines) == 21 and err == ""


def test_export_figures_leaves_pct_empty_when_nothing_was_issued(walsall, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("month,issued,within_20_weeks\n2024-01,0,0\n")
    run("import_returns", str(path), "--area", "335")
    run("recompute_figures", "--area", "335")
    out, _ = run("export_figures", "--area", "335")
    assert out.splitlines()[1] == "335,2024-01,0,0,,,,"


def test_export_figures_from_case_records(wirral):
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 1), final_date=date(2024, 3, 1))
    run("recompute_figures", "--area", "344")
    out, _ = run("export_figures", "--area", "344", "--source", "cases")
    assert out.splitlines()[1:] == ["344,2024-03,1,1,100.0,,,"]


def test_export_figures_warns_when_the_figures_wait_for_a_recompute(walsall_imported):
    FigureRefresh.objects.filter(local_area=walsall_imported).update(pending=True)
    _out, err = run("export_figures", "--area", "335")
    assert "waiting for a recompute" in err


# ---------------------------------------------------------------- export_cohorts


def test_export_cohorts_tracks_each_request_month_as_at_the_date(wirral):
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 5), final_date=date(2024, 4, 1))
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 20), final_date=None)
    CaseRecordFactory(
        local_area=wirral,
        request_date=date(2024, 2, 1),
        decision="refuse",
        decision_date=date(2024, 2, 20),
        final_date=None,
        closed_date=date(2024, 2, 20),
    )
    out, _ = run("export_cohorts", "--area", "344", "--as-of", "2024-03-31", "--format", "csv")
    assert out.splitlines() == [
        "area_code,request_month,received,decided_within_6_weeks,plans_issued,issued_within_20_weeks,"
        "closed_without_plan,open,open_beyond_20_weeks",
        "344,2024-01,2,2,0,0,0,2,0",
        "344,2024-02,1,1,0,0,1,0,0",
    ]
    out, _ = run("export_cohorts", "--area", "344", "--as-of", "2024-07-01")
    assert out.splitlines()[1] == "344,2024-01,2,2,1,1,0,1,1"


# ---------------------------------------------------------------- recompute_figures


def test_recompute_figures_does_the_work_synchronously(walsall, wirral, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("month,issued,within_20_weeks\n2024-01,10,4\n")
    run("import_returns", str(path), "--area", "335")  # on-commit callbacks do not run here: figures pending
    assert not MonthlyFigure.objects.exists()
    out, _ = run("recompute_figures", "--area", "335")
    assert "Recomputed EHCP figures of Walsall" in out
    assert MonthlyFigure.objects.get().pct == 40
    out, _ = run("recompute_figures")
    assert "Recomputed EHCP figures of 2 area(s)" in out
