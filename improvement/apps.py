from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    """Improvement plans (WSoA, Improvement Notice), actions, risks, decisions."""

    name = "improvement"
    verbose_name = "Improvement plan"
