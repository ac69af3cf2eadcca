"""HTML to PDF with WeasyPrint: the board pack and a publication's public PDF.

Both are tagged PDFs declaring PDF/UA-1 (WeasyPrint's `pdf_variant`), with
the document title and language, headings, tables with header cells and an
alternative text for every chart; A4 portrait, a running header naming the
area and the meeting, and "Page X of Y" at the foot.
"""

import base64

from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def css_string(text):
    """`text` as a CSS string literal, safe inside a <style> element."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


def svg_data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def draw_charts(charts, renderer):
    """Set each chart's `svg` (a data URI) where it can be drawn."""
    for chart in charts:
        svg = renderer.svg(chart.figure)
        chart.svg = svg_data_uri(svg) if svg else None


def write_pdf(html):
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)


def pack_html(context):
    return render_to_string("packs/pdf/pack.html", context)


def publication_html(context):
    return render_to_string("packs/pdf/publication.html", context)
