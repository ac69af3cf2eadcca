"""Signed-in scorecard pages: the strategic dashboard, scorecards, indicator
pages, reporting by exception, data due, and the entry pages.

Each view is wrapped by send_board.access.area_view with its capability;
object-level rules (officers enter only what they own) are in permissions.py;
writes go through services/imports; reads through selectors. Ratings are
stored by tasks: pages never compute one.
"""

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from send_board.access import Capability, area_view
from send_board.forms import add_validation_error, form_status
from send_board.uploads import RowErrors, UploadError, problems_for_page, template_response
from send_board.versioning import StaleEdit, refuse

from . import charts, exports, imports, integrations, periods, selectors, services
from .forms import (
    ActionLinkForm,
    BenchmarkForm,
    CommentaryForm,
    DashboardForm,
    DeepDiveClearForm,
    DeepDiveRequestForm,
    DisclosureForm,
    IndicatorCreateForm,
    IndicatorEditForm,
    MonthForm,
    ReopenForm,
    TargetForm,
    UploadForm,
    ValueForm,
    ValuesUploadForm,
    indicator_initial,
)
from .models import ServiceArea, ValueState
from .permissions import can_enter_values, indicator_for, owner_filter, require_can_enter_values, value_for
from .tables import (
    DataDueTable,
    HealthWaitsTable,
    HistoryTable,
    IndicatorListTable,
    ScorecardTable,
    ServiceScorecardTable,
)

SOURCE = (
    "values entered by each indicator's owner and approved by the performance lead; "
    "EHCP 20-week figures from the EHCP returns"
)


HISTORY_PAGE = 24  # values per page of an indicator's full table (two years of a monthly one)


def _crumbs(area, *trail):
    return [("Dashboard", reverse("performance:dashboard", args=[area.code])), *trail]


def _scorecard_crumb(area):
    return ("Scorecard", reverse("performance:scorecard", args=[area.code]))


def _indicator_crumbs(area, indicator, *trail):
    return _crumbs(area, _scorecard_crumb(area), (indicator.code, indicator.get_absolute_url()), *trail)


def _post(request):
    """The POST data of a POST (even when empty: clearing every box is a choice), else None."""
    return request.POST if request.method == "POST" else None


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


DATA_DUE_PAGE = 100


def _month(request, area):
    """The ?month= of a page, else the area's reporting month (the last
    complete month, or the demo's as-at month while it has no data for
    that); and the form showing it."""
    form = MonthForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["month"]:
        return form.cleaned_data["month"], form
    return selectors.reporting_month(area=area), form


def _month_context(area, month):
    return {
        "month": month,
        "month_name": periods.period_name(periods.MONTHLY, month),
        "as_at_reason": selectors.reporting_month_reason(area=area, month=month),
    }


# ---------------------------------------------------------------- dashboard


@area_view()
def dashboard(request, access):
    area = access.area
    month, month_form = _month(request, area)
    rows = selectors.dashboard_rows(area=area, as_at=month)
    counts = selectors.rag_counts(rows)
    due_month = month
    context = {
        "area": area,
        "rows": rows,
        **_month_context(area, month),
        "month_form": month_form,
        "not_updated": [r for r in rows if r.not_updated],
        "table": ScorecardTable(rows, caption=f"Strategic KPIs for {month:%B %Y}"),
        "rag_counts": counts,
        "rag_chart": charts.rag_summary_figure(counts) if rows else None,
        "exceptions": [r for r in rows if r.is_exception],
        "due_month": due_month,
        "due_count": selectors.data_due_count(area=area, month=due_month, owner=owner_filter(access)),
        "awaiting_approval": selectors.awaiting_approval_count(area=area) if access.can_approve else None,
        "stale": selectors.stale_count(area=area),
        "ehcp": integrations.ehcp_headline(area=area, as_at=month),
        "plans": integrations.plan_status(area=area),
        "risks": integrations.red_risks(area=area),
        "breadcrumbs": [("Dashboard", None)],
        "last_updated": selectors.last_rated(rows),
        "figures_source": SOURCE,
    }
    return render(request, "performance/dashboard.html", context)


@area_view(Capability.MANAGE)
def dashboard_edit(request, access):
    area = access.area
    form = DashboardForm(_post(request), choices=selectors.dashboard_choices(area=area))
    if request.method == "POST" and form.is_valid():
        try:
            services.dashboard_set(area=area, indicator_ids=form.cleaned_data["ordered_ids"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "The strategic dashboard has been updated.")
            return redirect("performance:dashboard", code=area.code)
    return render(
        request,
        "performance/dashboard_edit.html",
        {"area": area, "form": form, "breadcrumbs": _crumbs(area, ("Choose the dashboard's KPIs", None))},
        status=form_status(form),
    )


# ---------------------------------------------------------------- scorecards


@area_view()
def scorecard(request, access):
    area = access.area
    month, month_form = _month(request, area)
    grouped = selectors.scorecard(area=area, as_at=month)
    sections = [
        {
            "service": service,
            "url": reverse("performance:service_scorecard", args=[area.code, service.value]),
            "table": ScorecardTable(rows, caption=f"{service.label}: figures for {month:%B %Y}"),
            "counts": selectors.rag_counts(rows),
        }
        for service, rows in grouped.items()
    ]
    context = {
        "area": area,
        "sections": sections,
        **_month_context(area, month),
        "not_updated": [r for rows in grouped.values() for r in rows if r.not_updated],
        "month_form": month_form,
        "has_health_waits": any(r.indicator.health_service for rows in grouped.values() for r in rows),
        "stale": selectors.stale_count(area=area),
        "breadcrumbs": _crumbs(area, ("Scorecard", None)),
        "last_updated": selectors.last_rated([r for rows in grouped.values() for r in rows]),
        "figures_source": SOURCE,
    }
    return render(request, "performance/scorecard_overview.html", context)


@area_view()
def scorecard_export(request, access):
    month, _form = _month(request, access.area)
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        raise Http404
    rows = selectors.scorecard_rows(area=access.area, period=month)
    return exports.scorecard_response(rows, area=access.area, month=month, file_format=file_format)


@area_view()
def service_scorecard(request, access, service):
    area = access.area
    try:
        service_area = ServiceArea(service)
    except ValueError:
        raise Http404 from None
    month, month_form = _month(request, area)
    rows = selectors.service_scorecard(area=area, service_area=service_area, as_at=month)
    waits = selectors.health_waits(rows)
    wait_bars = [
        {"label": r.indicator.name, "weeks": r.value.value if r.value else None, "rag": r.rag}
        for service_rows in waits.values()
        for r in service_rows
        if r.indicator.unit == "weeks" and r.value
    ]
    context = {
        "area": area,
        "service": service_area,
        "rows": rows,
        "table": ServiceScorecardTable(rows, caption=f"{service_area.label} scorecard"),
        "waits": [
            {"service": s, "table": HealthWaitsTable(r, caption=s.label), "slug": s.value} for s, r in waits.items()
        ],
        "wait_bars": wait_bars,
        "waits_chart": charts.waits_figure(bars=wait_bars) if wait_bars else None,
        "commentaries": [r for r in rows if r.commentary],
        **_month_context(area, month),
        "month_form": month_form,
        "breadcrumbs": _crumbs(area, _scorecard_crumb(area), (service_area.label, None)),
        "last_updated": selectors.last_rated(rows),
        "figures_source": SOURCE,
    }
    return render(request, "performance/scorecard_service.html", context)


# ---------------------------------------------------------------- exceptions and data due


@area_view()
def exceptions(request, access):
    area = access.area
    month, month_form = _month(request, area)
    rows = selectors.exception_rows(area=area, as_at=month)
    for row in rows:
        row.can_comment = can_enter_values(access, row.indicator)
    context = {
        "area": area,
        "rows": rows,
        **_month_context(area, month),
        "month_form": month_form,
        "breadcrumbs": _crumbs(area, ("Reporting by exception", None)),
        "last_updated": selectors.last_rated(rows),
        "figures_source": SOURCE,
    }
    return render(request, "performance/exceptions_list.html", context)


@area_view()
def data_due(request, access):
    area = access.area
    month, month_form = _month(request, area)
    owner = owner_filter(access)
    items = selectors.data_due(area=area, month=month, owner=owner)

    def enter_url(item):
        if not can_enter_values(access, item.indicator) or item.indicator.is_synced:
            return None
        if item.value:
            return item.value.get_absolute_url()
        url = reverse("performance:value_create", args=[area.code, item.indicator.code])
        return f"{url}?period={item.period_code}"

    month_name = periods.period_name(periods.MONTHLY, month)
    caption = f"Values owed by the end of {month_name}, oldest first" + (" (yours)" if owner else "")
    table = DataDueTable(items, caption=caption, enter_url=enter_url)
    RequestConfig(request, paginate={"per_page": DATA_DUE_PAGE}).configure(table)
    counts = OrderedDict()
    for item in items:
        counts.setdefault(item.indicator, item.owed_count)
    context = {
        "area": area,
        **_month_context(area, month),
        "owed_counts": list(counts.items()),
        "month_form": month_form,
        "own_only": owner is not None,
        "items": items,
        "table": table,
        "breadcrumbs": _crumbs(area, ("Data due", None)),
    }
    return render(request, "performance/datadue_list.html", context)


# ---------------------------------------------------------------- indicators


@area_view()
def indicator_list(request, access):
    area = access.area
    indicators = selectors.indicator_list(area=area)
    return render(
        request,
        "performance/indicator_list.html",
        {
            "area": area,
            "table": IndicatorListTable(indicators),
            "breadcrumbs": _crumbs(area, _scorecard_crumb(area), ("Indicators", None)),
        },
    )


@area_view()
def indicator_detail(request, access, indicator_code):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    detail = selectors.indicator_detail(indicator=indicator)
    # The page leads with the figure the scorecard reports, for the month the area's pages report on.
    month = selectors.reporting_month(area=area)
    row = selectors.indicator_headline(indicator=indicator, month=month)
    if row.value is None:  # nothing by that month: the newest there is
        row = detail.latest_row
    later = [v for v in detail.history if row.value is not None and v.period > row.value.period]
    points = [
        {
            "period": v.period,
            "label": periods.period_short_name(indicator.frequency, v.period),
            "value": v.value,
            "rag": v.rating_or_none.rag if v.rating_or_none else "grey",
            "target": getattr(v.rating_or_none, "target", None),
            "tolerance": getattr(v.rating_or_none, "tolerance", None),
            "england": getattr(v.rating_or_none, "england", None),
            "region": getattr(v.rating_or_none, "region", None),
            "neighbours": getattr(v.rating_or_none, "neighbours", None),
        }
        for v in detail.history
    ]
    may_enter = can_enter_values(access, indicator) and not indicator.is_computed
    history_table = HistoryTable(
        list(reversed(detail.history)),
        indicator=indicator,
        caption=f"All values of {indicator.code}, newest first",
        links=may_enter,
    )
    RequestConfig(request, paginate={"per_page": HISTORY_PAGE}).configure(history_table)
    context = {
        "area": area,
        "indicator": indicator,
        "detail": detail,
        "row": row,
        "later": periods.period_name(indicator.frequency, later[-1].period) if later else "",
        "reporting_month": periods.period_name(periods.MONTHLY, month),
        "chart": charts.trend_figure(
            points=points,
            unit=indicator.unit,
            polarity=indicator.polarity,
            title=f"{indicator.name}: trend",
            annual=indicator.frequency == periods.ANNUAL,
        )
        if points
        else None,
        "recent": list(reversed(detail.history[-12:])),
        "history_table": history_table,
        "may_enter": may_enter,
        "may_comment": can_enter_values(access, indicator),
        "actions": integrations.linked_actions(indicator=indicator),
        "source": selectors.source_info(indicator=indicator),
        "has_entered": indicator.is_computed and indicator.entered_values.exists(),
        "breadcrumbs": _crumbs(area, _scorecard_crumb(area), (indicator.code, None)),
        "last_updated": detail.latest.rating_or_none.computed_at
        if detail.latest and detail.latest.rating_or_none
        else None,
        "figures_source": indicator.source_system or SOURCE,
    }
    return render(request, "performance/indicator_detail.html", context)


@area_view()
def indicator_reconciliation(request, access, indicator_code):
    """Entered against computed figures of one computed indicator."""
    area = access.area
    indicator = indicator_for(access, indicator_code)
    if not indicator.is_computed:
        raise Http404
    rows = selectors.indicator_reconciliation(indicator=indicator)
    return render(
        request,
        "performance/indicator_reconciliation.html",
        {
            "area": area,
            "indicator": indicator,
            "rows": rows,
            "differing": [r for r in rows if r.differs],
            "source": selectors.source_info(indicator=indicator),
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Entered and computed", None)),
        },
    )


@area_view(Capability.PUBLISH)
def indicator_disclosure(request, access, indicator_code):
    """Mark an indicator not disclosive (published unsuppressed), with a reason, or unmark it."""
    area = access.area
    indicator = indicator_for(access, indicator_code)
    form = DisclosureForm(
        _post(request),
        initial={"not_disclosive": indicator.not_disclosive, "reason": indicator.not_disclosive_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.disclosure_set(indicator=indicator, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                f"{indicator.code} is "
                + ("published without small-number suppression." if indicator.not_disclosive else "suppressed again.")
                + " Publications made from now on follow this.",
            )
            return redirect(indicator)
    return render(
        request,
        "performance/disclosure_form.html",
        {
            "area": area,
            "indicator": indicator,
            "form": form,
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Small-number suppression", None)),
        },
        status=form_status(form),
    )


@area_view(Capability.MANAGE)
def indicator_create(request, access):
    area = access.area
    members = services.area_members(area)
    form = IndicatorCreateForm(_post(request), members=members)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(area=area, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{indicator.code} is defined.")
            return redirect(indicator)
    return render(
        request,
        "performance/indicator_form.html",
        {
            "area": area,
            "form": form,
            "title": "Define an indicator",
            "breadcrumbs": _crumbs(area, _scorecard_crumb(area), ("Define an indicator", None)),
        },
        status=form_status(form),
    )


@area_view(Capability.MANAGE)
def indicator_edit(request, access, indicator_code):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    form = IndicatorEditForm(
        _post(request),
        initial=indicator_initial(indicator),
        members=services.area_members(area),
        indicator=indicator,
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if not form.fields[name].disabled}
        try:
            indicator = services.indicator_update(indicator=indicator, user=request.user, **changes)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{indicator.code}'s definition is saved.")
            return redirect(indicator)
    return render(
        request,
        "performance/indicator_form.html",
        {
            "area": area,
            "form": form,
            "indicator": indicator,
            "title": f"Change {indicator.code}'s definition",
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Change the definition", None)),
        },
        status=form_status(form),
    )


@area_view(Capability.MANAGE)
def target_create(request, access, indicator_code):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    form = TargetForm(_post(request), indicator=indicator)
    source_sets_target = indicator.source is not None and indicator.source.targets is not None
    if indicator.is_neutral or source_sets_target:
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            services.target_add(indicator=indicator, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "The target is added. Ratings are being refreshed.")
            return redirect(indicator)
    return render(
        request,
        "performance/target_form.html",
        {
            "area": area,
            "indicator": indicator,
            "form": form,
            "targets": indicator.targets.order_by("-applies_from"),
            "source": selectors.source_info(indicator=indicator) if source_sets_target else None,
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Add a target", None)),
        },
        status=form_status(form),
    )


@area_view(Capability.MANAGE)
def benchmark_create(request, access, indicator_code):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    form = BenchmarkForm(_post(request), indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.benchmark_set(indicator=indicator, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "The benchmark is saved. Ratings are being refreshed.")
            return redirect(indicator)
    return render(
        request,
        "performance/benchmark_form.html",
        {
            "area": area,
            "indicator": indicator,
            "form": form,
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Add a benchmark", None)),
        },
        status=form_status(form),
    )


@area_view(Capability.MANAGE)
def indicator_upload(request, access):
    area = access.area
    return _upload_page(
        request,
        area,
        UploadForm(*_posted(request)),
        lambda data: imports.indicators_import(area=area, source=data["file"], user=request.user),
        success_url=reverse("performance:indicator_list", args=[area.code]),
        page={
            "title": "Upload indicator definitions",
            "kind": "indicators",
            "columns": imports.INDICATOR_COLUMNS,
            "optional_columns": imports.INDICATOR_OPTIONAL,
            "template_url": reverse("performance:indicator_template", args=[area.code]),
            "breadcrumbs": _crumbs(area, _scorecard_crumb(area), ("Upload indicator definitions", None)),
        },
    )


@area_view(Capability.MANAGE)
def indicator_template(request, access):
    return _template(request, imports.INDICATOR_COLUMNS, imports.INDICATOR_EXAMPLE_ROWS, "indicator-definitions")


def _upload_page(request, area, form, run_import, *, success_url, page):
    """The flow both uploads share: on a valid POST, `run_import(cleaned_data)`
    saves all or nothing; every bad row is listed, or what was saved is said."""
    errors, problem, problems = [], None, None
    if request.method == "POST" and form.is_valid():
        try:
            summary = run_import(form.cleaned_data)
        except UploadError as error:
            form.add_error("file", error.message)
        except RowErrors as error:
            problems = problems_for_page(error.errors, user=request.user, area=area)
            errors = problems.shown
            problem = f"Nothing was saved: {problems.total} problem(s) in the file. Correct them and upload it again."
        else:
            messages.success(request, str(summary))
            return redirect(success_url)
    return render(
        request,
        "performance/upload_form.html",
        {"area": area, "form": form, "errors": errors, "problem": problem, "problems": problems, **page},
        status=400 if errors else form_status(form),
    )


def _template(request, columns, example_rows, filename):
    """An upload template: the columns and example rows, as CSV or ?format=xlsx."""
    return template_response(
        columns=columns,
        example_rows=example_rows,
        filename=filename,
        file_format="xlsx" if request.GET.get("format") == "xlsx" else "csv",
    )


# ---------------------------------------------------------------- values


@area_view(Capability.ENTER)
def value_create(request, access, indicator_code):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    require_can_enter_values(access, indicator)
    initial = {"period": request.GET.get("period", "")}
    form = ValueForm(_post(request), initial=initial, indicator=indicator)
    if indicator.is_computed:
        form = None
        if request.method == "POST":
            messages.error(request, services.computed_refusal(indicator))
    elif request.method == "POST" and form.is_valid():
        state = _requested_state(request, access)
        try:
            value = services.value_create(indicator=indicator, entry=form.entry(), user=request.user, state=state)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{indicator.code} {value.period_name}: {_saved_as(value)}")
            return redirect(indicator)
    return render(
        request,
        "performance/value_form.html",
        {
            "area": area,
            "indicator": indicator,
            "form": form,
            "value": None,
            "can_approve": access.can_approve,
            **_computed_context(indicator),
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Enter a value", None)),
        },
        status=form_status(form),
    )


def _computed_context(indicator):
    if not indicator.is_computed:
        return {}
    return {
        "computed_refusal": services.computed_refusal(indicator),
        "source": selectors.source_info(indicator=indicator),
    }


def _requested_state(request, access):
    action = request.POST.get("action", "draft")
    if action == "approve" and access.can_approve:
        return ValueState.APPROVED
    if action == "submit":
        return ValueState.SUBMITTED
    return ValueState.DRAFT


def _saved_as(value):
    return {
        ValueState.DRAFT: "saved as a draft. Submit it when it is ready.",
        ValueState.SUBMITTED: "submitted for approval.",
        ValueState.APPROVED: "approved.",
    }[value.state]


@area_view(Capability.ENTER)
def value_edit(request, access, indicator_code, period):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    value = value_for(indicator, period)
    require_can_enter_values(access, indicator)
    editable = value.state != ValueState.APPROVED and not indicator.is_synced
    form = stale = None
    if editable:
        initial = {
            "period": value.period_code,
            "value": value.value.normalize() if value.numerator is None else "",
            "numerator": value.numerator,
            "denominator": value.denominator,
            "note": value.note,
            "version": value.version,
        }
        data = request.POST.copy() if request.method == "POST" else None
        if data is not None:
            data["period"] = value.period_code
        form = ValueForm(data, initial=initial, indicator=indicator, editing=True)
        if request.method == "POST" and form.is_valid():
            state = _requested_state(request, access)
            try:
                value = services.value_update(
                    value=value,
                    entry=form.entry(),
                    user=request.user,
                    state=None if state == ValueState.DRAFT else state,
                    version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                add_validation_error(form, error)
            except StaleEdit as error:
                stale = error
                refuse(form, error)
                value = value_for(indicator, period)
            else:
                messages.success(request, f"{indicator.code} {value.period_name}: {_saved_as(value)}")
                return redirect(indicator)
    elif request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "performance/value_form.html",
        {
            "area": area,
            "indicator": indicator,
            "form": form,
            "stale": stale,
            "value": value,
            "can_approve": access.can_approve,
            **_computed_context(indicator),
            "reopen_form": ReopenForm() if access.can_approve and value.state != ValueState.DRAFT else None,
            "breadcrumbs": _indicator_crumbs(area, indicator, (value.period_name, None)),
        },
        status=form_status(form),
    )


@area_view(Capability.APPROVE)
def value_approve(request, access, indicator_code, period):
    indicator = indicator_for(access, indicator_code)
    value = value_for(indicator, period)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.value_approve(value=value, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{indicator.code} {value.period_name} is approved.")
    return redirect(request.POST.get("next") if _safe_next(request) else indicator.get_absolute_url())


def _safe_next(request):
    target = request.POST.get("next", "")
    return target.startswith(f"/board/{request.area_access.area.code}/") and "//" not in target


@area_view(Capability.APPROVE)
def value_reopen(request, access, indicator_code, period):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    value = value_for(indicator, period)
    form = ReopenForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.value_reopen(value=value, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{indicator.code} {value.period_name} is a draft again and can be corrected.")
            return redirect(value.get_absolute_url())
    return render(
        request,
        "performance/value_reopen.html",
        {
            "area": area,
            "indicator": indicator,
            "value": value,
            "form": form,
            "breadcrumbs": _indicator_crumbs(area, indicator, (f"Reopen {value.period_name}", None)),
        },
        status=form_status(form),
    )


@area_view(Capability.ENTER)
def value_submit(request, access, indicator_code, period):
    indicator = indicator_for(access, indicator_code)
    value = value_for(indicator, period)
    require_can_enter_values(access, indicator)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.value_submit(value=value, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{indicator.code} {value.period_name} is submitted for approval.")
    return redirect(indicator)


@area_view(Capability.ENTER)
def values_upload(request, access):
    area = access.area
    return _upload_page(
        request,
        area,
        ValuesUploadForm(*_posted(request), can_approve=access.can_approve),
        lambda data: imports.values_import(
            area=area,
            source=data["file"],
            user=request.user,
            owner=None if access.can_manage else request.user,
            approve=bool(data.get("approve")),
        ),
        success_url=reverse("performance:scorecard", args=[area.code]),
        page={
            "title": "Upload indicator values",
            "kind": "values",
            "columns": imports.VALUE_COLUMNS,
            "optional_columns": [],
            "template_url": reverse("performance:values_template", args=[area.code]),
            "breadcrumbs": _crumbs(area, _scorecard_crumb(area), ("Upload values", None)),
        },
    )


@area_view(Capability.ENTER)
def values_template(request, access):
    return _template(request, imports.VALUE_COLUMNS, imports.VALUE_EXAMPLE_ROWS, "indicator-values")


@area_view(Capability.APPROVE)
def approvals(request, access):
    area = access.area
    pending = selectors.awaiting_approval(area=area)
    if request.method == "POST":
        chosen = set(request.POST.getlist("value"))
        picked = [v for v in pending if str(v.pk) in chosen]
        if not picked:
            messages.error(request, "Select at least one value to approve.")
        else:
            count = services.values_approve(values=picked, user=request.user)
            messages.success(request, f"{count} value(s) approved. Ratings are being refreshed.")
            return redirect("performance:approvals", code=area.code)
    return render(
        request,
        "performance/approvals_list.html",
        {"area": area, "pending": pending, "breadcrumbs": _crumbs(area, _scorecard_crumb(area), ("Approvals", None))},
    )


# ---------------------------------------------------------------- commentary and deep dives


@area_view(Capability.ENTER)
def commentary_edit(request, access, indicator_code):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    require_can_enter_values(access, indicator)
    latest = indicator.values.order_by("-period").first()
    period_code = request.GET.get("period") or (latest.period_code if latest else "")
    existing = None
    if period_code:
        try:
            existing = indicator.commentaries.filter(
                period=periods.parse_period(period_code, indicator.frequency)
            ).first()
        except ValueError:
            existing = None
    initial = {"period": period_code, "text": existing.text if existing else ""}
    form = CommentaryForm(_post(request), initial=initial, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.commentary_save(indicator=indicator, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Commentary on {indicator.code} is saved.")
            return redirect(indicator)
    return render(
        request,
        "performance/commentary_form.html",
        {
            "area": area,
            "indicator": indicator,
            "form": form,
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Commentary", None)),
        },
        status=form_status(form),
    )


@area_view(Capability.COMMENT)
def deep_dive(request, access, indicator_code):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    open_request = indicator.deep_dives.filter(cleared_at__isnull=True).select_related("requested_by").first()
    form_class = DeepDiveClearForm if open_request else DeepDiveRequestForm
    form = form_class(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            if open_request:
                services.deep_dive_clear(indicator=indicator, user=request.user, **form.cleaned_data)
                messages.success(request, f"The deep dive into {indicator.code} is cleared.")
            else:
                services.deep_dive_request(indicator=indicator, user=request.user, **form.cleaned_data)
                messages.success(request, f"A deep dive into {indicator.code} is requested.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.POST.get("next") if _safe_next(request) else indicator.get_absolute_url())
    return render(
        request,
        "performance/deepdive_form.html",
        {
            "area": area,
            "indicator": indicator,
            "form": form,
            "open_request": open_request,
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Deep dive", None)),
        },
        status=form_status(form),
    )


# ---------------------------------------------------------------- improvement actions


@area_view(Capability.MANAGE)
def action_links(request, access, indicator_code):
    area = access.area
    indicator = indicator_for(access, indicator_code)
    form = ActionLinkForm(
        _post(request),
        actions=integrations.action_choices(area=area),
        linked=integrations.linked_actions(indicator=indicator),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_links_set(indicator=indicator, actions=form.cleaned_data["actions"], user=request.user)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"The improvement actions linked to {indicator.code} are saved.")
            return redirect(indicator)
    return render(
        request,
        "performance/actionlinks_form.html",
        {
            "area": area,
            "indicator": indicator,
            "form": form,
            "breadcrumbs": _indicator_crumbs(area, indicator, ("Improvement actions", None)),
        },
        status=form_status(form),
    )
