"""Spreadsheet imports: all-or-nothing, with a row error for each problem."""

import csv
import io
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

import performance
from performance import imports
from performance.models import Indicator, IndicatorEvent, IndicatorValue, Rating, Target, ValueState
from send_board.uploads import RowErrors, UploadError
from tests.performance.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db
CATALOGUE = Path(performance.__file__).parent / "demo_data" / "kpi_catalogue.csv"
HEADER = "code,name,service_area,unit,polarity,frequency,target,target_from,tolerance,publishable"


def upload(text, name="file.csv"):
    data = io.BytesIO(text.encode())
    data.name = name
    return data


def catalogue_csv():
    """The catalogue's definition columns plus description (its notes dropped)."""
    columns = [*imports.INDICATOR_COLUMNS, "description"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    with open(CATALOGUE, newline="") as handle:
        for row in csv.DictReader(handle):
            writer.writerow([row[c] for c in columns])
    return out.getvalue()


def errors_of(excinfo):
    return [(e.row, e.column, e.message) for e in excinfo.value.errors]


# ---------------------------------------------------------------- definitions


def test_the_catalogue_imports_as_thirty_indicators(wirral):
    summary = imports.indicators_import(area=wirral, source=upload(catalogue_csv()))
    assert len(summary.created) == 30 and summary.targets_added == 25
    oob = Indicator.objects.get(area=wirral, code="OOB")
    assert (oob.unit, oob.polarity, oob.frequency, oob.service_area) == ("count", "lower", "termly", "education")
    assert list(oob.targets.values_list("applies_from", "value", "tolerance")) == [(date(2024, 9, 1), D(240), D(20))]
    assert Indicator.objects.get(area=wirral, code="EHCPACT").polarity == "neutral"
    assert Indicator.objects.get(area=wirral, code="SUPINT").service_area == "preparation-for-adulthood"
    assert Target.objects.get(indicator__code="PCSAT").applies_from == date(2024, 1, 1)


def test_a_repeated_code_with_a_later_target_from_adds_a_target(wirral):
    text = f"""{HEADER}
EHCP20,20 weeks,EHCP,percent,higher,monthly,60,2024-04,10,yes
EHCP20,20 weeks,EHCP,percent,higher,monthly,65,2025-04,5,yes
"""
    summary = imports.indicators_import(area=wirral, source=upload(text))
    assert (summary.created, summary.targets_added) == (["EHCP20"], 2)
    assert list(Target.objects.order_by("applies_from").values_list("value", "tolerance")) == [
        (D(60), D(10)),
        (D(65), D(5)),
    ]
    # Importing the same file again changes nothing; a later target is added.
    again = imports.indicators_import(
        area=wirral, source=upload(text + "EHCP20,20 weeks,EHCP,percent,higher,monthly,70,2026-04,5,yes\n")
    )
    assert (again.created, again.updated, again.targets_added) == ([], [], 1)


def test_optional_columns_set_owner_and_health_service(wirral, olive):
    text = f"""{HEADER},owner,health_service,source_system
SALTLW,SALT longest wait,Health,weeks,lower,monthly,18,2024-04,8,yes,olive,Speech and language,Rio
"""
    imports.indicators_import(area=wirral, source=upload(text))
    salt = Indicator.objects.get(code="SALTLW")
    assert (salt.owner, salt.health_service, salt.source_system) == (olive, "speech-and-language", "Rio")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("X1,X,EHCP,percentage points,higher,monthly,,,,yes", "unit", "not a known unit"),
        ("X1,X,EHCP,percent,higher,monthly,60,,10,yes", "target_from", "A target needs the date it applies from"),
        ("X1,X,EHCP,percent,higher,monthly,,2024-04,,yes", "target", "Give the target that applies from this date"),
        ("X1,X,EHCP,count,neutral,monthly,50,2024-04,,yes", "target", "neutral indicator"),
        ("X1,X,EHCP,percent,upwards,monthly,,,,yes", "polarity", "not a known polarity"),
        ("X1,X,EHCP,percent,higher,weekly,,,,yes", "frequency", "not a known frequency"),
        ("X1,X,Finance,percent,higher,monthly,,,,yes", "service_area", "not a known service area"),
        ("X1,X,EHCP,percent,higher,monthly,160,2024-04,,yes", "target", "between 0 and 100"),
        ("X1,X,EHCP,percent,higher,monthly,60,2024-04,-2,yes", "tolerance", "cannot be negative"),
        ("X1,X,EHCP,percent,higher,monthly,60,soon,,yes", "target_from", "not a start date"),
        ("X 1,X,EHCP,percent,higher,monthly,,,,yes", "code", "capital letters"),
        ("X1,,EHCP,percent,higher,monthly,,,,yes", "name", "Give the indicator's name"),
        ("X1,X,EHCP,percent,higher,monthly,,,,perhaps", "publishable", "not yes or no"),
    ],
)
def test_each_bad_definition_row_is_reported_and_nothing_is_saved(wirral, row, column, message):
    text = f"{HEADER}\nGOOD,Good,EHCP,percent,higher,monthly,60,2024-04,10,yes\n{row}\n"
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as excinfo:
        imports.indicators_import(area=wirral, source=upload(text))
    [(number, bad_column, text_of)] = errors_of(excinfo)
    assert (number, bad_column) == (3, column) and message in text_of
    assert not Indicator.objects.exists() and not Target.objects.exists()


def test_a_repeated_code_must_repeat_its_definition(wirral):
    text = f"""{HEADER}
EHCP20,20 weeks,EHCP,percent,higher,monthly,60,2024-04,10,yes
EHCP20,20 weeks,EHCP,count,higher,monthly,65,2025-04,5,yes
EHCP20,20 weeks,EHCP,percent,higher,monthly,62,2024-04,5,yes
"""
    with pytest.raises(RowErrors, match=r"^2 row error\(s\)$") as excinfo:
        imports.indicators_import(area=wirral, source=upload(text))
    assert errors_of(excinfo) == [
        (
            3,
            "unit",
            "EHCP20 is defined differently in row 2: a repeated code may differ only in target, target_from "
            "and tolerance.",
        ),
        (4, "target_from", "Row 2 already gives EHCP20 a target from this date."),
    ]
    assert not Indicator.objects.exists()


def test_an_existing_target_is_not_silently_changed(wirral):
    imports.indicators_import(
        area=wirral, source=upload(f"{HEADER}\nAR12,AR,EHCP,percent,higher,monthly,60,2024-04,10,yes\n")
    )
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as excinfo:
        imports.indicators_import(
            area=wirral, source=upload(f"{HEADER}\nAR12,AR,EHCP,percent,higher,monthly,50,2024-04,10,yes\n")
        )
    assert "targets keep their history" in errors_of(excinfo)[0][2]
    assert Target.objects.get().value == D(60)


def test_an_indicator_with_values_keeps_its_unit(wirral):
    indicator = IndicatorFactory(area=wirral, code="AR12", unit="percent")
    IndicatorValueFactory(indicator=indicator)
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as excinfo:
        imports.indicators_import(area=wirral, source=upload(f"{HEADER}\nAR12,AR,EHCP,count,higher,monthly,,,,yes\n"))
    assert errors_of(excinfo)[0][1] == "unit"


def test_unknown_and_missing_columns_refuse_the_whole_file(wirral):
    with pytest.raises(UploadError, match="missing column"):
        imports.indicators_import(area=wirral, source=upload("code,name\nX,Y\n"))
    with pytest.raises(UploadError, match=r"unknown column\(s\): example_value"):
        imports.indicators_import(
            area=wirral, source=upload(f"{HEADER},example_value\nX1,X,EHCP,percent,higher,monthly,,,,yes,4\n")
        )


# ---------------------------------------------------------------- values


VALUES_HEADER = "indicator_code,period,value,numerator,denominator,note"
GOOD_VALUES = f"""{VALUES_HEADER}
AR12,2024-12,,33,100,From EYES
OOB,2024-T3,269,,,Autumn term
TRIB,2024-Q2,12,,,
PCSAT,2024,48.5,,,Survey
saltlw,2024-07,38,,,
"""


def test_good_values_are_saved_submitted_and_rated(wirral, indicators, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        summary = imports.values_import(area=wirral, source=upload(GOOD_VALUES), user=alice)
    assert summary.created == 5 and summary.state == ValueState.SUBMITTED
    assert str(summary) == "5 value(s) saved as submitted for 5 indicator(s)."
    ar12 = IndicatorValue.objects.get(indicator__code="AR12")
    assert (ar12.value, ar12.numerator, ar12.denominator, ar12.note) == (D("33.0"), 33, 100, "From EYES")
    assert IndicatorValue.objects.get(indicator__code="OOB").period == date(2024, 9, 1)
    assert IndicatorValue.objects.get(indicator__code="TRIB").period == date(2024, 4, 1)
    assert Rating.objects.count() == 5
    assert IndicatorEvent.objects.filter(kind="value_entered").count() == 5


def test_values_can_be_approved_on_import(wirral, indicators):
    imports.values_import(area=wirral, source=upload(GOOD_VALUES), approve=True)
    assert set(IndicatorValue.objects.values_list("state", flat=True)) == {ValueState.APPROVED}
    assert not IndicatorValue.objects.filter(approved_at__isnull=True).exists()


def test_an_xlsx_file_works_too(wirral, indicators):
    book = Workbook()
    sheet = book.active
    for line in GOOD_VALUES.strip().splitlines():
        sheet.append(line.split(","))
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "values.xlsx"
    assert imports.values_import(area=wirral, source=data).created == 5


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("AR12,2024-11,,61,60,", "numerator", "greater than the denominator"),
        ("AR12,2024-11,101,,,", "value", "between 0 and 100"),
        ("OOB,2024-03,269,,,", "period", "OOB: '2024-03' is a month, but this indicator is termly"),
        ("NOPE,2024-11,5,,,", "indicator_code", "Wirral has no indicator 'NOPE'"),
        ("AR12,2024-11,abc,,,", "value", "not a number"),
        ("AR12,2024-11,,3.5,10,", "numerator", "not a whole number"),
        ("TRIB,2024-Q1,2.5,,,", "value", "A count is a whole number"),
        ("AR12,2024-11,,,,", "value", "Enter the value or its numerator and denominator"),
        ("AR12,2099-01,40,,,", "period", "is more than a year ahead"),
    ],
)
def test_each_bad_value_row_is_reported_and_nothing_is_saved(wirral, indicators, row, column, message):
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as excinfo:
        imports.values_import(area=wirral, source=upload(f"{GOOD_VALUES}{row}\n"))
    [(number, bad_column, text)] = errors_of(excinfo)
    assert (number, bad_column) == (7, column) and message in text
    assert not IndicatorValue.objects.exists()


def test_a_duplicate_value_links_to_the_existing_one(wirral, indicators):
    IndicatorValueFactory(indicator=indicators["SALTLW"], period=date(2024, 7, 1), value=40)
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as excinfo:
        imports.values_import(area=wirral, source=upload(GOOD_VALUES))
    [error] = excinfo.value.errors
    assert (error.row, error.column, error.message) == (6, "period", "SALTLW already has a value for July 2024.")
    assert error.link == "/board/344/scorecard/indicators/SALTLW/values/2024-07/"
    assert IndicatorValue.objects.count() == 1


def test_a_period_twice_in_one_file_is_refused(wirral, indicators):
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as excinfo:
        imports.values_import(area=wirral, source=upload(f"{GOOD_VALUES}AR12,2024-12,34,,,\n"))
    assert errors_of(excinfo) == [(7, "period", "Row 2 already gives AR12 a value for December 2024.")]


def test_an_officer_uploads_only_for_indicators_they_own(wirral, indicators, olive):
    with pytest.raises(RowErrors, match=r"^3 row error\(s\)$") as excinfo:
        imports.values_import(area=wirral, source=upload(GOOD_VALUES), owner=olive)
    refused = {(e.row, e.column) for e in excinfo.value.errors}
    assert refused == {(3, "indicator_code"), (4, "indicator_code"), (5, "indicator_code")}
    assert "You do not own OOB" in excinfo.value.errors[0].message
    assert not IndicatorValue.objects.exists()
    owned = f"{VALUES_HEADER}\nAR12,2024-12,33,,,\nSALTLW,2024-07,38,,,\n"
    assert imports.values_import(area=wirral, source=upload(owned), owner=olive, user=olive).created == 2


def test_values_of_another_area_are_unknown_here(wirral, walsall, indicators):
    with pytest.raises(RowErrors, match=r"^5 row error\(s\)$") as excinfo:
        imports.values_import(area=walsall, source=upload(GOOD_VALUES))
    assert len(excinfo.value.errors) == 5
    assert excinfo.value.errors[0].message == "Walsall has no indicator 'AR12'."


def test_an_upload_with_values_for_a_computed_indicator_is_refused_whole(wirral, indicators):
    IndicatorFactory(area=wirral, code="EP6", computed_source="ehcp.ep_advice_6_weeks")
    body = f"{VALUES_HEADER}\nAR12,2024-07,33,,,\nEP6,2024-07,91.4,,,\n"
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as excinfo:
        imports.values_import(area=wirral, source=upload(body))
    (error,) = excinfo.value.errors
    assert (error.row, error.column) == (3, "indicator_code")
    assert "EP6 is computed from case records" in error.message
    assert not IndicatorValue.objects.filter(indicator__area=wirral).exists()
