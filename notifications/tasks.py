"""Celery tasks of notifications: thin, take ids or an ISO date, call one
service, safe to run twice (the log's unique constraint and the claim).
`manage.py send_notifications [--date] [--dry-run]` does the daily run synchronously.
The services are imported inside each task (services import this module); the
retry policy is the app's (send_board/celery.py), the schedule is in settings
(CELERY_BEAT_SCHEDULE)."""

from datetime import date
from typing import TypedDict

from celery import shared_task
from django.utils import timezone

from send_board.celery import RetryingTask


class DailyRunCounts(TypedDict):
    recorded: int
    sent: int


@shared_task
def run_daily_notifications(day: str | None = None) -> DailyRunCounts:
    """Daily at 07:00 (Europe/London): record what is due today, then send it."""
    from .services import daily_run, pending_send

    today = date.fromisoformat(day) if day else timezone.localdate()
    result = daily_run(today=today)
    sent = pending_send()
    return {"recorded": len(result.drafts), "sent": len(sent)}


@shared_task
def send_pending_notifications() -> int:
    """Every 10 minutes: send what is waiting, including retries whose back-off is over."""
    from .services import pending_send

    return len(pending_send())


@shared_task
def send_notifications(ids: list[int]) -> int:
    """Send these freshly recorded notifications now (a failure waits for the sweep)."""
    from .services import pending_send

    return len(pending_send(ids=ids))


@shared_task(bind=True, base=RetryingTask)
def notify_commentary_needed(self: RetryingTask, value_id: int) -> int:
    """A value was approved: once its rating is stored, ask its owner for
    commentary if it needs some (retried, with the app's back-off, until the
    rating is stored). Run in-process (no broker) the rating is not stored yet,
    so the daily run asks instead."""
    from .services import RatingNotReady, commentary_notify

    try:
        return len(commentary_notify(value_id=value_id))
    except RatingNotReady as exc:
        if self.request.is_eager:
            return 0
        raise self.retry_later(exc) from exc


@shared_task
def notify_publication(publication_id: int) -> int:
    """A publication (or correction) was made: tell subscribers."""
    from .services import publication_notify

    return len(publication_notify(publication_id=publication_id))
