from django.apps import AppConfig

from .registry import NavLink


class SendBoardConfig(AppConfig):
    """The shared kernel: local areas, memberships and access rules.

    It imports none of the feature apps (ehcp, improvement, performance).
    """

    name = "send_board"
    verbose_name = "SEND Board"
    nav_links = [NavLink("History", "audit_history", order=90, capability="manage")]

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import audit
        from .middleware import session_signed_in

        post_migrate.connect(audit.ensure_append_only, sender=self, dispatch_uid="send_board_append_only_history")
        user_logged_in.connect(session_signed_in, dispatch_uid="send_board.session_signed_in")
