"""The public PDF of a publication: from the snapshot only, accessible (PDF/UA-1),
and what a withdrawn one says."""

import re

import pytest

from performance.packs import services
from performance.publishing.services import publication_create, publication_withdraw
from tests.publishing.factories import JANUARY, scorecard

from .pdf import pdf_text, reader, structure_elements

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(wirral, alice):
    scorecard(wirral)
    return publication_create(area=wirral, month=JANUARY, user=alice)


def test_anyone_downloads_the_publication_as_a_pdf(client, publication):
    response = client.get(f"/areas/344/publications/{publication.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="send-scorecard-344-2025-01-{publication.pk}.pdf"'
    text = pdf_text(response.content)
    assert "Wirral Local Area SEND Partnership" in text and "SEND scorecard for January 2025" in text
    assert "New EHC plans issued within 20 weeks" in text and "45.0%" in text  # 18 of 40
    assert "Draft" not in text


def test_small_numbers_are_c_as_on_the_page(client, publication):
    text = pdf_text(client.get(f"/areas/344/publications/{publication.pk}.pdf").content)
    # Three tribunal appeals in January: a count of 1 to 4 is published as c.
    assert re.search(r"Tribunal[^.]{0,80} c ", text) or "Figure for January 2025: c (fewer than 5)" in text


def test_the_pdf_is_tagged_and_declares_pdf_ua_1_with_title_language_and_alt_text(publication):
    content = services.publication_pdf(publication=publication)
    pdf = reader(content)
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert pdf.metadata.title == "Wirral SEND scorecard for January 2025"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp), "PDF/UA-1 identification"
    elements = structure_elements(content)
    kinds = [kind for kind, _alt in elements]
    assert "/H1" in kinds and "/H2" in kinds and "/H3" in kinds
    assert "/Table" in kinds and "/TH" in kinds and "/TD" in kinds
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    for alt in figures:
        assert alt and alt.startswith("Line chart of "), alt


@pytest.mark.browser
def test_every_chart_is_a_figure_with_its_alternative_text(publication):
    from performance.packs.svg import draw

    drawn = []

    def drawer(figure):
        drawn.append(figure)
        return draw(figure)

    content = services.publication_pdf(publication=publication, drawer=drawer)
    figures = [alt for kind, alt in structure_elements(content) if kind == "/Figure"]
    assert len(figures) == len(drawn) >= 2
    assert all(alt.startswith("Line chart of ") for alt in figures)


def test_a_withdrawn_publication_says_so_and_holds_no_figure(
    client, publication, alice, django_capture_on_commit_callbacks
):
    assert client.get(f"/areas/344/publications/{publication.pk}.pdf").status_code == 200  # cached, then
    with django_capture_on_commit_callbacks(execute=True):
        publication_withdraw(publication=publication, user=alice, reason="Published in error.")
    response = client.get(f"/areas/344/publications/{publication.pk}.pdf")
    assert response.status_code == 410 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "This scorecard has been withdrawn" in text and "Why: Published in error." in text
    assert "45.0%" not in text and "At a glance" not in text


def test_an_unknown_publication_or_the_wrong_area_is_not_found(client, publication, walsall):
    assert client.get("/areas/344/publications/999999.pdf").status_code == 404
    assert client.get(f"/areas/335/publications/{publication.pk}.pdf").status_code == 404


def test_the_public_page_offers_the_accessible_pdf(client, publication):
    body = client.get(f"/areas/344/publications/{publication.pk}/").content.decode()
    assert f'href="/areas/344/publications/{publication.pk}.pdf"' in body
    assert "Download this scorecard as an accessible PDF" in body
