from django.apps import AppConfig

from send_board.registry import NavLink


class ImprovementConfig(AppConfig):
    """Improvement plans (WSoA, Improvement Notice), actions, risks, decisions."""

    name = "improvement"
    verbose_name = "Improvement plan"
    nav_links = [NavLink("Plan", "improvement:plan", order=30), NavLink("Risks", "improvement:risks", order=40)]
