"""The pack task: ids in, idempotent, run by a real worker when there is one."""

import time
from datetime import date

import pytest

from performance.packs import services, tasks
from performance.packs.models import BoardPack, PackStatus
from tests.improvement.factories import RiskFactory

from .pdf import pdf_text


@pytest.mark.django_db
def test_the_task_makes_the_pack_once(wirral, alice):
    pack = services.pack_create(area=wirral, as_at=date(2020, 11, 1), sections=["risks"], user=alice)
    assert tasks.build_pack(pack.pk) == PackStatus.READY
    made = BoardPack.objects.get(pk=pack.pk)
    assert tasks.build_pack(pack.pk) == PackStatus.READY
    assert BoardPack.objects.get(pk=pack.pk).finished_at == made.finished_at


@pytest.mark.django_db
def test_the_task_for_a_pack_that_is_gone_does_nothing(wirral):
    assert tasks.build_pack(123456) is None


@pytest.mark.celery_worker
def test_a_real_worker_makes_the_pack_asked_for_on_the_page(celery_worker, client_for, wirral, bob):
    RiskFactory(local_area=wirral, reference="R7", title="Tribunal backlog grows", likelihood=4, impact=4)
    response = client_for(bob).post(
        "/board/344/packs/request/", {"month": "2020-11", "sections": ["risks", "decisions"]}
    )
    pack = BoardPack.objects.get()
    assert response.status_code == 302
    deadline = time.monotonic() + 120
    while (status := BoardPack.objects.get(pk=pack.pk).status) != PackStatus.READY:
        assert status != PackStatus.FAILED, BoardPack.objects.get(pk=pack.pk).error
        assert time.monotonic() < deadline, f"the worker did not make the pack in 120 s ({status})"
        time.sleep(0.3)
    download = client_for(bob).get(f"/board/344/packs/{pack.pk}/download/")
    text = pdf_text(download.content)
    assert "R7 Tribunal backlog grows" in text and "1 open risk: 0 low, 0 medium, 0 high, 1 very high" in text
