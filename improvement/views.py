"""Pages of the improvement plan, risk register, decisions and inspection
readiness. Each view: access check (area_view), look-up (404 for unknown
ids, after the access check), one selector or service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from send_board import registry
from send_board.access import Capability, area_view
from send_board.forms import form_status
from send_board.tables_io import table_response, tables2_response
from send_board.uploads import RowErrors, UploadError, problems_for_page, template_response
from send_board.versioning import StaleEdit, refuse

from . import calculations, charts, permissions, selectors, services
from .filters import ActionFilter
from .forms import (
    ActionForm,
    ActionUpdateForm,
    AreaForm,
    AreaReviewForm,
    DecisionForm,
    EvidenceForm,
    ImportForm,
    LogItemForm,
    MeetingForm,
    OptionFormSet,
    PeriodForm,
    PlanForm,
    RiskForm,
    RiskReviewForm,
    SupportForm,
    WorkstreamForm,
)
from .models import (
    EVIDENCE_RAG,
    ActionLogItem,
    ActionStatus,
    Decision,
    EvidenceItem,
    Meeting,
    MilestoneMiss,
    Plan,
    Risk,
    Workstream,
)
from .tables import ActionExportTable, ActionTable, RiskTable

STATUS_LABELS = dict(ActionStatus.choices)
EXPORT_FORMATS = ("csv", "xlsx")
# django-tables2 costs about 1.5 ms a row to render; filters and the export cover longer lists.
ACTIONS_PER_PAGE = 25


# ---------------------------------------------------------------- helpers


def _plan(access, slug):
    return get_object_or_404(Plan.objects.select_related("local_area"), local_area=access.area, slug=slug)


def _action(plan, code):
    action = selectors.action_of_plan(plan=plan, code=code)
    if action is None:
        raise Http404
    return action


def _area_of_concern(plan, number):
    return get_object_or_404(plan.areas.select_related("workstream", "lead_user", "plan__local_area"), number=number)


def _crumbs(access, *trail):
    return [*registry.home_crumbs(access.area, label="Dashboard"), *trail]


def _plans_crumb(access):
    return ("Improvement plans", reverse("improvement:plan", args=[access.area.code]))


def _plan_crumb(plan):
    return (plan.name, plan.get_absolute_url())


def _form_page(request, *, form, title, breadcrumbs, button, cancel_url, intro="", formset=None, extra=None):
    context = {
        "form": form,
        "formset": formset,
        "title": title,
        "intro": intro,
        "button": button,
        "cancel_url": cancel_url,
        "breadcrumbs": breadcrumbs,
        **(extra or {}),
    }
    return render(request, "improvement/form_page.html", context, status=form_status(form, formset))


def _save_with(form, call):
    """Call the service; on ValidationError put its messages on the form, on
    StaleEdit the other person's change (form.stale). Returns the result or None."""
    try:
        return call()
    except ValidationError as error:
        form.add_service_errors(error)
    except StaleEdit as error:
        form.stale = error
        refuse(form, error)
    return None


def _today(area):
    """The date milestones and reviews are checked against: today, or the end
    of the month the area's figures stand at (send_board.registry.area_today)."""
    return registry.area_today(area)


# ---------------------------------------------------------------- plans


@area_view()
def plan(request, access):
    """The area's improvement plans, each with its BRAG and current period."""
    summaries = selectors.plan_summaries(area=access.area)
    inactive = list(Plan.objects.filter(local_area=access.area, is_active=False).order_by("name"))
    return render(
        request,
        "improvement/plan_list.html",
        {
            "area": access.area,
            "summaries": summaries,
            "inactive": inactive,
            "breadcrumbs": _crumbs(access, ("Improvement plans", None)),
            "figures_source": "action statuses as recorded in SEND Board",
        },
    )


@area_view(Capability.MANAGE)
def plan_new(request, access):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _save_with(
            form, lambda: services.plan_save(area=access.area, user=request.user, **form.service_values())
        )
        if created:
            messages.success(request, f"{created.name} created. Add its areas of concern and actions.")
            return redirect(created.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title="New improvement plan",
        breadcrumbs=_crumbs(access, _plans_crumb(access), ("New plan", None)),
        button="Create plan",
        cancel_url=reverse("improvement:plan", args=[access.area.code]),
    )


@area_view(Capability.MANAGE)
def plan_edit(request, access, plan_slug):
    plan = _plan(access, plan_slug)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            form, lambda: services.plan_save(area=access.area, user=request.user, plan=plan, **form.service_values())
        )
        if saved:
            messages.success(request, f"{saved.name} saved.")
            return redirect(saved.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=f"Change {plan.name}",
        breadcrumbs=_crumbs(access, _plans_crumb(access), _plan_crumb(plan), ("Change", None)),
        button="Save plan",
        cancel_url=plan.get_absolute_url(),
    )


@area_view()
def plan_overview(request, access, plan_slug):
    """Areas with counts by status and BRAG, counts over periods, and the
    programme status table (this period against the previous)."""
    plan = _plan(access, plan_slug)
    overview = selectors.plan_overview(plan=plan)
    figure = None
    if overview.series:
        figure = charts.status_over_periods([(p.label, counts) for p, counts in overview.series], STATUS_LABELS)
    return render(
        request,
        "improvement/plan_overview.html",
        {
            "area": access.area,
            "plan": plan,
            "overview": overview,
            "figure": figure,
            "statuses": [(s, STATUS_LABELS[s], calculations.brag_for_status(s)) for s in calculations.STATUS_ORDER],
            "breadcrumbs": _crumbs(access, _plans_crumb(access), (plan.name, None)),
            "last_updated": plan.changes.order_by("-at").values_list("at", flat=True).first() or plan.updated,
            "figures_source": "action updates recorded in SEND Board; closed periods as they stood at close",
        },
    )


@area_view()
def plan_status_csv(request, access, plan_slug):
    """The programme status table as CSV: status, current, previous."""
    plan = _plan(access, plan_slug)
    overview = selectors.plan_overview(plan=plan)
    rows = [[row["label"], _blank(row["current"]), _blank(row["previous"])] for row in overview.status_table]
    return table_response(rows, header=["status", "current", "previous"], filename=f"{plan.slug}-status-summary")


def _blank(value):
    return "" if value is None else value


# ---------------------------------------------------------------- actions


@area_view()
def action_list(request, access, plan_slug):
    """All of a plan's actions: filter, sort, export as CSV or XLSX."""
    plan = _plan(access, plan_slug)
    today = _today(access.area)
    action_filter = ActionFilter(
        request.GET or None, queryset=selectors.action_table_queryset(plan=plan), plan=plan, today=today
    )
    actions = action_filter.qs if action_filter.is_bound else action_filter.queryset
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS:
        table = ActionExportTable(actions)
        return tables2_response(table, filename=f"{plan.slug}-actions", file_format=export)
    table = ActionTable(actions, today=today)
    RequestConfig(request, paginate={"per_page": ACTIONS_PER_PAGE}).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("_export", None)
    return render(
        request,
        "improvement/action_list.html",
        {
            "area": access.area,
            "plan": plan,
            "filter": action_filter,
            "table": table,
            "query": query.urlencode(),
            "breadcrumbs": _crumbs(access, _plans_crumb(access), _plan_crumb(plan), ("Actions", None)),
        },
    )


@area_view()
def action_detail(request, access, plan_slug, action_code):
    plan = _plan(access, plan_slug)
    action = _action(plan, action_code)
    updates, changes = selectors.action_history(action=action)
    misses = list(MilestoneMiss.objects.filter(action=action).select_related("period").order_by("-period__month"))
    return render(
        request,
        "improvement/action_detail.html",
        {
            "area": access.area,
            "plan": plan,
            "action": action,
            "updates": updates,
            "changes": changes,
            "misses": misses,
            "overdue": calculations.is_past_milestone(
                status=action.status, milestone=action.milestone, on=_today(access.area)
            ),
            "can_update": permissions.can_update_action(access, action),
            "breadcrumbs": _crumbs(
                access,
                _plans_crumb(access),
                _plan_crumb(plan),
                (f"Area {action.area_of_concern.number}", action.area_of_concern.get_absolute_url()),
                (f"Action {action.code}", None),
            ),
            "last_updated": action.updated,
        },
    )


def _action_form_page(request, access, plan, form, *, title, button, cancel_url):
    return _form_page(
        request,
        form=form,
        title=title,
        breadcrumbs=_crumbs(access, _plans_crumb(access), _plan_crumb(plan), (title, None)),
        button=button,
        cancel_url=cancel_url,
    )


def _save_action(request, form, plan, action=None):
    def call():
        return services.action_save(
            plan=plan,
            user=request.user,
            action=action,
            confirm_milestone=form.milestone_confirmed,
            version=form.cleaned_data.get("version"),
            description=form.cleaned_data["description"],
            **form.service_values(*(n for n in ActionForm.Meta.fields if n != "description")),
        )

    saved = _save_with(form, call)
    if form.has_error("milestone", code=services.MILESTONE_WARNING):
        form.ask_to_confirm_milestone()
    return saved


@area_view(Capability.MANAGE)
def action_new(request, access, plan_slug):
    plan = _plan(access, plan_slug)
    initial = {"area_of_concern": request.GET.get("area")} if request.GET.get("area") else None
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = _save_action(request, form, plan)
        if action:
            messages.success(request, f"Action {action.code} created.")
            return redirect(action.get_absolute_url())
    if not plan.areas.exists():
        messages.info(request, "Add an area of concern first: every action belongs to one.")
    return _action_form_page(
        request, access, plan, form, title="New action", button="Create action", cancel_url=plan.get_absolute_url()
    )


@area_view(Capability.MANAGE)
def action_edit(request, access, plan_slug, action_code):
    plan = _plan(access, plan_slug)
    action = _action(plan, action_code)
    form = ActionForm(request.POST or None, instance=action, plan=plan)
    if request.method == "POST" and form.is_valid():
        saved = _save_action(request, form, plan, action)
        if saved:
            messages.success(request, f"Action {saved.code} saved.")
            return redirect(saved.get_absolute_url())
    return _action_form_page(
        request,
        access,
        plan,
        form,
        title=f"Change action {action.code}",
        button="Save action",
        cancel_url=action.get_absolute_url(),
    )


@area_view(Capability.ENTER)
def action_update(request, access, plan_slug, action_code):
    """Record the action's update for an open period (its owner, its
    workstream or a performance lead)."""
    plan = _plan(access, plan_slug)
    action = _action(plan, action_code)
    permissions.require(
        permissions.can_update_action(access, action),
        "Only the action's owner, the members of its workstream or a performance lead may update it.",
    )
    periods = selectors.open_periods(plan=plan)
    crumbs = _crumbs(
        access,
        _plans_crumb(access),
        _plan_crumb(plan),
        (f"Action {action.code}", action.get_absolute_url()),
        ("Update", None),
    )
    if not periods:
        return render(
            request,
            "improvement/action_update.html",
            {"area": access.area, "plan": plan, "action": action, "form": None, "breadcrumbs": crumbs},
        )
    period = next((p for p in periods if str(p.pk) == request.GET.get("period")), periods[0])
    existing = action.updates.filter(period=period).first()
    initial = {"period": period.pk}
    if existing is None:
        initial.update(status=action.status, reason=action.reason, mitigation=action.mitigation)
    form = ActionUpdateForm(request.POST or None, instance=existing, initial=initial, open_periods=periods)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        chosen = values.pop("period")
        saved = _save_with(
            form,
            lambda: services.action_update_save(action=action, period=chosen, user=request.user, **values),
        )
        if saved:
            messages.success(request, f"Update for {chosen.label} saved.")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "improvement/action_update.html",
        {
            "area": access.area,
            "plan": plan,
            "action": action,
            "form": form,
            "period": period,
            "existing": existing,
            "breadcrumbs": crumbs,
        },
        status=form_status(form),
    )


# ---------------------------------------------------------------- areas of concern


def _area_period(request, plan, area, periods):
    wanted = request.GET.get("period")
    if wanted:
        found = next((p for p in periods if p.iso_month == wanted), None)
        if found is None:
            raise Http404
        return found
    return selectors.default_area_period(area=area, periods=periods)


@area_view()
def area_detail(request, access, plan_slug, number):
    """An area of concern laid out like the WSoA review template, for a period."""
    plan = _plan(access, plan_slug)
    area = _area_of_concern(plan, number)
    periods = selectors.area_periods(plan=plan)
    period = _area_period(request, plan, area, periods)
    page = selectors.area_page(area=area, period=period, periods=periods, page_number=request.GET.get("page") or 1)
    return render(
        request,
        "improvement/area_detail.html",
        {
            "area": access.area,
            "plan": plan,
            "concern": area,
            "page": page,
            "can_review": permissions.can_review_area(access, area) and period is not None and period.is_open,
            "breadcrumbs": _crumbs(access, _plans_crumb(access), _plan_crumb(plan), (f"Area {area.number}", None)),
            "figures_source": "action updates and area reviews recorded in SEND Board",
        },
    )


@area_view(Capability.MANAGE)
def area_new(request, access, plan_slug):
    plan = _plan(access, plan_slug)
    next_number = (plan.areas.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = AreaForm(request.POST or None, plan=plan, initial={"number": next_number, "status": "active"})
    if request.method == "POST" and form.is_valid():
        area = _save_with(form, lambda: services.area_save(plan=plan, user=request.user, **form.service_values()))
        if area:
            messages.success(request, f"Area {area.number} created.")
            return redirect(area.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title="New area of concern",
        breadcrumbs=_crumbs(access, _plans_crumb(access), _plan_crumb(plan), ("New area of concern", None)),
        button="Create area",
        cancel_url=plan.get_absolute_url(),
    )


@area_view(Capability.MANAGE)
def area_edit(request, access, plan_slug, number):
    plan = _plan(access, plan_slug)
    area = _area_of_concern(plan, number)
    form = AreaForm(request.POST or None, instance=area, plan=plan)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            form, lambda: services.area_save(plan=plan, user=request.user, area=area, **form.service_values())
        )
        if saved:
            messages.success(request, f"Area {saved.number} saved.")
            return redirect(saved.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=f"Change area {area.number}",
        intro="Moving an area to business as usual needs the date and who agreed it.",
        breadcrumbs=_crumbs(
            access,
            _plans_crumb(access),
            _plan_crumb(plan),
            (f"Area {area.number}", area.get_absolute_url()),
            ("Change", None),
        ),
        button="Save area",
        cancel_url=area.get_absolute_url(),
    )


def _review_period(request, plan):
    periods = selectors.open_periods(plan=plan)
    if not periods:
        return None
    return next(
        (p for p in periods if str(p.pk) == (request.GET.get("period") or request.POST.get("period_id"))), periods[0]
    )


@area_view(Capability.ENTER)
def area_review(request, access, plan_slug, number):
    """Evidence of impact and key next steps of an area for the open period."""
    plan = _plan(access, plan_slug)
    area = _area_of_concern(plan, number)
    permissions.require(
        permissions.can_review_area(access, area),
        "Only the area's workstream or a performance lead may write its review.",
    )
    period = _review_period(request, plan)
    if period is None:
        messages.error(request, "There is no open reporting period: a performance lead opens one first.")
        return redirect(area.get_absolute_url())
    existing = area.reviews.filter(period=period).first()
    form = AreaReviewForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            form,
            lambda: services.area_review_save(area=area, period=period, user=request.user, **form.service_values()),
        )
        if saved:
            messages.success(request, f"Area {area.number} review for {period.label} saved.")
            return redirect(f"{area.get_absolute_url()}?period={period.iso_month}")
    return _form_page(
        request,
        form=form,
        title=f"Area {area.number}: evidence of impact and next steps",
        intro=f"For {period.label}. Key next steps: one per line.",
        breadcrumbs=_crumbs(
            access,
            _plans_crumb(access),
            _plan_crumb(plan),
            (f"Area {area.number}", area.get_absolute_url()),
            ("Review", None),
        ),
        button="Save review",
        cancel_url=area.get_absolute_url(),
        extra={"hidden": {"period_id": period.pk}},
    )


@area_view(Capability.ENTER)
def area_support(request, access, plan_slug, number):
    """Add 'support received in this reporting period' to an area."""
    plan = _plan(access, plan_slug)
    area = _area_of_concern(plan, number)
    permissions.require(
        permissions.can_review_area(access, area),
        "Only the area's workstream or a performance lead may record support received.",
    )
    period = _review_period(request, plan)
    if period is None:
        messages.error(request, "There is no open reporting period: a performance lead opens one first.")
        return redirect(area.get_absolute_url())
    form = SupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            form, lambda: services.support_add(area=area, period=period, user=request.user, **form.service_values())
        )
        if saved:
            messages.success(request, "Support received recorded.")
            return redirect(f"{area.get_absolute_url()}?period={period.iso_month}")
    return _form_page(
        request,
        form=form,
        title=f"Area {area.number}: support received",
        intro=f"Support received in {period.label}: what it was, who provided it and its impact.",
        breadcrumbs=_crumbs(
            access,
            _plans_crumb(access),
            _plan_crumb(plan),
            (f"Area {area.number}", area.get_absolute_url()),
            ("Support received", None),
        ),
        button="Add support",
        cancel_url=area.get_absolute_url(),
        extra={"hidden": {"period_id": period.pk}},
    )


# ---------------------------------------------------------------- import


@area_view(Capability.MANAGE)
def actions_import(request, access, plan_slug):
    """Upload a spreadsheet of actions: all or nothing, with row errors."""
    plan = _plan(access, plan_slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors, warnings, upload_error, problems = [], [], None, None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.actions_import(
                    plan=plan,
                    user=request.user,
                    source=form.cleaned_data["file"],
                    confirm_milestones=form.milestones_confirmed,
                )
            except UploadError as error:
                upload_error = error.message
                form.add_error("file", error.message)
            except RowErrors as error:
                problems = problems_for_page(error.errors, user=request.user, area=access.area)
                row_errors = problems.shown
                form.add_error("file", f"{problems.total} problem(s) in the file: nothing was saved. See below.")
            except services.ImportNeedsConfirmation as error:
                warnings = error.warnings
                form.ask_to_confirm_milestones()
                form.add_error(
                    form.CONFIRM,
                    f"{len(warnings)} milestone(s) are before the plan's approval date. Check them; if they are "
                    "right, tick the box and upload the file again.",
                )
            else:
                messages.success(
                    request,
                    f"Imported: {result.created} action(s) created, {result.updated} updated, "
                    f"{result.unchanged} unchanged.",
                )
                return redirect(plan.get_absolute_url())
        status = 400
    return render(
        request,
        "improvement/actions_import.html",
        {
            "area": access.area,
            "plan": plan,
            "form": form,
            "row_errors": row_errors,
            "problems": problems,
            "warnings": warnings,
            "upload_error": upload_error,
            "breadcrumbs": _crumbs(access, _plans_crumb(access), _plan_crumb(plan), ("Import actions", None)),
        },
        status=status,
    )


@area_view(Capability.MANAGE)
def actions_import_template(request, access, plan_slug):
    plan = _plan(access, plan_slug)
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return template_response(
        columns=services.IMPORT_REQUIRED + services.IMPORT_OPTIONAL,
        example_rows=[
            [
                "1",
                "Information and data",
                "1.1.a",
                "Systems audit",
                "Head of Performance",
                "Workstream 1 – Data",
                "2022-06-30",
                "In Progress",
                "",
                "",
            ],
            [
                "2",
                "EHC assessments",
                "2.2.a",
                "EHCP compliance checklist",
                "Head of SEND",
                "Workstream 2 – EHC assessments",
                "30/09/2022",
                "Delayed",
                "Consultation with schools took longer",
                "Checklist to the June board",
            ],
        ],
        filename=f"{plan.slug}-actions-template",
        file_format=file_format,
    )


# ---------------------------------------------------------------- periods


@area_view()
def period_list(request, access, plan_slug):
    plan = _plan(access, plan_slug)
    periods = list(
        plan.periods.annotate(update_count=Count("updates"), miss_count=Count("milestone_misses", distinct=True))
        .select_related("closed_by")
        .order_by("-month")
    )
    return render(
        request,
        "improvement/period_list.html",
        {
            "area": access.area,
            "plan": plan,
            "periods": periods,
            "breadcrumbs": _crumbs(access, _plans_crumb(access), _plan_crumb(plan), ("Reporting periods", None)),
        },
    )


@area_view(Capability.MANAGE)
def period_new(request, access, plan_slug):
    plan = _plan(access, plan_slug)
    form = PeriodForm(request.POST or None, initial={"kind": "monthly"})
    if request.method == "POST" and form.is_valid():
        period = _save_with(form, lambda: services.period_create(plan=plan, user=request.user, **form.service_values()))
        if period:
            messages.success(request, f"{period.label} opened: officers can record their updates.")
            return redirect("improvement:period_list", access.area.code, plan.slug)
    return _form_page(
        request,
        form=form,
        title="Open a reporting period",
        intro="Monthly, or one per board meeting. Officers record an update for each action while it is open.",
        breadcrumbs=_crumbs(
            access,
            _plans_crumb(access),
            _plan_crumb(plan),
            ("Reporting periods", reverse("improvement:period_list", args=[access.area.code, plan.slug])),
            ("Open a period", None),
        ),
        button="Open period",
        cancel_url=reverse("improvement:period_list", args=[access.area.code, plan.slug]),
    )


@area_view(Capability.MANAGE)
def period_close(request, access, plan_slug, period_id):
    """Confirm, then close: overdue actions become Beyond Milestone (a Celery task)."""
    plan = _plan(access, plan_slug)
    period = get_object_or_404(plan.periods, pk=period_id)
    list_url = reverse("improvement:period_list", args=[access.area.code, plan.slug])
    if not period.is_open:
        messages.info(request, f"{period.label} is already closed.")
        return redirect(list_url)
    if request.method == "POST":
        try:
            services.period_request_close(period=period, user=request.user)
        except services.PeriodClosed as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(
                request,
                f"Closing {period.label}: actions past their milestone become Beyond Milestone and are listed "
                "for their owners.",
            )
        return redirect(list_url)
    due = (
        plan.actions.filter(milestone__lte=period.ends_on)
        .exclude(status__in=[*calculations.COMPLETED_STATUSES, ActionStatus.BEYOND_MILESTONE])
        .select_related("owner_user", "plan__local_area")
        .order_by("sort_key")
    )
    return render(
        request,
        "improvement/period_close.html",
        {
            "area": access.area,
            "plan": plan,
            "period": period,
            "due": due[:200],
            "due_count": due.count(),
            "breadcrumbs": _crumbs(
                access,
                _plans_crumb(access),
                _plan_crumb(plan),
                ("Reporting periods", list_url),
                (f"Close {period.label}", None),
            ),
        },
    )


# ---------------------------------------------------------------- my actions, workstreams, history


@area_view()
def my_actions(request, access):
    include_complete = request.GET.get("all") == "1"
    rows, misses = selectors.my_actions(
        area=access.area, user=request.user, today=_today(access.area), include_complete=include_complete
    )
    due = [r for r in rows if r.due]
    return render(
        request,
        "improvement/my_actions.html",
        {
            "area": access.area,
            "rows": rows,
            "due": due,
            "misses": misses,
            "include_complete": include_complete,
            "breadcrumbs": _crumbs(access, _plans_crumb(access), ("My actions", None)),
        },
    )


@area_view()
def workstream_list(request, access):
    workstreams = (
        Workstream.objects.filter(local_area=access.area)
        .select_related("lead_user")
        .prefetch_related("members")
        .annotate(action_count=Count("actions", distinct=True))
        .order_by("name")
    )
    return render(
        request,
        "improvement/workstream_list.html",
        {
            "area": access.area,
            "workstreams": workstreams,
            "breadcrumbs": _crumbs(access, _plans_crumb(access), ("Workstreams", None)),
        },
    )


def _workstream_form(request, access, workstream=None):
    form = WorkstreamForm(request.POST or None, instance=workstream, area=access.area)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        members = values.pop("members")
        saved = _save_with(
            form,
            lambda: services.workstream_save(
                area=access.area, user=request.user, workstream=workstream, members=members, **values
            ),
        )
        if saved:
            messages.success(request, f"{saved.name} saved.")
            return redirect("improvement:workstream_list", access.area.code)
    list_url = reverse("improvement:workstream_list", args=[access.area.code])
    title = f"Change {workstream.name}" if workstream else "New workstream"
    return _form_page(
        request,
        form=form,
        title=title,
        breadcrumbs=_crumbs(access, _plans_crumb(access), ("Workstreams", list_url), (title, None)),
        button="Save workstream",
        cancel_url=list_url,
    )


@area_view(Capability.MANAGE)
def workstream_new(request, access):
    return _workstream_form(request, access)


@area_view(Capability.MANAGE)
def workstream_edit(request, access, workstream_id):
    return _workstream_form(request, access, get_object_or_404(Workstream, local_area=access.area, pk=workstream_id))


@area_view()
def history(request, access):
    """Every change to the area's plans, risks, decisions and evidence: who and when."""
    page = Paginator(selectors.area_history(area=access.area), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "improvement/history.html",
        {
            "area": access.area,
            "page": page,
            "breadcrumbs": _crumbs(access, _plans_crumb(access), ("History of changes", None)),
        },
    )


# ---------------------------------------------------------------- risks


@area_view()
def risks(request, access):
    """The risk register: a 5×5 heat map (with its counts as a table) and the risks."""
    include_closed = request.GET.get("closed") == "1"
    register = selectors.risk_register(area=access.area, include_closed=include_closed)
    today = _today(access.area)
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS:
        return tables2_response(RiskTable(register, today=today), filename="risk-register", file_format=export)
    overview = selectors.risk_overview(area=access.area, today=today, include_closed=include_closed)
    table = RiskTable(overview.risks, today=today)
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "improvement/risk_list.html",
        {
            "area": access.area,
            "table": table,
            "figure": charts.risk_heat_map(overview.grid),
            "heat_rows": overview.heat_rows,
            "overdue": overview.overdue,
            "bands": overview.bands,
            "open_count": len(overview.open_risks),
            "include_closed": include_closed,
            "breadcrumbs": _crumbs(access, ("Risk register", None)),
            "last_updated": max((r.updated for r in overview.risks), default=None),
            "figures_source": "the area's risk register in SEND Board",
        },
    )


def _risk(access, risk_id):
    return get_object_or_404(
        Risk.objects.select_related("owner_user", "workstream", "local_area"), local_area=access.area, pk=risk_id
    )


@area_view()
def risk_detail(request, access, risk_id):
    risk = _risk(access, risk_id)
    reviews, changes = selectors.risk_history(risk=risk)
    return render(
        request,
        "improvement/risk_detail.html",
        {
            "area": access.area,
            "risk": risk,
            "reviews": reviews,
            "changes": changes,
            "overdue": calculations.is_review_overdue(risk.next_review_date, _today(access.area)),
            "can_update": permissions.can_update_risk(access, risk),
            "breadcrumbs": _crumbs(
                access, ("Risk register", reverse("improvement:risks", args=[access.area.code])), (risk.reference, None)
            ),
            "last_updated": risk.updated,
        },
    )


def _risk_form(request, access, risk=None):
    form = RiskForm(
        request.POST or None,
        instance=risk,
        area=access.area,
        initial=None if risk else {"owner_user": request.user.pk, "status": "open"},
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if risk is None and not access.can_manage:
            workstream = values.get("workstream")
            own = values.get("owner_user") == request.user
            if not own and (workstream is None or workstream.pk not in permissions.workstream_ids(access)):
                form.add_error(
                    "owner_user",
                    "You may add risks that you own or that belong to your workstream. Choose yourself as the owner "
                    "or one of your workstreams.",
                )
        if not form.errors:
            saved = _save_with(
                form, lambda: services.risk_save(area=access.area, user=request.user, risk=risk, **values)
            )
            if saved:
                messages.success(request, f"{saved.reference} saved: score {saved.score}, {saved.band.lower()}.")
                return redirect(saved.get_absolute_url())
    register_url = reverse("improvement:risks", args=[access.area.code])
    title = f"Change {risk.reference}" if risk else "New risk"
    return _form_page(
        request,
        form=form,
        title=title,
        intro="Score = likelihood × impact: 1–4 low, 5–9 medium, 10–14 high, 15–25 very high (escalated to the board).",
        breadcrumbs=_crumbs(access, ("Risk register", register_url), (title, None)),
        button="Save risk",
        cancel_url=risk.get_absolute_url() if risk else register_url,
    )


@area_view(Capability.ENTER)
def risk_new(request, access):
    return _risk_form(request, access)


@area_view(Capability.ENTER)
def risk_edit(request, access, risk_id):
    risk = _risk(access, risk_id)
    permissions.require(permissions.can_update_risk(access, risk))
    return _risk_form(request, access, risk)


@area_view(Capability.ENTER)
def risk_review(request, access, risk_id):
    risk = _risk(access, risk_id)
    permissions.require(permissions.can_update_risk(access, risk))
    form = RiskReviewForm(
        request.POST or None,
        initial={"reviewed_on": timezone.localdate(), "likelihood": risk.likelihood, "impact": risk.impact},
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_with(form, lambda: services.risk_review_add(risk=risk, user=request.user, **form.cleaned_data))
        if saved:
            messages.success(request, f"Review of {risk.reference} recorded: score {saved.score}.")
            return redirect(risk.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=f"Review {risk.reference}: {risk.title}",
        intro=f"Now: likelihood {risk.likelihood} × impact {risk.impact} = {risk.score} ({risk.band.lower()}).",
        breadcrumbs=_crumbs(
            access,
            ("Risk register", reverse("improvement:risks", args=[access.area.code])),
            (risk.reference, risk.get_absolute_url()),
            ("Review", None),
        ),
        button="Record review",
        cancel_url=risk.get_absolute_url(),
    )


# ---------------------------------------------------------------- meetings and decisions


@area_view()
def decisions(request, access):
    meetings = list(
        Meeting.objects.filter(local_area=access.area)
        .select_related("workstream")
        .prefetch_related("decisions__options")
        .order_by("-held_on")
    )
    open_items = list(
        ActionLogItem.objects.filter(local_area=access.area)
        .exclude(status="complete")
        .select_related("raised_at", "owner_user")
        .order_by("raised_at__held_on", "pk")
    )
    return render(
        request,
        "improvement/decision_list.html",
        {
            "area": access.area,
            "meetings": meetings,
            "open_items": open_items,
            "today": _today(access.area),
            "breadcrumbs": _crumbs(access, ("Meetings and decisions", None)),
        },
    )


def _meeting(access, meeting_id):
    return get_object_or_404(
        Meeting.objects.select_related("workstream", "local_area"), local_area=access.area, pk=meeting_id
    )


def _decisions_crumb(access):
    return ("Meetings and decisions", reverse("improvement:decisions", args=[access.area.code]))


@area_view()
def meeting_detail(request, access, meeting_id):
    meeting = _meeting(access, meeting_id)
    record = selectors.meeting_record(meeting=meeting)
    return render(
        request,
        "improvement/meeting_detail.html",
        {
            "area": access.area,
            "meeting": meeting,
            "decision_list": record.decisions,
            "carried": record.carried,
            "raised": record.raised,
            "breadcrumbs": _crumbs(access, _decisions_crumb(access), (str(meeting), None)),
        },
    )


def _meeting_form(request, access, meeting=None):
    form = MeetingForm(request.POST or None, instance=meeting, area=access.area)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            form,
            lambda: services.meeting_save(
                area=access.area, user=request.user, meeting=meeting, **form.service_values()
            ),
        )
        if saved:
            messages.success(request, f"{saved} saved.")
            return redirect(saved.get_absolute_url())
    title = f"Change {meeting}" if meeting else "New meeting"
    return _form_page(
        request,
        form=form,
        title=title,
        breadcrumbs=_crumbs(access, _decisions_crumb(access), (title, None)),
        button="Save meeting",
        cancel_url=meeting.get_absolute_url() if meeting else reverse("improvement:decisions", args=[access.area.code]),
    )


@area_view(Capability.MANAGE)
def meeting_new(request, access):
    return _meeting_form(request, access)


@area_view(Capability.MANAGE)
def meeting_edit(request, access, meeting_id):
    return _meeting_form(request, access, _meeting(access, meeting_id))


def _decision_form(request, access, meeting, decision=None):
    initial_options = (
        [
            {f: getattr(o, f) for f in ("number", "title", "description", "benefits", "risks", "adopted", "reason")}
            for o in decision.options.all()
        ]
        if decision
        else None
    )
    form = DecisionForm(
        request.POST or None,
        initial={
            "title": decision.title,
            "summary": decision.summary,
            "resolution": decision.resolution,
            "version": decision.version,
        }
        if decision
        else {"version": 0},
    )
    formset = OptionFormSet(request.POST or None, initial=initial_options, prefix="option")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # An option left as it was is still an option (an unchanged form is not a removed one).
        options = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        saved = _save_with(
            form,
            lambda: services.decision_save(
                meeting=meeting, user=request.user, decision=decision, options=options, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, f"Decision '{saved.title}' recorded.")
            return redirect(meeting.get_absolute_url())
    title = f"Change decision: {decision.title}" if decision else "Record a decision"
    return _form_page(
        request,
        form=form,
        formset=formset,
        title=title,
        intro="Each option considered: its benefits and risks, whether it was adopted and why.",
        breadcrumbs=_crumbs(
            access, _decisions_crumb(access), (str(meeting), meeting.get_absolute_url()), (title, None)
        ),
        button="Save decision",
        cancel_url=meeting.get_absolute_url(),
    )


@area_view(Capability.MANAGE)
def decision_new(request, access, meeting_id):
    return _decision_form(request, access, _meeting(access, meeting_id))


@area_view(Capability.MANAGE)
def decision_edit(request, access, decision_id):
    decision = get_object_or_404(
        Decision.objects.select_related("meeting__local_area"), meeting__local_area=access.area, pk=decision_id
    )
    return _decision_form(request, access, decision.meeting, decision)


@area_view(Capability.MANAGE)
def log_item_new(request, access, meeting_id):
    meeting = _meeting(access, meeting_id)
    form = LogItemForm(request.POST or None, area=access.area, initial={"status": "open"})
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            form,
            lambda: services.log_item_save(
                area=access.area, user=request.user, raised_at=meeting, **form.service_values()
            ),
        )
        if saved:
            messages.success(request, "Added to the action log.")
            return redirect(meeting.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title="Add to the action log",
        intro=f"Raised at {meeting}. It is carried to each later meeting until it is complete.",
        breadcrumbs=_crumbs(
            access, _decisions_crumb(access), (str(meeting), meeting.get_absolute_url()), ("Action log item", None)
        ),
        button="Add item",
        cancel_url=meeting.get_absolute_url(),
    )


@area_view(Capability.ENTER)
def log_item_edit(request, access, item_id):
    item = get_object_or_404(
        ActionLogItem.objects.select_related("raised_at__local_area"), local_area=access.area, pk=item_id
    )
    permissions.require(
        permissions.can_update_owned(access, item), "Only the item's owner or a performance lead may update it."
    )
    form = LogItemForm(request.POST or None, instance=item, area=access.area)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            form,
            lambda: services.log_item_save(area=access.area, user=request.user, log_item=item, **form.service_values()),
        )
        if saved:
            messages.success(request, "Action log item saved.")
            return redirect(item.raised_at.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title="Update an action log item",
        breadcrumbs=_crumbs(
            access,
            _decisions_crumb(access),
            (str(item.raised_at), item.raised_at.get_absolute_url()),
            ("Action log item", None),
        ),
        button="Save item",
        cancel_url=item.raised_at.get_absolute_url(),
    )


# ---------------------------------------------------------------- inspection readiness


@area_view()
def readiness(request, access):
    """The inspection evidence library (Annex A) with counts by status."""
    items, counts = selectors.readiness_summary(area=access.area)
    figure = charts.readiness_bars([(label, n, EVIDENCE_RAG[s]) for s, label, n in counts]) if items else None
    return render(
        request,
        "improvement/readiness.html",
        {
            "area": access.area,
            "items": items,
            "counts": [(s, label, n, EVIDENCE_RAG[s]) for s, label, n in counts],
            "total": len(items),
            "figure": figure,
            "breadcrumbs": _crumbs(access, ("Inspection readiness", None)),
            "last_updated": max((i.updated for i in items), default=None),
            "figures_source": "the area's evidence library in SEND Board",
        },
    )


def _evidence_form(request, access, item=None):
    form = EvidenceForm(request.POST or None, instance=item, area=access.area)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            form,
            lambda: services.evidence_save(area=access.area, user=request.user, item=item, **form.service_values()),
        )
        if saved:
            messages.success(request, f"'{saved.title}' saved.")
            return redirect("improvement:readiness", access.area.code)
    title = f"Change '{item.title}'" if item else "New evidence item"
    url = reverse("improvement:readiness", args=[access.area.code])
    return _form_page(
        request,
        form=form,
        title=title,
        breadcrumbs=_crumbs(access, ("Inspection readiness", url), (title, None)),
        button="Save item",
        cancel_url=url,
    )


@area_view(Capability.MANAGE)
def evidence_new(request, access):
    return _evidence_form(request, access)


@area_view(Capability.ENTER)
def evidence_edit(request, access, item_id):
    item = get_object_or_404(EvidenceItem, local_area=access.area, pk=item_id)
    permissions.require(
        permissions.can_update_owned(access, item), "Only the item's owner or a performance lead may change it."
    )
    return _evidence_form(request, access, item)
