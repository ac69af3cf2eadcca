"""The audit trail (send_board/audit.py): every create, change and delete of
the records a board answers for is kept with who, when, and old → new, also
when made in the Django admin and by bulk writes; history is append-only for
everyone, in the admin and in the database; a performance lead reads and
exports an area's history, and no other area's."""

import csv
import io
import re
import sqlite3
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ehcp import services as ehcp_services
from ehcp.models import CaseRecord, MonthlyReturn
from improvement import services as improvement_services
from improvement.models import Action, ActionStatus, AreaOfConcern, ChangeRecord, Decision, DecisionOption, Plan, Risk
from performance.models import Indicator, IndicatorValue, ValueState
from send_board import audit
from send_board.models import LocalArea, Membership, Role
from tests.factories import MembershipFactory
from tests.html_forms import post_forms
from tests.improvement.factories import (
    ActionFactory,
    AreaOfConcernFactory,
    MeetingFactory,
    PeriodFactory,
    PlanFactory,
    RiskFactory,
)
from tests.performance.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def latest_changes(obj):
    """{field label: (old, new)} of the object's latest history row."""
    record, previous = obj.history.all()[:2] if obj.history.count() > 1 else (obj.history.first(), None)
    return {change.label: (change.old, change.new) for change in audit.changes(record, previous)}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- what is kept


def test_every_kind_the_board_answers_for_is_tracked():
    tracked = {model._meta.label for model in audit.tracked_models()}
    assert {
        "ehcp.MonthlyReturn",
        "ehcp.CaseRecord",
        "ehcp.TimelinessTarget",
        "improvement.Plan",
        "improvement.Action",
        "improvement.ActionUpdate",
        "improvement.Risk",
        "improvement.Meeting",
        "improvement.Decision",
        "improvement.DecisionOption",
        "performance.Indicator",
        "performance.Target",
        "performance.IndicatorValue",
        "publishing.Publication",
        "publishing.Withdrawal",
        "send_board.Membership",
    } <= tracked


def test_a_return_change_keeps_who_and_each_old_and_new_value(wirral, olive):
    monthly_return = ehcp_services.return_create(
        area=wirral, month=date(2024, 3, 1), values={"issued": 40, "within_20_weeks": 20}, user=olive
    )
    ehcp_services.return_update(
        monthly_return=monthly_return, values={"issued": 41, "within_20_weeks": 20, "notes": "Late plan"}, user=olive
    )
    created, changed = monthly_return.history.order_by("history_id")
    assert (created.history_type, changed.history_type) == ("+", "~")
    assert created.history_user == olive and changed.history_user == olive
    assert latest_changes(monthly_return) == {
        "Plans issued, excluding exceptions": ("40", "41"),
        "Notes": ("", "Late plan"),
    }


CASE_HEADER = "reference,request_date,decision_date,decision,final_date,exception,closed_date\n"


def test_a_case_reimport_that_moves_a_final_date_leaves_the_old_and_the_new_date(wirral, alice, olive):
    first = CASE_HEADER + "WIR-1,2024-01-02,2024-02-01,assess,2024-05-01,no,\nWIR-2,2024-01-03,,pending,,no,\n"
    ehcp_services.cases_import(area=wirral, source=SimpleUploadedFile("a.csv", first.encode()), user=olive)
    moved = CASE_HEADER + "WIR-1,2024-01-02,2024-02-01,assess,2024-05-04,no,\nWIR-2,2024-01-03,,pending,,no,\n"
    ehcp_services.cases_import(area=wirral, source=SimpleUploadedFile("b.csv", moved.encode()), user=alice)

    case = CaseRecord.objects.get(reference="WIR-1")
    assert [r.history_type for r in case.history.order_by("history_id")] == ["+", "~"]
    assert case.history.first().history_user == alice
    # The first annual review falls due a year after the plan, so it moves with it.
    assert latest_changes(case) == {
        "Final plan issued": ("2024-05-01", "2024-05-04"),
        "Next review due": ("2025-05-01", "2025-05-04"),
    }
    unchanged = CaseRecord.objects.get(reference="WIR-2")
    assert unchanged.history.count() == 1


def test_a_decision_edit_records_what_changed_not_an_empty_record(wirral, alice):
    meeting = MeetingFactory(local_area=wirral)
    option = {"number": 1, "title": "Agency staff", "adopted": True, "reason": ""}
    decision = improvement_services.decision_save(
        meeting=meeting, user=alice, options=[option], title="EHCP recovery", resolution="Option 1"
    )
    improvement_services.decision_save(
        meeting=meeting,
        user=alice,
        decision=decision,
        options=[{**option, "reason": "Fastest"}],
        title="EHCP recovery",
        resolution="Option 1, reviewed in March",
    )
    record = ChangeRecord.objects.filter(subject="decision", verb="changed").get()
    assert record.changes == {
        "What the board resolved": ["Option 1", "Option 1, reviewed in March"],
        "Options": ["1. Agency staff (adopted)", "1. Agency staff (adopted: Fastest)"],
    }
    assert latest_changes(Decision.objects.get()) == {
        "What the board resolved": ("Option 1", "Option 1, reviewed in March")
    }
    # History outlives what it records (an earlier test's deleted demo leaves its rows): count this decision's.
    assert DecisionOption.history.filter(decision_id=decision.pk, history_type="-").count() == 1
    assert DecisionOption.history.filter(decision_id=decision.pk, history_type="+").count() == 2


def test_membership_changes_are_kept_with_the_administrator_who_made_them(wirral, ada):
    membership = MembershipFactory(user__username="dora", local_area=wirral, role=Role.OFFICER)
    client = signed_in(ada)
    url = reverse("admin:send_board_membership_change", args=[membership.pk])
    data = post_forms(client.get(url))[-1]
    data["role"] = Role.PERFORMANCE_LEAD
    assert client.post(url, data).status_code == 302

    record = membership.history.first()
    assert (record.history_type, record.history_user) == ("~", ada)
    assert latest_changes(membership) == {"Role": ("Officer", "Performance lead")}
    client.post(reverse("admin:send_board_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    deleted = Membership.history.filter(id=membership.pk).first()
    assert (deleted.history_type, deleted.history_user, deleted.role) == ("-", ada, Role.PERFORMANCE_LEAD)


def test_an_approved_value_changed_in_the_django_admin_is_recorded(wirral, ada):
    indicator = IndicatorFactory(area=wirral, code="EP6", unit="count")
    value = IndicatorValue.objects.create(
        indicator=indicator,
        period=date(2024, 7, 1),
        period_end=date(2024, 7, 31),
        value=Decimal(12),
        state=ValueState.APPROVED,
        approved_at=timezone.now(),
    )
    client = signed_in(ada)
    url = reverse("admin:performance_indicatorvalue_change", args=[value.pk])
    data = post_forms(client.get(url))[-1]
    data["value"] = "15"
    assert client.post(url, data).status_code == 302

    value.refresh_from_db()
    assert (value.value, value.version) == (Decimal(15), 2)
    assert value.history.first().history_user == ada
    assert latest_changes(value)["Value"] == ("12.0000", "15.0000")


def test_an_action_and_a_risk_changed_or_deleted_in_the_admin_are_recorded(wirral, ada):
    action = ActionFactory(area_of_concern=AreaOfConcernFactory(plan=PlanFactory(local_area=wirral)), title="Old")
    risk = RiskFactory(local_area=wirral, title="EP capacity")
    client = signed_in(ada)
    url = reverse("admin:improvement_action_change", args=[action.pk])
    data = post_forms(client.get(url))[-1]
    data["title"] = "New"
    assert client.post(url, data).status_code == 302
    assert latest_changes(Action.objects.get(pk=action.pk)) == {"Title": ("Old", "New")}
    assert action.history.first().history_user == ada

    client.post(reverse("admin:improvement_risk_delete", args=[risk.pk]), {"post": "yes"})
    deleted = Risk.history.filter(id=risk.pk, history_type="-").get()
    assert (deleted.history_user, deleted.title) == (ada, "EP capacity")


def test_queryset_and_bulk_updates_are_recorded_with_the_user_acting(wirral, alice):
    plan = PlanFactory(local_area=wirral)
    actions = ActionFactory.create_batch(2, area_of_concern=AreaOfConcernFactory(plan=plan))
    with audit.acting_as(alice):
        Action.objects.filter(plan=plan).update(status=ActionStatus.DELAYED)
    for action in actions:
        record = action.history.first()
        assert (record.history_type, record.history_user, record.status) == ("~", alice, ActionStatus.DELAYED)
        assert latest_changes(action) == {"Status": ("In Progress", "Delayed")}
    for action in actions:
        action.title = f"{action.title} (renamed)"
    with audit.acting_as(alice):
        Action.objects.bulk_update(actions, ["title"])
    assert all(a.history.first().title.endswith("(renamed)") for a in actions)


def test_a_period_close_records_beyond_milestone_in_the_history(wirral, alice):
    plan = PlanFactory(local_area=wirral)
    action = ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan), milestone=date(2022, 4, 15))
    period = PeriodFactory(plan=plan, month=date(2022, 4, 1))
    improvement_services.period_close(period_id=period.pk, user_id=alice.pk)
    record = action.history.first()
    assert (record.status, record.history_user) == (ActionStatus.BEYOND_MILESTONE, alice)
    assert Action.objects.get(pk=action.pk).version == 2


def test_bulk_created_values_are_recorded(wirral, alice):
    indicator = IndicatorFactory(area=wirral, unit="count")
    with audit.acting_as(alice):
        created = IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(indicator=indicator, period=date(2024, m, 1), period_end=date(2024, m, 28), value=m)
                for m in (1, 2)
            ]
        )
    mine = IndicatorValue.history.filter(indicator_id=indicator.pk)  # history outlives earlier tests' deleted rows
    assert mine.filter(history_type="+", history_user_id=alice.pk).count() == 2
    assert {r.id for r in mine} == {v.pk for v in created}


def test_deleting_an_area_keeps_a_history_row_per_deleted_object_with_the_user_acting(wirral, walsall, alice):
    plan = PlanFactory(local_area=walsall)
    ActionFactory.create_batch(3, area_of_concern=AreaOfConcernFactory(plan=plan))
    RiskFactory.create_batch(2, local_area=walsall)
    ActionFactory(area_of_concern=AreaOfConcernFactory(plan=PlanFactory(local_area=wirral)))
    tracked = [Plan, AreaOfConcern, Action, Risk]
    before = {model: list(model.objects.filter(audit.area_filter(model, walsall.pk)).values()) for model in tracked}
    with audit.acting_as(alice):
        LocalArea.objects.filter(pk=walsall.pk).delete()
    for model, rows in before.items():
        kept = {f.attname for f in audit.history_model(model)._meta.concrete_fields}
        fields = [f.attname for f in model._meta.concrete_fields if f.attname in kept]
        deleted = model.history.filter(id__in=[r["id"] for r in rows], history_type="-")
        assert sorted(deleted.values_list(*fields)) == sorted(tuple(r[f] for f in fields) for r in rows)
        assert set(deleted.values_list("history_user_id", flat=True)) == {alice.pk}
    assert Action.objects.filter(plan__local_area=wirral).count() == 1


@pytest.mark.parametrize("how", ["queryset", "object"])
def test_deleting_an_area_writes_its_history_in_one_insert_per_model_not_one_per_row(wirral, walsall, alice, how):
    plan = PlanFactory(local_area=walsall)
    ActionFactory.create_batch(6, area_of_concern=AreaOfConcernFactory(plan=plan))
    RiskFactory.create_batch(4, local_area=walsall)
    MembershipFactory.create_batch(3, local_area=walsall)
    action_ids = list(Action.objects.filter(plan=plan).values_list("pk", flat=True))
    history_tables = {audit.history_model(model)._meta.db_table for model in audit.tracked_models()}
    with audit.acting_as(alice), CaptureQueriesContext(connection) as queries:
        if how == "queryset":
            LocalArea.objects.filter(pk=walsall.pk).delete()
        else:
            LocalArea.objects.get(pk=walsall.pk).delete()
    inserts = [
        table
        for query in queries.captured_queries
        if query["sql"].startswith("INSERT INTO")
        for table in history_tables
        if query["sql"].startswith(f'INSERT INTO "{table}"')
    ]
    assert sorted(inserts) == sorted(set(inserts)), "a history table was written row by row"
    assert {audit.history_model(m)._meta.db_table for m in (Plan, Action, Risk, Membership)} <= set(inserts)
    deleted = Action.history.filter(id__in=action_ids, history_type="-")
    assert deleted.count() == 6
    assert set(deleted.values_list("history_user_id", flat=True)) == {alice.pk}
    assert not Action.objects.filter(pk__in=action_ids).exists()


def test_the_ratings_bookkeeping_is_not_a_change(wirral):
    indicator = IndicatorFactory(area=wirral)
    Indicator.objects.filter(pk=indicator.pk).update(ratings_stale_since=timezone.now())
    assert indicator.history.count() == 1


# ---------------------------------------------------------------- append-only


def test_the_admin_shows_history_read_only_even_to_administrators(wirral, ada):
    risk = RiskFactory(local_area=wirral)
    record = risk.history.first()
    history_admin = admin.site._registry[type(record)]
    request = RequestFactory().get("/")
    request.user = ada
    assert not history_admin.has_add_permission(request)
    assert not history_admin.has_change_permission(request, record)
    assert not history_admin.has_delete_permission(request, record)
    client = signed_in(ada)
    change_url = reverse("admin:improvement_historicalrisk_change", args=[record.pk])
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"title": "Rewritten"}).status_code == 403
    delete_url = reverse("admin:improvement_historicalrisk_delete", args=[record.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert risk.history.get().title == record.title


def _refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_change_or_delete_history(wirral):
    """On whichever database the tests use (SQLite locally, PostgreSQL in CI)."""
    risk = RiskFactory(local_area=wirral, title="EP capacity")
    table = Risk.history.model._meta.db_table
    _refused(f"UPDATE {table} SET title = %s WHERE id = %s", ["Rewritten", risk.pk])  # noqa: S608 (the model's table)
    _refused(f"DELETE FROM {table} WHERE id = %s", [risk.pk])  # noqa: S608 (the model's table)
    with pytest.raises(DatabaseError, match="improvement_historicalrisk: history is append-only"), transaction.atomic():
        Risk.history.filter(id=risk.pk).update(title="Rewritten")
    assert Risk.history.get(id=risk.pk).title == "EP capacity"


def test_every_history_table_has_its_triggers():
    tables = {audit.history_model(model)._meta.db_table for model in audit.tracked_models()}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT DISTINCT event_object_table FROM information_schema.triggers")
        else:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        guarded = {row[0] for row in cursor.fetchall()}
    assert tables <= guarded


def test_the_sqlite_triggers_refuse_update_and_delete_outside_a_flush():
    """The SQLite SQL of the migration, on its own SQLite database (so that it
    is tested whichever database the suite runs on)."""
    db = sqlite3.connect(":memory:")
    purging = {"on": 0}
    db.create_function("send_board_history_purging", 0, lambda: purging["on"])
    db.execute("CREATE TABLE h (id INTEGER PRIMARY KEY, title TEXT)")
    for sql in audit._trigger_sql("sqlite", "h"):
        db.execute(sql)
    db.execute("INSERT INTO h (title) VALUES ('kept')")
    for statement in ("UPDATE h SET title = 'changed'", "DELETE FROM h"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(statement)
    assert db.execute("SELECT title FROM h").fetchall() == [("kept",)]
    purging["on"] = 1
    db.execute("DELETE FROM h")
    assert db.execute("SELECT count(*) FROM h").fetchone() == (0,)


@pytest.mark.postgres
def test_postgresql_refuses_to_change_or_delete_history(wirral, olive):
    monthly_return = ehcp_services.return_create(
        area=wirral, month=date(2024, 3, 1), values={"issued": 40, "within_20_weeks": 20}, user=olive
    )
    table = MonthlyReturn.history.model._meta.db_table
    _refused(f"UPDATE {table} SET issued = %s", [0])  # noqa: S608 (the model's table)
    _refused(f"DELETE FROM {table}", [])  # noqa: S608 (the model's table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT action_timing, string_agg(event_manipulation, ',' ORDER BY event_manipulation) "
            "FROM information_schema.triggers WHERE event_object_table = %s GROUP BY action_timing",
            [table],
        )
        assert cursor.fetchall() == [("BEFORE", "DELETE,UPDATE")]
    assert monthly_return.history.get().issued == 40


# ---------------------------------------------------------------- the history page


def history_url(code="344", **query):
    url = reverse("audit_history", args=[code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("charlie", 404), ("bob", 403), ("olive", 403), ("alice", 200), ("ada", 200)],
)
def test_only_a_performance_lead_or_an_administrator_reads_the_history(request, wirral, who, status):
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(history_url()).status_code == status
    assert client.get(history_url(format="csv")).status_code == status


@pytest.fixture
def two_areas(wirral, walsall, alice):
    with audit.acting_as(alice):
        RiskFactory(local_area=wirral, title="Wirral EP capacity")
        RiskFactory(local_area=walsall, title="Walsall sufficiency")
        walsall_plan = PlanFactory(local_area=walsall, name="Walsall WSoA")
        ActionFactory(area_of_concern=AreaOfConcernFactory(plan=walsall_plan), title="Walsall action")
        wirral_plan = PlanFactory(local_area=wirral, name="Wirral WSoA")
        ActionFactory(area_of_concern=AreaOfConcernFactory(plan=wirral_plan), title="Wirral action")


def test_the_history_shows_the_area_and_never_another_area(two_areas, alice):
    page = signed_in(alice).get(history_url()).content.decode()
    assert "Wirral EP capacity" in page and "Wirral action" in page and "Wirral WSoA" in page
    assert "Walsall" not in page
    exported = signed_in(alice).get(history_url(format="csv"))
    text = b"".join(exported.streaming_content).decode()
    assert "Wirral action" in text and "Walsall" not in text


def test_an_action_of_a_deleted_plan_stays_in_its_area_history(wirral, alice):
    plan = PlanFactory(local_area=wirral)
    ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan), title="Gone with its plan")
    plan.delete()
    page = signed_in(alice).get(history_url(kind="improvement.action")).content.decode()
    assert "Created: action" in page and "Deleted: action" in page
    assert "<strong>Title</strong>: Gone with its plan → (empty)" in page


def test_the_history_filters_by_kind_person_and_date(wirral, alice, olive):
    with audit.acting_as(alice):
        RiskFactory(local_area=wirral, title="Alice's risk")
    ehcp_services.return_create(
        area=wirral, month=date(2024, 3, 1), values={"issued": 40, "within_20_weeks": 20}, user=olive
    )
    client = signed_in(alice)
    by_kind = client.get(history_url(kind="improvement.risk")).content.decode()
    assert "Alice&#x27;s risk" in by_kind and "EHCP return" not in by_kind
    by_person = client.get(history_url(person=olive.pk)).content.decode()
    assert "March 2024" in by_person and "Alice&#x27;s risk" not in by_person
    today = timezone.localdate()
    assert "No changes match" in client.get(history_url(start=today + timedelta(days=1))).content.decode()
    assert "No changes match" in client.get(history_url(end=today - timedelta(days=1))).content.decode()
    on_the_day = client.get(history_url(start=today, end=today)).content.decode()
    assert "Alice&#x27;s risk" in on_the_day and "March 2024" in on_the_day
    both = client.get(history_url(start=today, end=today, person=olive.pk, kind="ehcp.monthlyreturn"))
    assert "1 change," in both.content.decode()


def test_a_bad_filter_is_answered_with_a_message(wirral, alice):
    response = signed_in(alice).get(history_url(start="2024-13-40", end="2024-01-01"))
    assert response.status_code == 400
    assert "Enter the first day as a real date" in response.content.decode()
    response = signed_in(alice).get(history_url(start="2024-02-01", end="2024-01-01"))
    assert "The last day must be on or after the first day." in response.content.decode()


def test_the_history_is_paged(wirral, alice):
    with audit.acting_as(alice):
        RiskFactory.create_batch(60, local_area=wirral)
    client = signed_in(alice)
    first = client.get(history_url(kind="improvement.risk")).content.decode()
    assert "60 changes" in first and "Page 1 of 2" in first
    second = client.get(history_url(kind="improvement.risk", page=2)).content.decode()
    assert second.count("Created: risk") == 10


def test_the_csv_has_a_line_per_changed_field_and_no_live_formula(wirral, alice, olive):
    monthly_return = ehcp_services.return_create(
        area=wirral, month=date(2024, 3, 1), values={"issued": 40, "within_20_weeks": 20}, user=olive
    )
    ehcp_services.return_update(
        monthly_return=monthly_return, values={"issued": 41, "within_20_weeks": 20, "notes": "=1+1"}, user=alice
    )
    response = signed_in(alice).get(history_url(kind="ehcp.monthlyreturn", format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0] == audit.CSV_HEADER
    changed = [line for line in lines[1:] if line[5] == "Changed"]
    assert {(line[1], line[6], line[7], line[8]) for line in changed} == {
        ("Alice", "Plans issued, excluding exceptions", "40", "41"),
        ("Alice", "Notes", "", "'=1+1"),
    }
    created = [line for line in lines[1:] if line[5] == "Created"]
    assert {line[1] for line in created} == {"Olive"}
    assert ("Plans issued, excluding exceptions", "", "40") in {(line[6], line[7], line[8]) for line in created}


def test_a_page_of_history_names_each_object_in_a_few_queries_not_one_per_row(wirral, alice, olive):
    """Each row names its object by its __str__: a value by its indicator's
    code, a case by its reference. The indicators are read in one query for
    the page, and a case's name is not looked up again (the history leaves
    out its generated months, which simple_history would read row by row)."""

    def history_queries(count):
        indicators = IndicatorFactory.create_batch(count, area=wirral, unit="count")
        with audit.acting_as(alice):
            IndicatorValue.objects.bulk_create(
                [
                    IndicatorValue(indicator=i, period=date(2024, 1, 1), period_end=date(2024, 1, 31), value=n)
                    for n, i in enumerate(indicators)
                ]
            )
        cases = "".join(f"Q{count}-{n},2024-01-02,2024-02-01,assess,2024-05-01,no,\n" for n in range(count))
        source = SimpleUploadedFile("c.csv", (CASE_HEADER + cases).encode())
        ehcp_services.cases_import(area=wirral, source=source, user=olive)
        client = signed_in(alice)
        client.get(history_url())
        shown = {}
        for kind in ("performance.indicatorvalue", "ehcp.caserecord"):
            with CaptureQueriesContext(connection) as queries:
                shown[kind] = client.get(history_url(kind=kind)).content.decode()
            shown[kind + " queries"] = len(queries)
        assert all(f"{i.code} 2024-01: " in shown["performance.indicatorvalue"] for i in indicators)
        assert all(f"Q{count}-{n}" in shown["ehcp.caserecord"] for n in range(count))
        return shown["performance.indicatorvalue queries"], shown["ehcp.caserecord queries"]

    few = history_queries(3)
    assert history_queries(20) == few


def exported_rows(client):
    response = client.get(history_url(format="csv"))
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_a_foreign_key_reads_as_its_object_on_the_page_and_in_the_csv_not_as_its_key(wirral, alice, olive, bob):
    """An action's owner changed from one person to another read "Owner: 7 → 9"; an indicator value's
    indicator "Indicator: (empty) → 41". A person reads as the history's "who" names them."""
    plan = PlanFactory(local_area=wirral)
    action = ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan), owner_user=olive)
    with audit.acting_as(alice):
        action.owner_user = bob
        action.save()
    olive_name, bob_name = (u.get_full_name() or u.get_username() for u in (olive, bob))
    rows = exported_rows(signed_in(alice))
    owner = [(r["old value"], r["new value"]) for r in rows if r["kind"] == "Action" and r["field"] == "Owner"]
    assert owner[0] == (olive_name, bob_name) and (("", olive_name) in owner), owner
    page = signed_in(alice).get(history_url()).content.decode()
    assert f"{olive_name} → {bob_name}" in " ".join(re.sub(r"<[^>]+>", " ", page).split())
    bob_id = bob.pk
    bob.delete()  # the change still names who it was, by kind and key
    rows = exported_rows(signed_in(alice))
    owner = [(r["old value"], r["new value"]) for r in rows if r["kind"] == "Action" and r["field"] == "Owner"]
    assert (olive_name, f"user {bob_id} (since deleted)") in owner, owner
