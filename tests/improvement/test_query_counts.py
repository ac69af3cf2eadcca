"""The plan overview, the action table and the area page make the same
number of SQL queries whatever the size of the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.scale_data import build_plan

pytestmark = pytest.mark.django_db


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.fixture
def plans(wirral, olive):
    small = build_plan(area=wirral, actions=12, periods=2, seed=1, name="Small", slug="small", owner=olive)
    large = build_plan(area=wirral, actions=240, periods=6, seed=2, name="Large", slug="large", owner=olive)
    return small, large


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("plan_overview", ()),
        ("action_list", ()),
        ("area_detail", (1,)),
        ("plan", None),
        ("my_actions", None),
        ("period_list", ()),
    ],
)
def test_pages_make_a_fixed_number_of_queries(client_for, bob, olive, plans, name, extra):
    client = client_for(olive if name == "my_actions" else bob)
    counts = []
    for plan in plans:
        args = ["344"] if extra is None else ["344", plan.slug, *extra]
        counts.append(count_queries(client, reverse(f"improvement:{name}", args=args)))
    assert counts[0] == counts[1], f"{name}: {counts[0]} queries for the small plan, {counts[1]} for the large one"
    assert counts[1] <= 20


def test_filtered_and_sorted_action_tables_make_a_fixed_number_of_queries(client_for, bob, plans):
    client = client_for(bob)
    counts = [
        count_queries(
            client,
            reverse("improvement:action_list", args=["344", plan.slug])
            + "?q=1.&brag=&overdue=on&sort=-milestone&page=1",
        )
        for plan in plans
    ]
    assert counts[0] == counts[1]


def test_the_area_page_of_a_closed_period_makes_a_fixed_number_of_queries(client_for, bob, plans):
    client = client_for(bob)
    counts = []
    for plan in plans:
        first = plan.periods.order_by("month").first()
        counts.append(
            count_queries(
                client,
                reverse("improvement:area_detail", args=["344", plan.slug, 2]) + f"?period={first.iso_month}",
            )
        )
    assert counts[0] == counts[1]


def test_the_synthetic_plan_has_an_update_per_action_per_period(wirral):
    plan = build_plan(area=wirral, actions=30, periods=4, seed=3)
    assert plan.actions.count() == 30
    assert plan.periods.filter(status="closed").count() == 3
    from improvement.models import ActionUpdate, PeriodStatusCount

    assert ActionUpdate.objects.filter(period__plan=plan).count() == 120
    kept = sum(PeriodStatusCount.objects.filter(period__plan=plan).values_list("count", flat=True))
    assert kept == 90
