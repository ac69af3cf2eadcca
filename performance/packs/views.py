"""Board pack pages under /board/<code>/packs/. Every view goes through
send_board.access: every role of the area sees and downloads the area's packs;
board members and performance leads (those who take part in the board, with the
comment capability) ask for one; anyone else gets 404. A pack's file is served
only here, never from a public URL or a cache."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from performance.selectors import reporting_month
from send_board.access import Capability, area_view
from send_board.tables_io import attachment

from . import selectors, services
from .forms import PackRequestForm


def _meetings(area):
    return area.improvement_meetings.filter(body="board").order_by("-held_on", "-pk")


def _crumbs(area, *trail):
    return [("Dashboard", reverse("performance:dashboard", args=[area.code])), *trail]


def _initial(request, access):
    meeting_id = request.GET.get("meeting")
    meeting = _meetings(access.area).filter(pk=meeting_id).first() if meeting_id and meeting_id.isdigit() else None
    month = reporting_month(area=access.area)  # the month the dashboard and the publish page report on
    if meeting is not None:
        month = (meeting.held_on.replace(day=1) - timedelta(days=1)).replace(day=1)
    return {
        "month": f"{month:%Y-%m}",
        "meeting": meeting,
        "sections": selectors.preferred_sections(area=access.area),
    }


def _list_page(request, access, form, status=200):
    area = access.area
    packs = list(selectors.packs_of_area(area=area)[:50])
    return render(
        request,
        "packs/pack_list.html",
        {
            "area": area,
            "packs": packs,
            "form": form,
            "pending": any(p.is_pending for p in packs),
            "breadcrumbs": _crumbs(area, ("Board packs", None)),
        },
        status=status,
    )


@area_view()
def pack_list(request, access):
    form = None
    if access.can(Capability.COMMENT):
        form = PackRequestForm(initial=_initial(request, access), meetings=_meetings(access.area))
    return _list_page(request, access, form)


@area_view(Capability.COMMENT)
def pack_request(request, access):
    if request.method != "POST":
        return redirect(reverse("packs:list", args=[access.area.code]) + "#request")
    form = PackRequestForm(request.POST, meetings=_meetings(access.area))
    if not form.is_valid():
        return _list_page(request, access, form, status=400)
    try:
        pack = services.pack_request(
            area=access.area,
            as_at=form.cleaned_data["month"],
            sections=form.cleaned_data["sections"],
            meeting=form.cleaned_data["meeting"],
            user=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _list_page(request, access, form, status=400)
    done = "is ready to download" if pack.is_ready else "has been asked for"
    messages.success(request, f"The board pack as at {pack.as_at:%B %Y} (version {pack.version}) {done}.")
    return redirect("packs:detail", code=access.area.code, pk=pack.pk)


def _pack(access, pk):
    pack = selectors.pack_of_area(area=access.area, pk=pk)
    if pack is None:
        raise Http404("No such board pack.")
    return pack


@area_view()
def pack_detail(request, access, pk):
    pack = _pack(access, pk)
    return render(
        request,
        "packs/pack_detail.html",
        {
            "area": access.area,
            "pack": pack,
            "downloads": list(pack.downloads.all()[:20]),
            "pending": pack.is_pending,
            "breadcrumbs": _crumbs(
                access.area,
                ("Board packs", reverse("packs:list", args=[access.area.code])),
                (f"{pack.as_at:%B %Y}, version {pack.version}", None),
            ),
        },
    )


@area_view()
def pack_status(request, access, pk):
    """The pack's state for the page's status line while it is being made."""
    pack = _pack(access, pk)
    response = JsonResponse({"status": pack.status, "words": pack.status_words, "pending": pack.is_pending})
    response["Cache-Control"] = "private, no-store"
    return response


@area_view()
def pack_download(request, access, pk):
    pack = _pack(access, pk)
    content = services.pack_download(pack=pack, user=request.user)
    if content is None:
        messages.info(request, f"The pack is not ready to download: {pack.status_words}.")
        return redirect("packs:detail", code=access.area.code, pk=pack.pk)
    response = attachment(content, filename=pack.filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
