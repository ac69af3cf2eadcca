"""The period-close task: idempotent, and run by a real Celery worker."""

import time
from datetime import date

import pytest

from improvement import services
from improvement.models import Action, MilestoneMiss, PeriodStatus, ReportingPeriod
from improvement.tasks import close_period
from tests.improvement.factories import ActionFactory, AreaOfConcernFactory, PeriodFactory, PlanFactory


def make_plan(area):
    plan = PlanFactory(local_area=area, slug="wsoa")
    concern = AreaOfConcernFactory(plan=plan, number=1)
    ActionFactory(area_of_concern=concern, code="1.1.a", milestone=date(2022, 4, 10))
    ActionFactory(area_of_concern=concern, code="1.1.b", milestone=date(2022, 5, 10))
    return plan, PeriodFactory(plan=plan, month=date(2022, 4, 1), ends_on=date(2022, 4, 30))


@pytest.mark.django_db
def test_the_task_closes_the_period_once(wirral):
    plan, period = make_plan(wirral)
    assert close_period.apply(kwargs={"period_id": period.pk}).get() == 1
    assert close_period.apply(kwargs={"period_id": period.pk}).get() == 0
    assert MilestoneMiss.objects.count() == 1
    assert Action.objects.get(code="1.1.a").status == "beyond_milestone"


@pytest.mark.django_db
def test_a_close_request_runs_now_when_the_broker_is_down(
    wirral, alice, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    plan, period = make_plan(wirral)

    def refuse(*args, **kwargs):
        raise OperationalError("broker down")

    monkeypatch.setattr(close_period, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.period_request_close(period=period, user=alice)
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED and period.closed_by == alice


@pytest.mark.celery_worker
def test_a_real_worker_closes_the_period(celery_worker, wirral, alice):
    plan, period = make_plan(wirral)
    services.period_request_close(period=period, user=alice)
    deadline = time.monotonic() + 30
    while ReportingPeriod.objects.get(pk=period.pk).status != PeriodStatus.CLOSED:
        assert time.monotonic() < deadline, "the worker did not close the period in 30 s"
        time.sleep(0.2)
    assert Action.objects.get(code="1.1.a").status == "beyond_milestone"
    assert Action.objects.get(code="1.1.b").status == "in_progress"
    assert MilestoneMiss.objects.get().period_id == period.pk
