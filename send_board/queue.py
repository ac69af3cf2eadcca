"""Queue Celery work after the current transaction commits, without letting a
broker outage undo, fail or slow down the user's save."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

# One attempt, with short socket timeouts: a save never waits on a broker that
# is down or hung for more than about two seconds. What is not queued is left
# pending for the nightly run (or the app's recompute command) to catch up.
PUBLISH_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
}


def broker_connection():
    """A fresh connection to the broker for one publish or check, bounded by
    PUBLISH_TRANSPORT_OPTIONS. Fresh rather than pooled: a pooled connection
    left over from before a broker restart would fail the first publish after
    the broker is back."""
    from .celery import app

    return app.connection_for_write(transport_options=PUBLISH_TRANSPORT_OPTIONS, connect_timeout=1)


def enqueue_on_commit(task, *, on_broker_error=None, **kwargs):
    """Send `task` with keyword `kwargs` once the transaction commits.

    If the task cannot be queued, whatever the reason (broker down or hung,
    refused, misconfigured), the save still stands: the error is logged and
    `on_broker_error()` is called (e.g. to mark figures as awaiting a refresh,
    which the nightly job or the app's recompute command picks up).

    The result is not kept: nothing reads it, and subscribing to the result
    backend is what made a save wait 19 s on a Redis that was down.
    """

    def send():
        from .celery import app

        try:
            if app.conf.task_always_eager:  # no broker (make run, tests): the task runs here and now
                task.apply_async(kwargs=kwargs)
            else:
                with broker_connection() as connection:
                    task.apply_async(kwargs=kwargs, retry=False, ignore_result=True, connection=connection)
        except Exception:
            logger.warning(
                "Broker unreachable or refusing: %s(%s) not queued; the nightly run will catch up",
                task.name,
                kwargs,
                exc_info=True,
            )
            if on_broker_error is not None:
                on_broker_error()

    transaction.on_commit(send)
