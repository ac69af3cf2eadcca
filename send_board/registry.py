"""What each app adds to the kernel's pages: header links and page panels.

An app declares them on its AppConfig, and the kernel reads them from the installed
apps, so the kernel names no app URL and an app that is not installed adds nothing:

    class EhcpConfig(AppConfig):
        nav_links = [NavLink("EHCP", "ehcp:timeliness", order=20)]
        panels = [Panel("meeting_detail", "packs/_meeting_panel.html", context="performance.packs.panels.meeting")]

An app may also declare `as_at`, the dotted path of a function `(*, area, today)
-> date | None` giving the month an area's figures stand at when that is earlier
than the calendar's (the demo's data ends on a date): `area_today` then answers
the last day of that month, so dates are checked against the figures' own time
and nothing reads overdue merely because the clock moved on.

A panel's `context` is the dotted path of a function `(context, **kwargs) -> dict | None`
called with the page's template context and the slot's keyword arguments; None leaves the
panel out. The path is imported when first rendered, so an AppConfig imports no models.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavLink:
    """A header link on an area's pages, reversed with the area's code."""

    label: str
    url_name: str
    order: int = 50
    capability: str | None = None  # shown only to a role with this capability
    landing: bool = False  # the area's home page (the dashboard)


@dataclass(frozen=True)
class Panel:
    """A template included into a named slot of a page."""

    slot: str
    template: str
    order: int = 50
    context: str | None = None

    def context_function(self) -> Callable[..., dict | None] | None:
        return import_string(self.context) if self.context else None


def nav_links() -> tuple[NavLink, ...]:
    found = [link for config in apps.get_app_configs() for link in getattr(config, "nav_links", ())]
    return tuple(sorted(found, key=lambda link: link.order))


def panels(slot: str) -> tuple[Panel, ...]:
    found = [
        panel for config in apps.get_app_configs() for panel in getattr(config, "panels", ()) if panel.slot == slot
    ]
    return tuple(sorted(found, key=lambda panel: panel.order))


def landing_url_name() -> str | None:
    """The URL name of an area's home page, or None when no installed app offers one."""
    return next((link.url_name for link in nav_links() if link.landing), None)


def area_home_url(code: str) -> str:
    """The URL of area `code`'s home page (the app that declares itself the
    landing page), or '' when no installed app offers one."""
    name = landing_url_name()
    return reverse(name, args=[code]) if name else ""


def home_crumbs(area, label: str | None = None) -> list[tuple[str, str]]:
    """The start of a breadcrumb trail: [(the area's name, or `label`, its
    home page's URL)], or [] when no installed app offers a home page. Apps
    link to an area's home through this, never by another app's URL name."""
    url = area_home_url(area.code)
    return [(label or area.name, url)] if url else []


def area_today(area) -> date:
    """Today for `area`'s checks (milestones, reviews): the calendar's date, or the
    last day of the month its figures stand at when an installed app says that is
    earlier (see `as_at` above)."""
    today = timezone.localdate()
    for config in apps.get_app_configs():
        path = getattr(config, "as_at", None)
        month = import_string(path)(area=area, today=today) if path else None
        if month is not None:
            today = min(today, month.replace(day=calendar.monthrange(month.year, month.month)[1]))
    return today
