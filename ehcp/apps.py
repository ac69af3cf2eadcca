from django.apps import AppConfig


class EhcpConfig(AppConfig):
    """EHCP 20-week timeliness: returns, case records, the compliance engine."""

    name = "ehcp"
    verbose_name = "EHCP timeliness"
