"""Celery tasks of the improvement app: thin, idempotent, ids in."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def close_period(period_id, user_id=None):
    """Close reporting period `period_id` (see services.period_close). Safe to
    run twice: a closed period is left as it is. Returns the number of actions
    this run marked Beyond Milestone."""
    result = services.period_close(period_id=period_id, user_id=user_id)
    return len(result.marked)
