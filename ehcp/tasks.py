"""Celery tasks: thin, take ids, call one service, safe to run twice.

Each has a management command doing the same synchronously
(recompute_figures [--area CODE]). The services are imported inside each task
(services import this module); the retry policy is the app's (send_board/celery.py),
the nightly schedule is in settings (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task
def recompute_area_figures(area_id: int) -> int:
    """Recompute one area's stored EHCP figures (queued on commit by every
    change to its returns or cases), unless a run since has served it."""
    from .services import figures_recompute_requested

    return figures_recompute_requested(area_id=area_id)


@shared_task
def recompute_all_areas() -> int:
    """The nightly recompute of every area (cohorts move on with the date;
    figures left pending by a broker outage catch up)."""
    from .services import figures_recompute_all

    return figures_recompute_all()
