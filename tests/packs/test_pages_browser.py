"""The Board packs pages in Chromium: no WCAG 2.2 A/AA violation, and a pack
asked for on the page is followed to "Ready to download" without a reload by hand."""

from datetime import date

import pytest

from performance.packs import services
from performance.packs.models import BoardPack, PackStatus
from tests.improvement.factories import MeetingFactory

pytestmark = pytest.mark.browser


def test_the_packs_pages_have_no_violations(page, sign_in_page, axe_violations, transactional_db, wirral, bob):
    meeting = MeetingFactory(local_area=wirral, held_on=date(2020, 12, 9))
    pack = services.pack_create(area=wirral, as_at=date(2020, 11, 1), sections=["risks"], user=bob, meeting=meeting)
    services.pack_build(pack_id=pack.pk)
    sign_in_page(bob)
    for path in ("/board/344/packs/", f"/board/344/packs/{pack.pk}/", f"/board/344/decisions/meetings/{meeting.pk}/"):
        page.goto(path)
        assert axe_violations(page) == [], path


def test_the_page_follows_a_pack_until_it_is_ready(page, sign_in_page, transactional_db, wirral, bob):
    pack = services.pack_create(area=wirral, as_at=date(2020, 11, 1), sections=["risks", "readiness"], user=bob)
    sign_in_page(bob)
    page.goto(f"/board/344/packs/{pack.pk}/")
    assert page.get_by_role("status").inner_text().endswith("Queued: waiting to be made")
    BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.BUILDING, sections_done=1)
    page.get_by_text("Being made: 1 of 2 sections done").wait_for(timeout=20_000)
    services.pack_build(pack_id=pack.pk)
    page.get_by_role("link", name="Download the PDF").wait_for(timeout=20_000)
    assert "Ready to download" in page.get_by_role("status").inner_text()
