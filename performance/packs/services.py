"""Writes of board packs: asking for one, making it, and every download.

`pack_request` stores the pack and queues `packs.tasks.build_pack` after the
commit (without a broker it is made in the request); `pack_build` is what the
task and `manage.py board_pack` run: it reads each section through its page's
selectors, draws the charts with kaleido, and writes the PDF with WeasyPrint.
"""

import logging
import time
from collections.abc import Callable, Iterable
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from improvement.models import Meeting
from send_board.models import LocalArea
from send_board.queue import enqueue_on_commit

from . import render, sections
from .models import ALL_SECTIONS, BoardPack, PackDownload, PackFile, PackPreference, PackStatus
from .selectors import data_as_of
from .svg import ChartRenderer
from .tasks import build_pack

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

    from performance.publishing.models import Publication

    # Draws one chart as SVG text (the tests pass one that needs no kaleido).
    Drawer = Callable[[Figure], str]

logger = logging.getLogger(__name__)

PARTNERSHIP = "{name} Local Area SEND Partnership"


def sections_clean(sections: Iterable[str]) -> list[str]:
    """The chosen sections in the pack's order. Raises ValidationError naming
    the known sections when one is unknown, or when none is chosen."""
    chosen = [s.strip().lower() for s in sections if s and s.strip()]
    unknown = [s for s in chosen if s not in ALL_SECTIONS]
    if unknown:
        raise ValidationError(
            f"Unknown section{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}. "
            f"The sections are: {', '.join(ALL_SECTIONS)}.",
            code="unknown_section",
        )
    if not chosen:
        raise ValidationError("Choose at least one section for the pack.", code="no_section")
    return [s for s in ALL_SECTIONS if s in chosen]


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _next_version(*, area: LocalArea, as_at: date, meeting: Meeting | None) -> int:
    packs = (
        BoardPack.objects.filter(meeting=meeting)
        if meeting
        else BoardPack.objects.filter(area=area, meeting__isnull=True, as_at=as_at)
    )
    return (packs.aggregate(v=Max("version"))["v"] or 0) + 1


def pack_create(
    *,
    area: LocalArea,
    as_at: date,
    sections: Iterable[str],
    user: User | None = None,
    meeting: Meeting | None = None,
    requested_by_name: str = "",
) -> BoardPack:
    """Store a queued pack (a new version for its meeting, or for its month
    without one) and remember the sections for the area."""
    chosen = sections_clean(sections)
    if meeting is not None and meeting.local_area_id != area.pk:
        raise ValidationError("That meeting is not one of this area's.", code="meeting_area")
    as_at = as_at.replace(day=1)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                pack = BoardPack.objects.create(
                    area=area,
                    meeting=meeting,
                    meeting_label=str(meeting) if meeting else "",
                    version=_next_version(area=area, as_at=as_at, meeting=meeting),
                    as_at=as_at,
                    sections=chosen,
                    requested_by=user,
                    requested_by_name=requested_by_name or _person(user),
                )
                PackPreference.objects.update_or_create(area=area, defaults={"sections": chosen, "updated_by": user})
            return pack
        except IntegrityError:  # two requests took the same version: take the next
            continue
    raise ValidationError("Another pack for this meeting is being asked for at the same moment; try again.")


def pack_request(
    *, area: LocalArea, as_at: date, sections: Iterable[str], user: User, meeting: Meeting | None = None
) -> BoardPack:
    """Ask for a pack: stored queued, made by the worker after the commit,
    or in this request when the broker cannot be reached."""
    with transaction.atomic():
        pack = pack_create(area=area, as_at=as_at, sections=sections, user=user, meeting=meeting)
        enqueue_on_commit(build_pack, on_broker_error=lambda: pack_build(pack_id=pack.pk), pack_id=pack.pk)
    pack.refresh_from_db()
    return pack


def _claim(pack_id: int) -> bool:
    """Mark the pack as being made unless it is already made. False when there is nothing to do."""
    return (
        BoardPack.objects.filter(pk=pack_id)
        .exclude(status=PackStatus.READY)
        .update(status=PackStatus.BUILDING, sections_done=0, started_at=timezone.now(), error="")
        == 1
    )


def pack_build(*, pack_id: int, drawer: "Drawer | None" = None) -> BoardPack | None:
    """Make the pack's PDF and keep it. Running it again for a ready pack does
    nothing; a failed or interrupted one is made afresh. Returns the pack."""
    if not _claim(pack_id):
        return BoardPack.objects.filter(pk=pack_id).first()
    pack = BoardPack.objects.select_related("area", "meeting", "requested_by").get(pk=pack_id)
    try:
        content, _timings = pack_pdf(pack=pack, drawer=drawer)
    except Exception as error:
        logger.exception("Board pack %s could not be made", pack_id)
        BoardPack.objects.filter(pk=pack_id).update(
            status=PackStatus.FAILED,
            finished_at=timezone.now(),
            error=f"an error in making the PDF ({error.__class__.__name__}); it has been logged for the administrator",
        )
        pack.refresh_from_db()
        return pack
    with transaction.atomic():
        PackFile.objects.update_or_create(pack=pack, defaults={"content": content})
        BoardPack.objects.filter(pk=pack_id).update(
            status=PackStatus.READY,
            sections_done=len(pack.sections),
            finished_at=timezone.now(),
            size=len(content),
            data_as_of={k: v.isoformat() if v else None for k, v in pack.data_as_of.items()},
        )
    pack.refresh_from_db()
    return pack


def pack_pdf(
    *, pack: BoardPack, drawer: "Drawer | None" = None, progress: bool = True
) -> tuple[bytes, dict[str, float]]:
    """(PDF bytes, {section: seconds}) for a stored pack, its sections read now."""
    area = pack.area
    renderer = ChartRenderer(drawer=drawer)
    today = timezone.localdate()
    built: list[dict[str, Any]] = []
    timings: dict[str, float] = {}
    for done, key in enumerate(pack.sections, start=1):
        started = time.perf_counter()
        section = sections.build(key, area=area, as_at=pack.as_at, meeting=pack.meeting, today=today)
        render.draw_charts(section["charts"], renderer)
        built.append(section)
        timings[key] = time.perf_counter() - started
        if progress and pack.pk:
            BoardPack.objects.filter(pk=pack.pk).update(sections_done=done)
    pack.data_as_of = data_as_of(area=area)
    started = time.perf_counter()
    html = render.pack_html(
        {
            "pack": pack,
            "area": area,
            "partnership": PARTNERSHIP.format(name=area.name),
            "meeting": pack.meeting,
            "sections": built,
            "made_at": timezone.now(),
            "data_as_of": pack.data_as_of,
            "charts_failure": renderer.failure,
            "running_header": render.css_string(
                f"{area.name} · {pack.meeting or 'Board pack'} · as at {pack.as_at:%B %Y}"
            ),
            "draft": True,
            "title": f"{area.name} board pack, as at {pack.as_at:%B %Y}"
            + (f", for {pack.meeting}" if pack.meeting else ""),
        }
    )
    content = render.write_pdf(html)
    timings["pdf"] = time.perf_counter() - started
    return content, timings


def pack_download(*, pack: BoardPack, user: User) -> bytes | None:
    """The PDF of a ready pack, the download recorded. None when it is not ready."""
    if pack.status != PackStatus.READY:
        return None
    content = PackFile.objects.filter(pack=pack).values_list("content", flat=True).first()
    if content is None:
        return None
    PackDownload.objects.create(pack=pack, user=user, user_name=_person(user))
    return bytes(content)


def publication_pdf(*, publication: "Publication", drawer: "Drawer | None" = None) -> bytes:
    """A publication as an accessible PDF, made only from its immutable snapshot
    (hidden cells as c); a withdrawn one says that it was withdrawn, and why."""
    from performance.publishing import presentation
    from performance.publishing import selectors as publishing_selectors

    context = {
        "publication": publication,
        "area": publication.area,
        "title": f"{publication.area.name} SEND scorecard for {publication.period_label}",
        "running_header": render.css_string(f"{publication.area.name} SEND scorecard, {publication.period_label}"),
        "charts_failure": None,
    }
    if not publication.is_withdrawn:
        indicators, plans = publishing_selectors.publication_content(publication=publication)
        views = presentation.indicator_views(indicators, limit=publication.small_number_max)
        renderer = ChartRenderer(drawer=drawer)
        for view in views:
            view.chart = None
            if view.figure is not None:
                chart = sections.Chart(
                    figure=_figure(view.figure),
                    alt=view.chart_description,
                    caption=f"{view.name}: trend",
                    table_id=view.table_id,
                )
                render.draw_charts([chart], renderer)
                view.chart = chart
        context.update(
            groups=presentation.by_service_area(views),
            indicators=views,
            plans=plans,
            limit=publication.small_number_max,
            charts_failure=renderer.failure,
        )
    return render.write_pdf(render.publication_html(context))


def _figure(stored: SimpleNamespace) -> "Figure":
    import plotly.graph_objects as go

    return go.Figure(data=stored.data, layout=stored.layout)
