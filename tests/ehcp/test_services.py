"""Writes: returns and their audit trail, imports (all or nothing), targets,
and the recompute of stored figures."""

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from kombu.exceptions import OperationalError as BrokerDown

from ehcp import services
from ehcp.models import (
    CaseImport,
    CaseRecord,
    CohortFigure,
    EntryChannel,
    FigureRefresh,
    FigureSource,
    MonthlyFigure,
    MonthlyReturn,
    ReturnAction,
    ReturnEvent,
    ReturnStatus,
)
from ehcp.signals import figures_recomputed
from send_board.uploads import RowErrors, UploadError
from tests.ehcp.factories import CaseRecordFactory, MonthlyReturnFactory

pytestmark = pytest.mark.django_db

VALUES = {"issued": 40, "within_20_weeks": 12, "notes": "Two plans late for want of a school place."}


def csv_file(text, name="returns.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the recompute queued by a save) as they would in production."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


# ---------------------------------------------------------------- create, update and the audit trail


def test_it_creates_a_draft_and_records_who_entered_each_value(wirral, olive):
    monthly_return = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive)
    assert monthly_return.status == ReturnStatus.DRAFT
    assert (monthly_return.issued, monthly_return.within_20_weeks, monthly_return.exceptions) == (40, 12, 0)
    event = ReturnEvent.objects.get(monthly_return=monthly_return)
    assert (event.action, event.user, event.channel) == (ReturnAction.CREATED, olive, EntryChannel.FORM)
    assert event.changes["issued"] == {"old": None, "new": 40}
    assert event.changes["within_20_weeks"] == {"old": None, "new": 12}


def test_submitting_on_create_records_the_submission_too(wirral, olive):
    monthly_return = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive, submit=True)
    assert monthly_return.status == ReturnStatus.SUBMITTED
    assert monthly_return.submitted_by == olive and monthly_return.submitted_at is not None
    assert list(monthly_return.events.values_list("action", flat=True)) == [
        ReturnAction.CREATED,
        ReturnAction.SUBMITTED,
    ]


def test_the_exception_total_is_the_sum_of_its_reasons(wirral, olive):
    values = {**VALUES, "exceptions_family": 2, "exceptions_covid": 1}
    monthly_return = services.return_create(area=wirral, month=date(2024, 3, 1), values=values, user=olive)
    assert monthly_return.exceptions == 3
    assert monthly_return.exceptions_by_reason == [("Family circumstances", 2), ("Covid-19", 1)]


@pytest.mark.parametrize(
    ("month", "values", "field", "message"),
    [
        (
            date(2024, 3, 1),
            {"issued": 10, "within_20_weeks": 11},
            "within_20_weeks",
            "cannot be more than plans issued",
        ),
        (date(2099, 1, 1), VALUES, "month", "is in the future"),
        (date(2013, 1, 1), VALUES, "month", "September 2014"),
        (date(2024, 3, 1), {**VALUES, "exceptions": 1, "exceptions_health": 2}, "exceptions", "add up to 2"),
        (date(2024, 3, 1), {**VALUES, "open_assessments": 5, "open_over_20_weeks": 6}, "open_over_20_weeks", "cannot"),
        (date(2024, 3, 1), {**VALUES, "open_over_20_weeks": 6}, "open_assessments", "as well"),
    ],
)
def test_it_refuses_a_return_that_breaks_a_rule_and_saves_nothing(wirral, olive, month, values, field, message):
    with pytest.raises(ValidationError, match=re.escape(message)) as caught:
        services.return_create(area=wirral, month=month, values=values, user=olive)
    assert message in caught.value.message_dict[field][0]
    assert not MonthlyReturn.objects.exists() and not ReturnEvent.objects.exists()
    assert not FigureRefresh.objects.exists()


def test_a_second_return_for_the_same_month_is_refused_with_a_link_to_the_first(wirral, olive):
    first = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive)
    with pytest.raises(ValidationError, match="There is already a return for March 2024") as caught:
        services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive)
    message = caught.value.message_dict["month"][0]
    assert "already a return for March 2024" in message
    assert f"/board/344/ehcp/returns/{first.pk}/" in message
    assert MonthlyReturn.objects.count() == 1


def test_the_same_month_in_another_area_is_fine(wirral, walsall, olive):
    services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive)
    services.return_create(area=walsall, month=date(2024, 3, 1), values=VALUES, user=None)
    assert MonthlyReturn.objects.count() == 2


def test_a_change_keeps_each_old_and_new_value(wirral, olive):
    monthly_return = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive)
    services.return_update(monthly_return=monthly_return, values={**VALUES, "within_20_weeks": 15}, user=olive)
    event = monthly_return.events.get(action=ReturnAction.UPDATED)
    assert event.changes == {"within_20_weeks": {"old": 12, "new": 15}}
    assert event.user == olive


def test_changing_an_approved_return_sends_it_back_for_approval(wirral, olive, alice):
    monthly_return = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive, submit=True)
    services.return_approve(monthly_return=monthly_return, user=alice)
    updated = services.return_update(monthly_return=monthly_return, values={**VALUES, "issued": 41}, user=olive)
    assert updated.status == ReturnStatus.SUBMITTED and updated.approved_by is None
    event = updated.events.get(action=ReturnAction.UPDATED)
    assert event.changes["status"] == {"old": "approved", "new": "submitted"}
    assert event.changes["issued"] == {"old": 40, "new": 41}


def test_saving_unchanged_figures_records_nothing(wirral, olive):
    monthly_return = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive)
    services.return_update(monthly_return=monthly_return, values=VALUES, user=olive)
    assert monthly_return.events.count() == 1


def test_an_update_that_breaks_a_rule_changes_nothing(wirral, olive):
    monthly_return = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive)
    with pytest.raises(
        ValidationError, match=r"Plans issued within 20 weeks \(99\) cannot be more than plans issued \(40\)"
    ):
        services.return_update(monthly_return=monthly_return, values={**VALUES, "within_20_weeks": 99}, user=olive)
    monthly_return.refresh_from_db()
    assert monthly_return.within_20_weeks == 12 and monthly_return.events.count() == 1


# ---------------------------------------------------------------- states


def test_only_a_submitted_return_can_be_approved(wirral, olive, alice):
    draft = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive)
    with pytest.raises(ValidationError, match="is draft, so it cannot be approved"):
        services.return_approve(monthly_return=draft, user=alice)
    submitted = services.return_submit(monthly_return=draft, user=olive)
    approved = services.return_approve(monthly_return=submitted, user=alice)
    assert approved.status == ReturnStatus.APPROVED
    assert (approved.approved_by, approved.submitted_by) == (alice, olive)
    actions = list(approved.events.values_list("action", "user__username"))
    assert actions == [("created", "olive"), ("submitted", "olive"), ("approved", "alice")]


def test_sending_back_needs_a_reason_and_returns_the_return_to_draft(wirral, olive, alice):
    submitted = services.return_create(area=wirral, month=date(2024, 3, 1), values=VALUES, user=olive, submit=True)
    with pytest.raises(ValidationError, match="Say why the return is sent back"):
        services.return_send_back(monthly_return=submitted, user=alice, note="  ")
    draft = services.return_send_back(monthly_return=submitted, user=alice, note="Check March's exceptions")
    assert draft.status == ReturnStatus.DRAFT
    assert draft.events.last().note == "Check March's exceptions"


# ---------------------------------------------------------------- recompute on commit


def test_a_save_marks_the_figures_pending_and_the_recompute_on_commit_clears_it(wirral, olive, run_on_commit):
    for month in range(1, 13):
        MonthlyReturnFactory(local_area=wirral, month=date(2023, month, 1), issued=10, within_20_weeks=1)
    run_on_commit(services.return_create, area=wirral, month=date(2024, 1, 1), values=VALUES, user=olive)
    refresh = FigureRefresh.objects.get(local_area=wirral)
    assert not refresh.pending and refresh.computed_at is not None
    january = MonthlyFigure.objects.get(local_area=wirral, month=date(2024, 1, 1), source=FigureSource.RETURNS)
    assert (january.issued, january.pct) == (40, Decimal("30.0"))
    assert (january.rolling_issued, january.rolling_within) == (150, 23)  # Feb–Dec 2023 and January 2024
    assert january.rolling_pct == Decimal("15.3")
    assert not january.month_approved and not january.rolling_approved


def test_with_the_broker_down_the_save_stands_and_the_figures_stay_pending(wirral, olive, run_on_commit):
    from ehcp import tasks

    with mock.patch.object(tasks.recompute_area_figures, "apply_async", side_effect=BrokerDown("refused")):
        monthly_return = run_on_commit(
            services.return_create, area=wirral, month=date(2024, 1, 1), values=VALUES, user=olive
        )
    assert MonthlyReturn.objects.filter(pk=monthly_return.pk).exists()
    assert FigureRefresh.objects.get(local_area=wirral).pending
    assert not MonthlyFigure.objects.exists()
    services.figures_recompute(area_id=wirral.pk)  # what the nightly job or recompute_figures does
    assert not FigureRefresh.objects.get(local_area=wirral).pending
    assert MonthlyFigure.objects.filter(local_area=wirral).count() == 1


def test_a_change_made_during_a_recompute_stays_pending(wirral, olive):
    services.return_create(area=wirral, month=date(2024, 1, 1), values=VALUES, user=olive)
    later = FigureRefresh.objects.get(local_area=wirral).requested_at + timedelta(hours=1)
    FigureRefresh.objects.filter(local_area=wirral).update(requested_at=later)
    services.figures_recompute(area_id=wirral.pk)
    assert FigureRefresh.objects.get(local_area=wirral).pending


def test_the_recompute_is_idempotent(wirral):
    for month in range(1, 15):
        MonthlyReturnFactory(local_area=wirral, month=date(2023 + (month - 1) // 12, (month - 1) % 12 + 1, 1))
    CaseRecordFactory.create_batch(5, local_area=wirral)
    services.figures_recompute(area_id=wirral.pk)
    first = list(MonthlyFigure.objects.order_by("pk").values())
    cohorts = list(CohortFigure.objects.order_by("pk").values())
    services.figures_recompute(area_id=wirral.pk)
    assert list(MonthlyFigure.objects.order_by("pk").values()) == first  # same rows, same ids, same computed_at
    assert list(CohortFigure.objects.order_by("pk").values()) == cohorts
    assert len(first) == 14 + 1  # 14 months of returns; the cases' one month


def test_the_recompute_updates_changed_rows_and_deletes_rows_no_longer_computed(wirral, olive):
    returns = [
        MonthlyReturnFactory(local_area=wirral, month=date(2024, m, 1), issued=10, within_20_weeks=2) for m in (1, 2)
    ]
    services.figures_recompute(area_id=wirral.pk)
    MonthlyReturn.objects.filter(pk=returns[1].pk).delete()
    MonthlyReturn.objects.filter(pk=returns[0].pk).update(within_20_weeks=5)
    services.figures_recompute(area_id=wirral.pk)
    assert list(MonthlyFigure.objects.filter(local_area=wirral).values_list("month", "pct")) == [
        (date(2024, 1, 1), Decimal("50.0"))
    ]


def test_recomputing_one_area_leaves_the_others_alone(wirral, walsall):
    MonthlyReturnFactory(local_area=wirral, month=date(2024, 1, 1))
    MonthlyReturnFactory(local_area=walsall, month=date(2024, 1, 1))
    services.figures_recompute(area_id=walsall.pk)
    assert list(MonthlyFigure.objects.values_list("local_area__code", flat=True)) == ["335"]


def test_an_areas_figures_go_with_it(wirral, walsall):
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 1), final_date=date(2024, 3, 1))
    MonthlyReturnFactory(local_area=walsall, month=date(2024, 1, 1))
    services.figures_recompute_all()
    assert MonthlyFigure.objects.filter(local_area=wirral).exists()
    wirral.delete()
    assert set(MonthlyFigure.objects.values_list("local_area_id", flat=True)) == {walsall.pk}
    assert set(CohortFigure.objects.values_list("local_area_id", flat=True)) <= {walsall.pk}


def test_the_nightly_run_deletes_figures_whose_area_is_gone(walsall):
    """The figure tables keep no foreign key in the database (they are derived,
    and the check would cost the national run a fifth of its time): the full
    recompute is what keeps them clean."""
    MonthlyReturnFactory(local_area=walsall, month=date(2024, 1, 1))
    gone = walsall.pk + 1000
    MonthlyFigure.objects.create(
        local_area_id=gone, month=date(2024, 1, 1), source="returns", issued=1, within_20_weeks=1, ytd_issued=1,
        ytd_within=1,
    )  # fmt: skip
    CohortFigure.objects.create(
        local_area_id=gone, request_month=date(2024, 1, 1), received=1, decided_within_6_weeks=0, plans_issued=0,
        issued_within_20_weeks=0, closed_without_plan=0, open=1, open_beyond_20_weeks=0,
    )  # fmt: skip
    services.figures_recompute_all()
    assert not MonthlyFigure.objects.filter(local_area_id=gone).exists()
    assert not CohortFigure.objects.filter(local_area_id=gone).exists()
    assert MonthlyFigure.objects.filter(local_area=walsall).count() == 1


def test_a_vanished_area_recomputes_nothing():
    assert services.figures_recompute(area_id=987654) == 0


def test_the_recompute_announces_itself_after_it_commits(wirral, run_on_commit):
    MonthlyReturnFactory(local_area=wirral, month=date(2024, 1, 1))
    heard = []

    def listener(sender, area_ids, **kwargs):
        heard.append((sender, area_ids, MonthlyFigure.objects.filter(local_area_id__in=area_ids).count()))

    figures_recomputed.connect(listener)
    try:
        run_on_commit(services.figures_recompute, area_id=wirral.pk)
    finally:
        figures_recomputed.disconnect(listener)
    assert heard == [(MonthlyFigure, [wirral.pk], 1)]


def test_the_nightly_recompute_announces_every_area_in_one_signal(wirral, walsall, run_on_commit):
    MonthlyReturnFactory(local_area=wirral, month=date(2024, 1, 1))
    heard = []

    def listener(sender, area_ids, **kwargs):
        heard.append(area_ids)

    figures_recomputed.connect(listener)
    try:
        run_on_commit(services.figures_recompute_all)
    finally:
        figures_recomputed.disconnect(listener)
    assert len(heard) == 1
    assert {wirral.pk, walsall.pk} <= set(heard[0])


def test_case_figures_count_each_plan_in_the_month_of_its_final_plan(wirral):
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 1), final_date=date(2024, 5, 20))  # 140 days
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 1), final_date=date(2024, 5, 21))  # 141 days
    CaseRecordFactory(
        local_area=wirral,
        request_date=date(2024, 1, 1),
        final_date=date(2024, 7, 1),
        exception=True,
        exception_reason="health",
    )
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 6, 1), final_date=None)
    services.figures_recompute(area_id=wirral.pk)
    figures = {f.month: f for f in MonthlyFigure.objects.filter(local_area=wirral, source=FigureSource.CASES)}
    assert sorted(figures) == [date(2024, 5, 1), date(2024, 6, 1), date(2024, 7, 1)]
    assert (figures[date(2024, 5, 1)].issued, figures[date(2024, 5, 1)].within_20_weeks) == (2, 1)
    assert figures[date(2024, 6, 1)].issued == 0 and figures[date(2024, 6, 1)].pct is None
    assert (figures[date(2024, 7, 1)].issued, figures[date(2024, 7, 1)].exceptions) == (0, 1)
    assert all(f.month_approved for f in figures.values())
    january = CohortFigure.objects.get(local_area=wirral, request_month=date(2024, 1, 1))
    assert (january.received, january.plans_issued, january.issued_within_20_weeks, january.open) == (3, 3, 1, 0)


# ---------------------------------------------------------------- returns upload


def test_an_upload_creates_every_month_submitted(wirral, olive):
    text = (
        "month,issued,within_20_weeks,exceptions,notes\n"
        "2024-01,40,10,2,\nFeb 2024,30,6,,Half term\nMarch 2024,20,5,0,\n"
    )
    created = services.returns_import(area=wirral, source=csv_file(text), user=olive, filename="returns.csv")
    assert [(r.month, r.issued, r.within_20_weeks, r.exceptions, r.status) for r in created] == [
        (date(2024, 1, 1), 40, 10, 2, ReturnStatus.SUBMITTED),
        (date(2024, 2, 1), 30, 6, 0, ReturnStatus.SUBMITTED),
        (date(2024, 3, 1), 20, 5, 0, ReturnStatus.SUBMITTED),
    ]
    event = created[0].events.first()
    assert (event.channel, event.note) == (EntryChannel.UPLOAD, "Imported from returns.csv")


def test_an_xlsx_upload_works_like_a_csv(wirral, olive):
    book = openpyxl.Workbook()
    book.active.append(["month", "issued", "within_20_weeks"])
    book.active.append(["2024-01", 12, 3])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("returns.xlsx", buffer.getvalue())
    created = services.returns_import(area=wirral, source=upload, user=olive)
    assert (created[0].issued, created[0].within_20_weeks) == (12, 3)


def test_an_xlsx_whose_months_are_date_cells_imports_as_typed(wirral, olive):
    """Excel turns "Jan 2024" typed in a cell into the date 1 January 2024 (shown Jan-24)."""
    book = openpyxl.Workbook()
    book.active.append(["Month", "Issued", "Within 20 weeks"])
    book.active.append([datetime(2024, 1, 1), 12, 3])
    book.active.append([datetime(2024, 2, 29), 10, 4])  # a month named by its last day
    buffer = io.BytesIO()
    book.save(buffer)
    created = services.returns_import(
        area=wirral, source=SimpleUploadedFile("returns.xlsx", buffer.getvalue()), user=olive
    )
    assert [(r.month, r.issued, r.within_20_weeks) for r in created] == [
        (date(2024, 1, 1), 12, 3),
        (date(2024, 2, 1), 10, 4),
    ]


def test_an_upload_reports_every_bad_row_and_saves_nothing(wirral, olive):
    existing = services.return_create(area=wirral, month=date(2023, 12, 1), values=VALUES, user=olive)
    text = (
        "month,issued,within_20_weeks\n"
        "2024-01,10,11\n"  # row 2: within > issued
        "2024-02,-3,0\n"  # row 3: negative
        "2024-03,4.5,1\n"  # row 4: not whole
        "Marchember,4,1\n"  # row 5: no month
        "2099-01,4,1\n"  # row 6: future
        "2023-12,4,1\n"  # row 7: a return exists
        "2024-05,4,1\n"  # row 8: fine
        "2024-05,4,1\n"  # row 9: twice in the file
    )
    with pytest.raises(RowErrors, match=r"^7 row error\(s\)$") as caught:
        services.returns_import(area=wirral, source=csv_file(text), user=olive)
    found = {(e.row, e.column, e.value): e.message for e in caught.value.errors}
    assert "cannot be more than plans issued" in found[(2, "within_20_weeks", "11")]
    assert "negative" in found[(3, "issued", "-3")]
    assert "whole number" in found[(4, "issued", "4.5")]
    assert "not a month" in found[(5, "month", "Marchember")]
    assert "in the future" in found[(6, "month", "2099-01")]
    assert f"/board/344/ehcp/returns/{existing.pk}/" in found[(7, "month", "2023-12")]
    assert "also on row 8" in found[(9, "month", "2024-05")]
    assert len(caught.value.errors) == 7
    assert MonthlyReturn.objects.count() == 1  # only the one entered before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("month,issued\n2024-01,3\n", "missing column(s): within_20_weeks"),
        ("month,issued,within_20_weeks,colour\n2024-01,3,1,red\n", "unknown column(s): colour"),
        ("", "The file is empty"),
        ("month,issued,within_20_weeks\n", "no data rows"),
    ],
)
def test_an_unreadable_file_is_refused_with_what_is_wrong(wirral, olive, text, message):
    with pytest.raises(UploadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.returns_import(area=wirral, source=csv_file(text), user=olive)
    assert not MonthlyReturn.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(wirral, olive):
    pdf = SimpleUploadedFile("returns.pdf", b"%PDF-1.7\n\x00\x01binary")
    with pytest.raises(UploadError, match="not a CSV or .xlsx"):
        services.returns_import(area=wirral, source=pdf, user=olive)


class HugeUpload(io.BytesIO):
    """A 50 MB upload that fails the test if anything reads it."""

    name = "returns.csv"
    size = 50 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("the file was read")


def test_a_50_mb_file_is_refused_before_it_is_read(wirral, olive):
    with pytest.raises(UploadError, match="50.0 MB"):
        services.returns_import(area=wirral, source=HugeUpload(), user=olive)


def test_the_command_line_can_import_approved_returns(wirral):
    created = services.returns_import(
        area=wirral,
        source=csv_file("month,issued,within_20_weeks\n2024-01,5,1\n"),
        user=None,
        status=ReturnStatus.APPROVED,
        channel=EntryChannel.COMMAND,
    )
    assert created[0].status == ReturnStatus.APPROVED
    assert list(created[0].events.values_list("action", flat=True)) == ["created", "submitted", "approved"]


# ---------------------------------------------------------------- case import

CASE_HEADER = "reference,request_date,decision_date,decision,final_date,exception,closed_date,exception_reason\n"


def test_cases_import_creates_then_updates_by_reference(wirral, olive):
    first = CASE_HEADER + "WIR-1,2024-01-02,2024-02-01,assess,2024-05-01,no,,\nWIR-2,02/01/2024,,pending,,no,,\n"
    result = services.cases_import(area=wirral, source=csv_file(first), user=olive, filename="cases.csv")
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    second = CASE_HEADER + "WIR-2,2024-01-02,2024-01-30,refuse,,no,2024-01-30,\nWIR-3,2024-03-01,,pending,,y,,\n"
    result = services.cases_import(area=wirral, source=csv_file(second), user=olive)
    assert (result.rows, result.created, result.updated) == (2, 1, 1)
    assert CaseRecord.objects.filter(local_area=wirral).count() == 3
    refused = CaseRecord.objects.get(reference="WIR-2")
    assert (refused.decision, refused.closed_date) == ("refuse", date(2024, 1, 30))
    assert CaseImport.objects.count() == 2


def test_the_same_reference_in_another_area_is_another_case(wirral, walsall, olive):
    text = CASE_HEADER + "REF-1,2024-01-02,,pending,,no,,\n"
    services.cases_import(area=wirral, source=csv_file(text), user=olive)
    services.cases_import(area=walsall, source=csv_file(text), user=None)
    assert CaseRecord.objects.filter(reference="REF-1").count() == 2


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("C1,2024-02-01,2024-01-20,assess,,no,,", "decision_date", "before the request"),
        ("C1,2024-02-01,2024-02-20,assess,2024-01-20,no,,", "final_date", "before the request"),
        ("C1,2024-02-01,2024-03-01,assess,2024-02-20,no,,", "final_date", "before the decision"),
        ("C1,2024-02-01,2024-03-01,assess,2024-06-01,no,2024-06-01,", "closed_date", "not both"),
        ("C1,2024-02-01,2024-03-01,refuse,2024-06-01,no,,", "final_date", "needs a decision to assess"),
        ("C1,2024-02-01,,assess,,no,,", "decision_date", "needs the date"),
        ("C1,2024-02-01,2024-03-01,pending,,no,,", "decision", "pending decision has no decision date"),
        ("C1,2024-02-01,,maybe,,no,,", "decision", "not a known decision"),
        ("C1,2024-02-30,,pending,,no,,", "request_date", "not a date"),
        ("C1,2099-02-01,,pending,,no,,", "request_date", "in the future"),
        ("C1,2024-02-01,,pending,,perhaps,,", "exception", "not yes or no"),
        ("C1,2024-02-01,,pending,,no,,health", "exception_reason", "exception is 'no'"),
        ("Jane Smith,2024-02-01,,pending,,no,,", "reference", "never a child's name"),
        (",2024-02-01,,pending,,no,,", "reference", "pseudonymous"),
    ],
)
def test_a_bad_case_is_reported_by_row_and_column_and_nothing_is_saved(wirral, olive, row, column, message):
    text = CASE_HEADER + "GOOD-1,2024-01-02,,pending,,no,,\n" + row + "\n"
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as caught:
        services.cases_import(area=wirral, source=csv_file(text), user=olive)
    errors = [(e.row, e.column) for e in caught.value.errors]
    assert (3, column) in errors
    assert any(message in e.message for e in caught.value.errors if (e.row, e.column) == (3, column))
    assert not CaseRecord.objects.exists() and not CaseImport.objects.exists()


def test_a_reference_twice_in_one_file_is_refused(wirral, olive):
    text = CASE_HEADER + "C1,2024-01-02,,pending,,no,,\nC1,2024-01-03,,pending,,no,,\n"
    with pytest.raises(RowErrors, match=r"^1 row error\(s\)$") as caught:
        services.cases_import(area=wirral, source=csv_file(text), user=olive)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "reference")]


def test_advice_received_needs_its_request_and_comes_after_it(wirral, olive):
    header = CASE_HEADER.strip() + ",ep_advice_requested,ep_advice_received\n"
    text = (
        header
        + "C1,2024-01-02,2024-02-01,assess,,no,,,,2024-03-01\n"
        + "C2,2024-01-02,2024-02-01,assess,,no,,,2024-03-01,2024-02-01\n"
    )
    with pytest.raises(RowErrors, match=r"^2 row error\(s\)$") as caught:
        services.cases_import(area=wirral, source=csv_file(text), user=olive)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "ep_advice_received"), (3, "ep_advice_received")]


def test_a_case_import_with_missing_columns_is_refused(wirral, olive):
    with pytest.raises(UploadError, match="missing column"):
        services.cases_import(area=wirral, source=csv_file("reference,request_date\nC1,2024-01-01\n"), user=olive)


# ---------------------------------------------------------------- targets


def test_a_target_is_set_per_year_start(wirral, alice):
    target = services.target_set(area=wirral, year_start=date(2024, 4, 1), target_pct="60", user=alice)
    assert (target.target_pct, target.set_by) == (Decimal("60"), alice)
    services.target_set(area=wirral, year_start=date(2024, 4, 1), target_pct="62.5", user=alice)
    assert wirral.ehcp_targets.get().target_pct == Decimal("62.5")


@pytest.mark.parametrize(
    ("year_start", "pct", "message"),
    [
        (date(2024, 1, 1), "60", "Wirral's year starts in April."),
        (date(2024, 4, 1), "101", "A target is a percentage from 0 to 100."),
    ],
)
def test_a_target_must_start_with_the_areas_year_and_be_a_percentage(wirral, alice, year_start, pct, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.target_set(area=wirral, year_start=year_start, target_pct=pct, user=alice)


def test_cohorts_are_tracked_to_the_latest_date_the_imported_cases_know(wirral, olive):
    text = CASE_HEADER + "C1,2024-01-02,2024-02-01,assess,,no,,\nC2,2024-01-05,2024-02-10,assess,2024-05-01,no,,\n"
    case_import = services.cases_import(area=wirral, source=csv_file(text), user=olive)
    assert case_import.data_to == date(2024, 5, 1)
    services.figures_recompute(area_id=wirral.pk)
    assert FigureRefresh.objects.get(local_area=wirral).cohorts_as_of == date(2024, 5, 1)
    january = CohortFigure.objects.get(local_area=wirral, request_month=date(2024, 1, 1))
    assert (january.open, january.open_beyond_20_weeks) == (1, 0)  # 120 days open on 1 May, not years


def test_cases_entered_otherwise_are_tracked_to_today(wirral):
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 2), final_date=None)
    services.figures_recompute(area_id=wirral.pk)
    from django.utils import timezone

    assert FigureRefresh.objects.get(local_area=wirral).cohorts_as_of == timezone.localdate()
    assert CohortFigure.objects.get(local_area=wirral).open_beyond_20_weeks == 1
