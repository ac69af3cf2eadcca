"""The Celery app, configured from Django settings (CELERY_* names).

Each app keeps its tasks in its own tasks.py; the beat schedule of every app is
declared in one place, `CELERY_BEAT_SCHEDULE` in send_board/settings/base.py.
Every task is a `RetryingTask` (the app's default task class), so every task
has the same retry policy for database and broker errors.
"""

import os
from typing import Any

from celery import Celery, Task
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_board.settings.dev")

# The passing failures a task is retried on: the database (a restart, a dropped
# connection) and the broker or result store (Redis restarting, a timeout).
RETRY_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseOperationalError,
    InterfaceError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
)


class RetryingTask(Task[Any, Any]):
    """The one retry policy of every task: on RETRY_ERRORS, retried up to
    5 times with exponential back-off from 30 s to 10 minutes, jittered (the
    last try about 15 minutes after the first at most). A task whose failure
    outlasts that is left to the nightly run, or the app's command, to catch up."""

    autoretry_for = RETRY_ERRORS
    retry_backoff = 30
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5

    def retry_later(self, exc: Exception) -> Any:
        """Retry for a task's own reason to wait (data not ready yet) with the
        same back-off and limit: `raise self.retry_later(exc)`."""
        countdown = get_exponential_backoff_interval(
            factor=self.retry_backoff,
            retries=self.request.retries,
            maximum=self.retry_backoff_max,
            full_jitter=self.retry_jitter,
        )
        return self.retry(exc=exc, countdown=countdown)


app = Celery("send_board", task_cls=RetryingTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
