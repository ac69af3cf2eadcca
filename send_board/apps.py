from django.apps import AppConfig


class SendBoardConfig(AppConfig):
    """The shared kernel: local areas, memberships and access rules.

    It imports none of the feature apps (ehcp, improvement, performance).
    """

    name = "send_board"
    verbose_name = "SEND Board"
