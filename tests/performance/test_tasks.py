"""Ratings are stored by Celery tasks: on every change (after commit), nightly,
and by the command when the broker was down."""

import time
from datetime import date
from decimal import Decimal as D

import pytest
from kombu.exceptions import OperationalError

from performance import services, tasks
from performance.models import Indicator, Rating, ValueState
from performance.services import ValueInput
from tests.performance.factories import IndicatorFactory, TargetFactory
from tests.performance.scorecards import enter

JULY = date(2024, 7, 1)


@pytest.mark.django_db
def test_the_ratings_task_stores_ratings_for_the_ids_it_is_given(wirral):
    indicator = IndicatorFactory(area=wirral)
    TargetFactory(indicator=indicator)
    enter(indicator, JULY, 45)
    assert tasks.recompute_ratings.delay(indicator_ids=[indicator.pk]).get() == 1
    assert Rating.objects.get().rag == "red"
    assert tasks.recompute_ratings.delay(indicator_ids=[indicator.pk]).get() == 1  # idempotent
    assert Rating.objects.count() == 1


@pytest.mark.django_db
def test_the_nightly_task_rates_every_indicator(wirral, walsall):
    for area in (wirral, walsall):
        enter(IndicatorFactory(area=area), JULY, 45)
    assert tasks.recompute_all_ratings.delay().get() == 2
    assert not Indicator.objects.filter(ratings_stale_since__isnull=False).exists()


def test_the_nightly_jobs_are_scheduled_in_settings():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE
    ratings = schedule["performance: nightly ratings"]
    assert ratings["task"] == tasks.recompute_all_ratings.name == "performance.recompute_all_ratings"
    assert (ratings["schedule"].hour, ratings["schedule"].minute) == ({2}, {10})
    sync = schedule["performance: nightly computed indicators"]
    # After the EHCP recompute (02:15), for the sources that send no signal (a plan's closed periods).
    assert sync["task"] == tasks.sync_all_computed_indicators.name == "performance.sync_all_computed_indicators"
    assert (sync["schedule"].hour, sync["schedule"].minute) == ({2}, {40})


@pytest.mark.django_db
def test_a_broker_outage_keeps_the_save_and_leaves_the_ratings_stale(
    wirral, alice, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    indicator = IndicatorFactory(area=wirral)

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.recompute_ratings, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        value = services.value_create(indicator=indicator, entry=ValueInput(period=JULY, value=D(45)), user=alice)
    assert value.pk and not Rating.objects.exists()
    indicator.refresh_from_db()
    assert indicator.ratings_stale_since is not None
    assert "Broker unreachable" in caplog.text
    monkeypatch.undo()
    from django.core.management import call_command

    call_command("recompute_ratings", "--area", "344")
    indicator.refresh_from_db()
    assert indicator.ratings_stale_since is None and Rating.objects.count() == 1


@pytest.mark.celery_worker
def test_a_real_worker_rates_an_approved_value(celery_worker, wirral, alice):
    indicator = IndicatorFactory(area=wirral, code="EHCP20")
    TargetFactory(indicator=indicator, value=D(60), tolerance=D(10))
    value = enter(indicator, JULY, numerator=27, denominator=60, state=ValueState.SUBMITTED, user=alice)
    services.value_approve(value=value, user=alice)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        indicator.refresh_from_db()
        rating = Rating.objects.filter(value=value).first()
        if rating and indicator.ratings_stale_since is None:
            break
        time.sleep(0.2)
    assert rating is not None and rating.rag == "red" and rating.target == D(60)
    assert indicator.ratings_stale_since is None
