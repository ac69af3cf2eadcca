from django.apps import AppConfig

from send_board.registry import NavLink


class EhcpConfig(AppConfig):
    """EHCP 20-week timeliness: returns, case records, the compliance engine."""

    name = "ehcp"
    verbose_name = "EHCP timeliness"
    nav_links = [NavLink("EHCP", "ehcp:timeliness", order=20)]

    def ready(self):
        from django.db.backends.signals import connection_created

        connection_created.connect(_register_sqlite_median, dispatch_uid="ehcp_sqlite_median")


def _register_sqlite_median(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from .expressions import SqliteMedian

        connection.connection.create_aggregate("median", 1, SqliteMedian)
