"""Celery tasks of notifications: thin, take ids or an ISO date, call one
service, safe to run twice (the log's unique constraint and the claim).
`manage.py send_notifications [--date] [--dry-run]` does the daily run synchronously."""

from datetime import date

from celery import shared_task
from celery.schedules import crontab
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from send_board.celery import app

from . import services

DATABASE_ERRORS = (OperationalError, InterfaceError)


@shared_task(autoretry_for=DATABASE_ERRORS, retry_backoff=60, retry_backoff_max=900, max_retries=3)
def run_daily_notifications(day=None):
    """Daily at 07:00 (Europe/London): record what is due today, then send it."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    result = services.daily_run(today=today)
    sent = services.pending_send()
    return {"recorded": len(result.drafts), "sent": len(sent)}


@shared_task(autoretry_for=DATABASE_ERRORS, retry_backoff=30, max_retries=3)
def send_pending_notifications():
    """Every 10 minutes: send what is waiting, including retries whose back-off is over."""
    return len(services.pending_send())


@shared_task(autoretry_for=DATABASE_ERRORS, retry_backoff=30, max_retries=3)
def send_notifications(ids):
    """Send these freshly recorded notifications now (a failure waits for the sweep)."""
    return len(services.pending_send(ids=ids))


@shared_task(
    bind=True,
    autoretry_for=(services.RatingNotReady, *DATABASE_ERRORS),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=6,
)
def notify_commentary_needed(self, value_id):
    """A value was approved: once its rating is stored, ask its owner for
    commentary if it needs some. Run in-process (no broker) the rating is not
    stored yet, so the daily run asks instead."""
    try:
        return len(services.commentary_notify(value_id=value_id))
    except services.RatingNotReady:
        if self.request.is_eager:
            return 0
        raise


@shared_task(autoretry_for=DATABASE_ERRORS, retry_backoff=30, max_retries=3)
def notify_publication(publication_id):
    """A publication (or correction) was made: tell subscribers."""
    return len(services.publication_notify(publication_id=publication_id))


@app.on_after_finalize.connect
def schedule_notifications(sender, **kwargs):
    sender.add_periodic_task(
        crontab(hour=7, minute=0), run_daily_notifications.s(), name="notifications: daily reminders at 07:00"
    )
    sender.add_periodic_task(
        crontab(minute="*/10"), send_pending_notifications.s(), name="notifications: send pending and retries"
    )


if app.finalized:
    # Imported after the app was finalized (tasks are discovered lazily): the signal has been sent.
    schedule_notifications(app)
