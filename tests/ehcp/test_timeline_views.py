"""The statutory-timeline pages: who may see them, what they show (from
case records with England beside each step), and their downloads."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command

from ehcp import services
from ehcp.benchmarks.demo import DATA_FILE, TIMELINE_FILES
from ehcp.benchmarks.services import sen2_import
from ehcp.demo import wirral_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def wirral_with_cases(wirral):
    buffer = io.BytesIO(wirral_cases().to_csv(index=False).encode())
    buffer.name = "wirral.csv"
    services.cases_import(area=wirral, source=buffer, user=None)
    services.figures_recompute(area_id=wirral.pk)
    return wirral


@pytest.fixture
def national():
    for path in (DATA_FILE, TIMELINE_FILES[0], TIMELINE_FILES[3]):
        sen2_import(source=path, file_name=path.name)


PAGES = ["/board/344/ehcp/timeline/", "/board/344/ehcp/timeline/requests_6_weeks/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_role_of_the_area_reads_the_timeline_and_others_get_404(client_for, alice, bob, olive, charlie, path):
    for user in (alice, bob, olive):
        assert client_for(user).get(path).status_code == 200
    assert client_for(charlie).get(path).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/board/344/ehcp/timeline/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_step_is_404(client_for, bob):
    assert client_for(bob).get("/board/344/ehcp/timeline/no_such_step/").status_code == 404


def test_a_board_member_sees_every_step_from_case_records_with_england_beside_it(
    client_for, bob, wirral_with_cases, national
):
    page = client_for(bob).get("/board/344/ehcp/timeline/").content.decode()
    for title in (
        "Decisions whether to assess within 6 weeks",
        "Decisions not to issue a plan within 16 weeks",
        "Plans issued within 20 weeks",
        "Plans issued after more than 52 weeks",
        "Mean weeks to issue a plan",
        "Annual review meetings held by the due date",
        "Review decisions communicated within 4 weeks",
        "Phase transfers amended by the deadline",
        "Appeals to the SEND Tribunal per appealable decision",
    ):
        assert title in page
    assert "2024: 37.9% (England 84.8%), ranked" in page
    assert "2024: 2.1% (England 3.2%), ranked" in page
    assert page.count("Case records") >= 9
    assert "Dec 2024" in page


def test_a_step_page_has_its_chart_table_cohorts_and_national_distribution(
    client_for, bob, wirral_with_cases, national
):
    page = client_for(bob).get("/board/344/ehcp/timeline/requests_6_weeks/").content.decode()
    assert 'id="step-chart"' in page and 'id="step-table"' in page
    assert "Decided within 6 weeks" in page
    assert 'id="step-cohort-table"' in page
    assert 'id="measure-table"' in page and 'id="measure-distribution-chart"' in page
    assert "<strong>Wirral</strong>" in page
    assert "the counts give 63.3%" in page  # 2023: DfE's 63 stands


def test_the_mean_weeks_page_speaks_in_weeks_and_has_no_national_figure(client_for, bob, wirral_with_cases):
    page = client_for(bob).get("/board/344/ehcp/timeline/mean_weeks_to_issue/").content.decode()
    assert " weeks" in page and "Median weeks" in page
    assert 'id="measure-table"' not in page


def test_the_review_decisions_page_says_its_latest_months_count_only_the_decisions_recorded(
    client_for, bob, wirral_with_cases
):
    """The demo's December 2024 reads 100% (5 of 5): December's meetings whose decisions are awaited are not counted."""
    page = " ".join(client_for(bob).get("/board/344/ehcp/timeline/reviews_4_weeks/").content.decode().split())
    assert "A meeting whose decision is not yet recorded is not counted, as DfE counts it, so the latest months" in page
    chart = page.split('class="app-chart__svg"', 1)[1].split("</svg>", 1)[0]
    assert ">100%<" in chart and ">125%<" not in chart  # its axis stops at 100%


def test_a_title_inside_a_sentence_keeps_its_short_forms_in_capitals(client_for, bob, wirral_with_cases):
    """The tribunal step's chart, table caption and download links read "the send tribunal"."""
    for path in ("/board/344/ehcp/timeline/tribunal_appeal_rate/", "/board/344/ehcp/timeline/"):
        page = client_for(bob).get(path).content.decode()
        assert "send tribunal" not in page, path
    page = client_for(bob).get("/board/344/ehcp/timeline/tribunal_appeal_rate/").content.decode()
    assert "Wirral: appeals to the SEND Tribunal per appealable decision" in page


def test_a_step_downloads_as_csv_and_xlsx(client_for, bob, wirral_with_cases):
    csv = client_for(bob).get("/board/344/ehcp/timeline/reviews_4_weeks/?_export=csv").content.decode()
    assert csv.splitlines()[0].startswith("Month,Within 4 weeks,Review decisions,")
    response = client_for(bob).get("/board/344/ehcp/timeline/reviews_4_weeks/?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(1, 2).value == "Within 4 weeks"


def test_export_figures_gives_each_step_s_series(wirral_with_cases, capsys):
    call_command("export_figures", "--area", "344", "--source", "cases", "--measure", "requests_6_weeks")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "month,numerator,denominator,pct"
    assert any(line.startswith("2024-12,") for line in lines)
    call_command("export_figures", "--area", "344", "--source", "cases", "--measure", "time_to_issue")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "month,numerator,denominator,pct,within_20,over_20_to_52,over_52,mean_weeks,median_weeks"
    december = next(line for line in lines if line.startswith("2024-12,")).split(",")
    within, issued, middle, over = int(december[1]), int(december[2]), int(december[5]), int(december[6])
    assert within + middle + over == issued
    call_command("export_figures", "--area", "344", "--source", "cases")
    assert capsys.readouterr().out.splitlines()[0].startswith("area_code,month,issued,within_20_weeks,pct")


def test_the_timeline_page_without_figures_says_so_and_where_they_come_from(client_for, alice, bob, wirral):
    page = client_for(bob).get("/board/344/ehcp/timeline/").content.decode()
    assert "No figures yet" in page and "No national figure" in page
    steps = page.count('<a class="govuk-link" href="/board/344/ehcp/timeline/')
    assert f"{steps} steps have no figures yet. A step is counted from Wirral's case records once they carry" in page
    assert "A figure typed into the scorecard for the same measure is not counted here" in page
    assert 'href="/board/344/ehcp/returns/"' not in page.split('id="steps-without-figures"', 1)[1]  # bob enters nothing
    lead = client_for(alice).get("/board/344/ehcp/timeline/").content.decode().split('id="steps-without-figures"', 1)[1]
    assert 'href="/board/344/ehcp/returns/"' in lead and 'href="/board/344/ehcp/cases/"' in lead


def test_the_timeline_page_with_every_step_counted_has_no_such_note(client_for, bob, wirral_with_cases):
    page = client_for(bob).get("/board/344/ehcp/timeline/").content.decode()
    assert "No figures yet" not in page and 'id="steps-without-figures"' not in page


def test_the_timeline_pages_render_without_the_benchmarks_sub_app(client_for, bob, wirral_with_cases, national):
    from django.conf import settings
    from django.test import override_settings

    without = [app for app in settings.INSTALLED_APPS if app != "ehcp.benchmarks"]
    with override_settings(INSTALLED_APPS=without):
        overview = client_for(bob).get("/board/344/ehcp/timeline/")
        step = client_for(bob).get("/board/344/ehcp/timeline/requests_6_weeks/")
    assert overview.status_code == step.status_code == 200
    assert "England 84.8%" not in overview.content.decode() and "No national figure" in overview.content.decode()
    assert 'id="measure-table"' not in step.content.decode()


def test_the_20_week_step_reads_as_the_ehcp_page_does_when_returns_and_case_records_differ(
    client_for, bob, olive, alice, wirral_with_cases
):
    """An area with both sources: the EHCP page and the scorecard lead with
    its returns, so the timeline's 20-week row and the step's page do too
    (case records one link away), never a second figure for the same month."""
    monthly_return = services.return_create(
        area=wirral_with_cases,
        month=date(2024, 12, 1),
        values={"issued": 60, "within_20_weeks": 30},
        user=olive,
        submit=True,
    )
    services.return_approve(monthly_return=monthly_return, user=alice)
    services.figures_recompute(area_id=wirral_with_cases.pk)
    client = client_for(bob)
    ehcp_page = " ".join(client.get("/board/344/ehcp/").content.decode().split())
    assert "30 of 60 plans within 20 weeks" in ehcp_page
    overview = " ".join(client.get("/board/344/ehcp/timeline/").content.decode().split())
    row = overview.split("Plans issued within 20 weeks</a>")[1].split("</tr>")[0]
    assert '50.0% <span class="govuk-body-s">Dec 2024, 30 of 60</span>' in row and "Monthly returns" in row
    assert "Case records" in overview.split("Plans issued after more than 52 weeks</a>")[1].split("</tr>")[0]
    step = " ".join(client.get("/board/344/ehcp/timeline/timeliness_20_weeks/").content.decode().split())
    assert "Figures from: <strong>monthly returns</strong>" in step
    assert '<a class="govuk-link" href="?source=cases">case records</a>' in step
