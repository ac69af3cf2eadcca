"""The performance lead's publishing pages: make, withdraw and correct a
publication (a correction is publishing a month again, with a note)."""

from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from send_board.access import Capability, area_view
from send_board.forms import form_status

from . import presentation, selectors, services
from .forms import MonthForm, PublishForm, WithdrawForm
from .models import Publication, PublishedIndicator


def anonymous_posts_forbidden(view):
    """A POST from someone not signed in is refused outright (403), not sent
    to the login page: there is nothing to come back to."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") and not request.user.is_authenticated:
            raise PermissionDenied("Sign in to publish.")
        return view(request, *args, **kwargs)

    return wrapped


def _month_code(month):
    return month.isoformat()[:7] if month else None


def _breadcrumbs(area, *tail):
    return [(area.name, reverse("performance:dashboard", args=[area.code])), *tail]


@anonymous_posts_forbidden
@area_view(Capability.PUBLISH)
@require_safe
def publish(request, access):
    area = access.area
    publications = selectors.area_publications(area=area)
    return render(
        request,
        "publishing/publish.html",
        {
            "area": area,
            "form": MonthForm(
                today=selectors.publishing_today(area=area),
                published={p.period for p in publications},
                initial={"month": _month_code(selectors.default_publishing_month(area=area))},
            ),
            "publications": publications,
            "limit": selectors.small_number_max(),
            "breadcrumbs": _breadcrumbs(area, ("Publish", None)),
        },
    )


def _preview_indicators(draft):
    """Unsaved published rows of the draft, for the same template as the public page."""
    indicators = []
    for position, item in enumerate(draft.snapshot.indicators, start=1):
        indicator = PublishedIndicator(position=position, **services.indicator_fields(item))
        indicator.trend = services.point_rows(item)
        indicators.append(indicator)
    return presentation.indicator_views(indicators, limit=draft.snapshot.limit)


# Bump when what a preview renders changes shape (a template, the snapshot).
PREVIEW_CACHE_PREFIX = "publishing:preview:v2"
PREVIEW_CACHE_SECONDS = 60 * 60


def _preview_content(draft):
    """What publishing the draft would publish, as HTML: its figures (a
    Plotly chart per indicator) and tables are built once per draft and kept
    under its version, which any new value, text or plan changes. Only this
    view, open to those who may publish, reads these keys: a draft is
    unpublished, so no public page ever does."""
    key = f"{PREVIEW_CACHE_PREFIX}:{draft.area.pk}:{draft.month_code}:{draft.version}"
    content = cache.get(key)
    if content is None:
        views = _preview_indicators(draft)
        content = render_to_string(
            "publishing/_publication_content.html",
            {
                "indicators": views,
                "groups": presentation.by_service_area(views),
                "plans": draft.snapshot.plan_summaries,
                "limit": draft.snapshot.limit,
                # Each indicator's chart and table in place of the link to its own page (there is none yet).
                "preview": True,
            },
        )
        cache.set(key, content, PREVIEW_CACHE_SECONDS)
    return mark_safe(content)  # noqa: S308 - our own template's output, escaped when it was rendered


@anonymous_posts_forbidden
@area_view(Capability.PUBLISH)
def preview(request, access):
    """GET ?month=YYYY-MM: what publishing the month would publish. POST: publish it."""
    area = access.area
    today = selectors.publishing_today(area=area)
    publications = selectors.area_publications(area=area)
    month_form = MonthForm(
        request.POST if request.method == "POST" else request.GET,
        today=today,
        published={p.period for p in publications},
    )
    if not month_form.is_valid():
        return render(
            request,
            "publishing/publish.html",
            {
                "area": area,
                "form": month_form,
                "publications": publications,
                "limit": selectors.small_number_max(),
                "breadcrumbs": _breadcrumbs(area, ("Publish", None)),
            },
            status=400,
        )
    month = month_form.cleaned_data["month"]
    current = selectors.current_publication(area=area, month=month)
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        initial={"month": month.isoformat()[:7]},
        today=today,
        published={p.period for p in publications},
        needs_note=current is not None,
    )
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_create(
                area=area, month=month, user=request.user, correction_note=form.cleaned_data.get("correction_note", "")
            )
        except services.PublishingError as error:
            refusal = error
        else:
            messages.success(
                request,
                f"The scorecard for {publication.period_label} is published"
                + (", replacing the earlier one." if publication.supersedes_id else "."),
            )
            return redirect("publishing:publish", code=area.code)
    draft = selectors.publication_draft(area=area, month=month)
    return render(
        request,
        "publishing/publication_preview.html",
        {
            "area": area,
            "draft": draft,
            "form": form,
            "refusal": refusal,
            "content": _preview_content(draft) if draft.snapshot and draft.for_the_month else "",
            "breadcrumbs": _breadcrumbs(
                area, ("Publish", reverse("publishing:publish", args=[area.code])), (draft.month_label, None)
            ),
        },
        status=400 if refusal or (request.method == "POST" and form.errors) else 200,
    )


@anonymous_posts_forbidden
@area_view(Capability.PUBLISH)
def withdraw(request, access, pk):
    area = access.area
    publication = Publication.objects.with_state().filter(area=area, pk=pk).first()
    if publication is None:
        raise Http404("No such publication in this area.")
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    refusal = None
    if publication.is_withdrawn:
        refusal = services.PublishingError(
            f"This scorecard was withdrawn on {services.day_text(publication.withdrawal.withdrawn_at)}."
        )
    elif request.method == "POST" and form.is_valid():
        try:
            services.publication_withdraw(
                publication=publication, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.PublishingError as error:
            refusal = error
        else:
            messages.success(request, f"The scorecard for {publication.period_label} is withdrawn.")
            return redirect("publishing:publish", code=area.code)
    return render(
        request,
        "publishing/publication_withdraw.html",
        {
            "area": area,
            "publication": publication,
            "form": form,
            "refusal": refusal,
            "breadcrumbs": _breadcrumbs(
                area, ("Publish", reverse("publishing:publish", args=[area.code])), ("Withdraw", None)
            ),
        },
        status=400 if refusal else form_status(form),
    )
