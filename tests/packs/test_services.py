"""Making a pack: the sections, versions, idempotence, and what a bad input gives."""

import logging
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from performance.packs import services
from performance.packs.models import ALL_SECTIONS, BoardPack, PackDownload, PackStatus, Section
from performance.packs.svg import ChartsUnavailable
from tests.improvement.factories import EvidenceItemFactory, MeetingFactory, RiskFactory

from .pdf import pdf_text

pytestmark = pytest.mark.django_db

NOVEMBER = date(2020, 11, 1)


def make(area, user=None, sections=ALL_SECTIONS, **kwargs):
    pack = services.pack_create(area=area, as_at=NOVEMBER, sections=list(sections), user=user, **kwargs)
    return services.pack_build(pack_id=pack.pk, **({"drawer": kwargs.pop("drawer")} if "drawer" in kwargs else {}))


def test_an_unknown_section_is_refused_naming_the_known_ones(wirral):
    with pytest.raises(
        ValidationError,
        match=r"Unknown section finance\. The sections are: exceptions, scorecard, ehcp",
    ) as refused:
        services.pack_create(area=wirral, as_at=NOVEMBER, sections=["scorecard", "finance"])
    message = refused.value.messages[0]
    assert "Unknown section finance" in message
    assert "exceptions, scorecard, ehcp, plan, risks, decisions, readiness" in message
    assert not BoardPack.objects.exists()


def test_no_section_at_all_is_refused(wirral):
    with pytest.raises(ValidationError, match="at least one section"):
        services.pack_create(area=wirral, as_at=NOVEMBER, sections=[" ", ""])


def test_sections_come_out_in_the_packs_order_whatever_the_order_asked(wirral):
    assert services.sections_clean(["Risks", "scorecard", "exceptions"]) == ["exceptions", "scorecard", "risks"]


def test_a_month_with_no_data_still_makes_a_pack_and_each_section_says_so(wirral, alice):
    pack = services.pack_build(
        pack_id=services.pack_create(area=wirral, as_at=date(1999, 1, 1), sections=ALL_SECTIONS, user=alice).pk
    )
    assert pack.status == PackStatus.READY and pack.sections_done == len(ALL_SECTIONS)
    text = pdf_text(pack.file.content)
    for expected in (
        "No exceptions as at January 1999",
        "No indicators are defined for Wirral",
        "No EHCP 20-week figures for Wirral for a month up to January 1999",
        "Wirral has no active improvement plan",
        "Wirral's risk register has no open risk",
        "No board meeting of Wirral is recorded before the end of January 1999",
        "Wirral's evidence library has no items",
    ):
        assert expected in text
    assert "Draft: not for publication" in text and "Page 1 of" in text


def test_the_cover_names_the_partnership_meeting_month_and_who_asked(wirral, alice):
    meeting = MeetingFactory(local_area=wirral, title="SEND Partnership Board", held_on=date(2020, 12, 9))
    pack = make(wirral, alice, sections=["readiness"], meeting=meeting)
    text = pdf_text(pack.file.content)
    assert "Wirral Local Area SEND Partnership" in text
    assert "SEND Partnership Board, Wednesday 9 December 2020" in text
    assert "The end of November 2020" in text
    assert f"asked for by {alice.get_full_name() or alice.username}" in text
    assert "Contents" in text and "1. Inspection readiness" in text


def test_a_later_pack_for_the_same_meeting_is_a_new_version_and_the_first_stays(wirral, alice):
    meeting = MeetingFactory(local_area=wirral, held_on=date(2020, 12, 9))
    first = make(wirral, alice, sections=["risks"], meeting=meeting)
    second = make(wirral, alice, sections=["risks"], meeting=meeting)
    other_month = make(wirral, alice, sections=["risks"])
    assert (first.version, second.version, other_month.version) == (1, 2, 1)
    assert services.pack_download(pack=first, user=alice)[:5] == b"%PDF-"
    assert PackDownload.objects.filter(pack=first, user=alice).count() == 1


def test_making_a_ready_pack_again_changes_nothing(wirral, alice):
    pack = make(wirral, alice, sections=["risks"])
    finished = pack.finished_at
    again = services.pack_build(pack_id=pack.pk)
    assert again.status == PackStatus.READY and again.finished_at == finished


def test_a_failure_is_kept_in_words_and_logged_not_shown_as_a_trace(wirral, alice, monkeypatch, caplog):
    pack = services.pack_create(area=wirral, as_at=NOVEMBER, sections=["risks"], user=alice)

    def broken(**kwargs):
        raise RuntimeError("font cache unreadable")

    monkeypatch.setattr(services.render, "write_pdf", lambda html: broken())
    with caplog.at_level(logging.ERROR, logger="performance.packs.services"):
        failed = services.pack_build(pack_id=pack.pk)
    assert failed.status == PackStatus.FAILED
    assert failed.status_words.startswith("Could not be made: an error in making the PDF (RuntimeError)")
    assert "Traceback" not in failed.error and "font cache" in caplog.text
    monkeypatch.undo()
    assert services.pack_build(pack_id=pack.pk).status == PackStatus.READY  # a failed pack can be made again


def test_without_kaleido_each_chart_is_its_table_with_a_line_saying_so(wirral, alice, caplog):
    RiskFactory(local_area=wirral, reference="R1", likelihood=5, impact=4)
    EvidenceItemFactory(local_area=wirral, title="SEF", status="underway")

    def no_chromium(figure):
        raise ChartsUnavailable("Chromium not found at /usr/bin/chromium")

    with caplog.at_level(logging.ERROR, logger="performance.packs.svg"):
        pack = services.pack_build(
            pack_id=services.pack_create(area=wirral, as_at=NOVEMBER, sections=["risks", "readiness"], user=alice).pk,
            drawer=no_chromium,
        )
    assert pack.status == PackStatus.READY
    text = pdf_text(pack.file.content)
    assert "each chart is replaced by its table" in text
    assert "could not be drawn on this server; the table holds its figures" in text
    assert "Open risks by likelihood (rows) and impact (columns)" in text and "Evidence items by status" in text
    assert "Traceback" not in text and "Chromium not found" not in text
    assert caplog.text.count("Chromium not found") == 1  # one log line, not one per chart


def test_every_section_is_one_the_pack_knows():
    assert tuple(s.value for s in Section) == ALL_SECTIONS
