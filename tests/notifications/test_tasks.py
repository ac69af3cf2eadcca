"""The beat schedule, the tasks, and the daily run on a real worker."""

from datetime import date

import pytest

from notifications import tasks
from notifications.models import Kind, Notification, Status
from send_board.celery import app
from send_board.tasks import ping
from tests.performance.factories import IndicatorFactory


def test_the_daily_run_is_scheduled_at_seven_london_time():
    from django.conf import settings

    daily = settings.CELERY_BEAT_SCHEDULE["notifications: daily reminders at 07:00"]
    assert daily["task"] == tasks.run_daily_notifications.name == "notifications.tasks.run_daily_notifications"
    assert (daily["schedule"].hour, daily["schedule"].minute) == ({7}, {0})
    assert app.conf.timezone == "Europe/London"
    sweep = settings.CELERY_BEAT_SCHEDULE["notifications: send pending and retries"]
    assert sweep["task"] == tasks.send_pending_notifications.name == "notifications.tasks.send_pending_notifications"
    assert sweep["schedule"].minute == set(range(0, 60, 10))


def test_a_value_not_yet_rated_is_left_to_the_daily_run_when_run_in_process(wirral, olive):
    from decimal import Decimal

    from tests.performance.factories import IndicatorValueFactory, TargetFactory

    indicator = IndicatorFactory(area=wirral, owner=olive)
    TargetFactory(indicator=indicator, value=Decimal(60))
    value = IndicatorValueFactory(indicator=indicator, period=date(2024, 12, 1), value=Decimal(40))
    assert tasks.notify_commentary_needed.apply(kwargs={"value_id": value.pk}).get() == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_daily_task_records_and_sends_once(wirral, olive):
    IndicatorFactory(area=wirral, code="KPI1", owner=olive)
    # November is overdue (due 13 December 2024), December is due by 15 January 2025: two mails.
    first = tasks.run_daily_notifications.apply(kwargs={"day": "2025-01-13"}).get()
    again = tasks.run_daily_notifications.apply(kwargs={"day": "2025-01-13"}).get()
    assert first == {"recorded": 2, "sent": 2} and again == {"recorded": 0, "sent": 0}
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


@pytest.mark.celery_worker
def test_the_real_worker_runs_the_daily_task_once(celery_worker, wirral, olive):
    IndicatorFactory(area=wirral, code="KPI1", owner=olive)
    # Task results are not kept (only ping's), and one solo worker takes tasks in turn:
    # when the ping queued after a task answers, that task has run.
    tasks.run_daily_notifications.apply_async(kwargs={"day": "2025-01-13"})
    assert ping.delay().get(timeout=60) == "pong"
    assert list(Notification.objects.values_list("kind", "status")) == [(Kind.DATA_DUE, Status.SENT)] * 2
    tasks.run_daily_notifications.apply_async(kwargs={"day": "2025-01-13"})
    assert ping.delay().get(timeout=60) == "pong"
    assert list(Notification.objects.values_list("kind", "status")) == [(Kind.DATA_DUE, Status.SENT)] * 2
