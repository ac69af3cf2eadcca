"""Every importer (returns, cases, actions, indicator definitions, values;
SEN2 aside) fed random strings and numbers in each column: it answers with
its row errors or a refusal of the file, nothing else, and a refusal writes
nothing (issue 17 item 4)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ehcp import services as ehcp_services
from ehcp.models import CaseRecord, MonthlyReturn
from improvement import services as improvement_services
from improvement.models import Action
from performance import imports
from performance.models import Indicator, IndicatorValue, Target
from send_board.uploads import RowErrors, UploadError
from tests.improvement.factories import PlanFactory
from tests.performance.factories import IndicatorFactory

numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.sampled_from(["Infinity", "sNaN", "1e14", "99999999999999", "70000", "1,2,3", "1,234", "-0", "", "1900-01-01"]),
)
cells = st.one_of(numbers, st.text(max_size=40), st.text(min_size=300, max_size=400))


def upload(header, row):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow(row)
    return SimpleUploadedFile("fuzz.csv", buffer.getvalue().encode())


def counts():
    return tuple(m.objects.count() for m in (MonthlyReturn, CaseRecord, Action, Indicator, Target, IndicatorValue))


def fuzz(run, header, row):
    before = counts()
    try:
        run(upload(header, row))
    except (RowErrors, UploadError):
        assert counts() == before
    except improvement_services.ImportNeedsConfirmation:
        assert counts() == before


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
RETURN_HEADER = ["month", "issued", "within_20_weeks", "exceptions", "open_assessments", "notes"]
CASE_HEADER = ehcp_services.CASE_COLUMNS_REQUIRED
ACTION_HEADER = [*improvement_services.IMPORT_REQUIRED, *improvement_services.IMPORT_OPTIONAL]
INDICATOR_HEADER = imports.INDICATOR_COLUMNS
VALUE_HEADER = imports.VALUE_COLUMNS


@pytest.mark.django_db
@FUZZ
@given(st.lists(cells, min_size=len(RETURN_HEADER), max_size=len(RETURN_HEADER)))
def test_the_returns_import_answers_only_with_row_errors(wirral, row):
    fuzz(lambda f: ehcp_services.returns_import(area=wirral, source=f, user=None), RETURN_HEADER, row)


@pytest.mark.django_db
@FUZZ
@given(st.lists(cells, min_size=len(CASE_HEADER), max_size=len(CASE_HEADER)))
def test_the_cases_import_answers_only_with_row_errors(wirral, row):
    fuzz(lambda f: ehcp_services.cases_import(area=wirral, source=f, user=None), CASE_HEADER, row)


@pytest.mark.django_db
@FUZZ
@given(st.lists(cells, min_size=len(ACTION_HEADER), max_size=len(ACTION_HEADER)))
def test_the_actions_import_answers_only_with_row_errors(wirral, alice, row):
    plan = PlanFactory(local_area=wirral)
    fuzz(lambda f: improvement_services.actions_import(plan=plan, user=alice, source=f), ACTION_HEADER, row)


@pytest.mark.django_db
@FUZZ
@given(st.lists(cells, min_size=len(INDICATOR_HEADER), max_size=len(INDICATOR_HEADER)))
def test_the_indicators_import_answers_only_with_row_errors(wirral, alice, row):
    fuzz(lambda f: imports.indicators_import(area=wirral, source=f, user=alice), INDICATOR_HEADER, row)


@pytest.mark.django_db
@FUZZ
@given(code=st.sampled_from(["AR12", "TRIB"]), row=st.lists(cells, min_size=5, max_size=5))
def test_the_values_import_answers_only_with_row_errors(wirral, alice, code, row):
    if not Indicator.objects.filter(area=wirral).exists():  # the database lasts across examples
        IndicatorFactory(area=wirral, code="AR12")
        IndicatorFactory(area=wirral, code="TRIB", unit="count", polarity="lower", frequency="quarterly")
    fuzz(lambda f: imports.values_import(area=wirral, source=f, user=alice), VALUE_HEADER, [code, *row])
