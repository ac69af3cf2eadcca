"""Every upload page turns a bad number, date or text into a row error with
its row, column and value: never a 500 (issue 17: Infinity, sNaN, 1e14,
99999999999999, an area_number of 70000, a 10,000-character title, a case
requested in 1900)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ehcp.models import CaseRecord, MonthlyReturn
from improvement.models import Action
from performance.models import Indicator, IndicatorValue
from tests.improvement.factories import PlanFactory
from tests.performance.factories import IndicatorFactory

RETURNS = "/board/344/ehcp/returns/upload/"
CASES = "/board/344/ehcp/cases/upload/"
INDICATORS = "/board/344/scorecard/indicators/upload/"
VALUES = "/board/344/scorecard/upload/"
CASE_HEADER = "reference,request_date,decision_date,decision,final_date,exception,closed_date\n"
ACTION_HEADER = "area_number,area_title,code,title,owner,workstream,milestone,status\n"
INDICATOR_HEADER = "code,name,service_area,unit,polarity,frequency,target,target_from,tolerance,publishable\n"


def post(client, url, content, **data):
    return client.post(url, {"file": SimpleUploadedFile("bad.csv", content.encode()), **data})


@pytest.mark.parametrize(
    ("cell", "rule"),
    [
        ("Infinity", "is not a finite number"),
        ("sNaN", "is not a finite number"),
        ("1e14", "written with an exponent"),
        ("99999999999", "is more than 2,147,483,647"),
        ("1,2,3", "commas in the wrong places"),
    ],
)
def test_a_bad_count_in_a_returns_upload_is_a_row_error(client_for, alice, cell, rule):
    response = post(client_for(alice), RETURNS, f'month,issued,within_20_weeks\n2024-03,"{cell}",1\n')
    assert response.status_code == 400
    [error] = response.context["row_errors"]
    assert (error.row, error.column, error.value) == (2, "issued", cell)
    assert rule in error.message
    assert MonthlyReturn.objects.count() == 0


def test_a_case_requested_in_1900_is_a_row_error_not_1372_months(client_for, alice):
    response = post(client_for(alice), CASES, f"{CASE_HEADER}C1,1900-01-01,,pending,,no,\n")
    [error] = response.context["row_errors"]
    assert (error.row, error.column, error.value) == (2, "request_date", "1900-01-01")
    assert "before 1 September 2014: EHC plans began with the SEND reforms" in error.message
    assert CaseRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        ("70000,Area,1.1.a,Title,Ann,WS,2022-06-30,in progress", "area_number", "is more than 32,767"),
        (f"1,Area,1.1.a,{'x' * 10_000},Ann,WS,2022-06-30,in progress", "title", "10,000 characters long"),
        ("1,Area,1.1.a,Title,Ann,WS,1900-06-30,in progress", "milestone", "before 1 January 2000"),
        ("Infinity,Area,1.1.a,Title,Ann,WS,2022-06-30,in progress", "area_number", "is not a finite number"),
    ],
)
def test_a_bad_cell_in_an_actions_import_is_a_row_error(client_for, wirral, alice, row, column, rule):
    plan = PlanFactory(local_area=wirral, slug="wsoa")
    response = post(client_for(alice), f"/board/344/plan/{plan.slug}/import/", f"{ACTION_HEADER}{row}\n")
    [error] = response.context["row_errors"]
    assert (error.row, error.column) == (2, column)
    assert rule in error.message
    assert Action.objects.count() == 0


@pytest.mark.parametrize(
    ("target", "rule"),
    [("99999999999999", "is too large"), ("NaN", "is not a finite number"), ("1e3", "written with an exponent")],
)
def test_a_bad_target_in_an_indicator_upload_is_a_row_error(client_for, alice, target, rule):
    row = f"AR1,Name,Education,count,higher,monthly,{target},2024-04,,yes\n"
    response = post(client_for(alice), INDICATORS, INDICATOR_HEADER + row)
    [error] = response.context["errors"]
    assert (error.row, error.column, error.value) == (2, "target", target)
    assert rule in error.message
    assert Indicator.objects.count() == 0


def test_a_name_longer_than_its_field_is_a_row_error(client_for, alice):
    row = f"AR1,{'n' * 10_000},Education,count,higher,monthly,,,,yes\n"
    response = post(client_for(alice), INDICATORS, INDICATOR_HEADER + row)
    [error] = response.context["errors"]
    assert (error.row, error.column) == (2, "name")
    assert "10,000 characters long; the most is 200" in error.message


@pytest.mark.parametrize(
    ("cells", "column", "rule"),
    [
        ("2024-07,99999999999999,,", "value", "is too large"),
        ("2024-07,sNaN,,", "value", "is not a finite number"),
        ("2024-07,,1e14,1e15", "numerator", "written with an exponent"),
        ("1900-01,40,,", "period", "before 1 January 2000"),
        ("2100-01,40,,", "period", "is more than a year ahead"),
    ],
)
def test_a_bad_cell_in_a_values_upload_is_a_row_error(client_for, wirral, alice, cells, column, rule):
    IndicatorFactory(area=wirral, code="AR12")
    response = post(client_for(alice), VALUES, f"indicator_code,period,value,numerator,denominator\nAR12,{cells}\n")
    errors = [e for e in response.context["errors"] if e.column == column]
    assert errors and rule in errors[0].message
    assert IndicatorValue.objects.count() == 0


# ---------------------------------------------------------------- long lists of problems


def _bad_returns(rows):
    return "month,issued,within_20_weeks\n" + "".join(f"month{n},1,1\n" for n in range(rows))


@pytest.mark.parametrize(
    ("url", "content"),
    [
        (RETURNS, _bad_returns(250)),
        (CASES, CASE_HEADER + "".join(f"C{n},1900-01-01,,pending,,no,\n" for n in range(250))),
        (VALUES, "indicator_code,period,value\n" + "NOPE,2024-07,1\n" * 250),
    ],
)
def test_a_long_list_of_problems_shows_the_first_100_and_downloads_whole(client_for, alice, url, content):
    client = client_for(alice)
    response = post(client, url, content)
    page = response.content.decode()
    assert page.count('<tr class="govuk-table__row">') == 101  # the header row and 100 problems
    assert "The table shows the first 100 of 250 problems; 150 more are not shown." in page
    link = response.context["problems"].download_url
    assert link.startswith("/board/344/upload-problems/") and link.endswith(".csv")
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="upload-problems-344.csv"'
    lines = download.content.decode().splitlines()
    assert lines[0] == "row,column,value,problem" and len(lines) == 251
    assert lines[-1].startswith("251,")


def test_the_full_list_is_only_for_its_uploader_in_their_area(client_for, alice, olive, charlie):
    response = post(client_for(alice), RETURNS, _bad_returns(101))
    link = response.context["problems"].download_url
    assert client_for(olive).get(link).status_code == 404  # another user of the same area
    assert client_for(charlie).get(link).status_code == 404  # a user of another area
    assert client_for(alice).get(link.replace("/344/", "/335/")).status_code == 404
    assert client_for(alice).get("/board/344/upload-problems/guessed.csv").status_code == 404


def test_a_short_list_has_no_download(client_for, alice):
    response = post(client_for(alice), RETURNS, _bad_returns(100))
    assert response.context["problems"].download_url == ""
    assert "more are not shown" not in response.content.decode()


# ---------------------------------------------------------------- typed and uploaded: one message


def test_a_typed_count_and_an_uploaded_one_get_the_same_message(client_for, alice):
    from ehcp.forms import MonthlyReturnForm

    form = MonthlyReturnForm({"month": "2024-03", "issued": "1,2,3", "within_20_weeks": "1"})
    assert not form.is_valid()
    response = post(client_for(alice), RETURNS, 'month,issued,within_20_weeks\n2024-03,"1,2,3",1\n')
    [error] = response.context["row_errors"]
    assert form.errors["issued"] == [error.message]


def test_a_typed_milestone_and_an_uploaded_one_get_the_same_message(client_for, wirral, alice):
    from improvement.forms import date_field

    PlanFactory(local_area=wirral, slug="wsoa")
    response = post(
        client_for(alice), "/board/344/plan/wsoa/import/", f"{ACTION_HEADER}1,A,1.1.a,T,,,1900-06-30,in progress\n"
    )
    [error] = response.context["row_errors"]
    with pytest.raises(
        ValidationError, match="is before 1 January 2000: a plan's dates before 2000 are not plausible"
    ) as typed:
        date_field("Milestone date").clean("1900-06-30")
    assert typed.value.messages == [error.message]


@pytest.mark.parametrize("form_name", ["OptionForm", "AreaForm"])
def test_a_typed_area_or_option_number_beyond_its_field_is_refused_as_an_uploaded_one_is(form_name):
    from improvement import forms

    field = (
        forms.OptionForm.base_fields["number"] if form_name == "OptionForm" else forms.AreaForm.base_fields["number"]
    )
    with pytest.raises(ValidationError, match="'70000' is more than 32,767, the largest accepted here"):
        field.clean("70000")
    with pytest.raises(ValidationError, match="'0' is less than 1"):
        field.clean("0")
    assert field.clean("3") == 3


@pytest.mark.parametrize(
    ("url", "content"),
    [
        (RETURNS, "month,issued\n2024-03,1\n"),
        (CASES, "reference\nC1\n"),
        (INDICATORS, "code\nX\n"),
        (VALUES, "code,period,value\nEHCP20,2024-12,45\n"),
        (VALUES, "indicator_code,period,value\nNOPE,2024-12,45\n"),
    ],
)
def test_every_upload_answers_a_refused_file_with_400_and_says_why(client_for, alice, url, content):
    response = post(client_for(alice), url, content)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
