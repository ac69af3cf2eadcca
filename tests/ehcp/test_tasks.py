"""Celery: thin idempotent tasks, retried on database errors, scheduled
nightly; and the real worker refreshing the page after a save."""

import time
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.db import OperationalError

from ehcp import services, tasks
from ehcp.models import FigureRefresh, MonthlyFigure
from send_board.celery import app
from tests.ehcp.factories import MonthlyReturnFactory


@pytest.mark.django_db
def test_the_area_task_recomputes_the_area_and_running_it_twice_changes_nothing(wirral):
    MonthlyReturnFactory(local_area=wirral, month=date(2024, 1, 1), issued=8, within_20_weeks=2)
    assert tasks.recompute_area_figures.apply(args=[wirral.pk]).get() == 1
    rows = list(MonthlyFigure.objects.values())
    tasks.recompute_area_figures.apply(args=[wirral.pk]).get()
    assert list(MonthlyFigure.objects.values()) == rows
    assert rows[0]["pct"] == Decimal("25.0")


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_saves_is_recomputed_once_and_a_later_save_again(wirral, alice):
    from django.db import transaction

    runs = []
    real = services.figures_recompute

    def counted(*, area_id):
        runs.append(area_id)
        return real(area_id=area_id)

    with mock.patch.object(services, "figures_recompute", side_effect=counted):
        with transaction.atomic():  # three saves, three tasks queued for after the commit
            for month in (1, 2, 3):
                services.return_create(
                    area=wirral, month=date(2024, month, 1), values={"issued": 10, "within_20_weeks": month},
                    user=alice, submit=True,
                )  # fmt: skip
        assert runs == [wirral.pk]
        assert MonthlyFigure.objects.filter(local_area=wirral).count() == 3
        services.return_create(
            area=wirral, month=date(2024, 4, 1), values={"issued": 10, "within_20_weeks": 4}, user=alice, submit=True
        )
    assert runs == [wirral.pk, wirral.pk]
    assert MonthlyFigure.objects.filter(local_area=wirral).count() == 4
    assert not FigureRefresh.objects.get(local_area=wirral).pending


@pytest.mark.django_db
def test_the_nightly_task_recomputes_every_area(wirral, walsall):
    MonthlyReturnFactory(local_area=wirral, month=date(2024, 1, 1))
    MonthlyReturnFactory(local_area=walsall, month=date(2024, 1, 1))
    assert tasks.recompute_all_areas.apply().get() == 2
    assert MonthlyFigure.objects.count() == 2
    assert not FigureRefresh.objects.filter(pending=True).exists()


@pytest.mark.django_db
def test_a_database_error_is_retried(wirral):
    real = services.figures_recompute
    calls = []

    def flaky(*, area_id):
        calls.append(area_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(area_id=area_id)

    with mock.patch.object(services, "figures_recompute", side_effect=flaky):
        # throw=False: let the eager run handle the retry as a worker would, not propagate it.
        result = tasks.recompute_area_figures.apply(args=[wirral.pk], throw=False)
    assert result.get() == 1
    assert calls == [wirral.pk, wirral.pk]


def test_the_tasks_retry_on_database_errors():
    from send_board.celery import RETRY_ERRORS

    assert tasks.recompute_area_figures.autoretry_for == RETRY_ERRORS
    assert OperationalError in RETRY_ERRORS
    assert tasks.recompute_area_figures.max_retries == 5


def test_the_nightly_recompute_is_scheduled_in_settings():
    app.finalize()
    schedule = app.conf.beat_schedule["ehcp: nightly recompute of every area's figures"]
    assert schedule["task"] == tasks.recompute_all_areas.name == "ehcp.tasks.recompute_all_areas"
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({2}, {15})


@pytest.mark.celery_worker
def test_a_return_saved_through_the_form_refreshes_the_page_once_the_real_worker_ran(
    celery_worker, client_for, wirral, olive
):
    for month in range(1, 13):
        MonthlyReturnFactory(local_area=wirral, month=date(2023, month, 1), issued=10, within_20_weeks=1)
    services.figures_recompute(area_id=wirral.pk)
    client = client_for(olive)
    before = client.get("/board/344/ehcp/").content.decode()
    assert "10.0%" in before  # rolling 12 months to December 2023: 12 of 120

    response = client.post(
        "/board/344/ehcp/returns/new/",
        {"month": "2024-01", "issued": "40", "within_20_weeks": "30", "action": "submit"},
    )
    assert response.status_code == 302
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = client.get("/board/344/ehcp/").content.decode()
        if "January 2024" in page and "The figures are being refreshed" not in page:
            break
        time.sleep(0.3)
    else:
        pytest.fail("the worker did not refresh the figures within 60 s")
    january = MonthlyFigure.objects.get(local_area=wirral, month=date(2024, 1, 1), source="returns")
    assert (january.rolling_issued, january.rolling_within, january.rolling_pct) == (150, 41, Decimal("27.3"))
    assert "27.3%" in page and "41 of 150 plans" in page
