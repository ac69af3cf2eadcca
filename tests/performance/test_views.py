"""The scorecard pages for each kind of visitor: alice (lead), bob (board
member), olive (officer who owns AR12, CAMHSWL and OOB), charlie (another
area's officer). The URL walk in tests/send_board/test_access.py covers
anonymous visitors and capability refusals; these test the pages' content,
object-level rules and every entry path."""

import io
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from performance.models import (
    Commentary,
    DashboardItem,
    DeepDiveRequest,
    Indicator,
    IndicatorActionLink,
    IndicatorValue,
    Target,
    ValueState,
)
from tests.improvement.factories import ActionFactory, PlanFactory, RiskFactory
from tests.performance.scorecards import enter

pytestmark = pytest.mark.django_db

BASE = "/board/344"


def chart_data(html, chart_id):
    return json.loads(html.split(f'<script type="application/json" id="{chart_id}">')[1].split("</script>")[0])


# ---------------------------------------------------------------- dashboard


@pytest.mark.parametrize("who", ["alice", "bob", "olive", "ada"])
def test_every_role_reads_the_dashboard_like_seftons_slide(scorecard, client_for, who, request):
    response = client_for(request.getfixturevalue(who)).get(f"{BASE}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in (
        "New EHC plans issued within 20 weeks",
        "45.0%",
        "↓ 11.9 percentage points",
        "worsening",
        "Active EHC plans",
    ):
        assert text in html
    assert "3,492" in html and "↑ 1.7%" in html and ">up<" in html
    assert html.index("EHCP20") < html.index("AR12") < html.index("CAMHSWL")  # the lead's order
    ratings = chart_data(html, "kpi-ratings")
    assert ratings["data"][0]["x"] == ["Green", "Amber", "Red", "No rating"]
    assert ratings["data"][0]["y"] == [1, 0, 2, 1]
    assert 'id="kpi-ratings-table"' in html


def test_the_dashboard_shows_plan_status_and_red_risks(scorecard, client_for, bob, wirral):
    plan = PlanFactory(local_area=wirral, name="Wirral WSoA", is_active=True)
    ActionFactory(area_of_concern__plan=plan, status="beyond_milestone")
    ActionFactory(area_of_concern__plan=plan, status="in_progress")
    RiskFactory(local_area=wirral, title="Short breaks review delayed", likelihood=4, impact=4)
    RiskFactory(local_area=wirral, title="A small risk", likelihood=1, impact=2)
    html = client_for(bob).get(f"{BASE}/").content.decode()
    assert "Wirral WSoA" in html
    assert "Short breaks review delayed" in html and "A small risk" not in html


def test_the_dashboard_counts_values_due_for_an_officer_and_approvals_for_the_lead(scorecard, client_for, olive, alice):
    html = client_for(olive).get(f"{BASE}/").content.decode()
    assert "Awaiting your approval" not in html and "still owed by you" in html
    html = client_for(alice).get(f"{BASE}/").content.decode()
    assert "Awaiting your approval" in html


def test_a_dashboard_with_no_kpis_says_so(wirral, client_for, alice, bob):
    html = client_for(bob).get(f"{BASE}/").content.decode()
    assert "No KPIs have been chosen" in html and "Choose and order" not in html
    assert "Choose and order" in client_for(alice).get(f"{BASE}/").content.decode()


def test_the_ehcp_tile_says_when_its_month_or_its_rolling_12_months_await_approval(wirral, client_for, bob, alice):
    """As the EHCP page says it: a month awaiting approval, and a rolling
    figure with any of its 12 months awaiting approval, are provisional."""
    from ehcp import services as ehcp_services
    from ehcp.models import ReturnStatus
    from tests.ehcp.factories import MonthlyReturnFactory

    returns = [
        MonthlyReturnFactory(local_area=wirral, month=date(2024, month, 1), issued=20, within_20_weeks=5)
        for month in range(1, 13)
    ]
    returns[-1].status = ReturnStatus.SUBMITTED
    returns[-1].save()
    ehcp_services.figures_recompute(area_id=wirral.pk)
    tile = " ".join(client_for(bob).get(f"{BASE}/?month=2024-12").content.decode().split())
    assert "December 2024: 5 of 20 plans (not yet approved)." in tile
    assert "Rolling 12 months: 25.0% (not all 12 months approved)." in tile
    ehcp_services.return_approve(monthly_return=returns[-1], user=alice)
    ehcp_services.figures_recompute(area_id=wirral.pk)
    tile = " ".join(client_for(bob).get(f"{BASE}/?month=2024-12").content.decode().split())
    assert "December 2024: 5 of 20 plans.</p>" in tile and "Rolling 12 months: 25.0%.</p>" in tile


def test_the_lead_chooses_and_orders_the_kpis(scorecard, client_for, alice):
    client = client_for(alice)
    assert client.get(f"{BASE}/dashboard/kpis/").status_code == 200
    salt, oob = scorecard["saltlw"], scorecard["oob"]
    response = client.post(f"{BASE}/dashboard/kpis/", {f"position_{salt.pk}": "2", f"position_{oob.pk}": "1"})
    assert response.status_code == 302
    assert list(DashboardItem.objects.order_by("position").values_list("indicator__code", flat=True)) == [
        "OOB",
        "SALTLW",
    ]
    response = client.post(f"{BASE}/dashboard/kpis/", {f"position_{salt.pk}": "1", f"position_{oob.pk}": "1"})
    assert "the same position" in response.content.decode()
    assert DashboardItem.objects.count() == 2


# ---------------------------------------------------------------- scorecards


def test_the_scorecard_groups_indicators_by_service_area(scorecard, client_for, bob):
    html = client_for(bob).get(f"{BASE}/scorecard/").content.decode()
    assert html.index(">EHCP<") < html.index(">Education<") < html.index(">Health<")
    assert "CAMHS waiting list" in html and "Autumn term 2024" in html
    assert 'href="/board/344/scorecard/services/health/#health-waits"' in html


def test_the_scorecard_as_at_a_month(scorecard, client_for, bob):
    html = client_for(bob).get(f"{BASE}/scorecard/?month=2024-07").content.decode()
    assert "Scorecard for July 2024" in html and "December 2024" not in html
    html = client_for(bob).get(f"{BASE}/scorecard/?month=July").content.decode()
    assert "is not a period" in html and "govuk-error-message" in html


def test_the_scorecard_downloads_as_csv(scorecard, client_for, olive):
    response = client_for(olive).get(f"{BASE}/scorecard/export/?month=2024-07")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "code,name,unit,period,value,target,rag,previous,change,change_unit,direction"
    assert "EHCP20,New EHC plans issued within 20 weeks,percent,2024-07,45.0,60.0,red,56.9,-11.9,pp,worsening" in lines
    xlsx = client_for(olive).get(f"{BASE}/scorecard/export/?month=2024-07&format=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client_for(olive).get(f"{BASE}/scorecard/export/?format=pdf").status_code == 404


def test_the_health_scorecard_has_the_waiting_times_block(scorecard, client_for, bob):
    html = client_for(bob).get(f"{BASE}/scorecard/services/health/").content.decode()
    assert 'id="health-waits"' in html and "Speech and language therapy" in html
    assert "↓ 2.0 weeks" in html and "Longest wait" in html
    waits = chart_data(html, "longest-waits")
    assert waits["data"][0]["x"] == [38.0]
    assert waits["data"][0]["text"] == ["38 weeks (Red)"]
    assert 'id="longest-waits-table"' in html


def test_an_unknown_service_is_404(scorecard, client_for, bob):
    assert client_for(bob).get(f"{BASE}/scorecard/services/finance/").status_code == 404


def test_service_scorecard_shows_benchmarks_and_commentary(scorecard, client_for, bob, olive, run_on_commit):
    from performance import services

    run_on_commit(
        services.benchmark_set,
        indicator=scorecard["ehcp20"],
        series="england",
        period=date(2024, 7, 1),
        value=D("46.4"),
    )
    services.commentary_save(indicator=scorecard["ehcp20"], period=date(2024, 7, 1), text="Holiday dip.", user=olive)
    html = client_for(bob).get(f"{BASE}/scorecard/services/ehcp/").content.decode()
    assert "46.4%" in html and "1.4 percentage points worse" in html
    assert "Holiday dip." in html


# ---------------------------------------------------------------- the indicator page


def test_the_indicator_page_has_trend_table_definition_and_history(scorecard, client_for, bob):
    html = client_for(bob).get(f"{BASE}/scorecard/indicators/EHCP20/").content.decode()
    figure = chart_data(html, "trend")
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["Edge of tolerance", "Tolerance (amber band)", "Target", "Value"]
    value = figure["data"][-1]
    assert value["x"] == ["2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01"]
    assert value["y"] == [60.0, 58.0, 56.9, 45.0]
    assert value["marker"]["symbol"] == ["circle", "triangle-up", "triangle-up", "square"]
    assert [c[1] for c in value["customdata"]] == ["Green", "Amber", "Amber", "Red"]
    assert value["customdata"][-1][0] == "Jul 2024"
    assert figure["data"][2]["y"] == [60.0, 60.0, 60.0, 60.0]
    assert figure["data"][0]["y"] == [50.0, 50.0, 50.0, 50.0]
    assert 'id="trend-table"' in html and "27 of 60" in html
    assert "Share of new plans issued within 20 weeks." in html
    assert "Change history" in html and "Target set" in html
    assert "Enter a value" not in html  # bob cannot enter
    assert "Request a deep dive" in html


def test_the_indicator_page_offers_entry_to_the_owner_only(scorecard, client_for, olive):
    client = client_for(olive)
    assert "Enter a value" in client.get(f"{BASE}/scorecard/indicators/AR12/").content.decode()
    html = client.get(f"{BASE}/scorecard/indicators/EHCP20/").content.decode()
    assert "Enter a value" not in html and "Request a deep dive" not in html


def test_an_unknown_indicator_is_404(scorecard, client_for, bob, walsall):
    from tests.performance.factories import IndicatorFactory

    IndicatorFactory(area=walsall, code="WAL1")
    assert client_for(bob).get(f"{BASE}/scorecard/indicators/NOPE/").status_code == 404
    assert client_for(bob).get(f"{BASE}/scorecard/indicators/WAL1/").status_code == 404
    assert client_for(bob).get(f"{BASE}/scorecard/indicators/ehcp20/").status_code == 200


# ---------------------------------------------------------------- entering values


def test_an_officer_enters_a_value_for_an_indicator_they_own(scorecard, client_for, olive):
    client = client_for(olive)
    form = client.get(f"{BASE}/scorecard/indicators/AR12/values/new/?period=2025-01")
    assert form.status_code == 200 and 'value="2025-01"' in form.content.decode()
    response = client.post(
        f"{BASE}/scorecard/indicators/AR12/values/new/",
        {"period": "2025-01", "numerator": "34", "denominator": "100", "note": "From EYES", "action": "submit"},
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator__code="AR12", period=date(2025, 1, 1))
    assert (value.value, value.state, value.entered_by, value.note) == (D("34.0"), "submitted", olive, "From EYES")


def test_an_officer_cannot_enter_a_value_for_an_indicator_they_do_not_own(scorecard, client_for, olive):
    client = client_for(olive)
    assert client.get(f"{BASE}/scorecard/indicators/EHCPACT/values/new/").status_code == 403
    response = client.post(f"{BASE}/scorecard/indicators/EHCPACT/values/new/", {"period": "2024-08", "value": "3500"})
    assert response.status_code == 403
    assert not IndicatorValue.objects.filter(indicator__code="EHCPACT", period=date(2024, 8, 1)).exists()


def post_value(client, code, data):
    return client.post(f"{BASE}/scorecard/indicators/{code}/values/new/", {"action": "submit", **data})


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("AR12", {"period": "2025-01", "numerator": "61", "denominator": "60"}, "greater than the denominator"),
        ("AR12", {"period": "2025-01", "value": "104"}, "A percentage lies between 0 and 100"),
        ("OOB", {"period": "2025-03", "value": "250"}, "is a month, but this indicator is termly"),
        ("AR12", {"period": "2025-01"}, "Enter the value or its numerator and denominator"),
        ("AR12", {"period": "", "value": "30"}, "Give the period as a month"),
        ("CAMHSWL", {"period": "2025-01", "value": "12.5"}, "A count is a whole number"),
    ],
)
def test_bad_values_show_the_error_and_save_nothing(scorecard, client_for, olive, code, data, message):
    before = IndicatorValue.objects.count()
    response = post_value(client_for(olive), code, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and message in html
    assert IndicatorValue.objects.count() == before


def test_a_duplicate_value_links_to_the_existing_one(scorecard, client_for, olive):
    response = post_value(client_for(olive), "AR12", {"period": "2024-12", "value": "40"})
    html = response.content.decode()
    assert "AR12 already has a value for December 2024." in html
    assert '<a class="govuk-link" href="/board/344/scorecard/indicators/AR12/values/2024-12/">' in html
    assert IndicatorValue.objects.get(indicator__code="AR12", period=date(2024, 12, 1)).value == D(33)


def test_the_lead_may_save_and_approve(scorecard, client_for, alice):
    response = post_value(client_for(alice), "SALTLW", {"period": "2024-08", "value": "36", "action": "approve"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator__code="SALTLW", period=date(2024, 8, 1))
    assert (value.state, value.approved_by) == (ValueState.APPROVED, alice)


def test_an_officer_cannot_approve_by_posting_approve(scorecard, client_for, olive):
    post_value(client_for(olive), "AR12", {"period": "2025-01", "value": "35", "action": "approve"})
    assert IndicatorValue.objects.get(indicator__code="AR12", period=date(2025, 1, 1)).state == ValueState.DRAFT


def test_a_computed_indicator_has_no_entry_form_and_refuses_a_typed_value(wirral, client_for, alice):
    from tests.performance.factories import IndicatorFactory

    IndicatorFactory(area=wirral, code="EHCP20R", computed_source="ehcp.timeliness_20_weeks_rolling")
    url = f"{BASE}/scorecard/indicators/EHCP20R/values/new/"
    html = client_for(alice).get(url).content.decode()
    assert "EHCP20R is computed from the EHCP monthly returns by SEND Board" in html
    assert '<form method="post"' not in html.split("</header>")[1]
    response = client_for(alice).post(url, {"period": "2024-07", "value": "45", "action": "approve"}, follow=True)
    assert "its values are never typed or uploaded" in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator__code="EHCP20R").exists()


def test_a_draft_is_edited_then_submitted_then_approved_then_reopened(scorecard, browser_for, olive, alice):
    enter(scorecard["ar12"], date(2025, 1, 1), 30, state=ValueState.DRAFT, user=olive)
    url = f"{BASE}/scorecard/indicators/AR12/values/2025-01/"
    officer = browser_for(olive)
    assert "Save as a draft" in officer.get(url).content.decode()
    response = officer.post(url, {"value": "31", "period": "2099-01", "action": "draft"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator__code="AR12", period=date(2025, 1, 1))
    assert (value.value, value.state, value.period) == (D(31), ValueState.DRAFT, date(2025, 1, 1))
    assert officer.post(f"{url}submit/").status_code == 302
    value.refresh_from_db()
    assert value.state == ValueState.SUBMITTED
    lead = browser_for(alice)
    assert lead.get(f"{url}approve/").status_code == 405
    assert lead.post(f"{url}approve/").status_code == 302
    value.refresh_from_db()
    assert value.state == ValueState.APPROVED
    assert officer.post(url, {"value": "32"}).status_code == 405  # approved: not editable
    assert "A performance lead can reopen it" in officer.get(url).content.decode()
    response = lead.post(f"{url}reopen/", {"reason": ""})
    assert "There is a problem" in response.content.decode()
    assert lead.post(f"{url}reopen/", {"reason": "Recount"}).status_code == 302
    value.refresh_from_db()
    assert value.state == ValueState.DRAFT


def test_value_pages_404_for_unknown_periods(scorecard, client_for, alice):
    client = client_for(alice)
    assert client.get(f"{BASE}/scorecard/indicators/AR12/values/2023-01/").status_code == 404
    assert client.get(f"{BASE}/scorecard/indicators/AR12/values/nonsense/").status_code == 404
    assert client.get(f"{BASE}/scorecard/indicators/OOB/values/2024-T3/").status_code == 200


def test_the_value_form_with_errors_keeps_what_was_typed(scorecard, client_for, olive):
    html = post_value(
        client_for(olive), "AR12", {"period": "2025-01", "numerator": "61", "denominator": "60"}
    ).content.decode()
    assert 'value="61"' in html and 'value="60"' in html
    assert 'href="#id_numerator"' in html
    assert '<p id="id_numerator-error" class="govuk-error-message">' in html  # the message at the field too


# ---------------------------------------------------------------- uploads and approvals


def csv_file(text, name="values.csv"):
    data = io.BytesIO(text.encode())
    data.name = name
    return data


def test_an_officer_uploads_values_for_their_own_indicators(scorecard, client_for, olive):
    client = client_for(olive)
    page = client.get(f"{BASE}/scorecard/upload/").content.decode()
    assert "Approve these values now" not in page and "2024-T1" in page
    text = "indicator_code,period,value,numerator,denominator,note\nAR12,2025-01,35,,,\nCAMHSWL,2025-01,140,,,\n"
    response = client.post(f"{BASE}/scorecard/upload/", {"file": csv_file(text)})
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(period=date(2025, 1, 1), state=ValueState.SUBMITTED).count() == 2


def test_an_upload_with_a_bad_row_saves_nothing_and_lists_the_problems(scorecard, client_for, olive):
    text = (
        "indicator_code,period,value,numerator,denominator,note\n"
        "AR12,2025-01,35,,,\nEHCPACT,2025-01,3500,,,\nAR12,2024-12,40,,,\n"
    )
    html = client_for(olive).post(f"{BASE}/scorecard/upload/", {"file": csv_file(text)}).content.decode()
    assert "Nothing was saved: 2 problem(s)" in html
    assert "You do not own EHCPACT" in html
    assert '<a class="govuk-link" href="/board/344/scorecard/indicators/AR12/values/2024-12/">' in html
    assert not IndicatorValue.objects.filter(period=date(2025, 1, 1)).exists()


def test_an_upload_that_is_not_a_spreadsheet_is_refused(scorecard, client_for, olive):
    html = (
        client_for(olive)
        .post(f"{BASE}/scorecard/upload/", {"file": csv_file("%PDF-1.4\x00", "x.pdf")})
        .content.decode()
    )
    assert "not a CSV or .xlsx spreadsheet" in html


def test_the_lead_uploads_and_approves(scorecard, client_for, alice):
    text = "indicator_code,period,value,numerator,denominator,note\nSALTLW,2024-08,36,,,\n"
    client_for(alice).post(f"{BASE}/scorecard/upload/", {"file": csv_file(text), "approve": "on"})
    assert IndicatorValue.objects.get(indicator__code="SALTLW", period=date(2024, 8, 1)).state == ValueState.APPROVED


def test_upload_templates_download(scorecard, client_for, olive, alice):
    response = client_for(olive).get(f"{BASE}/scorecard/upload/template/")
    assert response.content.decode().splitlines()[0] == "indicator_code,period,value,numerator,denominator,note"
    response = client_for(alice).get(f"{BASE}/scorecard/indicators/upload/template/?format=xlsx")
    assert response.content[:2] == b"PK"


def test_the_lead_approves_submitted_values_in_one_go(scorecard, client_for, alice):
    client = client_for(alice)
    html = client.get(f"{BASE}/scorecard/approvals/").content.decode()
    assert "1 value awaiting approval" in html and "EHCPACT" in html
    pending = IndicatorValue.objects.get(state=ValueState.SUBMITTED)
    assert "Select at least one" in client.post(f"{BASE}/scorecard/approvals/", {}, follow=True).content.decode()
    client.post(f"{BASE}/scorecard/approvals/", {"value": [str(pending.pk)]})
    pending.refresh_from_db()
    assert pending.state == ValueState.APPROVED and pending.approved_by == alice


# ---------------------------------------------------------------- indicators, targets, benchmarks


def test_the_lead_defines_an_indicator_in_the_app(wirral, client_for, alice, olive):
    client = client_for(alice)
    assert client.get(f"{BASE}/scorecard/indicators/new/").status_code == 200
    data = {
        "code": "dta6", "name": "Decisions to assess within 6 weeks", "description": "Decisions made in time.",
        "service_area": "ehcp", "owner": olive.pk, "unit": "percent", "polarity": "higher", "frequency": "monthly",
        "publishable": "on", "computed_source": "", "target": "90", "target_from": "2024-04", "tolerance": "5",
        "numerator_definition": "Decisions within 6 weeks", "denominator_definition": "Decisions made",
    }  # fmt: skip
    response = client.post(f"{BASE}/scorecard/indicators/new/", data)
    assert response.status_code == 302 and response["Location"] == "/board/344/scorecard/indicators/DTA6/"
    indicator = Indicator.objects.get(code="DTA6")
    assert (indicator.owner, indicator.publishable, indicator.targets.get().value) == (olive, True, D(90))


def test_a_target_without_a_start_date_is_refused_on_the_form(wirral, client_for, alice):
    data = {
        "code": "DTA6", "name": "Decisions", "description": "x", "service_area": "ehcp", "unit": "percent",
        "polarity": "higher", "frequency": "monthly", "computed_source": "", "target": "90",
    }  # fmt: skip
    html = client_for(alice).post(f"{BASE}/scorecard/indicators/new/", data).content.decode()
    assert "A target needs the date it applies from, such as 2024-04." in html
    assert not Indicator.objects.exists()


def test_the_lead_changes_a_definition_but_not_the_unit_of_one_with_values(scorecard, client_for, alice):
    client = client_for(alice)
    html = client.get(f"{BASE}/scorecard/indicators/AR12/edit/").content.decode()
    assert "Fixed: the indicator has values" in html
    data = {
        "code": "AR12", "name": "Annual reviews in 12 weeks", "description": "Reviews on time.",
        "service_area": "ehcp", "unit": "count", "polarity": "higher", "frequency": "quarterly",
        "computed_source": "", "publishable": "on",
    }  # fmt: skip
    assert client.post(f"{BASE}/scorecard/indicators/AR12/edit/", data).status_code == 302
    indicator = Indicator.objects.get(code="AR12")
    assert (indicator.name, indicator.unit, indicator.frequency) == ("Annual reviews in 12 weeks", "percent", "monthly")


def test_the_lead_adds_a_target_and_a_benchmark(scorecard, client_for, alice):
    client = client_for(alice)
    response = client.post(
        f"{BASE}/scorecard/indicators/AR12/targets/new/", {"applies_from": "2025-04", "value": "70", "tolerance": "10"}
    )
    assert response.status_code == 302
    assert Target.objects.filter(indicator__code="AR12", applies_from=date(2025, 4, 1), value=70).exists()
    html = client.post(
        f"{BASE}/scorecard/indicators/AR12/targets/new/", {"applies_from": "", "value": "70"}
    ).content.decode()
    assert "There is a problem" in html
    response = client.post(
        f"{BASE}/scorecard/indicators/AR12/benchmarks/new/", {"series": "england", "period": "2024-12", "value": "43.1"}
    )
    assert response.status_code == 302
    html = client.post(
        f"{BASE}/scorecard/indicators/OOB/benchmarks/new/", {"series": "england", "period": "2024-03", "value": "1"}
    ).content.decode()
    assert "is a month, but this indicator is termly" in html


def test_a_neutral_indicator_takes_no_target_on_the_page(scorecard, client_for, alice):
    html = client_for(alice).get(f"{BASE}/scorecard/indicators/EHCPACT/targets/new/").content.decode()
    assert "context indicator" in html and "<form" not in html.split("</header>")[1]


def test_the_lead_uploads_definitions(wirral, client_for, alice):
    text = (
        "code,name,service_area,unit,polarity,frequency,target,target_from,tolerance,publishable\n"
        "SALTLW,SALT longest wait,Health,weeks,lower,monthly,18,2024-04,8,yes\n"
        "OOB,Out of borough,Education,furlongs,lower,termly,240,2024-T3,20,yes\n"
    )
    html = client_for(alice).post(f"{BASE}/scorecard/indicators/upload/", {"file": csv_file(text)}).content.decode()
    assert "Nothing was saved: 1 problem(s)" in html and "not a known unit" in html
    assert not Indicator.objects.exists()
    response = client_for(alice).post(
        f"{BASE}/scorecard/indicators/upload/", {"file": csv_file(text.replace("furlongs", "count"))}
    )
    assert response.status_code == 302 and Indicator.objects.count() == 2


def test_the_indicator_list_is_for_everyone_but_management_for_leads(scorecard, client_for, bob, alice):
    assert "Define an indicator" not in client_for(bob).get(f"{BASE}/scorecard/indicators/").content.decode()
    assert "Define an indicator" in client_for(alice).get(f"{BASE}/scorecard/indicators/").content.decode()


# ---------------------------------------------------------------- commentary, deep dives, exceptions, data due


def test_the_owner_writes_commentary_and_another_officer_cannot(scorecard, client_for, olive, wirral):
    from send_board.models import Role
    from tests.factories import MembershipFactory

    client = client_for(olive)
    assert 'value="2024-12"' in client.get(f"{BASE}/scorecard/indicators/AR12/commentary/").content.decode()
    client.post(f"{BASE}/scorecard/indicators/AR12/commentary/", {"period": "2024-12", "text": "New EYES system."})
    assert Commentary.objects.get().text == "New EYES system."
    other = MembershipFactory(user__username="otto", local_area=wirral, role=Role.OFFICER).user
    response = client_for(other).post(
        f"{BASE}/scorecard/indicators/AR12/commentary/", {"period": "2024-12", "text": "x"}
    )
    assert response.status_code == 403
    assert Commentary.objects.get().text == "New EYES system."


def test_a_board_member_sets_and_clears_a_deep_dive_from_the_exceptions_page(scorecard, client_for, bob):
    client = client_for(bob)
    html = client.get(f"{BASE}/exceptions/").content.decode()
    assert "Annual reviews completed within 12 weeks" in html and "Worsening 3 periods running" in html
    assert "CAMHS waiting list" not in html
    response = client.post(
        f"{BASE}/scorecard/indicators/AR12/deep-dive/", {"reason": "Why 33%?", "next": f"{BASE}/exceptions/"}
    )
    assert response["Location"] == f"{BASE}/exceptions/"
    assert DeepDiveRequest.objects.get(cleared_at__isnull=True).reason == "Why 33%?"
    assert "Deep dive requested" in client.get(f"{BASE}/exceptions/").content.decode()
    client.post(f"{BASE}/scorecard/indicators/AR12/deep-dive/", {"outcome": "Heard", "next": "https://evil.example/"})
    assert not DeepDiveRequest.objects.filter(cleared_at__isnull=True).exists()


def test_an_officer_cannot_flag_a_deep_dive(scorecard, client_for, olive):
    assert client_for(olive).post(f"{BASE}/scorecard/indicators/AR12/deep-dive/", {}).status_code == 403
    assert "Request a deep dive" not in client_for(olive).get(f"{BASE}/exceptions/").content.decode()
    assert not DeepDiveRequest.objects.exists()


def test_exceptions_show_the_owners_commentary(scorecard, client_for, bob, olive):
    from performance import services

    services.commentary_save(indicator=scorecard["ar12"], period=date(2024, 12, 1), text="EYES go-live.", user=olive)
    assert "EYES go-live." in client_for(bob).get(f"{BASE}/exceptions/").content.decode()


def test_data_due_officers_see_their_own_and_others_see_all(scorecard, client_for, olive, alice):
    html = client_for(olive).get(f"{BASE}/data-due/?month=2025-01").content.decode()
    assert "Values owed by the end of January 2025, oldest first (yours)" in html
    assert "AR12" in html and "CAMHSWL" in html and "SALTLW" not in html
    assert 'href="/board/344/scorecard/indicators/AR12/values/new/?period=2025-01"' in html
    html = client_for(alice).get(f"{BASE}/data-due/?month=2025-01").content.decode()
    assert "SALTLW" in html and "AR12" in html and "EHCPACT" in html


# ---------------------------------------------------------------- improvement actions


def test_the_lead_links_improvement_actions(scorecard, browser_for, alice, bob, wirral, walsall):
    action = ActionFactory(area_of_concern__plan__local_area=wirral, code="2.2.a", title="EHCP quality standards")
    ActionFactory(area_of_concern__plan__local_area=walsall, code="9.9.z", title="Walsall's own")
    client = browser_for(alice)
    html = client.get(f"{BASE}/scorecard/indicators/EHCP20/actions/").content.decode()
    assert "EHCP quality standards" in html and "Walsall's own" not in html
    assert client.post(f"{BASE}/scorecard/indicators/EHCP20/actions/", {"actions": [action.pk]}).status_code == 302
    assert IndicatorActionLink.objects.get().action == action
    assert "EHCP quality standards" in browser_for(bob).get(f"{BASE}/scorecard/indicators/EHCP20/").content.decode()
    client.post(f"{BASE}/scorecard/indicators/EHCP20/actions/", {})
    assert not IndicatorActionLink.objects.exists()


# ---------------------------------------------------------------- a fixed number of queries


def add_history(area, indicators, months):
    """`months` more monthly values for each indicator, with ratings."""
    from performance.services import ratings_recompute

    for indicator in indicators:
        if indicator.frequency != "monthly":
            continue
        existing = set(indicator.values.values_list("period", flat=True))
        rows = []
        month = date(2015, 1, 1)
        for _ in range(months):
            if month not in existing:
                rows.append(
                    IndicatorValue(
                        indicator=indicator,
                        period=month,
                        period_end=month.replace(day=28),
                        value=D(40),
                        state=ValueState.APPROVED,
                        approved_at=indicator.created,
                    )  # fmt: skip
                )
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        IndicatorValue.objects.bulk_create(rows)
        ratings_recompute(indicator_id=indicator.pk)


@pytest.mark.parametrize(
    "path", [f"{BASE}/", f"{BASE}/scorecard/services/ehcp/", f"{BASE}/scorecard/services/health/", f"{BASE}/scorecard/"]
)
def test_scorecard_pages_make_the_same_queries_whatever_the_data_size(
    scorecard, client_for, bob, wirral, path, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(bob)
    client.get(path)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    add_history(wirral, list(Indicator.objects.filter(area=wirral)), months=100)
    with CaptureQueriesContext(connection) as large:
        assert client.get(path).status_code == 200
    assert len(large) == len(small)
    with django_assert_max_num_queries(20):
        client.get(path)


def test_the_urls_are_named(scorecard):
    assert reverse("performance:dashboard", args=["344"]) == "/board/344/"
    assert reverse("performance:scorecard", args=["344"]) == "/board/344/scorecard/"
    assert reverse("performance:service_scorecard", args=["344", "health"]) == "/board/344/scorecard/services/health/"
    assert reverse("performance:indicator", args=["344", "EHCP20"]) == "/board/344/scorecard/indicators/EHCP20/"
    assert reverse("performance:exceptions", args=["344"]) == "/board/344/exceptions/"
    assert reverse("performance:data_due", args=["344"]) == "/board/344/data-due/"


def test_pages_name_nobody_for_what_an_import_made(wirral, client_for, alice, run_on_commit):
    from performance import imports

    text = "code,name,service_area,unit,polarity,frequency,target,target_from,tolerance,publishable\n"
    text += "AR12,Annual reviews,EHCP,percent,higher,monthly,60,2024-04,10,yes\n"
    source = io.BytesIO(text.encode())
    source.name = "defs.csv"
    imports.indicators_import(area=wirral, source=source)
    values = io.BytesIO(b"indicator_code,period,value\nAR12,2024-12,33\n")
    values.name = "values.csv"
    run_on_commit(imports.values_import, area=wirral, source=values)
    client = client_for(alice)
    html = client.get(f"{BASE}/scorecard/indicators/AR12/").content.decode()
    assert "Import, " in html and "System" in html
    assert "Import" in client.get(f"{BASE}/scorecard/indicators/AR12/values/2024-12/").content.decode()
    assert "Import" in client.get(f"{BASE}/scorecard/approvals/").content.decode()
