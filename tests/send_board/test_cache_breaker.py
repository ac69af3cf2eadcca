"""The cache leaves an unreachable Redis alone for a few seconds after an error,
so a request's several cache calls cost one timeout, not one each."""

import socket
import time

import pytest

from send_board import cache as resilient


@pytest.fixture
def unreachable_cache():
    with socket.socket() as probe:  # a loopback port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield resilient.ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )
    resilient.retry_now()


def test_after_an_error_the_cache_answers_as_empty_without_trying(unreachable_cache, caplog):
    assert unreachable_cache.get("key", "missing") == "missing"
    assert resilient._skip_until > time.monotonic()
    assert len([r for r in caplog.records if "Cache unreachable" in r.getMessage()]) == 1
    assert unreachable_cache.get("key", "missing") == "missing"
    unreachable_cache.set("key", "value")
    assert len([r for r in caplog.records if "Cache unreachable" in r.getMessage()]) == 1  # not tried again


def test_it_tries_again_once_the_pause_is_over(unreachable_cache, caplog):
    unreachable_cache.get("key")
    resilient.retry_now()
    unreachable_cache.get("key")
    assert len([r for r in caplog.records if "Cache unreachable" in r.getMessage()]) == 2
