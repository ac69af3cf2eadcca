"""Nothing unpublished ever reaches a public page.

The test seeds unique sentinel numbers and words where they must never be
published: draft and submitted values, an approved value of a month after
the one published, an indicator not marked publishable, commentary on a
draft, an area of concern not marked publishable. It publishes, corrects
and withdraws, then walks every public URL pattern with every area code and
publication id, downloads every CSV, reads the text of every PDF and the JSON
behind every chart: no sentinel may appear anywhere.
"""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from performance.models import Commentary, ValueState
from performance.publishing.models import Publication, PublishedIndicator
from performance.publishing.services import publication_create, publication_withdraw
from send_board.models import LocalArea
from tests.improvement.factories import AreaOfConcernFactory
from tests.packs.pdf import pdf_text
from tests.performance.factories import IndicatorFactory
from tests.publishing.factories import JANUARY, approved, scorecard

pytestmark = pytest.mark.django_db

FEBRUARY = date(2025, 2, 1)
SENTINEL_NUMBERS = {
    "draft count": 8675309,
    "submitted count": 7654321,
    "draft numerator": 91357,
    "draft denominator": 93011,
    "approved but later": 5551212,
    "not publishable": 918273,
    "not publishable, earlier": 8642097,
}
SENTINEL_WORDS = [
    "SENTINEL-SECRET-NAME",
    "SENTINEL-DRAFT-COMMENT",
    "SENTINEL-PLAN-NOTE",
    "SENTINEL-LATER-COMMENT",
]


def public_routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "access_rule", "") == "public":
                yield prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def concrete_paths(route):
    """Every path a public route can take with the data there is."""
    codes = list(LocalArea.objects.values_list("code", flat=True)) + ["999"]
    ids = list(Publication.objects.values_list("pk", flat=True)) + [999999]
    # Every indicator's place in any publication, one past the last, and 0.
    positions = range(max(PublishedIndicator.objects.values_list("position", flat=True)) + 2)
    names = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    if names - {"code", "pk", "position"}:  # accounts' reset links: no data behind them
        return [re.sub(r"<(?:\w+:)?\w+>", "x", "/" + route)]
    paths = []
    for code in codes if "code" in names else [None]:
        for pk in ids if "pk" in names else [None]:
            for position in positions if "position" in names else [None]:
                path = "/" + route
                if code:
                    path = re.sub(r"<(?:\w+:)?code>", code, path)
                if pk:
                    path = re.sub(r"<(?:\w+:)?pk>", str(pk), path)
                if position is not None:
                    path = re.sub(r"<(?:\w+:)?position>", str(position), path)
                paths.append(path)
    return paths


def numbers_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from numbers_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from numbers_in(item)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield value


@pytest.fixture
def seeded(wirral, walsall, alice, ada):
    card = scorecard(wirral)
    # Drafts and submissions of the month published, and of the month after.
    approved(card.active, FEBRUARY, SENTINEL_NUMBERS["draft count"], state=ValueState.DRAFT)
    approved(card.tribunals, FEBRUARY, SENTINEL_NUMBERS["submitted count"], state=ValueState.SUBMITTED)
    approved(
        card.ehcp20,
        date(2025, 3, 1),
        Decimal("98.2"),
        SENTINEL_NUMBERS["draft numerator"],
        SENTINEL_NUMBERS["draft denominator"],
        state=ValueState.DRAFT,
    )
    Commentary.objects.create(indicator=card.ehcp20, period=date(2025, 3, 1), text="SENTINEL-DRAFT-COMMENT")
    # Approved, but of a month after the one published.
    later = IndicatorFactory(area=wirral, code="LATER", name="Later measure", unit="count", polarity="lower")
    approved(later, FEBRUARY, SENTINEL_NUMBERS["approved but later"])
    Commentary.objects.create(indicator=later, period=FEBRUARY, text="SENTINEL-LATER-COMMENT")
    # Not publishable at all.
    card.secret.name = "SENTINEL-SECRET-NAME"
    card.secret.save()
    approved(card.secret, date(2024, 12, 1), SENTINEL_NUMBERS["not publishable, earlier"])
    AreaOfConcernFactory(
        plan=card.plan, number=3, title="Hidden area", publishable=False, public_summary="SENTINEL-PLAN-NOTE"
    )
    scorecard(walsall, with_plan=False)
    first = publication_create(area=wirral, month=JANUARY, user=alice)
    publication_create(area=wirral, month=JANUARY, user=alice, correction_note="Checked again.")
    december = publication_create(area=wirral, month=date(2024, 12, 1), user=alice)
    publication_withdraw(publication=december, user=alice, reason="Published in error.")
    publication_create(area=walsall, month=JANUARY, user=ada)
    return first


def test_no_sentinel_reaches_any_public_page_download_or_chart(client, seeded):
    visited = 0
    charts = 0
    csvs = 0
    pdfs = 0
    indicator_pages = 0
    for route in public_routes():
        for path in concrete_paths(route):
            response = client.get(path)
            is_pdf = response.get("Content-Type") == "application/pdf"
            body = pdf_text(response.content) if is_pdf else response.content.decode()
            pdfs += is_pdf
            visited += 1
            for what, number in SENTINEL_NUMBERS.items():
                assert str(number) not in body, (path, what)
                assert f"{number:,}" not in body, (path, what)
            for word in SENTINEL_WORDS:
                assert word not in body, (path, word)
            csvs += path.endswith(".csv") and response.status_code == 200
            indicator_pages += "/indicators/" in path and response.status_code == 200
            for block in re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', body, re.S):
                charts += 1
                found = set(numbers_in(json.loads(block)))
                assert not found & set(SENTINEL_NUMBERS.values()), path
    # The walk really covered the pages: areas, four publications, their CSVs, PDFs (the
    # withdrawn one's too, which says so), every indicator's own page but the withdrawn
    # publication's, and charts.
    assert visited > 20 and csvs == 3 and pdfs == 4 and charts >= 9
    assert indicator_pages == PublishedIndicator.objects.filter(publication__withdrawal__isnull=True).count() > 6


def test_the_seeded_sentinels_are_really_in_the_database(seeded):
    """So that the walk above could have found them."""
    from performance.models import IndicatorValue

    stored = set(IndicatorValue.objects.values_list("value", flat=True))
    assert Decimal(SENTINEL_NUMBERS["draft count"]) in stored
    assert Decimal(SENTINEL_NUMBERS["not publishable"]) in stored
    assert IndicatorValue.objects.filter(numerator=SENTINEL_NUMBERS["draft numerator"]).exists()


def test_signed_in_pages_stay_closed_to_the_public(client, seeded):
    for path in (
        "/board/344/",
        "/board/344/publish/",
        "/board/344/publish/preview/?month=2025-01",
        "/board/344/scorecard/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path
