import pytest

from send_board.queue import enqueue_on_commit
from send_board.tasks import ping


@pytest.mark.celery_worker
def test_a_real_worker_answers_a_round_trip(celery_worker):
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert not celery_worker.conf.task_always_eager


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_does_not_undo_the_save(settings):
    from kombu.exceptions import OperationalError

    calls = []

    class DownTask:
        name = "down"

        def apply_async(self, **kwargs):
            raise OperationalError("connection refused")

    from django.db import transaction

    with transaction.atomic():
        enqueue_on_commit(DownTask(), on_broker_error=lambda: calls.append("stale"), area_id=1)
    assert calls == ["stale"]
