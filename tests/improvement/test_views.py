"""Pages: who may open and change them, what they show, and that bad input
is explained and saves nothing."""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.utils import timezone

from improvement.models import (
    Action,
    ActionLogItem,
    ActionUpdate,
    AreaReview,
    ChangeRecord,
    Decision,
    EvidenceStatus,
    PeriodStatus,
    Plan,
    ReportingPeriod,
    Risk,
    RiskReview,
    SupportReceived,
)
from tests.improvement.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AreaOfConcernFactory,
    EvidenceItemFactory,
    MeetingFactory,
    PeriodFactory,
    PlanFactory,
    RiskFactory,
    WorkstreamFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def plan(wirral):
    return PlanFactory(
        local_area=wirral, name="Written Statement of Action", slug="wsoa", approved_on=date(2022, 3, 28)
    )


@pytest.fixture
def workstream(wirral, olive):
    return WorkstreamFactory(local_area=wirral, name="Workstream 1 – Data", members=[olive])


@pytest.fixture
def concern(plan, workstream):
    return AreaOfConcernFactory(plan=plan, number=1, title="Information and data", workstream=workstream)


@pytest.fixture
def period(plan):
    return PeriodFactory(plan=plan, month=date(2022, 4, 1), label="April 2022", ends_on=date(2022, 4, 30))


@pytest.fixture
def action(concern, workstream):
    return ActionFactory(
        area_of_concern=concern, code="1.1.a", title="Systems audit", status="not_started", workstream=workstream
    )


def url(name, *args):
    from django.urls import reverse

    return reverse(f"improvement:{name}", args=["344", *args])


# ---------------------------------------------------------------- plans


def test_every_role_of_the_area_reads_the_plans(client_for, alice, bob, olive, plan, action):
    for user in (alice, bob, olive):
        response = client_for(user).get(url("plan"))
        assert response.status_code == 200
        assert "Written Statement of Action" in response.content.decode()


def test_the_plan_list_offers_new_plan_to_leads_only(client_for, alice, bob):
    assert "New plan" in client_for(alice).get(url("plan")).content.decode()
    assert "New plan" not in client_for(bob).get(url("plan")).content.decode()


def test_a_lead_creates_a_plan(client_for, alice, wirral):
    response = client_for(alice).post(
        url("plan_new"),
        {
            "name": "Improvement Notice 2024",
            "kind": "improvement_notice",
            "approved_on": "2024-05-20",
            "is_active": "on",
        },
    )
    plan = Plan.objects.get(name="Improvement Notice 2024")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.slug == "improvement-notice-2024" and plan.local_area == wirral


def test_a_plan_completing_before_approval_is_refused(client_for, alice):
    response = client_for(alice).post(
        url("plan_new"),
        {"name": "Bad", "kind": "wsoa", "approved_on": "2024-05-20", "target_completion": "2024-01-01"},
    )
    assert response.status_code == 400 and not Plan.objects.exists()
    assert "after the approval date" in response.content.decode()


def test_board_members_and_officers_cannot_create_plans(client_for, bob, olive):
    for user in (bob, olive):
        assert client_for(user).post(url("plan_new"), {"name": "X", "kind": "wsoa"}).status_code == 403
    assert not Plan.objects.exists()


def test_an_unknown_plan_is_404(client_for, alice):
    assert client_for(alice).get(url("plan_overview", "nope")).status_code == 404


def test_a_plan_of_another_area_is_404(client_for, alice, walsall):
    PlanFactory(local_area=walsall, slug="walsall-wsoa")
    assert client_for(alice).get(url("plan_overview", "walsall-wsoa")).status_code == 404


def test_the_overview_shows_the_programme_status_against_the_previous_period(client_for, bob, plan, concern):
    september = PeriodFactory(plan=plan, month=date(2020, 9, 1), label="September 2020 Board")
    for n, status in enumerate(["beyond_milestone"] * 2 + ["in_progress"] * 3):
        ActionFactory(
            area_of_concern=concern,
            code=f"1.{n}",
            status=status,
            reason="r",
            mitigation="m",
            milestone=date(2030, 1, 1),
        )
    from improvement import services

    services.period_close(period_id=september.pk)
    PeriodFactory(plan=plan, month=date(2020, 12, 1), label="December 2020 Board")
    Action.objects.filter(code="1.2").update(status="beyond_milestone")
    response = client_for(bob).get(plan.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    table = response.context["overview"].status_table
    by_label = {r["label"]: (r["current"], r["previous"], r["change_text"]) for r in table}
    assert by_label["Beyond Milestone"] == (3, 2, "up 1")
    assert by_label["In Progress"] == (2, 3, "down 1")
    assert "December 2020 Board (current)" in body and "September 2020 Board (previous)" in body
    assert 'id="status-periods-chart"' in body and 'id="status-periods-table"' in body
    figure = response.context["figure"]
    assert [t.name for t in figure.data][:2] == ["Not Started", "Beyond Milestone"]
    assert list(figure.data[1].y) == [2, 3]


def test_the_status_csv_has_status_current_previous(client_for, bob, plan, concern, period):
    ActionFactory(area_of_concern=concern, status="delayed", reason="r", mitigation="m")
    response = client_for(bob).get(url("plan_status_csv", plan.slug))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["status", "current", "previous"]
    assert ["Delayed", "1", ""] in rows and len(rows) == 8


# ---------------------------------------------------------------- action table


def test_the_action_table_filters_by_area_status_brag_owner_workstream_and_overdue(
    client_for, bob, olive, plan, concern, workstream
):
    other_area = AreaOfConcernFactory(plan=plan, number=2, title="EHC assessments")
    today = timezone.localdate()
    mine = ActionFactory(
        area_of_concern=concern,
        code="1.1.a",
        owner_user=olive,
        status="in_progress",
        workstream=workstream,
        milestone=today - timedelta(days=1),
    )
    ActionFactory(
        area_of_concern=other_area,
        code="2.1.a",
        status="delayed",
        reason="r",
        mitigation="m",
        milestone=today + timedelta(days=30),
    )
    ActionFactory(area_of_concern=other_area, code="2.1.b", status="complete", milestone=today - timedelta(days=9))
    client = client_for(bob)

    def codes(**params):
        response = client.get(url("action_list", plan.slug), params)
        assert response.status_code == 200
        return [a.code for a in response.context["table"].data]

    assert codes() == ["1.1.a", "2.1.a", "2.1.b"]
    assert codes(area_of_concern=other_area.pk) == ["2.1.a", "2.1.b"]
    assert codes(status="delayed") == ["2.1.a"]
    assert codes(brag="blue") == ["2.1.b"]
    assert codes(brag="green") == ["1.1.a"]
    assert codes(owner_user=olive.pk) == ["1.1.a"]
    assert codes(workstream=workstream.pk) == ["1.1.a"]
    assert codes(overdue="on") == [mine.code]
    assert codes(q="2.1") == ["2.1.a", "2.1.b"]
    assert codes(sort="-code") == ["2.1.b", "2.1.a", "1.1.a"]


def test_the_action_table_exports_csv_with_the_export_columns(client_for, bob, plan, concern, olive, workstream):
    olive.first_name, olive.last_name = "Olive", "Officer"
    olive.save()
    ActionFactory(
        area_of_concern=concern,
        code="1.1.a",
        title="Systems audit",
        owner_user=olive,
        workstream=workstream,
        milestone=date(2022, 6, 30),
        status="beyond_milestone",
        reason="r",
        mitigation="m",
    )
    response = client_for(bob).get(url("action_list", plan.slug), {"_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["plan", "area_number", "code", "title", "owner", "workstream", "milestone", "status", "brag"]
    assert rows[1] == [
        "Written Statement of Action",
        "1",
        "1.1.a",
        "Systems audit",
        "Olive Officer",
        "Workstream 1 – Data",
        "2022-06-30",
        "Beyond Milestone",
        "red",
    ]


def test_the_action_table_exports_xlsx_of_the_filtered_rows(client_for, bob, plan, concern):
    ActionFactory(area_of_concern=concern, code="1.1.a", status="complete")
    ActionFactory(area_of_concern=concern, code="1.1.b", status="in_progress")
    response = client_for(bob).get(url("action_list", plan.slug), {"_export": "xlsx", "brag": "blue"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "1.1.a" and rows[1][8] == "blue"


# ---------------------------------------------------------------- action detail and update


def test_the_action_page_shows_its_update_history(client_for, bob, action, period):
    ActionUpdateFactory(action=action, period=period, progress="Indicator templates circulated.")
    response = client_for(bob).get(action.get_absolute_url())
    body = response.content.decode()
    assert "Indicator templates circulated." in body and "April 2022" in body
    assert "Record an update" not in body


def test_an_unknown_action_code_is_404(client_for, bob, plan):
    assert client_for(bob).get(url("action_detail", plan.slug, "9.9.z")).status_code == 404


def test_the_owner_records_an_update(client_for, olive, action, period):
    action.owner_user = olive
    action.workstream = None
    action.save()
    client = client_for(olive)
    assert client.get(url("action_update", "wsoa", "1.1.a")).status_code == 200
    response = client.post(
        url("action_update", "wsoa", "1.1.a"),
        {"period": period.pk, "status": "in_progress", "progress": "Templates sent to indicator owners."},
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get()
    assert update.progress == "Templates sent to indicator owners." and update.created_by == olive
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_a_workstream_member_updates_the_workstreams_actions(client_for, olive, action, period):
    response = client_for(olive).post(
        url("action_update", "wsoa", "1.1.a"), {"period": period.pk, "status": "in_progress", "progress": "Done"}
    )
    assert response.status_code == 302 and ActionUpdate.objects.count() == 1


def test_an_officer_cannot_update_an_action_outside_their_workstream(client_for, olive, plan, period, wirral):
    elsewhere = WorkstreamFactory(local_area=wirral, name="Workstream 2")
    other = ActionFactory(
        area_of_concern=AreaOfConcernFactory(plan=plan, number=2),
        code="2.2.a",
        workstream=elsewhere,
        status="not_started",
    )
    client = client_for(olive)
    assert client.get(url("action_update", "wsoa", "2.2.a")).status_code == 403
    response = client.post(url("action_update", "wsoa", "2.2.a"), {"period": period.pk, "status": "complete"})
    assert response.status_code == 403
    assert not ActionUpdate.objects.exists()
    other.refresh_from_db()
    assert other.status == "not_started"


def test_board_members_cannot_update_actions(client_for, bob, action, period):
    response = client_for(bob).post(url("action_update", "wsoa", "1.1.a"), {"period": period.pk, "status": "closed"})
    assert response.status_code == 403 and not ActionUpdate.objects.exists()


def test_a_lead_updates_any_action(client_for, alice, action, period):
    response = client_for(alice).post(
        url("action_update", "wsoa", "1.1.a"), {"period": period.pk, "status": "complete"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("status", ["delayed", "beyond_milestone"])
def test_an_update_behind_schedule_without_reason_is_explained_and_not_saved(client_for, olive, action, period, status):
    response = client_for(olive).post(url("action_update", "wsoa", "1.1.a"), {"period": period.pk, "status": status})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the reason: it is required when the status is" in body
    assert "Enter the mitigation or remedial action" in body
    assert 'href="#id_reason"' in body  # the error summary links to the field
    assert '<p id="id_reason-error" class="govuk-error-message">' in body  # and the message is beside it
    assert not ActionUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == "not_started"


def test_an_update_to_a_closed_period_is_refused(client_for, olive, action, period, plan):
    ActionUpdateFactory(action=action, period=period, progress="As closed")
    period.status, period.closed_at = PeriodStatus.CLOSED, timezone.now()
    period.save()
    PeriodFactory(plan=plan, month=date(2022, 5, 1), label="May 2022")
    response = client_for(olive).post(
        url("action_update", "wsoa", "1.1.a"), {"period": period.pk, "status": "complete", "progress": "Changed"}
    )
    assert response.status_code == 400
    assert "Choose an open reporting period" in response.content.decode()
    assert ActionUpdate.objects.get().progress == "As closed"


def test_without_an_open_period_the_update_page_says_so(client_for, olive, action):
    response = client_for(olive).get(url("action_update", "wsoa", "1.1.a"))
    assert "There is no open reporting period" in response.content.decode()


# ---------------------------------------------------------------- action create / edit


def action_post(concern, **overrides):
    data = {
        "code": "1.1.b",
        "title": "Data collection",
        "area_of_concern": concern.pk,
        "milestone": "2022-06-30",
        "status": "not_started",
        "owner_name": "Head of Performance",
    }
    return {**data, **overrides}


def test_a_lead_creates_an_action(client_for, alice, plan, concern):
    response = client_for(alice).post(url("action_new", plan.slug), action_post(concern))
    action = Action.objects.get(code="1.1.b")
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()


def test_a_duplicate_code_is_explained_and_not_saved(client_for, alice, plan, concern, action):
    response = client_for(alice).post(url("action_new", plan.slug), action_post(concern, code="1.1.a"))
    assert "already has an action 1.1.a" in response.content.decode()
    assert Action.objects.count() == 1


def test_a_milestone_before_approval_asks_for_confirmation(client_for, alice, plan, concern):
    client = client_for(alice)
    response = client.post(url("action_new", plan.slug), action_post(concern, milestone="01/03/2022"))
    body = response.content.decode()
    assert response.status_code == 400 and not Action.objects.exists()
    assert "1 March 2022 is before the plan was approved on 28 March 2022" in body
    assert 'name="confirm_milestone"' in body
    response = client.post(
        url("action_new", plan.slug), action_post(concern, milestone="01/03/2022", confirm_milestone="")
    )
    assert not Action.objects.exists()
    response = client.post(
        url("action_new", plan.slug), action_post(concern, milestone="01/03/2022", confirm_milestone="on")
    )
    assert response.status_code == 302
    assert Action.objects.get().milestone == date(2022, 3, 1)


def test_officers_cannot_create_actions(client_for, olive, plan, concern):
    assert client_for(olive).post(url("action_new", plan.slug), action_post(concern)).status_code == 403
    assert not Action.objects.exists()


def test_editing_an_action_shows_in_its_history(client_for, alice, action, concern):
    client_for(alice).post(
        url("action_edit", "wsoa", "1.1.a"), action_post(concern, code="1.1.a", title="Data systems audit")
    )
    response = client_for(alice).get(action.get_absolute_url())
    body = response.content.decode()
    assert "Data systems audit" in body and "Systems audit →" in body


# ---------------------------------------------------------------- area page


def test_the_area_page_follows_the_wsoa_review_template(client_for, bob, plan, concern, period, action):
    ActionUpdateFactory(action=action, period=period, progress="Indicator definition template developed.")
    late = ActionFactory(
        area_of_concern=concern, code="1.2.a", status="delayed", reason="Recruitment", mitigation="Interim cover"
    )
    ActionUpdateFactory(
        action=late, period=period, status="delayed", reason="Recruitment", mitigation="Interim cover", progress=""
    )
    AreaReview.objects.create(
        area_of_concern=concern,
        period=period,
        evidence_of_impact="74 new places.",
        key_next_steps="Templates by May\nReport to the June board",
    )
    SupportReceived.objects.create(area_of_concern=concern, period=period, activity="Data workshop", provider="DfE")
    response = client_for(bob).get(concern.get_absolute_url())
    body = response.content.decode()
    for heading in (
        "Progress on key actions",
        "Evidence of impact",
        "Key next steps",
        "Are there any actions behind schedule?",
        "Support received in this reporting period",
    ):
        assert heading in body
    assert "Indicator definition template developed." in body
    assert "74 new places." in body and "<li>Report to the June board</li>" in body
    assert "Recruitment" in body and "Interim cover" in body
    assert "Data workshop" in body and "DfE" in body
    assert response.context["page"].counts["delayed"] == 1


def test_the_area_page_of_a_closed_period_lists_actions_marked_at_close(client_for, bob, plan, concern, period):
    from improvement import services

    ActionFactory(area_of_concern=concern, code="1.3.a", milestone=date(2022, 4, 15))
    services.period_close(period_id=period.pk)
    response = client_for(bob).get(concern.get_absolute_url(), {"period": "2022-04"})
    (row,) = response.context["page"].behind
    assert row["action"].code == "1.3.a" and "Marked Beyond Milestone when the period closed" in row["note"]


def test_an_unknown_period_on_the_area_page_is_404(client_for, bob, concern):
    assert client_for(bob).get(concern.get_absolute_url(), {"period": "1999-01"}).status_code == 404


def test_the_workstream_writes_the_area_review(client_for, olive, concern, period):
    response = client_for(olive).post(
        url("area_review", "wsoa", 1) + f"?period={period.pk}",
        {"evidence_of_impact": "173 survey responses.", "key_next_steps": "Analyse the survey"},
    )
    assert response.status_code == 302
    assert AreaReview.objects.get().evidence_of_impact == "173 survey responses."


def test_an_officer_outside_the_workstream_cannot_write_the_area_review(client_for, olive, plan, period, wirral):
    other = AreaOfConcernFactory(plan=plan, number=2, workstream=WorkstreamFactory(local_area=wirral))
    response = client_for(olive).post(url("area_review", "wsoa", other.number), {"evidence_of_impact": "x"})
    assert response.status_code == 403 and not AreaReview.objects.exists()


def test_support_received_is_recorded(client_for, alice, concern, period):
    response = client_for(alice).post(
        url("area_support", "wsoa", 1), {"activity": "Advice on joint commissioning", "provider": "DfE adviser"}
    )
    assert response.status_code == 302 and SupportReceived.objects.get().provider == "DfE adviser"


def test_a_lead_moves_an_area_to_business_as_usual(client_for, alice, concern):
    data = {
        "number": 1,
        "title": concern.title,
        "status": "bau",
        "bau_date": "2024-11-26",
        "bau_agreed_by": "DfE and NHS England stocktake, 26 Nov 2024",
    }
    response = client_for(alice).post(url("area_edit", "wsoa", 1), data)
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.is_bau and concern.bau_date == date(2024, 11, 26)


def test_bau_without_who_agreed_is_refused(client_for, alice, concern):
    response = client_for(alice).post(
        url("area_edit", "wsoa", 1), {"number": 1, "title": concern.title, "status": "bau", "bau_date": "2024-11-26"}
    )
    assert "Say who agreed it" in response.content.decode()
    concern.refresh_from_db()
    assert not concern.is_bau


# ---------------------------------------------------------------- periods


def test_a_lead_opens_and_closes_a_period(client_for, alice, plan, concern, django_capture_on_commit_callbacks):
    client = client_for(alice)
    response = client.post(
        url("period_new", plan.slug),
        {
            "month": "2024-11",
            "label": "November 2024 Board",
            "kind": "board",
            "starts_on": "2024-11-01",
            "ends_on": "2024-11-30",
        },
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get()
    late = ActionFactory(area_of_concern=concern, milestone=date(2024, 11, 1), status="in_progress")
    page = client.get(url("period_close", plan.slug, period.pk))
    assert late.code in page.content.decode() and "will become Beyond Milestone" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("period_close", plan.slug, period.pk))
    assert response.status_code == 302
    period.refresh_from_db()
    late.refresh_from_db()
    assert period.status == "closed" and late.status == "beyond_milestone"


def test_a_duplicate_period_month_is_refused(client_for, alice, plan, period):
    response = client_for(alice).post(
        url("period_new", plan.slug),
        {
            "month": "April 2022",
            "label": "Again",
            "kind": "monthly",
            "starts_on": "2022-04-01",
            "ends_on": "2022-04-30",
        },
    )
    assert "already has a period in April 2022" in response.content.decode()
    assert ReportingPeriod.objects.count() == 1


def test_officers_cannot_close_periods(client_for, olive, plan, period):
    assert client_for(olive).post(url("period_close", plan.slug, period.pk)).status_code == 403
    period.refresh_from_db()
    assert period.is_open


def test_a_closed_period_cannot_be_closed_again(client_for, alice, plan, period):
    period.status, period.closed_at = "closed", timezone.now()
    period.save()
    response = client_for(alice).post(url("period_close", plan.slug, period.pk), follow=True)
    assert "already closed" in response.content.decode()


# ---------------------------------------------------------------- my actions


def test_my_actions_lists_owned_and_workstream_actions_due_this_period(
    client_for, olive, plan, concern, period, wirral
):
    owned = ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan, number=2), code="2.1.a", owner_user=olive)
    in_workstream = ActionFactory(area_of_concern=concern, code="1.1.a", workstream=concern.workstream)
    ActionFactory(area_of_concern=concern, code="1.9.z", workstream=WorkstreamFactory(local_area=wirral))
    ActionUpdateFactory(action=in_workstream, period=period)
    in_workstream.milestone = date(2022, 9, 30)
    in_workstream.save()
    response = client_for(olive).get(url("my_actions"))
    rows = response.context["rows"]
    assert {r.action.code for r in rows} == {"1.1.a", "2.1.a"}
    assert [r.action for r in response.context["due"]] == [owned]


def test_my_actions_lists_what_the_close_marked_beyond_milestone(client_for, olive, plan, concern, period):
    from improvement import services

    ActionFactory(area_of_concern=concern, code="1.1.a", owner_user=olive, milestone=date(2022, 4, 1))
    services.period_close(period_id=period.pk)
    body = client_for(olive).get(url("my_actions")).content.decode()
    assert "Marked Beyond Milestone at a period" in body and "1.1.a" in body


# ---------------------------------------------------------------- import


def upload(content, name="actions.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


HEADER = "area_number,area_title,code,title,owner,workstream,milestone,status,reason,mitigation\n"


def test_the_upload_page_imports_actions(client_for, alice, plan):
    content = HEADER + (
        "1,Information and data,1.1.a,Systems audit,alice,Workstream 1,2022-06-30,in progress,,\n"
        "2,EHC assessments,2.2.a,Compliance checklist,Head of SEND,,30/09/2022,DELAYED,Consultation,June board\n"
    )
    response = client_for(alice).post(url("actions_import", plan.slug), {"file": upload(content)})
    assert response.status_code == 302
    assert Action.objects.get(code="1.1.a").owner_user == alice
    delayed = Action.objects.get(code="2.2.a")
    assert (delayed.status, delayed.owner_name, delayed.reason) == ("delayed", "Head of SEND", "Consultation")


def test_an_upload_with_an_unknown_status_or_bad_date_saves_nothing(client_for, alice, plan):
    content = HEADER + (
        "1,Information and data,1.1.a,Systems audit,alice,,2022-06-30,In Progress,,\n"
        "1,Information and data,1.1.b,Data collection,alice,,31/02/2022,Paused,,\n"
    )
    response = client_for(alice).post(url("actions_import", plan.slug), {"file": upload(content)})
    body = response.content.decode()
    assert response.status_code == 400
    assert "nothing was saved" in body
    assert "&#x27;Paused&#x27; is not an action status" in body
    assert "&#x27;31/02/2022&#x27; is not a date" in body
    assert not Action.objects.exists()


def test_an_upload_with_early_milestones_asks_for_confirmation(client_for, alice, plan):
    content = HEADER + "1,Data,1.1.a,Audit,,,2022-01-31,Not Started,,\n"
    client = client_for(alice)
    response = client.post(url("actions_import", plan.slug), {"file": upload(content)})
    assert 'name="confirm_milestones"' in response.content.decode() and not Action.objects.exists()
    response = client.post(url("actions_import", plan.slug), {"file": upload(content), "confirm_milestones": "on"})
    assert response.status_code == 302 and Action.objects.count() == 1


def test_an_empty_upload_is_explained(client_for, alice, plan):
    response = client_for(alice).post(url("actions_import", plan.slug), {"file": upload(HEADER)})
    assert "header row but no data rows" in response.content.decode()


def test_the_import_template_downloads(client_for, alice, plan):
    response = client_for(alice).get(url("actions_import_template", plan.slug))
    assert response.content.decode().splitlines()[0] == HEADER.strip()


def test_officers_cannot_import(client_for, olive, plan):
    content = HEADER + "1,Data,1.1.a,Audit,,,2022-06-30,Not Started,,\n"
    assert client_for(olive).post(url("actions_import", plan.slug), {"file": upload(content)}).status_code == 403
    assert not Action.objects.exists()


# ---------------------------------------------------------------- risks


def test_the_risk_register_shows_the_heat_map_and_flags_overdue_reviews(client_for, bob, wirral):
    RiskFactory(local_area=wirral, reference="R1", likelihood=5, impact=4, score=20, next_review_date=date(2020, 1, 1))
    RiskFactory(local_area=wirral, reference="R2", likelihood=5, impact=4, score=20)
    RiskFactory(local_area=wirral, reference="R3", likelihood=1, impact=1, score=1, status="closed")
    response = client_for(bob).get(url("risks"))
    body = response.content.decode()
    assert response.status_code == 200
    heat_rows = dict(response.context["heat_rows"])
    assert heat_rows[5][3][0] == 2 and heat_rows[5][3][1].label == "Very high"
    assert heat_rows[1][0][0] == 0
    assert "1 risk past its review date" in body and "Review overdue" in body
    assert 'id="heat-map-table"' in body
    assert response.context["bands"]["Very high"] == 2


def test_the_risk_register_exports_csv(client_for, bob, wirral):
    RiskFactory(local_area=wirral, reference="R1", title="EHCP timeliness", likelihood=4, impact=5, score=20)
    response = client_for(bob).get(url("risks"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:2] == ["R1", "EHCP timeliness"] and "Very high" in rows[1]


def test_an_officer_adds_a_risk_they_own(client_for, olive):
    response = client_for(olive).post(
        url("risk_new"),
        {"title": "Caseworker churn", "likelihood": "4", "impact": "3", "owner_user": olive.pk, "status": "open"},
    )
    risk = Risk.objects.get()
    assert response.status_code == 302 and (risk.score, risk.reference) == (12, "R1")


def test_an_officer_cannot_add_a_risk_for_someone_else(client_for, olive, alice):
    response = client_for(olive).post(
        url("risk_new"), {"title": "X", "likelihood": "4", "impact": "3", "owner_user": alice.pk, "status": "open"}
    )
    assert response.status_code == 400 and not Risk.objects.exists()


@pytest.mark.parametrize(("likelihood", "impact"), [("6", "3"), ("0", "3"), ("3", "9"), ("", "3")])
def test_a_likelihood_or_impact_outside_1_to_5_is_explained(client_for, alice, likelihood, impact):
    response = client_for(alice).post(
        url("risk_new"), {"title": "X", "likelihood": likelihood, "impact": impact, "status": "open"}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "from 1 to 5" in body
    assert not Risk.objects.exists()


def test_an_officer_cannot_change_a_risk_they_do_not_own(client_for, olive, wirral):
    risk = RiskFactory(local_area=wirral, owner_name="Director")
    assert client_for(olive).get(url("risk_edit", risk.pk)).status_code == 403
    assert (
        client_for(olive)
        .post(url("risk_review", risk.pk), {"reviewed_on": "2024-12-17", "likelihood": "1", "impact": "1"})
        .status_code
        == 403
    )
    assert not RiskReview.objects.exists()


def test_a_risk_of_the_officers_workstream_can_be_reviewed(client_for, olive, wirral, workstream):
    risk = RiskFactory(local_area=wirral, workstream=workstream, likelihood=4, impact=5, score=20)
    response = client_for(olive).post(
        url("risk_review", risk.pk),
        {"reviewed_on": "2024-12-17", "likelihood": "3", "impact": "5", "notes": "Recruitment complete"},
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.score == 15
    page = client_for(olive).get(risk.get_absolute_url()).content.decode()
    assert "Recruitment complete" in page and "Score" in page


def test_a_risk_of_another_area_is_404(client_for, alice, walsall):
    risk = RiskFactory(local_area=walsall)
    assert client_for(alice).get(url("risk_detail", risk.pk)).status_code == 404


# ---------------------------------------------------------------- decisions


def test_meetings_show_decisions_with_their_options(client_for, bob, wirral):
    meeting = MeetingFactory(local_area=wirral, attendees="Chair\nPCPW Chair")
    decision = Decision.objects.create(meeting=meeting, title="EHCP recovery options")
    decision.options.create(number=2, title="Further recruitment of agency staff", adopted=True)
    decision.options.create(
        number=8, title="Finalising plans by type", adopted=False, reason="Incompatible with the board's aspirations"
    )
    body = client_for(bob).get(url("decisions")).content.decode()
    assert "EHCP recovery options" in body and "Not adopted" in body
    assert "Incompatible with the board&#x27;s aspirations" in body
    detail = client_for(bob).get(meeting.get_absolute_url()).content.decode()
    assert "Present (2)" in detail


def test_a_lead_records_a_decision_with_options(client_for, alice, wirral):
    meeting = MeetingFactory(local_area=wirral)
    data = {
        "title": "EHCP recovery options",
        "option-TOTAL_FORMS": "2",
        "option-INITIAL_FORMS": "0",
        "option-MIN_NUM_FORMS": "1",
        "option-MAX_NUM_FORMS": "1000",
        "option-0-number": "2",
        "option-0-title": "Agency staff",
        "option-0-adopted": "on",
        "option-1-number": "1",
        "option-1-title": "Fewer update responses",
        "option-1-reason": "Parents",
    }
    response = client_for(alice).post(url("decision_new", meeting.pk), data)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert [(o.number, o.adopted) for o in decision.options.all()] == [(1, False), (2, True)]


def test_a_rejected_option_without_reason_is_refused(client_for, alice, wirral):
    meeting = MeetingFactory(local_area=wirral)
    data = {
        "title": "Options",
        "option-TOTAL_FORMS": "1",
        "option-INITIAL_FORMS": "0",
        "option-MIN_NUM_FORMS": "1",
        "option-MAX_NUM_FORMS": "1000",
        "option-0-number": "1",
        "option-0-title": "Demand management",
    }
    response = client_for(alice).post(url("decision_new", meeting.pk), data)
    assert "Say why option 1 was not adopted" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_action_log_is_carried_until_complete(client_for, bob, wirral):
    november = MeetingFactory(local_area=wirral, held_on=date(2024, 11, 19))
    december = MeetingFactory(local_area=wirral, held_on=date(2024, 12, 17))
    january = MeetingFactory(local_area=wirral, held_on=date(2025, 1, 21))
    ActionLogItem.objects.create(local_area=wirral, raised_at=november, item="Share the SEF")
    ActionLogItem.objects.create(
        local_area=wirral, raised_at=november, item="Transport paper", status="complete", completed_at=december
    )
    ActionLogItem.objects.create(local_area=wirral, raised_at=december, item="EHCP recovery update")
    response = client_for(bob).get(january.get_absolute_url())
    assert [i.item for i in response.context["carried"]] == ["Share the SEF", "EHCP recovery update"]
    response = client_for(bob).get(december.get_absolute_url())
    assert [i.item for i in response.context["carried"]] == ["Share the SEF", "Transport paper"]
    assert [i.item for i in response.context["raised"]] == ["EHCP recovery update"]


def test_officers_cannot_record_meetings(client_for, olive):
    assert client_for(olive).post(url("meeting_new"), {"title": "X", "held_on": "2024-12-17"}).status_code == 403


# ---------------------------------------------------------------- readiness and history


def test_readiness_counts_evidence_by_status(client_for, bob, sefton, wirral):
    for status, n in ((EvidenceStatus.HIGH_RISK, 2), (EvidenceStatus.UNDERWAY, 3)):
        for i in range(n):
            EvidenceItemFactory(local_area=wirral, status=status, title=f"{status} {i}")
    response = client_for(bob).get(url("readiness"))
    counts = {label: n for _, label, n, _ in response.context["counts"]}
    assert counts == {"High Risk": 2, "Work underway": 3, "Complete": 0, "Complete but update required": 0}


def test_an_officer_changes_only_evidence_they_own(client_for, olive, wirral):
    theirs = EvidenceItemFactory(local_area=wirral, owner_user=olive)
    other = EvidenceItemFactory(local_area=wirral)
    client = client_for(olive)
    response = client.post(url("evidence_edit", theirs.pk), {"title": theirs.title, "status": "complete"})
    assert response.status_code == 302
    assert client.post(url("evidence_edit", other.pk), {"title": "X", "status": "complete"}).status_code == 403


def test_the_history_page_lists_who_changed_what(client_for, alice, bob, plan, concern):
    client_for(alice).post(url("action_new", plan.slug), action_post(concern))
    body = client_for(bob).get(url("history")).content.decode()
    assert "Action created: 1.1.b Data collection" in body
    assert ChangeRecord.objects.get(subject="action").user == alice


def test_workstream_pages(client_for, alice, olive, bob):
    client = client_for(alice)
    response = client.post(url("workstream_new"), {"name": "Workstream 3 – Co-production", "members": [olive.pk]})
    assert response.status_code == 302
    assert "Workstream 3 – Co-production" in client_for(bob).get(url("workstream_list")).content.decode()


def test_the_update_form_shows_the_chosen_periods_own_update(client_for, olive, plan, action):
    from improvement import services

    april = PeriodFactory(plan=plan, month=date(2022, 4, 1), label="April 2022")
    may = PeriodFactory(plan=plan, month=date(2022, 5, 1), label="May 2022")
    services.action_update_save(
        action=action,
        period=april,
        user=olive,
        status="delayed",
        reason="Staff absence",
        mitigation="Cover from Workstream 2",
    )
    services.action_update_save(action=action, period=may, user=olive, status="in_progress")
    response = client_for(olive).get(url("action_update", "wsoa", "1.1.a"), {"period": april.pk})
    form = response.context["form"]
    assert form["status"].value() == "delayed" and form["reason"].value() == "Staff absence"


def test_the_action_table_searches_owners_without_an_account(client_for, bob, plan, concern):
    ActionFactory(area_of_concern=concern, code="1.1.a", owner_name="Head of SEND")
    ActionFactory(area_of_concern=concern, code="1.1.b", owner_name="Principal EP")
    response = client_for(bob).get(url("action_list", plan.slug), {"q": "head of"})
    assert [a.code for a in response.context["table"].data] == ["1.1.a"]
