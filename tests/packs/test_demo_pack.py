"""The demo's board packs hold the same figures as the pages.

The demo is loaded once for this module (load_demo, as `make run` does), three
packs are made through the service the Celery task runs, and each section's
text is compared with what its page shows, read from the page's own context.
"""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from improvement.models import Meeting, Plan
from performance.models import IndicatorValue
from performance.packs import services
from performance.packs.models import ALL_SECTIONS, PackStatus
from send_board.models import LocalArea
from tests.conftest import flush_after_module, load_demo

from .pdf import page_count, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NOVEMBER_2020 = date(2020, 11, 1)
CONTENTS_END = "never by colour alone."  # the line after the contents


def squash(text):
    """Text without white space, for words a table cell may wrap anywhere."""
    return re.sub(r"\s+", "", text)


def section_text(text, number, title, next_title=None):
    """The text of one numbered section of a pack, from its heading to the next."""
    start = text.index(f"{number}. {title}", text.index(CONTENTS_END))
    end = text.index(f"{number + 1}. {next_title}", start) if next_title else len(text)
    return text[start:end]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, and the packs: Walsall as at November 2020, Wirral as at its
    latest month, Sefton's readiness as at August 2024."""
    with django_db_blocker.unblock():
        load_demo()
        areas = {a.code: a for a in LocalArea.objects.filter(code__in=["335", "344", "343"])}
        lead = get_user_model().objects.get(username="lead")
        wirral_month = (
            IndicatorValue.objects.filter(indicator__area=areas["344"], indicator__frequency="monthly")
            .order_by("-period")
            .values_list("period", flat=True)
            .first()
        )
        packs = {}
        for code, month, sections in (
            ("335", NOVEMBER_2020, ALL_SECTIONS),
            ("344", wirral_month, ALL_SECTIONS),
            ("343", date(2024, 8, 1), ["scorecard", "readiness"]),
        ):
            pack = services.pack_create(area=areas[code], as_at=month, sections=sections, user=lead)
            pack = services.pack_build(pack_id=pack.pk)
            assert pack.status == PackStatus.READY, pack.error
            packs[code] = {"pack": pack, "text": pdf_text(pack.file.content), "pages": page_count(pack.file.content)}
        yield {"areas": areas, "packs": packs, "wirral_month": wirral_month}
        flush_after_module()


@pytest.fixture
def lead_client(client, demo):
    client.force_login(get_user_model().objects.get(username="lead"))
    return client


# ---------------------------------------------------------------- Walsall, November 2020


def test_walsalls_pack_holds_every_figure_of_walsalls_table(demo):
    text = demo["packs"]["335"]["text"]
    # docs/domain.md (Walsall's table): March–November 2020, monthly %, rolling issued, rolling within, rolling %.
    monthly = ["16.7", "19.1", "19.1", "22.9", "17.9", "14.3", "18.4", "18.5", "40.5"]
    issued = [312, 348, 402, 407, 416, 413, 437, 489, 505]
    within = [16, 24, 37, 45, 49, 52, 60, 72, 86]
    rolling = ["5.1", "6.9", "9.2", "11.1", "11.8", "12.6", "13.7", "14.7", "17.0"]
    months = ["Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    for month, pct, n, w, r in zip(months, monthly, issued, within, rolling, strict=True):
        row = re.search(rf"{month} 2020 \d+ \d+ {re.escape(pct)} {n} {w} {re.escape(r)} ", text)
        assert row, f"{month} 2020: {pct}, {n}, {w}, {r}"
    assert "November 2020: 40.5% (15 of 37 plans within 20 weeks)" in text
    assert "Rolling 12 months to November 2020: 17.0% (86 of 505 plans)" in text


def test_walsalls_pack_holds_the_programme_status_counts(demo):
    text = demo["packs"]["335"]["text"]
    assert "Programme status: December 2020 Board against September 2020 Board (184 actions)" in text
    for row in (
        "Beyond Milestone ■ Red 14 8 up 6",
        "Delayed ▲ Amber 3 5 down 2",
        "In Progress ● Green 27 32 down 5",
    ):
        assert row in text


def test_walsalls_pack_has_every_section_in_order_on_its_own_page(demo):
    text, pages = demo["packs"]["335"]["text"], demo["packs"]["335"]["pages"]
    titles = ["By exception", "Scorecard", "EHCP 20-week timeliness", "Improvement plan", "Risks"]
    titles += ["Decisions and action log", "Inspection readiness"]
    positions = [text.index(f"{n}. {t}", text.index(CONTENTS_END)) for n, t in enumerate(titles, start=1)]
    assert positions == sorted(positions)
    assert f"Page {pages} of {pages}" in text and "Walsall Local Area SEND Partnership" in text
    # The contents give each section's page: the cover is 1, the contents 2.
    assert re.search(r"1\. By exception[ .]+ 3 2\. Scorecard[ .]+ \d+ 3\. EHCP", text)


def test_walsalls_decisions_section_is_the_meeting_before_the_end_of_the_month(demo):
    text = section_text(demo["packs"]["335"]["text"], 6, "Decisions and action log", "Inspection readiness")
    assert "Local Area Improvement Board with the DfE and NHS England monitoring visit, 4 November 2020" in text
    assert squash(
        "Complete the DfE/NHSE preparation form before the 12-month review meeting on 3 March 2021"
    ) in squash(text)


def test_the_demo_pack_is_small(demo):
    assert demo["packs"]["335"]["pack"].size < 3 * 1024 * 1024


# ---------------------------------------------------------------- each section against its page


def test_by_exception_matches_the_exceptions_page(demo, lead_client):
    rows = lead_client.get("/board/344/exceptions/").context["rows"]
    text = section_text(demo["packs"]["344"]["text"], 1, "By exception", "Scorecard")
    assert rows, "the demo has exceptions"
    assert f"{len(rows)} indicator{'s' if len(rows) != 1 else ''} by exception" in text
    for row in rows:
        assert row.indicator.name[:30] in text
        assert f"{row.value_text} against a target of {row.target_text}" in text
        if row.commentary is None and row.rag == "red":
            assert "Commentary missing" in text


def test_the_scorecard_matches_the_scorecard_page_for_the_month(demo, lead_client):
    month = demo["wirral_month"]
    sections = lead_client.get(f"/board/344/scorecard/?month={month:%Y-%m}").context["sections"]
    text = section_text(demo["packs"]["344"]["text"], 2, "Scorecard", "EHCP 20-week timeliness")
    rows = [row for section in sections for row in section["table"].data]
    assert len(rows) == 30
    for section in sections:
        assert f"{section['service'].label}: latest figures" in text
    for row in rows:
        assert row.indicator.code in text
        if row.value is not None:
            assert re.search(rf"{re.escape(row.indicator.code)} .{{0,60}}{re.escape(row.value_text)}", text), row


def test_ehcp_matches_the_ehcp_page(demo, lead_client):
    overview = lead_client.get("/board/344/ehcp/").context["overview"]
    month = demo["wirral_month"]
    figures = [f for f in overview.figures if f.month <= month][-13:]
    text = section_text(demo["packs"]["344"]["text"], 3, "EHCP 20-week timeliness", "Improvement plan")
    for f in figures:
        cells = [f"{f.month:%b %Y}", f.issued, f.within_20_weeks, f.pct if f.pct is not None else "–"]
        assert " ".join(str(c) for c in cells) in text, f.month
        if f.rolling_pct is not None:
            assert f"{f.rolling_issued} {f.rolling_within} {f.rolling_pct}" in text, f.month
    panel = lead_client.get("/board/344/ehcp/").content.decode()
    latest_year = re.search(r"In (\d{4}), Wirral issued ([\d.]+)% of new EHC plans", panel)
    if latest_year and int(latest_year.group(1)) <= month.year:
        assert f"Wirral issued {latest_year.group(2)}% of new EHC plans within 20 weeks" in text
    assert "National position" in text and "quartile" in text


def test_the_improvement_plan_matches_each_plans_overview_page(demo, lead_client):
    text = section_text(demo["packs"]["344"]["text"], 4, "Improvement plan", "Risks")
    plans = Plan.objects.active().filter(local_area=demo["areas"]["344"])
    assert plans.count() >= 1
    for plan in plans:
        overview = lead_client.get(plan.get_absolute_url()).context["overview"]
        assert plan.name in text
        for row in overview.status_table:
            current = "–" if row["current"] is None else row["current"]
            previous = "–" if row["previous"] is None else row["previous"]
            cells = rf"{re.escape(row['label'])} . \w+ {current} {previous} {re.escape(row['change_text'])}"
            assert re.search(cells, text), row
        for area in overview.areas:
            assert f"{area.area.number}. {area.area.title[:25]}" in text


def test_risks_match_the_risk_register_page(demo, lead_client):
    context = lead_client.get("/board/344/risks/").context
    text = section_text(demo["packs"]["344"]["text"], 5, "Risks", "Decisions and action log")
    bands = ", ".join(f"{n} {label.lower()}" for label, n in context["bands"].items())
    assert f"{context['open_count']} open risks: {bands}" in text
    for likelihood, cells in context["heat_rows"]:
        counts = " ".join(f"{count} {band.label.lower()}" for count, band in cells)
        assert f"Likelihood {likelihood} {counts}" in text
    for risk in context["overdue"]:
        assert risk.reference in text
    very_high = [r for r in context["table"].data if r.status == "open" and r.score >= 15]
    assert f"Escalated: very high risks ({len(very_high)})" in text


def test_decisions_match_the_meeting_page(demo, lead_client):
    month = demo["wirral_month"]
    meeting = (
        Meeting.objects.filter(local_area=demo["areas"]["344"], body="board", held_on__lte=date(2099, 1, 1))
        .filter(held_on__lt=date(month.year + (month.month == 12), month.month % 12 + 1, 1))
        .order_by("-held_on")
        .first()
    )
    context = lead_client.get(meeting.get_absolute_url()).context
    text = section_text(demo["packs"]["344"]["text"], 6, "Decisions and action log", "Inspection readiness")
    assert f"{meeting.title}, {meeting.held_on.day} {meeting.held_on:%B %Y}" in text
    for decision in context["decision_list"]:
        assert decision.title[:40] in text
        for option in decision.options.all():
            assert f"{option.number}. {option.title[:30]}" in text
    items = context["carried"] + context["raised"]
    assert f"Action log ({len(items)})" in text
    for item in items:
        assert item.item[:40] in text


def test_readiness_matches_the_readiness_page(demo, lead_client):
    context = lead_client.get("/board/343/readiness/").context
    text = demo["packs"]["343"]["text"]
    for _status, label, n, _colour in context["counts"]:
        assert f"{label} {n}" in text
    # Sefton's slides: 2 High Risk, 12 Work underway, 11 Complete, 11 Complete but update required.
    incomplete = [i for i in context["items"] if i.status != "complete"]
    assert len(incomplete) == 25 and f"Not yet complete ({len(incomplete)})" in text
    for item in incomplete:
        assert item.title[:30] in text
