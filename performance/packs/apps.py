from django.apps import AppConfig

from send_board.registry import NavLink, Panel


class PacksConfig(AppConfig):
    """Board packs: the meeting's PDF made from the same selectors as the pages,
    and the accessible PDF of a publication. Reads performance, ehcp, benchmarks,
    improvement and publishing; none of them imports it (improvement's meeting
    page and the public publication page show it through their panel slots)."""

    name = "performance.packs"
    label = "packs"
    verbose_name = "Board packs"
    nav_links = [NavLink("Board packs", "packs:list", order=70)]
    panels = [
        Panel("meeting_detail", "packs/_meeting_panel.html", context="performance.packs.panels.meeting"),
        Panel("publication_public", "packs/_publication_panel.html", context="performance.packs.panels.publication"),
    ]
