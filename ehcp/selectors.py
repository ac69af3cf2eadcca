"""Reads of the EHCP app: stored figures (pages never recompute) and entries."""

from .models import FigureSource, MonthlyFigure


def monthly_figures(*, area, source=FigureSource.RETURNS):
    """An area's stored figures for one source, oldest month first."""
    return MonthlyFigure.objects.filter(local_area=area, source=source).order_by("month")


def latest_figure(*, area, source=FigureSource.RETURNS):
    """The newest stored figure of an area for one source, or None."""
    return MonthlyFigure.objects.filter(local_area=area, source=source).order_by("-month").first()
