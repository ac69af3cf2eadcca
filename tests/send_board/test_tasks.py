import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from send_board.celery import app
from send_board.queue import coalesced, enqueue_on_commit
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


def registered_tasks():
    """Every task of every app, as a worker registers them (autodiscovery)."""
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_beat_entry_in_settings_names_a_registered_task():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert app.conf.beat_schedule == schedule
    tasks = registered_tasks()
    assert {entry["task"] for entry in schedule.values()} <= set(tasks)
    assert {
        "ehcp.tasks.recompute_all_areas",
        "performance.recompute_all_ratings",
        "performance.sync_all_computed_indicators",
        "notifications.tasks.run_daily_notifications",
        "notifications.tasks.send_pending_notifications",
    } == {entry["task"] for entry in schedule.values()}


def test_no_app_adds_periodic_tasks_in_code():
    """The schedule is the one in settings: beat reads nothing else."""
    registered_tasks()
    assert not app.on_after_finalize.receivers
    assert not app.on_after_configure.receivers


def test_every_task_has_the_one_retry_policy():
    from django.db import InterfaceError
    from django.db import OperationalError as DatabaseError
    from redis.exceptions import ConnectionError as RedisConnectionError

    from send_board.celery import RETRY_ERRORS, RetryingTask

    tasks = registered_tasks()
    assert {"ehcp.tasks.recompute_area_figures", "packs.build_pack", "improvement.tasks.close_period"} <= set(tasks)
    for name, task in tasks.items():
        assert isinstance(task, RetryingTask), name
        assert task.autoretry_for == RETRY_ERRORS, name
        assert (task.retry_backoff, task.retry_backoff_max, task.max_retries) == (30, 600, 5), name
    assert {DatabaseError, InterfaceError, OperationalError, RedisConnectionError} <= set(RETRY_ERRORS)


def test_a_task_s_own_retry_waits_as_long_as_the_policy_says(monkeypatch):
    from notifications.tasks import notify_commentary_needed

    asked = []
    monkeypatch.setattr(notify_commentary_needed, "retry_jitter", False)  # exact waits (a worker draws below them)
    monkeypatch.setattr(notify_commentary_needed, "retry", lambda exc, countdown: asked.append(countdown) or exc)
    for retries in (0, 3, 10):
        notify_commentary_needed.push_request(retries=retries)
        try:
            notify_commentary_needed.retry_later(ValueError("not yet"))
        finally:
            notify_commentary_needed.pop_request()
    assert asked == [30, 240, 600]


class Recorded:
    """A task that records the keyword arguments it is sent with."""

    def __init__(self, name):
        self.name, self.sent = name, []

    def apply_async(self, *, kwargs, **options):
        self.sent.append(kwargs)


@pytest.mark.django_db(transaction=True)
def test_a_coalesced_block_sends_each_task_once_at_its_end_with_every_id():
    ratings, figures = Recorded("ratings"), Recorded("figures")
    with coalesced():
        for ids in ([3, 1], [1], [2]):
            with transaction.atomic():
                enqueue_on_commit(ratings, indicator_ids=ids)
                enqueue_on_commit(figures, area_id=7)
        enqueue_on_commit(figures, area_id=8)
        assert ratings.sent == figures.sent == []
    assert ratings.sent == [{"indicator_ids": [3, 1, 2]}]
    assert figures.sent == [{"area_id": 7}, {"area_id": 8}]


@pytest.mark.django_db(transaction=True)
def test_a_coalesced_block_sends_nothing_for_writes_rolled_back():
    ratings = Recorded("ratings")
    with coalesced(), transaction.atomic():
        enqueue_on_commit(ratings, indicator_ids=[1])
        try:
            with transaction.atomic():
                enqueue_on_commit(ratings, indicator_ids=[2])
                raise ValueError
        except ValueError:
            pass
    assert ratings.sent == [{"indicator_ids": [1]}]


@pytest.mark.django_db(transaction=True)
def test_a_coalesced_block_reports_a_failure_to_queue_to_each_caller(caplog):
    calls = []
    with coalesced():
        for area in ("a", "b"):
            enqueue_on_commit(Unqueueable(ConnectionError("refused")), on_broker_error=lambda a=area: calls.append(a))
    assert calls == ["a", "b"]
