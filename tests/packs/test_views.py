"""The Board packs pages: who may see, ask for and download a pack.

alice (lead) and bob (board member) may ask; olive (officer) may see and
download but not ask; charlie (Walsall) and unknown areas get 404; anonymous
visitors go to the login page."""

from datetime import date
from unittest import mock

import pytest
from kombu.exceptions import OperationalError

from performance.models import ReportingMonth
from performance.packs import services
from performance.packs.models import BoardPack, PackDownload, PackPreference, PackStatus
from performance.selectors import default_due_month
from tests.improvement.factories import MeetingFactory

from .pdf import pdf_text

pytestmark = pytest.mark.django_db


def ask(client, code="344", **data):
    payload = {"month": "2020-11", "sections": ["risks", "readiness"], **data}
    return client.post(f"/board/{code}/packs/request/", payload)


@pytest.fixture
def ready_pack(wirral, alice):
    pack = services.pack_create(area=wirral, as_at=date(2020, 11, 1), sections=["risks"], user=alice)
    return services.pack_build(pack_id=pack.pk)


def test_a_board_member_asks_for_a_pack_and_it_is_made_in_the_request_without_a_broker(
    client_for, wirral, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client_for(bob))
    pack = BoardPack.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/board/344/packs/{pack.pk}/"
    assert (pack.status, pack.sections, pack.as_at, pack.requested_by) == (
        PackStatus.READY,
        ["risks", "readiness"],
        date(2020, 11, 1),
        bob,
    )
    page = client_for(bob).get(response["Location"])
    assert "Ready to download" in page.content.decode() and "Risks, Inspection readiness" in page.content.decode()


def test_when_the_broker_is_down_the_pack_is_made_in_the_request(
    client_for, wirral, alice, django_capture_on_commit_callbacks
):
    with (
        mock.patch("performance.packs.tasks.build_pack.apply_async", side_effect=OperationalError("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ask(client_for(alice))
    assert BoardPack.objects.get().status == PackStatus.READY


def test_a_queued_pack_says_so_in_words_and_its_state_is_asked_for_while_it_is_made(client_for, wirral, alice):
    pack = services.pack_create(area=wirral, as_at=date(2020, 11, 1), sections=["risks", "plan"], user=alice)
    client = client_for(alice)
    body = client.get("/board/344/packs/").content.decode()
    assert "Queued: waiting to be made" in body and "packs/packs.js" in body
    assert f'data-pack-status="/board/344/packs/{pack.pk}/status/"' in body
    BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.BUILDING, sections_done=1)
    assert "Being made: 1 of 2 sections done" in client.get(f"/board/344/packs/{pack.pk}/").content.decode()
    state = client.get(f"/board/344/packs/{pack.pk}/status/")
    assert state.json() == {"status": "building", "words": "Being made: 1 of 2 sections done", "pending": True}
    assert state["Cache-Control"] == "private, no-store"
    BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.FAILED, error="the fonts are missing")
    body = client.get(f"/board/344/packs/{pack.pk}/").content.decode()
    assert "Could not be made: the fonts are missing" in body and "packs/packs.js" not in body
    assert client.get(f"/board/344/packs/{pack.pk}/status/").json()["pending"] is False


def test_the_state_of_a_pack_is_not_found_from_another_area(client_for, wirral, charlie, ready_pack):
    assert client_for(charlie).get(f"/board/344/packs/{ready_pack.pk}/status/").status_code == 404


def test_an_officer_sees_the_packs_but_may_not_ask(client_for, wirral, olive, ready_pack):
    client = client_for(olive)
    body = client.get("/board/344/packs/").content.decode()
    assert "Ready to download" in body and "Make the board pack" not in body
    assert ask(client).status_code == 403
    assert BoardPack.objects.count() == 1


def test_every_role_of_the_area_downloads_and_each_download_is_recorded(
    client_for, wirral, alice, bob, olive, ada, ready_pack
):
    for user in (alice, bob, olive, ada):
        response = client_for(user).get(f"/board/344/packs/{ready_pack.pk}/download/")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"] == 'attachment; filename="board-pack-344-2020-11-v1.pdf"'
        assert "Risks" in pdf_text(response.content)
    assert list(PackDownload.objects.order_by("pk").values_list("user__username", flat=True)) == [
        "alice",
        "bob",
        "olive",
        "ada",
    ]


def test_another_areas_user_gets_404_everywhere_and_downloads_nothing(client_for, wirral, charlie, ready_pack):
    client = client_for(charlie)
    for path in ("", "request/", f"{ready_pack.pk}/", f"{ready_pack.pk}/status/", f"{ready_pack.pk}/download/"):
        assert client.get(f"/board/344/packs/{path}").status_code == 404, path
    assert ask(client).status_code == 404
    assert not PackDownload.objects.exists()


def test_a_pack_of_one_area_is_not_found_under_another(client_for, wirral, walsall, ada, ready_pack):
    assert client_for(ada).get(f"/board/335/packs/{ready_pack.pk}/download/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, wirral, ready_pack):
    response = client.get(f"/board/344/packs/{ready_pack.pk}/download/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_pack_not_ready_is_not_downloaded(client_for, wirral, alice):
    pack = services.pack_create(area=wirral, as_at=date(2020, 11, 1), sections=["risks"], user=alice)
    response = client_for(alice).get(f"/board/344/packs/{pack.pk}/download/")
    assert response.status_code == 302 and response["Location"] == f"/board/344/packs/{pack.pk}/"
    assert not PackDownload.objects.exists()


def test_an_unknown_section_is_refused_naming_the_known_ones(client_for, wirral, alice):
    response = ask(client_for(alice), sections=["risks", "finance"])
    body = response.content.decode()
    assert response.status_code == 400
    assert "Unknown section finance. The sections are: exceptions, scorecard, ehcp, plan, risks, decisions" in body
    assert not BoardPack.objects.exists()


def test_a_month_that_is_not_one_is_refused_in_words(client_for, wirral, alice):
    response = ask(client_for(alice), month="Smarch")
    assert response.status_code == 400
    assert "is not a month: write it as 2020-03, Mar 2020 or March 2020" in response.content.decode()


def test_the_sections_chosen_are_remembered_for_the_area(client_for, wirral, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client_for(alice), sections=["plan", "decisions"])
    assert PackPreference.objects.get(area=wirral).sections == ["plan", "decisions"]
    form = client_for(alice).get("/board/344/packs/").context["form"]
    assert form.initial["sections"] == ["plan", "decisions"]


def test_the_month_offered_is_the_one_the_areas_pages_report_on(client_for, wirral, alice):
    """An area whose data ends on a date (the demo's) reports on that month; the form offered last month by
    the calendar (November 2026 for the demo's Wirral, whose dashboard and publish page read December 2024)."""
    ReportingMonth.objects.create(area=wirral, month=date(2024, 12, 1), reason="The demo's data ends there.")
    form = client_for(alice).get("/board/344/packs/").context["form"]
    assert form.initial["month"] == "2024-12"
    ReportingMonth.objects.filter(area=wirral).delete()
    form = client_for(alice).get("/board/344/packs/").context["form"]
    assert form.initial["month"] == f"{default_due_month():%Y-%m}"


def test_a_meeting_of_another_area_cannot_be_chosen(client_for, wirral, walsall, alice):
    elsewhere = MeetingFactory(local_area=walsall)
    response = ask(client_for(alice), meeting=elsewhere.pk)
    assert response.status_code == 400 and not BoardPack.objects.exists()


def test_the_meeting_page_offers_the_pack_for_the_meeting(client_for, wirral, alice, bob, olive):
    meeting = MeetingFactory(local_area=wirral, held_on=date(2020, 12, 9))
    services.pack_build(
        pack_id=services.pack_create(
            area=wirral, as_at=date(2020, 11, 1), sections=["risks"], user=alice, meeting=meeting
        ).pk
    )
    body = client_for(bob).get(f"/board/344/decisions/meetings/{meeting.pk}/").content.decode()
    assert "Board pack for this meeting" in body and "As at November 2020, version 1" in body
    assert f"/board/344/packs/?meeting={meeting.pk}#request" in body
    form = client_for(bob).get(f"/board/344/packs/?meeting={meeting.pk}").context["form"]
    assert form.initial["meeting"] == meeting and form.initial["month"] == "2020-11"
    body = client_for(olive).get(f"/board/344/decisions/meetings/{meeting.pk}/").content.decode()
    assert "Board pack for this meeting" in body and "Make the board pack for this meeting" not in body


def test_the_header_links_to_board_packs(client_for, wirral, olive):
    assert 'href="/board/344/packs/"' in client_for(olive).get("/board/344/").content.decode()
