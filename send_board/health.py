"""What /healthz/ checks: the database, the cache and the broker, each on its
own and each bounded by a short timeout, so that the answer comes in a few
seconds whatever is down."""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection

from .queue import broker_connection

logger = logging.getLogger(__name__)

OK = "ok"
DOWN = "down"
NOT_USED = "not used (tasks run in the web process)"


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return DOWN
    return OK


def cache_state():
    """Write a value and read it back: the cache degrades to a miss rather
    than raise (send_board/cache.py), so a miss is how it says it is down."""
    from .cache import retry_now

    retry_now()  # ask Redis itself, not the pause after an earlier error
    key = "healthz:" + uuid.uuid4().hex
    value = uuid.uuid4().hex
    cache.set(key, value, 10)
    answered = cache.get(key) == value
    cache.delete(key)
    return OK if answered else DOWN


def broker():
    from .celery import app

    if app.conf.task_always_eager:
        return NOT_USED
    try:
        with broker_connection() as connection:
            connection.ensure_connection(max_retries=0)
    except Exception:
        logger.warning("Health check: the broker does not answer", exc_info=True)
        return DOWN
    return OK


def check_all():
    return {"database": database(), "cache": cache_state(), "broker": broker()}
