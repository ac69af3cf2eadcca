"""Queue Celery work after the current transaction commits, without letting a
broker outage undo, fail or slow down the user's save."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

logger = logging.getLogger(__name__)
_batch = ContextVar("send_board_queue_batch", default=None)

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

    Inside `coalesced()`, what commits is held and sent once, at the end of the block.
    """
    batch = _batch.get()

    def committed():
        if batch is not None and batch.open:
            batch.add(task, kwargs, on_broker_error)
        else:
            _send(task, kwargs, [on_broker_error] if on_broker_error is not None else [])

    transaction.on_commit(committed)


def _send(task, kwargs, on_broker_error):
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
        for callback in on_broker_error:
            callback()


@contextmanager
def coalesced():
    """Hold the tasks that the block's committed writes queue, and send each
    once when the block ends: the same task with the same arguments once, and
    calls that differ only in one list of ids (indicator_ids, area_ids) as one
    call with every id. Every task is idempotent and reads the database when
    it runs, so one run after the last write leaves what a run after each
    write would; a burst of saves (a demo, an import) pays for one recompute.

    Writes rolled back queue nothing, as without the block. What commits only
    after the block ends (a transaction around it) is sent as usual."""
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        batch.send()


class _Batch:
    """The calls a coalesced() block holds: {(task, the list argument merged, the other arguments): call}."""

    def __init__(self):
        self.open = True
        self.calls = {}  # key -> (task, kwargs, on_broker_error callbacks)

    def add(self, task, kwargs, on_broker_error):
        lists = [name for name, value in kwargs.items() if isinstance(value, list)]
        merged = lists[0] if len(lists) == 1 else None
        fixed = tuple(sorted((name, repr(value)) for name, value in kwargs.items() if name != merged))
        key = (task.name, merged, fixed)
        if key not in self.calls:
            self.calls[key] = (task, {**kwargs, **({merged: []} if merged else {})}, [])
        _task, held, callbacks = self.calls[key]
        if merged:
            held[merged] = list(dict.fromkeys([*held[merged], *kwargs[merged]]))
        if on_broker_error is not None and on_broker_error not in callbacks:
            callbacks.append(on_broker_error)

    def send(self):
        self.open = False
        for task, kwargs, callbacks in self.calls.values():
            transaction.on_commit(lambda task=task, kwargs=kwargs, errors=callbacks: _send(task, kwargs, errors))
