"""Charts go into the PDFs as vector SVG drawn by kaleido with Debian's Chromium,
each a tagged figure with its alternative text; when kaleido cannot start, the
pack falls back to tables (tests/packs/test_services.py shows the PDF)."""

import logging
import re
from datetime import date

import plotly.graph_objects as go
import pytest

from improvement.charts import risk_heat_map
from performance.packs import services, svg
from performance.packs.models import PackStatus
from tests.improvement.factories import EvidenceItemFactory, RiskFactory

from .pdf import reader, structure_elements


def raster_images(content):
    """The distinct raster images of the PDF (WeasyPrint shares one resource dictionary between pages)."""
    return {image.name for page in reader(content).pages for image in page.images}


@pytest.mark.browser
@pytest.mark.django_db
def test_the_packs_charts_are_vector_figures_with_their_alternative_text(wirral, alice):
    RiskFactory(local_area=wirral, reference="R1", likelihood=5, impact=4)
    EvidenceItemFactory(local_area=wirral, title="Self-evaluation", status="underway")
    pack = services.pack_create(area=wirral, as_at=date(2020, 11, 1), sections=["risks", "readiness"], user=alice)
    pack = services.pack_build(pack_id=pack.pk)
    assert pack.status == PackStatus.READY
    content = bytes(pack.file.content)
    figures = [alt for kind, alt in structure_elements(content) if kind == "/Figure"]
    assert len(figures) == 2
    assert figures[0].startswith("A five by five grid of likelihood against impact") and "1 very high" in figures[0]
    assert figures[1].startswith("Bar chart of the number of evidence items in each status: High Risk 0")
    # Every chart is vectors alone: the risk matrix is drawn with patterned bars, not a heat map's picture.
    assert raster_images(content) == set()
    text = " ".join(page.extract_text() for page in reader(content).pages)
    assert "could not be drawn" not in text


@pytest.mark.browser
@pytest.mark.django_db
def test_a_bar_chart_is_all_vectors(wirral, alice):
    EvidenceItemFactory(local_area=wirral, title="Self-evaluation", status="underway")
    pack = services.pack_create(area=wirral, as_at=date(2020, 11, 1), sections=["readiness"], user=alice)
    content = bytes(services.pack_build(pack_id=pack.pk).file.content)
    assert [kind for kind, _alt in structure_elements(content)].count("/Figure") == 1
    assert raster_images(content) == set()


@pytest.mark.browser
def test_a_chart_is_drawn_as_high_as_it_sets_itself_as_on_its_page():
    """The risk matrix is 460 px high on its page; drawn 340 high its legend sat on its "Impact" axis title."""
    matrix = risk_heat_map([[0, 0, 0, 1, 0], [0, 1, 2, 0, 0], [0] * 5, [0] * 5, [0] * 5])
    plain = go.Figure(go.Bar(x=["a"], y=[1]))
    assert [re.search(r'<svg[^>]* height="(\d+)"', svg.draw(figure)).group(1) for figure in (matrix, plain)] == [
        "460",
        str(svg.HEIGHT),
    ]


def test_when_kaleido_cannot_start_the_renderer_gives_no_chart_and_logs_why(monkeypatch, caplog):
    import kaleido

    def no_browser(**kwargs):
        raise FileNotFoundError("No chromium executable found")

    monkeypatch.setattr(svg, "_started", False)
    monkeypatch.setattr(kaleido, "start_sync_server", no_browser)
    renderer = svg.ChartRenderer()
    with caplog.at_level(logging.ERROR, logger="performance.packs.svg"):
        assert renderer.svg(object()) is None
        assert renderer.svg(object()) is None
    assert renderer.failure == "No chromium executable found"
    assert caplog.text.count("charts cannot be drawn here (No chromium executable found)") == 1
