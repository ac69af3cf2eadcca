from django.apps import AppConfig

from send_board.registry import NavLink


class EhcpConfig(AppConfig):
    """EHCP 20-week timeliness: returns, case records, the compliance engine."""

    name = "ehcp"
    verbose_name = "EHCP timeliness"
    nav_links = [NavLink("EHCP", "ehcp:timeliness", order=20)]
