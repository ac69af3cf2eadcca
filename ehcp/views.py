"""EHCP pages. Each view checks access (area_view), reads through selectors or
writes through one service, and renders. Pages read stored figures only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from send_board import registry
from send_board.access import Capability, area_view
from send_board.forms import add_validation_error, form_status
from send_board.glossary import in_sentence
from send_board.parsing import parse_month
from send_board.tables_io import tables2_response
from send_board.uploads import RowErrors, UploadError, problems_for_page, template_response
from send_board.versioning import StaleEdit, refuse

from . import calculations, charts, selectors, services, timeline
from .forms import MonthlyReturnForm, ReturnsUploadForm, SendBackForm, TargetForm, UploadForm
from .models import AdviceService, FigureSource, MonthlyReturn, ReturnStatus
from .tables import CaseRecordTable, CohortTable, ReconciliationTable, ReturnTable, StepTable, TimelinessTable

PER_PAGE = 24
EXPORT_FORMATS = ("csv", "xlsx")


def _crumbs(access, *trail):
    area = access.area
    return [
        *registry.home_crumbs(area),
        ("EHCP timeliness", reverse("ehcp:timeliness", kwargs={"code": area.code})),
        *trail,
    ]


def _export(request, table_class, rows, filename, **table_kwargs):
    """The table as CSV or XLSX when ?_export= asks for it, else None."""
    export_format = request.GET.get("_export")
    if export_format not in EXPORT_FORMATS:
        return None
    table = table_class(rows, default="", **table_kwargs)
    RequestConfig(request, paginate=False).configure(table)
    return tables2_response(table, filename=filename, file_format=export_format)


def _figures_source(overview_source, area):
    if overview_source == FigureSource.CASES:
        return f"{area.name}'s case records, computed by SEND Board"
    return f"{area.name}'s monthly returns, computed by SEND Board"


# ---------------------------------------------------------------- figures


@area_view()
def timeliness(request, access):
    area = access.area
    overview = selectors.timeliness_overview(
        area=area, source=request.GET.get("source"), up_to=registry.area_today(area)
    )
    caption = f"{area.name}: EHC plans issued within 20 weeks by month, from {overview.source_label.lower()}"
    exported = _export(
        request, TimelinessTable, overview.figures, f"ehcp-timeliness-{area.code}-{overview.source}", caption=caption
    )
    if exported:
        return exported
    table = TimelinessTable(overview.figures, default="–", caption=caption)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    figure = None
    if overview.figures:
        figure = charts.timeliness_chart(
            months=[f.month for f in overview.figures],
            pct=[f.pct for f in overview.figures],
            rolling_pct=[f.rolling_pct for f in overview.figures],
            approved=[f.month_approved for f in overview.figures],
            targets=overview.target_line,
            area_name=area.name,
        )
    return render(
        request,
        "ehcp/timeliness_detail.html",
        {
            "area": area,
            "access": access,
            "overview": overview,
            "table": table,
            "figure": figure,
            "export_query": request.GET.urlencode(),
            "breadcrumbs": [*registry.home_crumbs(area), ("EHCP timeliness", None)],
            "last_updated": overview.refresh.computed_at,
            "figures_source": _figures_source(overview.source, area) if overview.figures else None,
        },
    )


# ---------------------------------------------------------------- the statutory timeline


def _national(request, area):
    """{step code: national position} from whichever installed app offers it
    (the benchmarks sub-app registers a provider in the "ehcp_timeline_national"
    slot); {} when none is installed."""
    found = {}
    for panel in registry.panels("ehcp_timeline_national"):
        provider = panel.context_function()
        found.update((provider({"request": request}, area=area) or {}).get("national", {}))
    return found


@area_view()
def timeline_overview(request, access):
    area = access.area
    national = _national(request, area)
    up_to = registry.area_today(area)
    steps = selectors.timeline_overview(area=area, up_to=up_to)
    rows = [(row, national.get(row.step.code)) for row in steps]
    return render(
        request,
        "ehcp/timeline_overview.html",
        {
            "area": area,
            "access": access,
            "rows": rows,
            "without_figures": [row.step.title for row, _national in rows if not row.source_label],
            "up_to": up_to,
            "with_later": [row for row, _national in rows if row.later],
            "refresh": selectors.figure_refresh(area=area),
            "breadcrumbs": _crumbs(access, ("The statutory timeline", None)),
        },
    )


@area_view()
def timeline_step(request, access, step):
    area = access.area
    try:
        definition = timeline.step(step)
    except KeyError:
        raise Http404("No such step of the statutory timeline.") from None
    source, series = selectors.step_series(area, step, source=request.GET.get("source"))
    rows = [{"month": month, **values} for month, values in series.items()]
    labels = timeline.STEP_LABELS[step]
    caption = f"{area.name}: {in_sentence(definition.title)} by month" + (
        f", from {FigureSource(source).label.lower()}" if source else ""
    )
    table_kwargs = {"caption": caption, "unit": definition.unit, "labels": labels, "source": source}
    exported = _export(request, StepTable, rows, f"ehcp-{step.replace('_', '-')}-{area.code}", **table_kwargs)
    if exported:
        return exported
    table = StepTable(rows, default="–", **table_kwargs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    figure = None
    if rows:
        figure = charts.step_chart(
            months=[r["month"] for r in rows],
            values=[r["pct"] for r in rows],
            rolling=[r["rolling_pct"] for r in rows],
            approved=[r["approved"] for r in rows] if source == FigureSource.RETURNS else None,
            unit=definition.unit,
            title=f"{area.name}: {in_sentence(definition.title)}",
            y_title="Weeks" if definition.unit == "weeks" else "Per cent",  # the title names the step
        )
    return render(
        request,
        "ehcp/timeline_step.html",
        {
            "area": area,
            "access": access,
            "step": definition,
            "labels": labels,
            "source": source,
            "sources": selectors.step_sources(area=area, step=step),
            "table": table,
            "figure": figure,
            "cohorts": selectors.step_cohorts(area=area, step=step),
            "refresh": selectors.figure_refresh(area=area),
            "breadcrumbs": _crumbs(
                access,
                ("The statutory timeline", reverse("ehcp:timeline", kwargs={"code": area.code})),
                (definition.title, None),
            ),
        },
    )


@area_view()
def cohorts(request, access):
    area = access.area
    since, since_error = None, None
    if request.GET.get("since"):
        try:
            since = parse_month(request.GET["since"])
        except ValueError as error:
            since_error = str(error)
    overview = selectors.cohort_overview(area=area, since=since)
    caption = f"{area.name}: requests for assessment by the month they arrived"
    exported = _export(request, CohortTable, overview.cohorts, f"ehcp-cohorts-{area.code}", caption=caption)
    if exported:
        return exported
    table = CohortTable(overview.cohorts, default="–", caption=caption)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    figure = None
    if overview.cohorts:
        rows = overview.cohorts
        figure = charts.cohort_chart(
            months=[c.request_month for c in rows],
            within=[c.issued_within_20_weeks for c in rows],
            later=[c.plans_issued - c.issued_within_20_weeks for c in rows],
            closed=[c.closed_without_plan for c in rows],
            open_within=[c.open - c.open_beyond_20_weeks for c in rows],
            open_beyond=[c.open_beyond_20_weeks for c in rows],
            area_name=area.name,
        )
    return render(
        request,
        "ehcp/cohort_list.html",
        {
            "area": area,
            "access": access,
            "overview": overview,
            "advice_months": selectors.advice_months(area=area),
            "advice_services": [AdviceService(service).label for service in calculations.ADVICE_SERVICES],
            "table": table,
            "figure": figure,
            "since_text": request.GET.get("since", ""),
            "since_error": since_error,
            "breadcrumbs": _crumbs(access, ("Cohorts", None)),
            "last_updated": overview.refresh.computed_at,
            "figures_source": f"{area.name}'s case records, computed by SEND Board" if overview.cohorts else None,
        },
    )


@area_view()
def reconciliation(request, access):
    area = access.area
    overview = selectors.reconciliation_overview(area=area)
    only_differing = request.GET.get("show") == "differing"
    rows = overview.differing if only_differing else overview.rows
    caption = f"{area.name}: monthly returns against case records{', months that differ' if only_differing else ''}"
    exported = _export(request, ReconciliationTable, rows, f"ehcp-reconciliation-{area.code}", caption=caption)
    if exported:
        return exported
    table = ReconciliationTable(rows, default="–", caption=caption)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    figure = None
    if overview.rows:
        figure = charts.reconciliation_chart(
            months=[r["month"] for r in overview.rows],
            returns_pct=[r["returns_pct"] for r in overview.rows],
            cases_pct=[r["cases_pct"] for r in overview.rows],
            area_name=area.name,
        )
    return render(
        request,
        "ehcp/reconciliation_detail.html",
        {
            "area": area,
            "access": access,
            "overview": overview,
            "table": table,
            "figure": figure,
            "only_differing": only_differing,
            "breadcrumbs": _crumbs(access, ("Returns and case records", None)),
            "last_updated": overview.refresh.computed_at,
            "figures_source": f"{area.name}'s monthly returns and case records" if overview.rows else None,
        },
    )


# ---------------------------------------------------------------- monthly returns


@area_view()
def return_list(request, access):
    area = access.area
    table = ReturnTable(
        selectors.monthly_returns(area=area), area_code=area.code, caption=f"{area.name}: monthly EHCP returns"
    )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "ehcp/return_list.html",
        {
            "area": area,
            "access": access,
            "table": table,
            "awaiting_approval": selectors.monthly_returns(area=area).filter(status=ReturnStatus.SUBMITTED).count(),
            "breadcrumbs": _crumbs(access, ("Monthly returns", None)),
        },
    )


@area_view(Capability.ENTER)
def return_create(request, access):
    area = access.area
    form = MonthlyReturnForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"]
        try:
            monthly_return = services.return_create(
                area=area,
                month=month,
                values=form.values(),
                user=request.user,
                submit=request.POST.get("action") == "submit",
            )
        except ValidationError as error:
            add_validation_error(form, error)
            existing = selectors.existing_return(area=area, month=month)
        else:
            messages.success(request, _saved_message(monthly_return, "saved"))
            return redirect(monthly_return)
    return render(
        request,
        "ehcp/return_form.html",
        {
            "area": area,
            "access": access,
            "form": form,
            "existing": existing,
            "title": "Enter a monthly return",
            "breadcrumbs": _crumbs(
                access, ("Monthly returns", reverse("ehcp:returns", kwargs={"code": area.code})), ("New return", None)
            ),
        },
        status=form_status(form),
    )


def _saved_message(monthly_return, verb):
    status = monthly_return.get_status_display().lower()
    return f"The return for {monthly_return.month:%B %Y} is {verb} ({status}). The figures are being refreshed."


def _return_or_404(access, pk):
    monthly_return = selectors.return_for_area(area=access.area, pk=pk)
    if monthly_return is None:
        raise Http404
    return monthly_return


@area_view()
def return_detail(request, access, pk):
    monthly_return = _return_or_404(access, pk)
    area = access.area
    return render(
        request,
        "ehcp/return_detail.html",
        {
            "area": area,
            "access": access,
            "monthly_return": monthly_return,
            "events": list(selectors.return_events(monthly_return=monthly_return)),
            "field_labels": _field_labels(),
            "breadcrumbs": _crumbs(
                access,
                ("Monthly returns", reverse("ehcp:returns", kwargs={"code": area.code})),
                (f"{monthly_return.month:%B %Y}", None),
            ),
        },
    )


def _field_labels():
    """The audit trail names each changed field as the form labels it."""
    return {
        field.name: capfirst(field.verbose_name)
        for field in MonthlyReturn._meta.get_fields()
        if hasattr(field, "verbose_name")
    }


@area_view(Capability.ENTER)
def return_edit(request, access, pk):
    monthly_return = _return_or_404(access, pk)
    area = access.area
    form = MonthlyReturnForm(
        request.POST or None, include_month=False, initial=MonthlyReturnForm.initial_from(monthly_return)
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            monthly_return = services.return_update(
                monthly_return=monthly_return,
                values=form.values(),
                user=request.user,
                submit=request.POST.get("action") == "submit",
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except StaleEdit as error:
            stale = error
            refuse(form, error)
            monthly_return = _return_or_404(access, pk)
        else:
            messages.success(request, _saved_message(monthly_return, "saved"))
            return redirect(monthly_return)
    return render(
        request,
        "ehcp/return_form.html",
        {
            "area": area,
            "access": access,
            "form": form,
            "monthly_return": monthly_return,
            "stale": stale,
            "title": f"Change the return for {monthly_return.month:%B %Y}",
            "breadcrumbs": _crumbs(
                access,
                ("Monthly returns", reverse("ehcp:returns", kwargs={"code": area.code})),
                (f"{monthly_return.month:%B %Y}", monthly_return.get_absolute_url()),
                ("Change", None),
            ),
        },
        status=form_status(form),
    )


def _transition(request, access, pk, service, verb):
    monthly_return = _return_or_404(access, pk)
    try:
        monthly_return = service(monthly_return=monthly_return, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _saved_message(monthly_return, verb))
    return redirect(monthly_return)


@area_view(Capability.ENTER)
@require_POST
def return_submit(request, access, pk):
    return _transition(request, access, pk, services.return_submit, "submitted")


@area_view(Capability.APPROVE)
@require_POST
def return_approve(request, access, pk):
    return _transition(request, access, pk, services.return_approve, "approved")


@area_view(Capability.APPROVE)
@require_POST
def returns_approve_all(request, access):
    approved = services.returns_approve_submitted(area=access.area, user=request.user)
    if approved:
        messages.success(
            request,
            f"{len(approved)} return{'s' if len(approved) != 1 else ''} approved, {approved[0].month:%B %Y} to "
            f"{approved[-1].month:%B %Y}. The figures are being refreshed.",
        )
    else:
        messages.info(request, "There were no submitted returns to approve.")
    return redirect("ehcp:returns", code=access.area.code)


@area_view(Capability.APPROVE)
def return_send_back(request, access, pk):
    monthly_return = _return_or_404(access, pk)
    area = access.area
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            monthly_return = services.return_send_back(
                monthly_return=monthly_return, user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, f"The return for {monthly_return.month:%B %Y} is back with the officer as a draft."
            )
            return redirect(monthly_return)
    return render(
        request,
        "ehcp/return_send_back.html",
        {
            "area": area,
            "access": access,
            "form": form,
            "monthly_return": monthly_return,
            "breadcrumbs": _crumbs(
                access,
                ("Monthly returns", reverse("ehcp:returns", kwargs={"code": area.code})),
                (f"{monthly_return.month:%B %Y}", monthly_return.get_absolute_url()),
                ("Send back", None),
            ),
        },
        status=form_status(form),
    )


# The template's columns: the headline, then the statutory timeline's optional
# fields (timeline.RETURN_FIELDS), which the first example row fills.
RETURN_TEMPLATE_COLUMNS = ["month", "issued", "within_20_weeks", "exceptions", "notes", *timeline.RETURN_FIELDS]
RETURN_TEMPLATE_ROWS = [
    # Decisions to assess 70 (48 within 6 weeks), not to issue 6 (3), reviews due 120 (52 on time), review
    # decisions 95 (40), no phase transfers, 80 appealable decisions (2 appeals), 18 of the 52 plans after
    # 52 weeks, 13,640 days to issue them all (9 at about 120 days, 25 at 200, 18 at 420), 1 mediation.
    ["2024-04", 52, 9, 2, "One plan delayed by a family holiday abroad", 70, 48, 6, 3, 120, 52, 95, 40, 0, 0, 80, 2]
    + [18, 13640, 1],
    ["May 2024", 61, 14, 0, "", *[""] * len(timeline.RETURN_FIELDS)],
]
CASE_TEMPLATE_ROWS = [
    [
        "WIR-000123",
        "2024-01-08",
        "2024-02-12",
        "assess",
        "2024-05-20",
        "no",
        "",
        "2024-04-29",
        "",
        "",
        "2024-02-13",
        "2024-03-20",
        "2024-02-13",
        "2024-03-11",
        "2024-02-13",
        "2024-04-02",
        # assessment_outcome … amended_plan_date (timeline.CASE_COLUMNS)
        "plan",
        "2024-05-20",
        "no",
        "",
        "no",
        "",
        "2025-05-12",
        "2025-06-02",
        "amend",
        "2026",
        "no",
        "2026-01-30",
    ],
    [
        "WIR-000124",
        "15/01/2024",
        "20/02/2024",
        "refuse",
        "",
        "no",
        "20/02/2024",
        "",
        "",
        "refused",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "yes",
        "2024-04-02",
        "yes",
        "2024-05-07",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]


def _upload(request, access, *, form_class, service, template, title, template_url, what, **service_kwargs):
    area = access.area
    form = form_class(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kwargs = dict(service_kwargs)
        if "submit" in form.cleaned_data:
            kwargs["status"] = ReturnStatus.SUBMITTED if form.cleaned_data["submit"] else ReturnStatus.DRAFT
        try:
            result = service(area=area, source=upload, user=request.user, filename=upload.name, **kwargs)
        except UploadError as error:
            form.add_error("file", error.message)
        except RowErrors as error:
            problems = problems_for_page(error.errors, user=request.user, area=area)
            form.add_error(
                "file",
                f"The file has {problems.total} problem{'s' if problems.total != 1 else ''} listed below; "
                f"nothing was saved. Correct them and upload the file again.",
            )
        else:
            return result
    return render(
        request,
        template,
        {
            "area": area,
            "access": access,
            "form": form,
            "row_errors": problems.shown if problems else [],
            "problems": problems,
            "title": title,
            "template_url": template_url,
            "what": what,
            "breadcrumbs": _crumbs(access, (title, None)),
        },
        status=form_status(form),
    )


@area_view(Capability.ENTER)
def returns_upload(request, access):
    area = access.area
    result = _upload(
        request,
        access,
        form_class=ReturnsUploadForm,
        service=services.returns_import,
        template="ehcp/return_upload.html",
        title="Upload monthly returns",
        template_url=reverse("ehcp:returns_template", kwargs={"code": area.code, "file_format": "csv"}),
        what="returns",
    )
    if isinstance(result, list):
        messages.success(
            request,
            f"{len(result)} return{'s' if len(result) != 1 else ''} saved, {result[0].month:%B %Y} to "
            f"{result[-1].month:%B %Y}. The figures are being refreshed.",
        )
        return redirect("ehcp:returns", code=area.code)
    return result


def _template_download(file_format, *, columns, rows, filename):
    if file_format not in EXPORT_FORMATS:
        raise Http404
    return template_response(columns=columns, example_rows=rows, filename=filename, file_format=file_format)


@area_view(Capability.ENTER)
def returns_template(request, access, file_format):
    return _template_download(
        file_format,
        columns=RETURN_TEMPLATE_COLUMNS,
        rows=RETURN_TEMPLATE_ROWS,
        filename="ehcp-monthly-returns-template",
    )


# ---------------------------------------------------------------- case records


@area_view()
def case_list(request, access):
    area = access.area
    table = CaseRecordTable(selectors.case_records(area=area), caption=f"{area.name}: case records")
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "ehcp/case_list.html",
        {
            "area": area,
            "access": access,
            "table": table,
            "imports": list(selectors.case_imports(area=area)[:10]),
            "breadcrumbs": _crumbs(access, ("Case records", None)),
        },
    )


@area_view(Capability.ENTER)
def cases_upload(request, access):
    area = access.area
    result = _upload(
        request,
        access,
        form_class=UploadForm,
        service=services.cases_import,
        template="ehcp/case_upload.html",
        title="Upload case records",
        template_url=reverse("ehcp:cases_template", kwargs={"code": area.code, "file_format": "csv"}),
        what="case records",
    )
    if hasattr(result, "created"):
        messages.success(
            request,
            f"{result.rows} case records read: {result.created} new, {result.updated} updated, "
            f"{result.rows - result.created - result.updated} unchanged. The figures are being refreshed.",
        )
        return redirect("ehcp:cases", code=area.code)
    return result


@area_view(Capability.ENTER)
def cases_template(request, access, file_format):
    return _template_download(
        file_format,
        columns=[
            *services.CASE_COLUMNS_REQUIRED,
            *(c for c in services.CASE_COLUMNS_OPTIONAL if c != timeline.DECISION_DATE_ALIAS),
        ],
        rows=CASE_TEMPLATE_ROWS,
        filename="ehcp-case-records-template",
    )


# ---------------------------------------------------------------- target


def _target_years(area, today=None):
    """(year start, label) for last year, this year and next year."""
    today = today or timezone.localdate()
    this_year = calculations.year_start_of(today, area.year_start)
    years = [this_year.replace(year=this_year.year + offset) for offset in (-1, 0, 1)]
    return [(start, calculations.year_label(start, area.year_start)) for start in years]


@area_view(Capability.MANAGE)
def target(request, access):
    area = access.area
    years = _target_years(area)
    form = TargetForm(
        request.POST or None, years=years, initial={"year_start": years[1][0].isoformat(), "target_pct": "60"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.target_set(
                area=area,
                year_start=form.cleaned_data["year_start"],
                target_pct=form.cleaned_data["target_pct"],
                user=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            label = calculations.year_label(saved.year_start, area.year_start)
            messages.success(
                request, f"The year-end target for {label} is now {calculations.format_pct(saved.target_pct)}."
            )
            return redirect("ehcp:timeliness", code=area.code)
    return render(
        request,
        "ehcp/target_form.html",
        {
            "area": area,
            "access": access,
            "form": form,
            "targets": list(selectors.targets(area=area)),
            "breadcrumbs": _crumbs(access, ("Year-end target", None)),
        },
        status=form_status(form),
    )
