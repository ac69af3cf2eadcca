"""Template filters of the scorecard pages."""

from django import template

register = template.Library()


@register.filter
def person(user, fallback="–"):
    """A user's full name, else their username; `fallback` for nobody
    (an import, a deleted account): {{ value.entered_by|person:"Import" }}."""
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()
