"""What each app adds to the kernel's pages: header links and page panels.

An app declares them on its AppConfig, and the kernel reads them from the installed
apps, so the kernel names no app URL and an app that is not installed adds nothing:

    class EhcpConfig(AppConfig):
        nav_links = [NavLink("EHCP", "ehcp:timeliness", order=20)]
        panels = [Panel("meeting_detail", "packs/_meeting_panel.html", context="performance.packs.panels.meeting")]

A panel's `context` is the dotted path of a function `(context, **kwargs) -> dict | None`
called with the page's template context and the slot's keyword arguments; None leaves the
panel out. The path is imported when first rendered, so an AppConfig imports no models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
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
