"""Milestones and reviews are checked against the month an area's figures
stand at (send_board.registry.area_today, performance's as-at month)."""

from datetime import date

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


class TestTheAreasClock:
    """Milestones and reviews are checked against the month an area's figures
    stand at, so a demo whose data ends in December 2024 reads nothing as
    overdue merely because the calendar moved on."""

    def test_an_area_with_an_as_at_month_is_checked_at_its_end(self, wirral):
        from performance.models import ReportingMonth
        from send_board.registry import area_today

        assert area_today(wirral) == timezone.localdate()
        ReportingMonth.objects.create(area=wirral, month=date(2024, 12, 1), reason="The demo's data ends there.")
        assert area_today(wirral) == date(2024, 12, 31)

    def test_a_milestone_after_the_as_at_month_is_not_past(self, wirral, client_for, bob):
        from performance.models import ReportingMonth
        from tests.improvement.factories import ActionFactory, PlanFactory

        action = ActionFactory(plan=PlanFactory(local_area=wirral), milestone=date(2025, 1, 31))
        action.area_of_concern.plan = action.plan
        action.area_of_concern.save()
        client = client_for(bob)
        assert "Past its milestone" in client.get(action.get_absolute_url()).content.decode()
        ReportingMonth.objects.create(area=wirral, month=date(2024, 12, 1), reason="The demo's data ends there.")
        assert "Past its milestone" not in client.get(action.get_absolute_url()).content.decode()
