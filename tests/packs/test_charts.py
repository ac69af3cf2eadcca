"""Charts go into the PDFs as vector SVG drawn by kaleido with Debian's Chromium,
each a tagged figure with its alternative text; when kaleido cannot start, the
pack falls back to tables (tests/packs/test_services.py shows the PDF)."""

import logging
import re
from datetime import date
from decimal import Decimal as D

import plotly.graph_objects as go
import pytest

from improvement.charts import risk_heat_map
from performance.packs import services, svg
from performance.packs.models import PackStatus
from performance.publishing.charts import published_trend_figure
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


@pytest.mark.browser
def test_the_legend_is_drawn_below_slanted_month_labels_in_a_chart_an_older_publication_stored():
    """Thirteen months slant their labels; the legend, placed as older publications stored it (a fraction of
    the plot's height below the axis), lay 15 px below the labels' baseline, over the slanted labels."""
    months = [date(2023, 12, 1)] + [date(2024, month, 1) for month in range(1, 13)]
    figure = published_trend_figure(
        points=[{"label": f"{m:%b %Y}", "value": D(24 + i), "target": D(60)} for i, m in enumerate(months)],
        unit="percent",
    )
    figure.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "yref": "paper"})
    drawn = svg.draw(figure)
    legend_top = float(re.search(r'<g class="legend"[^>]*transform="translate\([\d.]+,([\d.]+)\)"', drawn).group(1))
    labels = [float(y) for y in re.findall(r'<g class="xtick"><text[^>]* y="([\d.]+)"[^>]*rotate\(', drawn)]
    assert len(labels) == 13, "the month labels are slanted"
    assert legend_top - max(labels) >= 40, (legend_top, max(labels))


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
