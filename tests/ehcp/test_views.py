"""The EHCP pages: who may see and do what, what each page says, bad input
answered with a message and nothing saved, and a fixed number of queries."""

import io
from datetime import date
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError as BrokerDown

from ehcp import services
from ehcp.models import CaseRecord, FigureRefresh, MonthlyReturn, ReturnStatus, TimelinessTarget
from tests.ehcp.factories import CaseRecordFactory, MonthlyReturnFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    return response.content.decode()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the recompute a save queues, as the eager Celery of `make run` does."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def year_of_returns(wirral):
    """Wirral's returns for April 2023 – March 2024, approved, and its figures."""
    for offset in range(12):
        month = date(2023 + (3 + offset) // 12, (3 + offset) % 12 + 1, 1)
        MonthlyReturnFactory(local_area=wirral, month=month, issued=20, within_20_weeks=5)
    services.figures_recompute(area_id=wirral.pk)
    return wirral


@pytest.fixture
def submitted(wirral, olive):
    return services.return_create(
        area=wirral, month=date(2024, 5, 1), values={"issued": 30, "within_20_weeks": 9}, user=olive, submit=True
    )


# ---------------------------------------------------------------- who may do what


VIEW_PAGES = [
    "/board/344/ehcp/",
    "/board/344/ehcp/cohorts/",
    "/board/344/ehcp/reconciliation/",
    "/board/344/ehcp/returns/",
    "/board/344/ehcp/cases/",
]
ENTER_PAGES = [
    "/board/344/ehcp/returns/new/",
    "/board/344/ehcp/returns/upload/",
    "/board/344/ehcp/returns/template.csv",
    "/board/344/ehcp/cases/upload/",
    "/board/344/ehcp/cases/template.xlsx",
]


@pytest.mark.parametrize("path", VIEW_PAGES)
def test_every_role_of_the_area_reads_the_ehcp_pages(client_for, alice, bob, olive, path):
    for user in (alice, bob, olive):
        assert client_for(user).get(path).status_code == 200, (user, path)


@pytest.mark.parametrize("path", ENTER_PAGES)
def test_officers_and_leads_enter_but_board_members_may_not(client_for, alice, bob, olive, path):
    assert client_for(olive).get(path).status_code == 200
    assert client_for(alice).get(path).status_code == 200
    assert client_for(bob).get(path).status_code == 403


def test_only_a_lead_approves_or_sends_back(client_for, submitted, olive, bob, alice):
    url = f"/board/344/ehcp/returns/{submitted.pk}/"
    for user in (olive, bob):
        assert client_for(user).post(url + "approve/").status_code == 403
        assert client_for(user).post(url + "send-back/", {"note": "no"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED
    response = client_for(alice).post(url + "approve/")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.approved_by) == (ReturnStatus.APPROVED, alice)


def test_an_officer_of_another_area_can_neither_see_nor_enter_its_returns(client_for, submitted, charlie):
    client = client_for(charlie)
    assert client.get(f"/board/344/ehcp/returns/{submitted.pk}/").status_code == 404
    response = client.post("/board/344/ehcp/returns/new/", {"month": "2024-06", "issued": "3", "within_20_weeks": "1"})
    assert response.status_code == 404
    assert not MonthlyReturn.objects.filter(month=date(2024, 6, 1)).exists()


def test_a_return_of_another_area_is_not_found_under_this_one(client_for, walsall, alice):
    other = MonthlyReturnFactory(local_area=walsall, month=date(2024, 1, 1))
    assert client_for(alice).get(f"/board/344/ehcp/returns/{other.pk}/").status_code == 404


def test_submitting_and_approving_answer_only_post(client_for, submitted, alice):
    assert client_for(alice).get(f"/board/344/ehcp/returns/{submitted.pk}/approve/").status_code == 405


def test_only_a_lead_sets_the_target(client_for, alice, olive, bob):
    assert client_for(olive).get("/board/344/ehcp/target/").status_code == 403
    assert client_for(bob).get("/board/344/ehcp/target/").status_code == 403
    assert client_for(alice).get("/board/344/ehcp/target/").status_code == 200


# ---------------------------------------------------------------- the timeliness page


def test_the_timeliness_page_says_each_figure_in_words(client_for, year_of_returns, alice):
    services.target_set(area=year_of_returns, year_start=date(2023, 4, 1), target_pct=30, user=alice)
    page = text_of(client_for(alice).get("/board/344/ehcp/"))
    assert "25.0%" in page and "5 of 20 plans within 20 weeks" in page  # March 2024
    assert "60 of 240 plans" in page  # rolling 12 months
    assert "Year to date, 2023–24" in page
    assert "Year complete: 25% against a target of 30% (missed)." in page
    assert 'id="timeliness-chart"' in page and 'id="timeliness-table"' in page
    assert "vendor/plotly/plotly-basic.min.js" in page and "js/charts.js" in page


def test_the_trajectory_says_the_rate_the_rest_of_the_year_needs(client_for, wirral, alice):
    for month, within in ((4, 10), (5, 10), (6, 10)):
        MonthlyReturnFactory(local_area=wirral, month=date(2024, month, 1), issued=20, within_20_weeks=within)
    services.target_set(area=wirral, year_start=date(2024, 4, 1), target_pct=60, user=alice)
    services.figures_recompute(area_id=wirral.pk)
    page = text_of(client_for(alice).get("/board/344/ehcp/"))
    # 30 of 60 so far; 180 more expected; 60% of 240 = 144 → 114 of 180 = 63.3%.
    assert (
        "Off track for 60%: needs 63.3% a month for the rest of the year; the last three months averaged 50%." in page
    )


def test_a_month_awaiting_approval_is_marked_provisional(client_for, wirral, olive, on_commit):
    on_commit(
        services.return_create,
        area=wirral, month=date(2024, 1, 1), values={"issued": 10, "within_20_weeks": 4}, user=olive, submit=True,
    )  # fmt: skip
    page = text_of(client_for(olive).get("/board/344/ehcp/"))
    assert "4 of 10 plans within 20 weeks; awaiting approval" in page
    assert "Awaiting approval" in page


def test_an_area_without_figures_says_so_and_offers_entry_to_those_who_may(client_for, wirral, olive, bob):
    page = text_of(client_for(olive).get("/board/344/ehcp/"))
    assert "There are no EHCP figures for Wirral yet" in page
    assert "Enter a monthly return" in page
    assert "Enter a monthly return" not in text_of(client_for(bob).get("/board/344/ehcp/"))


def test_while_figures_wait_for_a_recompute_the_page_says_they_are_being_refreshed(
    client_for, wirral, olive, on_commit
):
    from ehcp import tasks

    with mock.patch.object(tasks.recompute_area_figures, "apply_async", side_effect=BrokerDown("refused")):
        response = on_commit(
            client_for(olive).post,
            "/board/344/ehcp/returns/new/",
            {"month": "2024-01", "issued": "10", "within_20_weeks": "4", "action": "submit"},
        )
    assert response.status_code == 302
    assert MonthlyReturn.objects.filter(local_area=wirral).count() == 1
    page = text_of(client_for(olive).get("/board/344/ehcp/"))
    assert "The figures are being refreshed." in page
    services.figures_recompute(area_id=wirral.pk)
    assert "The figures are being refreshed." not in text_of(client_for(olive).get("/board/344/ehcp/"))


def test_the_table_sorts_and_paginates(client_for, year_of_returns, alice):
    MonthlyReturn.objects.filter(month=date(2023, 7, 1)).update(within_20_weeks=19)
    services.figures_recompute(area_id=year_of_returns.pk)
    page = text_of(client_for(alice).get("/board/344/ehcp/?sort=-pct"))
    table = page[page.index('id="timeliness-table"') :]
    assert table.index("Jul 2023") < table.index("Mar 2024")
    assert 'aria-sort="descending"' in table


def test_the_table_exports_as_csv_with_bare_numbers_and_empty_cells(client_for, year_of_returns, alice):
    response = client_for(alice).get("/board/344/ehcp/?_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Month,Plans issued,Within 20 weeks,% within 20 weeks,Rolling 12 months issued")
    assert lines[1].startswith("2024-03,20,5,25.0,240,60,25.0,25.0,0,approved")
    assert lines[2].startswith("2024-02,20,5,25.0,,,,")


def test_the_table_exports_as_xlsx(client_for, year_of_returns, alice):
    response = client_for(alice).get("/board/344/ehcp/?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Month" and sheet["A2"].value == "2024-03"
    assert len(list(sheet.rows)) == 13


def test_the_page_switches_to_figures_from_case_records(client_for, year_of_returns, alice):
    CaseRecordFactory(local_area=year_of_returns, request_date=date(2024, 1, 2), final_date=date(2024, 3, 1))
    services.figures_recompute(area_id=year_of_returns.pk)
    page = text_of(client_for(alice).get("/board/344/ehcp/?source=cases"))
    assert "1 of 1 plans within 20 weeks" in page
    assert "Source: Wirral&#x27;s case records" in page or "Source: Wirral's case records" in page


def make_months(area, count):
    for offset in range(count):
        MonthlyReturnFactory(local_area=area, month=date(2015 + offset // 12, offset % 12 + 1, 1))
    services.figures_recompute(area_id=area.pk)


def test_the_timeliness_page_makes_the_same_number_of_queries_for_1_or_10_years(client_for, wirral, walsall, alice):
    make_months(wirral, 12)
    make_months(walsall, 120)
    from tests.factories import MembershipFactory

    MembershipFactory(user=alice, local_area=walsall, role="performance_lead")
    client = client_for(alice)
    client.get("/board/344/ehcp/")  # warm the session and caches alike
    counts = []
    for code in ("344", "335"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/board/{code}/ehcp/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20


def test_the_returns_list_makes_the_same_number_of_queries_for_1_or_10_years(client_for, wirral, walsall, alice):
    make_months(wirral, 12)
    make_months(walsall, 120)
    from tests.factories import MembershipFactory

    MembershipFactory(user=alice, local_area=walsall, role="performance_lead")
    client = client_for(alice)
    counts = []
    for code in ("344", "335"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/board/{code}/ehcp/returns/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# ---------------------------------------------------------------- entering a return


def test_an_officer_enters_a_return_and_submits_it(client_for, wirral, olive, on_commit):
    response = on_commit(
        client_for(olive).post,
        "/board/344/ehcp/returns/new/",
        {"month": "March 2024", "issued": "40", "within_20_weeks": "10", "exceptions_family": "2",
         "notes": "Two plans late", "action": "submit"},
    )  # fmt: skip
    saved = MonthlyReturn.objects.get(local_area=wirral)
    assert response.status_code == 302 and response["Location"] == f"/board/344/ehcp/returns/{saved.pk}/"
    assert (saved.month, saved.issued, saved.exceptions, saved.status) == (date(2024, 3, 1), 40, 2, "submitted")
    page = text_of(client_for(olive).get(response["Location"]))
    assert "The return for March 2024 is saved (submitted)." in page
    assert "Family circumstances: 2" in page


def test_save_as_draft_keeps_it_a_draft(client_for, wirral, olive):
    client_for(olive).post(
        "/board/344/ehcp/returns/new/", {"month": "2024-03", "issued": "4", "within_20_weeks": "1", "action": "draft"}
    )
    assert MonthlyReturn.objects.get().status == ReturnStatus.DRAFT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"month": "2024-03", "issued": "10", "within_20_weeks": "11"}, "cannot be more than plans issued"),
        ({"month": "2024-03", "issued": "-1", "within_20_weeks": "0"}, "is negative"),
        ({"month": "2024-03", "issued": "2.5", "within_20_weeks": "0"}, "is not a whole number"),
        ({"month": "2024-03", "issued": "ten", "within_20_weeks": "0"}, "is not a number"),
        ({"month": "Smarch 2024", "issued": "10", "within_20_weeks": "0"}, "is not a month"),
        ({"month": "2099-03", "issued": "10", "within_20_weeks": "0"}, "is in the future"),
        ({"month": "", "issued": "", "within_20_weeks": ""}, "Enter the month the return is for."),
    ],
)
def test_a_bad_return_is_shown_again_with_the_problem_and_nothing_is_saved(client_for, wirral, olive, data, message):
    response = client_for(olive).post("/board/344/ehcp/returns/new/", {**data, "action": "submit"})
    page = text_of(response)
    assert response.status_code == 400
    assert "There is a problem" in page and message in page
    assert "<title>Error:" in page
    assert not MonthlyReturn.objects.exists()


def test_a_second_return_for_a_month_links_to_the_first(client_for, submitted, olive):
    response = client_for(olive).post(
        "/board/344/ehcp/returns/new/", {"month": "May 2024", "issued": "1", "within_20_weeks": "0"}
    )
    page = text_of(response)
    assert response.status_code == 400
    assert "There is already a return for May 2024" in page
    assert f'href="/board/344/ehcp/returns/{submitted.pk}/"' in page
    assert MonthlyReturn.objects.count() == 1


def test_changing_an_approved_return_shows_who_changed_what_in_its_history(client_for, submitted, olive, alice):
    services.return_approve(monthly_return=submitted, user=alice)
    url = f"/board/344/ehcp/returns/{submitted.pk}/"
    form = text_of(client_for(olive).get(url + "edit/"))
    assert "This return is approved. Changing it sends it back" in form
    client_for(olive).post(url + "edit/", {"issued": "31", "within_20_weeks": "9", "action": "save"})
    submitted.refresh_from_db()
    assert (submitted.issued, submitted.status) == (31, ReturnStatus.SUBMITTED)
    history = text_of(client_for(alice).get(url))
    assert "Plans issued, excluding exceptions: 30 → 31" in history
    assert "Status: approved → submitted" in history


def test_sending_back_asks_for_a_reason(client_for, submitted, alice):
    url = f"/board/344/ehcp/returns/{submitted.pk}/send-back/"
    response = client_for(alice).post(url, {"note": ""})
    assert response.status_code == 400 and "Say why the return is sent back" in text_of(response)
    client_for(alice).post(url, {"note": "Please check the exceptions"})
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.DRAFT
    assert "Please check the exceptions" in text_of(client_for(alice).get(f"/board/344/ehcp/returns/{submitted.pk}/"))


# ---------------------------------------------------------------- uploads


def upload(name, content):
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def test_returns_upload_saves_every_month(client_for, wirral, olive):
    file = upload("returns.csv", "month,issued,within_20_weeks\n2024-01,10,2\n2024-02,12,3\n")
    response = client_for(olive).post("/board/344/ehcp/returns/upload/", {"file": file, "submit": "on"})
    assert response.status_code == 302
    assert list(MonthlyReturn.objects.values_list("status", flat=True)) == ["submitted", "submitted"]
    assert "2 returns saved, January 2024 to February 2024." in text_of(client_for(olive).get(response["Location"]))


def test_returns_upload_lists_every_bad_row_and_saves_nothing(client_for, submitted, olive):
    file = upload("returns.csv", "month,issued,within_20_weeks\n2024-01,10,12\n2024-05,3,1\n2024-02,x,1\n")
    response = client_for(olive).post("/board/344/ehcp/returns/upload/", {"file": file})
    page = text_of(response)
    assert response.status_code == 400
    assert "The file has 3 problems listed below; nothing was saved." in page
    assert "Plans issued within 20 weeks (12) cannot be more than plans issued (10)." in page
    assert f'<a class="govuk-link" href="/board/344/ehcp/returns/{submitted.pk}/">' in page
    assert "&#x27;x&#x27; is not a number" in page
    assert MonthlyReturn.objects.count() == 1


def test_a_file_over_the_limit_is_refused_before_it_is_read(client_for, wirral, olive, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    file = upload("returns.csv", "month,issued,within_20_weeks\n" + "2024-01,10,2\n" * 200)
    response = client_for(olive).post("/board/344/ehcp/returns/upload/", {"file": file})
    assert response.status_code == 400
    assert "the largest accepted is" in text_of(response)
    assert not MonthlyReturn.objects.exists()


def test_a_file_with_unknown_columns_is_refused(client_for, wirral, olive):
    file = upload("returns.csv", "month,issued,within,colour\n2024-01,10,2,red\n")
    page = text_of(client_for(olive).post("/board/344/ehcp/returns/upload/", {"file": file}))
    assert "missing column(s): within_20_weeks; unknown column(s): within, colour" in page


def test_the_returns_template_downloads(client_for, wirral, olive):
    response = client_for(olive).get("/board/344/ehcp/returns/template.csv")
    assert response["Content-Disposition"] == 'attachment; filename="ehcp-monthly-returns-template.csv"'
    assert response.content.decode().splitlines()[0].startswith("month,issued,within_20_weeks,exceptions,notes,")
    assert client_for(olive).get("/board/344/ehcp/returns/template.pdf").status_code == 404


def test_the_case_template_imports_as_it_stands(client_for, wirral, olive):
    template = client_for(olive).get("/board/344/ehcp/cases/template.csv").content
    response = client_for(olive).post("/board/344/ehcp/cases/upload/", {"file": upload("cases.csv", template)})
    assert response.status_code == 302
    assert CaseRecord.objects.filter(local_area=wirral).count() == 2


def test_case_upload_reports_dates_out_of_order_and_saves_nothing(client_for, wirral, olive):
    content = (
        "reference,request_date,decision_date,decision,final_date,exception,closed_date\n"
        "W-1,2024-02-01,2024-03-01,assess,2024-01-01,no,\n"
        "W-2,2024-02-01,2024-03-01,assess,2024-06-01,no,2024-06-01\n"
    )
    response = client_for(olive).post("/board/344/ehcp/cases/upload/", {"file": upload("cases.csv", content)})
    page = text_of(response)
    assert response.status_code == 400
    assert "The final plan is dated before the request was received." in page
    assert "A case has either a final plan or a closed-without-plan date, not both." in page
    assert not CaseRecord.objects.exists()


# ---------------------------------------------------------------- cohorts, reconciliation, cases, target


def test_the_cohort_page_totals_from_a_month(client_for, wirral, alice):
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 5), final_date=date(2024, 4, 1))
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 3, 5), final_date=date(2024, 9, 1))
    services.figures_recompute(area_id=wirral.pk)
    page = text_of(client_for(alice).get("/board/344/ehcp/cohorts/?since=2024-02"))
    assert "Since 1 February 2024" in page
    assert "1 request received; 1 plan issued, of which 0 (0.0%) on time" in page
    assert 'id="cohort-chart"' in page
    bad = text_of(client_for(alice).get("/board/344/ehcp/cohorts/?since=Febtember"))
    assert "is not a month" in bad and "All cohorts" in bad


def test_the_reconciliation_page_shows_where_the_sources_disagree(client_for, wirral, alice):
    MonthlyReturnFactory(local_area=wirral, month=date(2024, 5, 1), issued=3, within_20_weeks=1)
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 2), final_date=date(2024, 5, 10))
    CaseRecordFactory(local_area=wirral, request_date=date(2024, 1, 2), final_date=date(2024, 5, 12))
    services.figures_recompute(area_id=wirral.pk)
    page = text_of(client_for(alice).get("/board/344/ehcp/reconciliation/"))
    assert "1 of 1 month differs." in page
    assert "3 plans in the return against 2 in the case records, 1 against 2 within 20 weeks" in page
    assert "Differ" in page
    differing = client_for(alice).get("/board/344/ehcp/reconciliation/?show=differing&_export=csv").content.decode()
    assert differing.splitlines()[1].startswith("2024-05,3,1,33.3,2,2,100.0,1,-1,-66.7,no")


def test_the_reconciliation_page_explains_a_missing_source(client_for, year_of_returns, alice):
    page = text_of(client_for(alice).get("/board/344/ehcp/reconciliation/"))
    assert "has monthly returns but no case records" in page


def test_the_cases_page_lists_pseudonymous_references(client_for, wirral, bob):
    CaseRecordFactory(local_area=wirral, reference="WIR-000777")
    page = text_of(client_for(bob).get("/board/344/ehcp/cases/"))
    assert "WIR-000777" in page and "Upload case records" not in page


def test_the_cases_page_sorts_by_every_column_both_ways(client_for, wirral, bob):
    """Every column heading is a sort link (django-tables2): each must answer,
    in either direction. The outcome column once sorted by its display
    method, which the database cannot order by: a server error."""
    from ehcp.tables import CaseRecordTable

    for reference, outcome, final_date in (
        ("WIR-1", "withdrawn", None),
        ("WIR-2", "plan", date(2024, 4, 19)),
        ("WIR-3", "no_plan", None),
    ):
        CaseRecordFactory(
            local_area=wirral,
            reference=reference,
            assessment_outcome=outcome,
            outcome_date=date(2024, 4, 19),
            final_date=final_date,
        )
    client = client_for(bob)
    columns = [name for name, column in CaseRecordTable.base_columns.items() if column.orderable is not False]
    assert "assessment_outcome" in columns and len(columns) == len(CaseRecordTable.base_columns)
    for name in columns:
        for sort in (name, f"-{name}"):
            response = client.get(f"/board/344/ehcp/cases/?sort={sort}")
            assert response.status_code == 200, sort
    page = text_of(client.get("/board/344/ehcp/cases/?sort=assessment_outcome"))
    # Ordered by the stored code (no_plan, plan, withdrawn), shown in words.
    assert page.index("WIR-3") < page.index("WIR-2") < page.index("WIR-1")
    assert "Decided not to issue a plan" in page and "Plan issued" in page and "Withdrawn" in page


def test_a_lead_sets_the_year_end_target(client_for, wirral, alice):
    response = client_for(alice).post("/board/344/ehcp/target/", {"year_start": "2026-04-01", "target_pct": "62.5"})
    assert response.status_code == 302
    assert TimelinessTarget.objects.get(local_area=wirral).target_pct == Decimal("62.5")
    bad = client_for(alice).post("/board/344/ehcp/target/", {"year_start": "2026-04-01", "target_pct": "120"})
    assert bad.status_code == 400 and "from 0 to 100" in text_of(bad)


def test_the_refresh_flag_belongs_to_one_area(client_for, wirral, walsall, alice):
    FigureRefresh.objects.create(local_area=walsall, pending=True)
    assert "being refreshed" not in text_of(client_for(alice).get("/board/344/ehcp/"))


def test_the_admin_shows_ehcp_data_read_only(client_for, submitted, ada):
    client = client_for(ada)
    assert client.get("/admin/ehcp/monthlyreturn/").status_code == 200
    page = text_of(client.get(f"/admin/ehcp/monthlyreturn/{submitted.pk}/change/"))
    assert "Created" in page and 'name="_save"' not in page  # the audit trail, and no save button
    assert client.get("/admin/ehcp/monthlyreturn/add/").status_code == 403
    assert client.post(f"/admin/ehcp/monthlyreturn/{submitted.pk}/delete/", {"post": "yes"}).status_code == 403
    assert MonthlyReturn.objects.filter(pk=submitted.pk).exists()


def test_a_lead_approves_every_submitted_return_at_once(client_for, wirral, olive, alice, bob):
    for month in (1, 2):
        services.return_create(
            area=wirral, month=date(2024, month, 1), values={"issued": 5, "within_20_weeks": 1}, user=olive, submit=True
        )
    services.return_create(area=wirral, month=date(2024, 3, 1), values={"issued": 5, "within_20_weeks": 1}, user=olive)
    assert "Approve all 2 submitted returns" in text_of(client_for(alice).get("/board/344/ehcp/returns/"))
    assert "Approve all" not in text_of(client_for(olive).get("/board/344/ehcp/returns/"))
    assert client_for(olive).post("/board/344/ehcp/returns/approve/").status_code == 403
    assert client_for(bob).post("/board/344/ehcp/returns/approve/").status_code == 403
    response = client_for(alice).post("/board/344/ehcp/returns/approve/")
    assert "2 returns approved, January 2024 to February 2024." in text_of(client_for(alice).get(response["Location"]))
    assert list(MonthlyReturn.objects.order_by("month").values_list("status", flat=True)) == [
        "approved",
        "approved",
        "draft",
    ]


def test_each_upload_page_names_every_column_its_file_may_have(client_for, wirral, olive):
    """The returns and case uploads read more columns than the headline ones
    (the statutory timeline's among them): their pages name each one."""
    from ehcp.forms import ReturnRowForm

    returns_page = text_of(client_for(olive).get("/board/344/ehcp/returns/upload/"))
    read = [name for name in ReturnRowForm().fields if name != "version"]
    assert [name for name in read if f"<code>{name}</code>" not in returns_page] == []
    cases_page = text_of(client_for(olive).get("/board/344/ehcp/cases/upload/"))
    read = [*services.CASE_COLUMNS_REQUIRED, *services.CASE_COLUMNS_OPTIONAL]
    assert [name for name in read if f"<code>{name}</code>" not in cases_page] == []


def test_the_returns_template_has_every_timeline_column_and_imports_as_it_stands(client_for, wirral, olive):
    from ehcp import timeline

    template = client_for(olive).get("/board/344/ehcp/returns/template.csv").content
    header = template.decode().splitlines()[0].split(",")
    assert header == ["month", "issued", "within_20_weeks", "exceptions", "notes", *timeline.RETURN_FIELDS]
    response = client_for(olive).post("/board/344/ehcp/returns/upload/", {"file": upload("returns.csv", template)})
    assert response.status_code == 302
    april = MonthlyReturn.objects.get(local_area=wirral, month=date(2024, 4, 1))
    assert (april.decisions_to_assess, april.decisions_within_6_weeks, april.days_to_issue) == (70, 48, 13640)
    assert MonthlyReturn.objects.get(local_area=wirral, month=date(2024, 5, 1)).decisions_to_assess is None
