"""Public pages read at reading age 9 to 11: Flesch–Kincaid grade at most 9
(textstat) over the prose of each of the demo's public pages, the areas'
own commentary (and their reasons for publishing a figure unsuppressed)
aside; "points" is always "percentage points"; short forms are explained
in the glossary the publication page links to."""

import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from performance.models import Indicator
from performance.publishing.models import PublishedIndicator
from send_board.glossary import GLOSSARY
from tests.conftest import load_demo
from tests.send_board.readability import prose_blocks, reading_grade

pytestmark = pytest.mark.django_db

MAX_GRADE = 9


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's public pages as HTML, and the areas' commentary, read once
    for the module (loading the demo is slow) and rolled back after."""
    cache.clear()  # earlier tests' publications may share these ids in the page cache
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        client = Client()
        home = client.get("/").content.decode()
        areas = sorted(set(re.findall(r'href="(/areas/\d+/)"', home)))
        publications = sorted(set(re.findall(r'href="(/areas/\d+/publications/\d+/)"', home)))
        paths = ["/", "/about-these-figures/", "/accessibility/", *areas, *publications]
        pages = {path: client.get(path).content.decode() for path in paths}
        # Each indicator's own page, linked from its publication's.
        indicators = sorted(
            {
                link
                for path in publications
                for link in re.findall(r'href="(/areas/\d+/publications/\d+/indicators/\d+/)"', pages[path])
            }
        )
        pages |= {path: client.get(path).content.decode() for path in indicators}
        commentary = {" ".join(t.split()) for t in PublishedIndicator.objects.values_list("commentary", flat=True)}
        # A lead's reason for publishing an indicator unsuppressed is the area's own words too.
        commentary |= {
            " ".join(t.split())
            for t in Indicator.objects.exclude(not_disclosive_reason="").values_list("not_disclosive_reason", flat=True)
        }
        transaction.set_rollback(True)
    cache.clear()
    assert len(areas) == 3 and len(publications) == 3 and len(indicators) == 94
    return pages, commentary


@pytest.fixture
def demo_pages(demo):
    return demo[0]


def test_every_public_page_reads_at_grade_9_or_below(demo):
    demo_pages, commentary = demo
    grades = {}
    for path, html in demo_pages.items():
        blocks = [block for block in prose_blocks(html) if block not in commentary]
        assert len(blocks) >= 3, path
        grades[path] = round(reading_grade(blocks), 1)
    assert {path: grade for path, grade in grades.items() if grade > MAX_GRADE} == {}, grades


def test_a_change_in_a_rate_is_said_in_percentage_points(demo_pages):
    for path, html in demo_pages.items():
        text = re.sub(r"<[^>]+>", " ", html)
        bare = [m.group(0) for m in re.finditer(r"\d (points)\b", text)]
        assert bare == [], path
    publication = next(html for path, html in demo_pages.items() if "/publications/" in path)
    assert "percentage points" in publication


def test_the_publication_page_links_to_the_glossary_of_its_short_forms(demo_pages):
    terms = " ".join(term for (term, _), _ in GLOSSARY)
    for short in ("CAMHS", "ADHD", "ASD", "SALT", "EHCP", "SEND", "DfE"):
        assert short in terms, short
    for path, html in demo_pages.items():
        if "/publications/" in path:
            assert 'href="/about-these-figures/#glossary"' in html, path
    assert 'id="glossary"' in demo_pages["/about-these-figures/"]
