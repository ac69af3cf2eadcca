import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

RETURN_PATH = re.compile(r"(/board/\d{3}/ehcp/returns/\d+/)")


@register.filter
def link_return_paths(message):
    """Escape a message and make each path to a return in it a link (an
    upload's 'there is already a return for March 2020' names the return)."""
    return mark_safe(  # noqa: S308 - the text is escaped first; only our own paths become links
        RETURN_PATH.sub(r'<a class="govuk-link" href="\1">\1</a>', str(escape(message)))
    )


@register.filter
def step_value(value, unit):
    """A step's figure in its unit: '37.9%', '27.4 weeks', or '–' for none."""
    if value is None:
        return "–"
    return f"{value}%" if unit == "percent" else f"{value} weeks"
