"""Django's Redis cache, made to degrade instead of fail.

The cache only ever saves work: every page that uses it can build what it
needs from the database. So when Redis cannot be reached (down, restarting,
hung), each cache operation logs the error and answers as a cache that holds
nothing would (a miss, nothing stored, nothing deleted), after at most the
short socket timeouts set in settings; the page is built from the database.
It is the default cache wherever REDIS_URL is set (settings.base.redis_cache),
so every user of `django.core.cache` (public pages, throttles) gets this
without a try block of its own.

After an error, the cache is left alone for a few seconds (RETRY_AFTER): a
request makes several cache calls, and a hung Redis would otherwise cost each
of them its timeout.

One consequence to know: a write or delete made while Redis is unreachable is
lost, so an entry stored before the outage survives it. Entries that must
change with the data carry the data's state in their key (see
performance/publishing/caching.py) and expire within a day.
"""

import functools
import logging
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.RedisError, OSError)
RETRY_AFTER = 5.0  # seconds without trying Redis after it failed
_skip_until = 0.0


def retry_now():
    """End the pause: the next operation tries Redis again (the health check does)."""
    global _skip_until
    _skip_until = 0.0


def _degrades_to(answer):
    """Wrap a RedisCacheClient method: on a Redis error, log and return
    `answer(*args)` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args):
            global _skip_until
            if time.monotonic() < _skip_until:
                return answer(*args)
            try:
                return method(self, *args)
            except UNREACHABLE as error:
                _skip_until = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "Cache unreachable (%s: %s); %s answered without it, and the cache is left alone for %.0f s",
                    type(error).__name__,
                    error,
                    method.__name__,
                    RETRY_AFTER,
                )
                return answer(*args)

        return wrapper

    return decorate


class ResilientRedisCacheClient(RedisCacheClient):
    add = _degrades_to(lambda key, value, timeout: False)(RedisCacheClient.add)
    get = _degrades_to(lambda key, default: default)(RedisCacheClient.get)
    set = _degrades_to(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _degrades_to(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _degrades_to(lambda key: False)(RedisCacheClient.delete)
    get_many = _degrades_to(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _degrades_to(lambda key: False)(RedisCacheClient.has_key)
    # A counter that cannot be read counts from zero: throttles fail open
    # during an outage rather than lock everyone out.
    incr = _degrades_to(lambda key, delta: delta)(RedisCacheClient.incr)
    set_many = _degrades_to(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _degrades_to(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _degrades_to(lambda: False)(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    """settings.CACHES backend: RedisCache whose errors are logged, not raised."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
