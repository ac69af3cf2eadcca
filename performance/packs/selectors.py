"""Reads of board packs, and when the figures a pack holds last changed."""

from datetime import datetime
from typing import TypedDict

from django.db.models import Count, Max, QuerySet

from ehcp.models import FigureRefresh, MonthlyReturn
from improvement.models import Meeting
from performance.models import IndicatorValue, Rating
from send_board.models import LocalArea

from .models import ALL_SECTIONS, BoardPack, PackPreference


def packs_of_area(*, area: LocalArea, meeting: Meeting | None = None) -> QuerySet[BoardPack]:
    """The area's packs, newest first (of one meeting when given), without their files."""
    packs = BoardPack.objects.filter(area=area).select_related("area", "meeting", "requested_by")
    if meeting is not None:
        packs = packs.filter(meeting=meeting)
    return packs.annotate(download_count=Count("downloads")).order_by("-requested_at", "-pk")


def pack_of_area(*, area: LocalArea, pk: int) -> BoardPack | None:
    return BoardPack.objects.select_related("area", "meeting").filter(area=area, pk=pk).first()


def preferred_sections(*, area: LocalArea) -> list[str]:
    """The sections the area's board last chose; every section the first time."""
    preference = PackPreference.objects.filter(area=area).first()
    chosen = [s for s in (preference.sections if preference else ALL_SECTIONS) if s in ALL_SECTIONS]
    return chosen or list(ALL_SECTIONS)


class DataAsOf(TypedDict):
    approved: datetime | None  # the latest approved value
    recomputed: datetime | None  # the latest recompute


def data_as_of(*, area: LocalArea) -> DataAsOf:
    """When the area's figures last changed: the latest approved value (scorecard
    or EHCP return) and the latest recompute (ratings or EHCP figures). Four queries."""
    approved = [
        IndicatorValue.objects.filter(indicator__area=area).aggregate(at=Max("approved_at"))["at"],
        MonthlyReturn.objects.filter(local_area=area).aggregate(at=Max("approved_at"))["at"],
    ]
    recomputed = [
        Rating.objects.filter(value__indicator__area=area).aggregate(at=Max("computed_at"))["at"],
        FigureRefresh.objects.filter(local_area=area).values_list("computed_at", flat=True).first(),
    ]
    return {
        "approved": max((at for at in approved if at), default=None),
        "recomputed": max((at for at in recomputed if at), default=None),
    }
