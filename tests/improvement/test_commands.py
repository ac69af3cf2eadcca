"""import_actions, export_actions, export_status_summary and close_period."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from improvement import services
from improvement.models import Action, ActionStatus, ChangeRecord, MilestoneMiss, Plan, Workstream
from tests.improvement.factories import ActionFactory, AreaOfConcernFactory, PeriodFactory, PlanFactory

pytestmark = pytest.mark.django_db

HEADER = "area_number,area_title,code,title,owner,workstream,milestone,status,reason,mitigation\n"
ROWS = (
    "1,Information and data,1.1.a,Systems audit,alice,Workstream 1,2022-06-30,In Progress,,\n"
    "1,Information and data,1.1.b,Data collection,Head of Performance,Workstream 1,30/06/2022,not started,,\n"
    "2,EHC assessments,2.2.a,EHCP compliance checklist,,,2022-09-30,DELAYED,Consultation,June board\n"
)


def write(tmp_path, text, name="actions.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def plan(wirral):
    return PlanFactory(local_area=wirral, name="WSoA 2022", slug="wsoa", approved_on=date(2022, 3, 28))


def test_import_creates_areas_workstreams_and_actions(tmp_path, plan, alice):
    out, _ = run("import_actions", write(tmp_path, HEADER + ROWS), "--area", "344", "--plan", "WSoA 2022")
    assert "3 action(s) created, 0 updated, 0 unchanged" in out
    assert list(plan.areas.values_list("number", "title")) == [(1, "Information and data"), (2, "EHC assessments")]
    assert Workstream.objects.get().name == "Workstream 1"
    first = Action.objects.get(code="1.1.a")
    assert (first.owner_user, first.status, first.milestone) == (alice, "in_progress", date(2022, 6, 30))
    second = Action.objects.get(code="1.1.b")
    assert (second.owner_name, second.status, second.milestone) == (
        "Head of Performance",
        "not_started",
        date(2022, 6, 30),
    )
    assert Action.objects.get(code="2.2.a").reason == "Consultation"


def test_reimport_updates_actions_by_code(tmp_path, plan, alice):
    run("import_actions", write(tmp_path, HEADER + ROWS), "--area", "344", "--plan", "wsoa")
    changed = ROWS.replace(
        "1.1.a,Systems audit,alice,Workstream 1,2022-06-30,In Progress",
        "1.1.a,Systems audit,alice,Workstream 1,2022-06-30,Complete",
    )
    out, _ = run("import_actions", write(tmp_path, HEADER + changed, "again.csv"), "--area", "344", "--plan", "wsoa")
    assert "0 action(s) created, 1 updated, 2 unchanged" in out
    assert Action.objects.get(code="1.1.a").status == "complete"
    assert Action.objects.count() == 3
    assert ChangeRecord.objects.filter(action__code="1.1.a", verb="changed").get().changes == {
        "Status": ["In Progress", "Complete"]
    }


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("1,Data,1.1.c,Audit,,,2022-06-30,Paused,,", "status", "is not an action status"),
        ("1,Data,1.1.c,Audit,,,31/02/2022,In Progress,,", "milestone", "is not a date"),
        ("1,Data,1.1.c,Audit,,,2022/06/30,In Progress,,", "milestone", "is not a date"),
        ("1,Data,1.1.c,Audit,,,2022-06-30,Delayed,,", "reason", "Enter the reason: it is required"),
        (
            "1,Data,1.1.c,Audit,,,2022-06-30,Beyond Milestone,Late,",
            "mitigation",
            "Enter the mitigation: it is required",
        ),
        ("x,Data,1.1.c,Audit,,,2022-06-30,In Progress,,", "area_number", "whole number"),
        ("1,Data,1 1 c,Audit,,,2022-06-30,In Progress,,", "code", "letters and numbers"),
        ("1,Data,1.1.a,Audit again,,,2022-06-30,In Progress,,", "code", "also in row 2"),
        ("1,Other title,1.1.c,Audit,,,2022-06-30,In Progress,,", "area_title", "use one title per area"),
        ("1,Data,1.1.c,,,,2022-06-30,In Progress,,", "title", "Enter the action's title"),
    ],
)
def test_a_bad_row_imports_nothing_and_names_the_cell(tmp_path, plan, row, column, message):
    text = HEADER + "1,Data,1.1.a,Systems audit,,,2022-06-30,In Progress,,\n" + row + "\n"
    with pytest.raises(CommandError, match="no actions were imported") as caught:
        call_command("import_actions", write(tmp_path, text), "--area", "344", "--plan", "wsoa")
    assert f"Row 3, column {column}" in str(caught.value) and message in str(caught.value)
    assert not Action.objects.exists() and not plan.areas.exists()


def test_a_missing_column_is_explained(tmp_path, plan):
    text = "area_number,code,title\n1,1.1.a,Audit\n"
    with pytest.raises(CommandError, match="missing column"):
        run("import_actions", write(tmp_path, text), "--area", "344", "--plan", "wsoa")


def test_early_milestones_need_the_confirm_flag(tmp_path, plan):
    path = write(tmp_path, HEADER + "1,Data,1.1.a,Audit,,,2022-01-31,In Progress,,\n")
    with pytest.raises(CommandError, match="--confirm-early-milestones"):
        run("import_actions", path, "--area", "344", "--plan", "wsoa")
    assert not Action.objects.exists()
    run("import_actions", path, "--area", "344", "--plan", "wsoa", "--confirm-early-milestones")
    assert Action.objects.get().milestone == date(2022, 1, 31)


def test_an_unknown_plan_or_area_is_explained(tmp_path, plan):
    path = write(tmp_path, HEADER + ROWS)
    with pytest.raises(CommandError, match="Its plans: WSoA 2022"):
        run("import_actions", path, "--area", "344", "--plan", "Nope")
    with pytest.raises(CommandError, match="no local area with code '999'. Known codes: "):
        run("import_actions", path, "--area", "999", "--plan", "wsoa")


def test_import_creates_the_plan_when_given_its_kind(tmp_path, wirral):
    run("import_actions", write(tmp_path, HEADER + ROWS), "--area", "344", "--plan", "DBV", "--kind", "programme")
    assert Plan.objects.get().kind == "programme" and Action.objects.count() == 3


def test_import_reads_xlsx(tmp_path, plan):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in (HEADER + ROWS).splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "actions.xlsx"
    book.save(path)
    run("import_actions", str(path), "--area", "344", "--plan", "wsoa")
    assert Action.objects.count() == 3


def test_export_actions_has_the_issues_columns(tmp_path, plan, wirral):
    run("import_actions", write(tmp_path, HEADER + ROWS), "--area", "344", "--plan", "wsoa")
    out, _ = run("export_actions", "--area", "344", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["plan", "area_number", "code", "title", "owner", "workstream", "milestone", "status", "brag"]
    assert rows[1] == [
        "WSoA 2022",
        "1",
        "1.1.a",
        "Systems audit",
        "alice",
        "Workstream 1",
        "2022-06-30",
        "In Progress",
        "green",
    ]
    assert rows[3][-2:] == ["Delayed", "amber"]
    assert {r[-1] for r in rows[1:]} <= {"blue", "red", "amber", "green"}


def test_export_actions_writes_xlsx_to_a_file(tmp_path, plan):
    run("import_actions", write(tmp_path, HEADER + ROWS), "--area", "344", "--plan", "wsoa")
    target = tmp_path / "out.xlsx"
    run("export_actions", "--area", "344", "--format", "xlsx", "--output", str(target))
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][-1] == "brag"


def test_export_status_summary_gives_walsalls_table(walsall):
    plan = PlanFactory(local_area=walsall, name="Walsall WSoA", slug="wsoa", approved_on=date(2019, 7, 1))
    concern = AreaOfConcernFactory(plan=plan, number=1)
    previous = [1, 8, 5, 32, 89, 42, 7]
    current = [2, 14, 3, 27, 89, 42, 7]
    statuses = [s for s, _ in ActionStatus.choices]
    before = [s for s, n in zip(statuses, previous, strict=True) for _ in range(n)]
    september = PeriodFactory(
        plan=plan, month=date(2020, 9, 1), label="September 2020 Board", ends_on=date(2020, 9, 30)
    )
    actions = [
        ActionFactory(
            area_of_concern=concern,
            code=f"1.{n}",
            status=s,
            reason="r",
            mitigation="m",
            milestone=date(2021, 3, 31) if s != "beyond_milestone" else date(2020, 6, 30),
        )
        for n, s in enumerate(before)
    ]
    services.period_close(period_id=september.pk)
    PeriodFactory(plan=plan, month=date(2020, 12, 1), label="December 2020 Board")
    # Five In Progress and one Delayed action slip beyond their milestone; one Delayed one is reset.
    movers = [a for a in actions if a.status == "in_progress"][:5] + [a for a in actions if a.status == "delayed"][:2]
    targets = ["beyond_milestone"] * 6 + ["not_started"]
    for action, status in zip(movers, targets, strict=True):
        Action.objects.filter(pk=action.pk).update(status=status)
    out, _ = run("export_status_summary", "--area", "335", "--period", "2020-12", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["status", "current", "previous"]
    assert rows[1:] == [
        [label, str(c), str(p)] for (_, label), c, p in zip(ActionStatus.choices, current, previous, strict=True)
    ]


def test_export_status_summary_refuses_a_month_without_a_period(plan):
    with pytest.raises(CommandError, match="No active plan"):
        run("export_status_summary", "--area", "344", "--period", "2019-01")
    with pytest.raises(CommandError, match="not a month"):
        run("export_status_summary", "--area", "344", "--period", "January")


def test_close_period_command_is_idempotent(plan):
    concern = AreaOfConcernFactory(plan=plan, number=1)
    ActionFactory(area_of_concern=concern, code="1.1.a", milestone=date(2022, 4, 1), owner_name="Head of SEND")
    PeriodFactory(plan=plan, month=date(2022, 4, 1), ends_on=date(2022, 4, 30))
    out, _ = run("close_period", "--area", "344", "--plan", "wsoa", "--period", "2022-04")
    assert "1 action(s) marked Beyond Milestone" in out and "1.1.a\t" in out and "Head of SEND" in out
    out, _ = run("close_period", "--area", "344", "--plan", "wsoa", "--period", "2022-04")
    assert "already closed" in out
    assert MilestoneMiss.objects.count() == 1
