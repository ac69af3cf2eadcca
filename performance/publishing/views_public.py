"""Public pages: no sign-in, published material only.

Every figure on these pages comes from a publication (an immutable
snapshot, small numbers hidden when it was made); nothing here reads live
or draft values. A publication's page content and CSV are cached per
publication and state (see caching.py): identical for every visitor.
"""

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from send_board.access import public
from send_board.models import LocalArea
from send_board.parsing import parse_month
from send_board.tables_io import CONTENT_TYPES, attachment, csv_text

from . import caching, calculations, presentation, selectors


@public
@require_safe
def home(request):
    """What SEND Board is and every local area with its latest publication;
    a signed-in user with one area lands on its dashboard, with several chooses."""
    if request.user.is_authenticated:
        user_areas = list(LocalArea.objects.for_user(request.user))
        if len(user_areas) == 1:
            return redirect("performance:dashboard", code=user_areas[0].code)
        return render(request, "publishing/home_signed_in.html", {"areas": user_areas})
    return render(request, "publishing/home_public.html", {"areas": selectors.areas_with_latest_publication()})


@public
@require_safe
def area_publications(request, code):
    area = get_object_or_404(LocalArea, code=code)
    return render(
        request,
        "publishing/area_publications.html",
        {
            "area": area,
            "publications": selectors.area_publications(area=area),
            "not_disclosive": selectors.not_disclosive_indicators(area=area),
            "breadcrumbs": [("Home", reverse("home")), (area.name, None)],
        },
    )


@public
@require_safe
def month_scorecard(request, code, month):
    """A lasting link to an area's scorecard for a month (/areas/344/scorecards/2025-01/):
    its current publication, the latest correction if there is one."""
    area = get_object_or_404(LocalArea, code=code)
    try:
        start = parse_month(month)
    except ValueError:
        raise Http404("Not a month.") from None
    publication = selectors.current_publication(area=area, month=start)
    if publication is None:
        raise Http404(f"{area.name} has published no scorecard for that month.")
    return redirect("publication_detail", code=area.code, pk=publication.pk)


def _publication_or_404(code, pk):
    publication = caching.publication_with_state(pk)
    if publication is None or publication.area.code != code:
        raise Http404("No such publication.")
    return publication


def render_content(publication):
    """The main content of a publication's page, rendered without the request
    (nothing in it depends on who is looking): each indicator's figure in
    words, with a link to its own page for its figures by period."""
    indicators, plans = selectors.publication_content(publication=publication)
    views = presentation.indicator_views(indicators, limit=publication.small_number_max)
    return render_to_string(
        "publishing/_publication_content.html",
        {
            "publication": publication,
            "area": publication.area,
            "groups": presentation.by_service_area(views),
            "indicators": views,
            "plans": plans,
            "limit": publication.small_number_max,
        },
    )


def _withdrawn(request, publication):
    """What a withdrawn publication's pages answer: the notice, and Gone."""
    return render(
        request,
        "publishing/publication_withdrawn.html",
        {"publication": publication, "breadcrumbs": _breadcrumbs(publication)},
        status=410,
    )


def _no_message_waiting(request):
    return len(messages.get_messages(request)) == 0


@public
@require_safe
def publication_detail(request, code, pk):
    publication = _publication_or_404(code, pk)
    if publication.is_withdrawn:
        return _withdrawn(request, publication)
    if not request.user.is_authenticated and _no_message_waiting(request):
        # Everyone not signed in sees the same page: keep it whole.
        page = caching.cached(
            caching.content_key(publication, "anonymous-page"), lambda: _render_shared_page(request, publication)
        )
        return HttpResponse(page)
    return HttpResponse(_render_page(request, publication))


def _breadcrumbs(publication, *tail):
    """Home, the area, the scorecard (a link when `tail` goes on below it), then `tail`."""
    scorecard = reverse("publication_detail", args=[publication.area.code, publication.pk]) if tail else None
    return [
        ("Home", reverse("home")),
        (publication.area.name, reverse("area_publications", args=[publication.area.code])),
        (f"Scorecard for {publication.period_label}", scorecard),
        *tail,
    ]


def _render_page(request, publication):
    content = caching.cached(caching.content_key(publication, "page"), lambda: render_content(publication))
    return render_to_string(
        "publishing/publication_detail.html",
        {"publication": publication, "content": content, "breadcrumbs": _breadcrumbs(publication)},
        request=request,
    )


def _render_shared_page(request, publication):
    """The page as every anonymous visitor sees it, to be kept whole."""
    page = _render_page(request, publication)
    if "csrfmiddlewaretoken" in page:  # a form crept in: its token must never be shared
        raise ImproperlyConfigured("The public publication page must not hold a form.")
    return page


@public
@require_safe
def publication_indicator(request, code, pk, position):
    """One indicator of a publication: its figure, and its figures by period
    as a chart and a table (the publication's page links here, so that it
    stays short enough to read on a phone). Shown on the same terms as the
    publication: nothing once it is withdrawn."""
    publication = _publication_or_404(code, pk)
    if publication.is_withdrawn:
        return _withdrawn(request, publication)
    indicator = selectors.publication_indicator(publication=publication, position=position)
    if indicator is None:
        raise Http404("No such indicator in this publication.")
    view = presentation.indicator_view(indicator, indicator.trend, limit=publication.small_number_max)
    return render(
        request,
        "publishing/publication_indicator.html",
        {
            "publication": publication,
            "view": view,
            "limit": publication.small_number_max,
            "breadcrumbs": _breadcrumbs(publication, (view.name, None)),
        },
    )


def render_csv(publication):
    indicators, _plans = selectors.publication_content(publication=publication)
    rows = [[row[c] for c in calculations.CSV_COLUMNS] for row in calculations.csv_rows(indicators)]
    return csv_text(rows, header=calculations.CSV_COLUMNS)


@public
@require_safe
def publication_csv(request, code, pk):
    publication = _publication_or_404(code, pk)
    if publication.is_withdrawn:
        return HttpResponse(
            f"This scorecard was withdrawn: {publication.withdrawal.reason}\n",
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    body = caching.cached(caching.content_key(publication, "csv"), lambda: render_csv(publication))
    filename = f"send-scorecard-{publication.area.code}-{publication.period_key}-{publication.pk}.csv"
    return attachment(body, filename=filename, content_type=CONTENT_TYPES["csv"])
