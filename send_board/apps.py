from django.apps import AppConfig


class SendBoardConfig(AppConfig):
    """The shared kernel: local areas, memberships and access rules.

    It imports none of the feature apps (ehcp, improvement, performance).
    """

    name = "send_board"
    verbose_name = "SEND Board"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_signed_in

        user_logged_in.connect(session_signed_in, dispatch_uid="send_board.session_signed_in")
