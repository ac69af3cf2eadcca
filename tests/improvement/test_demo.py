"""The demo holds what the seed papers say, and can be loaded again."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from improvement import demo, selectors
from improvement.models import Decision, EvidenceItem, MilestoneMiss, Plan
from send_board import demo as kernel_demo
from tests.conftest import app_demo_rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def areas(django_db_setup, django_db_blocker):
    with app_demo_rolled_back(django_db_blocker, demo) as areas:
        yield areas


def test_walsall_matches_its_programme_status_table(areas):
    plan = Plan.objects.get(local_area=areas["335"])
    assert plan.actions.count() == 184
    labels, rows = selectors.status_summary(area=areas["335"], month=date(2020, 12, 1))
    assert [(r["label"], r["current"], r["previous"]) for r in rows] == [
        ("Not Started", 2, 1),
        ("Beyond Milestone", 14, 8),
        ("Delayed", 3, 5),
        ("In Progress", 27, 32),
        ("Complete", 89, 89),
        ("Complete and Embedded", 42, 42),
        ("Closed", 7, 7),
    ]
    assert labels == ["Written Statement of Action: December 2020 Board"]


def test_wirral_has_its_wsoa_with_six_areas_and_the_reviews_actions(areas):
    plan = Plan.objects.get(local_area=areas["344"], slug="wsoa")
    assert plan.approved_on == date(2022, 3, 28)
    assert plan.areas.count() == 6
    codes = set(plan.actions.values_list("code", flat=True))
    assert {
        "1.1.a",
        "1.1.g",
        "1.2.a",
        "1.2.e",
        "2.2.a",
        "2.2.b",
        "3.2.a",
        "3.3.d",
        "4.1.g",
        "4.1.h",
        "5.1.a",
        "5.2.c",
        "6.1.b",
        "6.1.e",
    } <= codes
    audit = plan.actions.get(code="1.1.a").updates.get()
    assert audit.period.label == "April 2022 WSoA review" and "indicator definition template" in audit.progress
    review = plan.areas.get(number=1).reviews.get()
    assert "74 new places commissioned" in review.evidence_of_impact


def test_wirral_improvement_notice_has_three_areas_in_business_as_usual(areas):
    plan = Plan.objects.get(local_area=areas["344"], slug="improvement-notice")
    bau = plan.areas.filter(status="bau")
    assert sorted(bau.values_list("number", flat=True)) == [4, 8, 9]
    assert set(bau.values_list("bau_agreed_by", flat=True)) == {"DfE and NHS England stocktake, 26 Nov 2024"}
    published = selectors.public_plan_summary(area=areas["344"])
    assert {(p["number"], p["status"]) for p in published} >= {(4, "Moved to business as usual"), (1, "Active")}


def test_wirral_ehcp_recovery_decision_adopts_2_4_6_7(areas):
    decision = Decision.objects.get(meeting__local_area=areas["344"], title="EHCP recovery options")
    adopted = [o.number for o in decision.options.all() if o.adopted]
    rejected = {o.number: o.reason for o in decision.options.all() if not o.adopted}
    assert adopted == [2, 4, 6, 7] and sorted(rejected) == [1, 3, 5, 8]
    assert "Section 36" in rejected[5] and "aspirations" in rejected[8]


def test_sefton_annex_a_counts_and_dbv_projects(areas):
    items, counts = selectors.readiness_summary(area=areas["343"])
    assert [n for _, _, n in counts] == [2, 12, 11, 11]
    assert EvidenceItem.objects.filter(local_area=areas["343"]).count() == 36
    dbv = Plan.objects.get(local_area=areas["343"], slug="dbv")
    assert list(dbv.actions.order_by("sort_key").values_list("title", flat=True)) == [
        "Inclusion Service Capacity",
        "Early Years SEND Capacity",
        "Educational Psychology",
        "Workforce Training Programme",
        "Graduated Approach",
        "Communication With Families",
    ]


def test_the_demo_officer_has_actions_and_every_area_a_risk_register(areas):
    officer = get_user_model().objects.get(username="officer")
    rows, _ = selectors.my_actions(area=areas["344"], user=officer)
    assert len(rows) >= 10 and any(r.due for r in rows)
    for area in areas.values():
        assert selectors.red_risks(area=area).exists()
    assert not MilestoneMiss.objects.exists()  # the demo's milestones fall after each closed period


def test_the_demo_loads_again(areas):
    areas = kernel_demo.load_areas_and_users()
    demo.load(areas=areas, stdout=io.StringIO())
    assert Plan.objects.filter(local_area__code__in=["344", "335", "343"]).count() == 5
