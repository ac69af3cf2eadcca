from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from send_board.charts import figure_parts
from send_board.glossary import in_sentence

register = template.Library()

WIDGET_CLASSES = {
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
NARROW_INPUTS = {"number": "govuk-input--width-10", "date": "govuk-input--width-10", "month": "govuk-input--width-10"}


@register.simple_tag
def govuk_widget(field):
    """Render a form field's widget with GOV.UK classes and its hint and error
    described for assistive technology."""
    widget_type = field.widget_type
    classes = [WIDGET_CLASSES.get(widget_type, "govuk-input")]
    if classes[0] == "govuk-input" and widget_type in NARROW_INPUTS:
        classes.append(NARROW_INPUTS[widget_type])
    if field.errors:
        classes.append(f"{classes[0]}--error")
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    existing = field.field.widget.attrs.get("class", "")
    attrs = {"class": " ".join([*classes, existing]).strip()}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


RAG_WORDS = {
    "green": "Green",
    "amber": "Amber",
    "red": "Red",
    "grey": "No rating",
    "blue": "Blue",
}
RAG_SHAPES = {"green": "●", "amber": "▲", "red": "■", "grey": "○", "blue": "◆"}


@register.simple_tag
def rag(value, label=None):
    """A RAG (or BRAG) tag: its word, a shape and a colour, never colour alone.
    `label` replaces the word (e.g. the action status 'Beyond Milestone')."""
    value = (value or "grey").lower()
    return format_html(
        '<strong class="app-rag app-rag--{}"><span class="app-rag__shape" aria-hidden="true">{}</span> {}</strong>',
        value,
        RAG_SHAPES.get(value, "○"),
        label or RAG_WORDS.get(value, value.title()),
    )


# Plotly's height for a figure that sets none; the page reserves it before
# the chart is drawn, so nothing below moves (no layout shift).
DEFAULT_CHART_HEIGHT = 450


def _field(thing, name):
    """A figure part's field, whether it is a Plotly object or plain JSON
    (published charts are stored as {"data": [...], "layout": {...}})."""
    return thing.get(name) if isinstance(thing, dict) else getattr(thing, name, None)


def _has_points(figure):
    """Whether any trace has a value to draw (all-missing or all-suppressed
    series draw an empty frame, which says nothing)."""
    for trace in figure.data:
        if _field(trace, "type") == "pie":
            values = _field(trace, "values")
        else:
            values = _field(trace, "x" if _field(trace, "orientation") == "h" else "y")
        if values is not None and any(value is not None for value in values):
            return True
    return False


@register.inclusion_tag("includes/_chart.html")
def chart(figure, chart_id, description, table_id=None):
    """Embed a Plotly figure. `description` says what it shows in words;
    `table_id` names the table on the page that holds its data. A figure with
    nothing to draw becomes a sentence."""
    if not _has_points(figure):
        return {"empty": True, "description": description, "table_id": table_id}
    spec, svg = figure_parts(figure, chart_id)
    return {
        # Drawn on the server when it needs no interaction: no Plotly to fetch and run.
        "svg": mark_safe(svg) if svg else None,  # noqa: S308 - every text in it is escaped
        "figure_json": mark_safe(spec.replace("<", "\\u003c")),  # noqa: S308 - escaped for <script>
        "chart_id": chart_id,
        "description": description,
        "table_id": table_id,
        "height": _field(figure.layout, "height") or DEFAULT_CHART_HEIGHT,
    }


@register.simple_tag
def attrs_with_class(attrs, css_class):
    """Render an attribute dict (django-tables2's row, th or td attrs) with
    `css_class` merged into its class, so an element never gets two class
    attributes and never loses its GOV.UK class."""
    merged = dict(attrs or {})
    classes = (merged.pop("class", None) or "").split()
    classes = [name for name in css_class.split() if name not in classes] + classes
    return format_html_join(
        " ",
        '{}="{}"',
        [("class", " ".join(classes))] + [(key, value) for key, value in merged.items() if value is not None],
    )


@register.filter(name="in_sentence")
def in_sentence_filter(value):
    """A title as it reads inside a sentence (send_board.glossary.in_sentence)."""
    return in_sentence(str(value))


@register.filter
def dash_if_none(value, suffix=""):
    """'–' for a missing figure (no plans issued is not 0%)."""
    if value is None or value == "":
        return "–"
    return f"{value}{suffix}"


@register.simple_tag
def area_nav_links(area_access):
    """The installed apps' header links for an area, those the role may use:
    [{"label": …, "url": …}]."""
    from django.urls import reverse

    from send_board.registry import nav_links

    if area_access is None:
        return []
    code = area_access.area.code
    return [
        {"label": link.label, "url": reverse(link.url_name, args=[code])}
        for link in nav_links()
        if link.capability is None or area_access.can(link.capability)
    ]


@register.simple_tag
def area_home_url(code):
    """The URL of an area's home page (the app that declares itself the landing page)."""
    from send_board import registry

    return registry.area_home_url(code)


@register.simple_tag(takes_context=True)
def panels(context, slot, **kwargs):
    """Render every installed app's panels for `slot` ({% panels "ehcp_timeliness" area=area %})."""
    from django.template.loader import render_to_string

    from send_board.registry import panels as registered

    parts = []
    for panel in registered(slot):
        function = panel.context_function()
        extra = function(context, **kwargs) if function else {}
        if extra is None:
            continue
        flat = context.flatten()
        flat.update(kwargs)
        flat.update(extra)
        parts.append(render_to_string(panel.template, flat, request=context.get("request")))
    return format_html_join("", "{}", ((part,) for part in parts))
