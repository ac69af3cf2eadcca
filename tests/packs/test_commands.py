"""manage.py board_pack: the draft pack (the task's code path) and the public PDF."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from performance.packs.models import BoardPack, PackStatus
from performance.publishing.services import publication_create, publication_withdraw
from tests.improvement.factories import MeetingFactory
from tests.publishing.factories import JANUARY, scorecard

from .pdf import pdf_text

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("board_pack", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_draft_pack_and_keeps_it_like_one_asked_for_on_the_page(wirral, tmp_path):
    meeting = MeetingFactory(local_area=wirral, title="SEND Partnership Board", held_on=date(2020, 12, 9))
    output = tmp_path / "pack.pdf"
    said = run(
        "--area",
        "344",
        "--month",
        "2020-11",
        "--meeting",
        str(meeting.pk),
        "--sections",
        "risks,plan",
        "--output",
        str(output),
    )
    pack = BoardPack.objects.get()
    assert (pack.status, pack.sections, pack.meeting, pack.requested_by_name) == (
        PackStatus.READY,
        ["plan", "risks"],
        meeting,
        "manage.py board_pack",
    )
    assert f"Wrote {output}" in said and "version 1" in said
    text = pdf_text(output.read_bytes())
    assert "SEND Partnership Board, Wednesday 9 December 2020" in text and "1. Improvement plan" in text


def test_an_unknown_section_is_refused_naming_the_known_ones(wirral, tmp_path):
    with pytest.raises(CommandError, match=r"Unknown section minutes\. The sections are: exceptions, scorecard, ehcp"):
        run("--area", "344", "--month", "2020-11", "--sections", "risks,minutes", "--output", str(tmp_path / "x.pdf"))
    assert not BoardPack.objects.exists() and not (tmp_path / "x.pdf").exists()


def test_bad_areas_months_and_meetings_are_refused_in_words(wirral, walsall, tmp_path):
    output = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="There is no local area with code '999'"):
        run("--area", "999", "--month", "2020-11", "--output", output)
    with pytest.raises(CommandError, match="is not a month"):
        run("--area", "344", "--month", "November", "--output", output)
    elsewhere = MeetingFactory(local_area=walsall)
    with pytest.raises(CommandError, match=f"Wirral has no meeting with id {elsewhere.pk}"):
        run("--area", "344", "--month", "2020-11", "--meeting", str(elsewhere.pk), "--output", output)
    with pytest.raises(CommandError, match="Give --area and --month"):
        run("--output", output)


def test_it_writes_a_publications_public_pdf(wirral, alice, tmp_path):
    scorecard(wirral)
    publication = publication_create(area=wirral, month=JANUARY, user=alice)
    output = tmp_path / "public.pdf"
    run("--publication", str(publication.pk), "--output", str(output))
    text = pdf_text(output.read_bytes())
    assert "SEND scorecard for January 2025" in text and "Draft" not in text
    publication_withdraw(publication=publication, user=alice, reason="Published in error.")
    said = run("--publication", str(publication.pk), "--output", str(output))
    assert "was withdrawn" in said and "This scorecard has been withdrawn" in pdf_text(output.read_bytes())
    with pytest.raises(CommandError, match="There is no publication with id 999999"):
        run("--publication", "999999", "--output", str(output))
