"""Queue Celery work after the current transaction commits, without letting a
broker outage undo or fail the user's save."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *, on_broker_error=None, **kwargs):
    """Send `task` with keyword `kwargs` once the transaction commits.

    If the broker cannot be reached the save still stands: the error is logged
    and `on_broker_error()` is called (e.g. to mark figures as awaiting a
    refresh, which the nightly job or `recompute_figures` will pick up).
    """

    def send():
        try:
            task.apply_async(kwargs=kwargs, retry=False)
        except OperationalError:
            logger.warning("Broker unreachable; %s(%s) not queued", task.name, kwargs, exc_info=True)
            if on_broker_error is not None:
                on_broker_error()

    transaction.on_commit(send)
