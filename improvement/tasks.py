"""Celery tasks of the improvement app: thin, idempotent, ids in. The services
are imported inside each task (services import this module); the retry policy
is the app's (send_board/celery.py)."""

from celery import shared_task


@shared_task
def close_period(period_id: int, user_id: int | None = None) -> int:
    """Close reporting period `period_id` (see services.period_close). Safe to
    run twice: a closed period is left as it is. Returns the number of actions
    this run marked Beyond Milestone."""
    from .services import period_close

    result = period_close(period_id=period_id, user_id=user_id)
    return len(result.marked)
