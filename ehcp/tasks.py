"""Celery tasks: thin, take ids, call one service, safe to run twice.

Each has a management command doing the same synchronously
(recompute_figures [--area CODE])."""

from celery import shared_task
from celery.schedules import crontab
from django.db import InterfaceError, OperationalError

from send_board.celery import app

from . import services

DATABASE_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    autoretry_for=DATABASE_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def recompute_area_figures(area_id):
    """Recompute one area's stored EHCP figures (queued on commit by every
    change to its returns or cases), unless a run since has served it."""
    return services.figures_recompute_requested(area_id=area_id)


@shared_task(
    autoretry_for=DATABASE_ERRORS,
    retry_backoff=60,
    retry_backoff_max=900,
    max_retries=3,
)
def recompute_all_areas():
    """The nightly recompute of every area (cohorts move on with the date;
    figures left pending by a broker outage catch up)."""
    return services.figures_recompute_all()


@app.on_after_finalize.connect
def schedule_nightly_recompute(sender, **kwargs):
    sender.add_periodic_task(
        crontab(hour=2, minute=15),
        recompute_all_areas.s(),
        name="ehcp: nightly recompute of every area's figures",
    )


if app.finalized:
    # This module was imported after the app was finalized (tasks are
    # discovered lazily), so the signal above has already been sent.
    schedule_nightly_recompute(app)
