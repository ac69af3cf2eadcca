import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from send_board.celery import app
from send_board.queue import enqueue_on_commit
from send_board.tasks import ping


@pytest.mark.celery_worker
def test_a_real_worker_answers_a_round_trip(celery_worker):
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert not celery_worker.conf.task_always_eager


class Unqueueable:
    """A task whose queueing fails with `error`, as each broker or result
    backend failure surfaced in apply_async."""

    name = "unqueueable"

    def __init__(self, error):
        self.error = error

    def apply_async(self, **options):
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
        RuntimeError("Retry limit exceeded while trying to reconnect to the Celery result store backend."),
        ConnectionError("connection reset"),
        TimeoutError("timed out"),
    ],
    ids=type,
)
@pytest.mark.django_db(transaction=True)
def test_any_failure_to_queue_is_logged_and_left_to_the_fallback(error, caplog):
    calls = []
    with transaction.atomic():
        enqueue_on_commit(Unqueueable(error), on_broker_error=lambda: calls.append("pending"), area_id=1)
    assert calls == ["pending"]
    assert "Broker unreachable or refusing: unqueueable({'area_id': 1}) not queued; the nightly run will catch up" in (
        caplog.text
    )
    assert str(error) in caplog.text


def test_queueing_never_waits_on_the_result_backend():
    """Subscribing to the Redis result backend is what made a save wait 19 s
    and raise RuntimeError: task results are not kept (ping's aside)."""
    assert app.conf.task_ignore_result is True
    assert ping.ignore_result is False


def test_a_killed_worker_s_task_comes_back_within_minutes_and_never_while_it_runs():
    options = app.conf.broker_transport_options
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert options["visibility_timeout"] == 600 and options["unacked_restore_throttle"] == 1
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit < options["visibility_timeout"]
