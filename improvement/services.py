"""Writes of the improvement app. Each service validates, writes in one
transaction and records who changed what (ChangeRecord). They raise
django.core.exceptions.ValidationError (field → messages) on bad input and
save nothing.

Permission checks are the views' job (improvement.permissions); services
trust their caller on who may act, and enforce what may be done: a closed
period is never changed, a Delayed or Beyond Milestone status needs a reason
and a mitigation, a milestone before the plan's approval needs confirming.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict, TypeVar, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Field
from django.utils import timezone
from django.utils.text import slugify

from send_board.audit import acting_as, attributed
from send_board.models import LocalArea, Membership
from send_board.queue import enqueue_on_commit
from send_board.uploads import FormRow, RowError, RowErrors, form_rows, read_table
from send_board.versioning import Difference, check, claim

from . import calculations
from .forms import RISK_FIELDS, ActionRowForm
from .models import (
    RESERVED_PLAN_SLUGS,
    Action,
    ActionLogItem,
    ActionStatus,
    ActionUpdate,
    AreaOfConcern,
    AreaReview,
    AreaStatus,
    ChangeRecord,
    Decision,
    DecisionOption,
    EvidenceItem,
    Meeting,
    MilestoneMiss,
    PeriodStatus,
    PeriodStatusCount,
    Plan,
    ReportingPeriod,
    Risk,
    RiskReview,
    SupportReceived,
    Workstream,
)
from .tasks import close_period

logger = logging.getLogger(__name__)

MILESTONE_WARNING = "milestone_before_approval"

M = TypeVar("M", bound=models.Model)
# {field label: [before, after]}, as a ChangeRecord keeps it.
Changes = dict[str, list[str]]


# ---------------------------------------------------------------- history


def _display(obj: models.Model, name: str) -> str:
    """A field's value as text for the history."""
    model_field = cast(Field, obj._meta.get_field(name))  # the history's fields are all concrete
    value = getattr(obj, name)
    if model_field.many_to_many:
        return ", ".join(sorted(str(v) for v in value.all())) if obj.pk else ""
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _state(obj: models.Model, fields: Iterable[str]) -> dict[str, str]:
    return {name: _display(obj, name) for name in fields}


def _diff(obj: models.Model, before: Mapping[str, str], after: Mapping[str, str]) -> Changes:
    """{field label: [before, after]} for the fields whose text changed."""
    changes: Changes = {}
    for name, old in before.items():
        new = after[name]
        if old != new:
            label = str(cast(Field, obj._meta.get_field(name)).verbose_name)
            changes[label[:1].upper() + label[1:]] = [old, new]
    return changes


def _record(
    *,
    area: LocalArea,
    subject: str,
    obj: models.Model,
    verb: str,
    user: User | None,
    changes: Changes | None = None,
    note: str = "",
    action: Action | None = None,
    risk: Risk | None = None,
    plan: Plan | None = None,
) -> ChangeRecord:
    return ChangeRecord.objects.create(
        local_area=area,
        subject=subject,
        object_id=getattr(obj, "pk", None),
        object_repr=str(obj)[:300],
        verb=verb,
        changes=changes or {},
        note=note,
        action=action,
        risk=risk,
        plan=plan,
        user=user,
    )


def _save(obj: models.Model, values: Mapping[str, Any]) -> None:
    """Set `values` on `obj`, validate it fully (fields and constraints) and save."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()


def _save_recorded(
    obj: M,
    values: Mapping[str, Any],
    fields: Iterable[str],
    *,
    area: LocalArea,
    user: User | None,
    subject: str,
    created: str = "created",
    **links: Any,
) -> M:
    """_save `values` on `obj` and keep the change record: `created` for a new
    object, else "changed" with the `fields` whose text changed (nothing is
    recorded when none did). `links` (plan, action) go on the record."""
    creating = obj.pk is None
    before = {} if creating else _state(obj, fields)
    _save(obj, values)
    changes = {} if creating else _diff(obj, before, _state(obj, fields))
    if creating or changes:
        verb = created if creating else "changed"
        _record(area=area, subject=subject, obj=obj, verb=verb, user=user, changes=changes, **links)
    return obj


# ---------------------------------------------------------------- plans and structure

PLAN_FIELDS = ("name", "slug", "kind", "description", "approved_on", "target_completion", "is_active")


def _unique_slug(area: LocalArea, name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:50] or "plan"
    slug, n = base, 2
    taken = set(Plan.objects.filter(local_area=area).exclude(pk=exclude_pk).values_list("slug", flat=True))
    while slug in taken or slug in RESERVED_PLAN_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


@attributed
@transaction.atomic
def plan_save(*, area: LocalArea, user: User, plan: Plan | None = None, **values: Any) -> Plan:
    """Create (plan=None) or change a plan. A blank slug is made from the name."""
    plan = plan or Plan(local_area=area)
    if not values.get("slug"):
        values["slug"] = plan.slug or _unique_slug(area, values.get("name", ""), exclude_pk=plan.pk)
    errors: dict[str, list[str]] = {}
    if values["slug"] in RESERVED_PLAN_SLUGS:
        errors["slug"] = [f"'{values['slug']}' is used by another page; choose another short name."]
    others = Plan.objects.filter(local_area=area).exclude(pk=plan.pk)
    if others.filter(slug=values["slug"]).exists():
        errors["slug"] = [f"Another plan of {area.name} has the short name '{values['slug']}'."]
    if others.filter(name=values.get("name")).exists():
        errors["name"] = [f"{area.name} already has a plan called '{values.get('name')}'."]
    if errors:
        raise ValidationError(errors)
    return _save_recorded(plan, values, PLAN_FIELDS, area=area, user=user, subject="plan", plan=plan)


WORKSTREAM_FIELDS = ("name", "description", "lead_user", "lead_name")


@attributed
@transaction.atomic
def workstream_save(
    *,
    area: LocalArea,
    user: User,
    workstream: Workstream | None = None,
    members: Iterable[User] = (),
    **values: Any,
) -> Workstream:
    creating = workstream is None
    workstream = workstream or Workstream(local_area=area)
    before = {} if creating else {**_state(workstream, WORKSTREAM_FIELDS), "members": _display(workstream, "members")}
    _save(workstream, values)
    workstream.members.set(members)
    after = {**_state(workstream, WORKSTREAM_FIELDS), "members": _display(workstream, "members")}
    if creating:
        _record(
            area=area,
            subject="workstream",
            obj=workstream,
            verb="created",
            user=user,
            changes={"Members": ["", after["members"]]} if after["members"] else {},
        )
    else:
        changes = _diff(workstream, before, after)
        if changes:
            _record(area=area, subject="workstream", obj=workstream, verb="changed", user=user, changes=changes)
    return workstream


AREA_FIELDS = (
    "number",
    "title",
    "inspection_wording",
    "lead_user",
    "lead_name",
    "workstream",
    "status",
    "bau_date",
    "bau_agreed_by",
    "publishable",
    "public_summary",
)


@attributed
@transaction.atomic
def area_save(*, plan: Plan, user: User, area: AreaOfConcern | None = None, **values: Any) -> AreaOfConcern:
    """Create or change an area of concern. Moving it to business as usual
    needs the date and who agreed it; a published summary needs its text."""
    area = area or AreaOfConcern(plan=plan)
    errors: dict[str, list[str]] = {}
    if values.get("status") == AreaStatus.BAU:
        if not values.get("bau_date"):
            errors["bau_date"] = ["Enter the date it was agreed to move to business as usual."]
        if not (values.get("bau_agreed_by") or "").strip():
            errors["bau_agreed_by"] = ["Say who agreed it, e.g. 'DfE and NHS England stocktake, 26 Nov 2024'."]
    elif values.get("status") == AreaStatus.ACTIVE:
        values["bau_date"], values["bau_agreed_by"] = None, ""
    number = values.get("number")
    if number is not None and plan.areas.filter(number=number).exclude(pk=area.pk).exists():
        errors["number"] = [f"{plan.name} already has an area {number}."]
    if values.get("publishable") and not (values.get("public_summary") or "").strip():
        errors["public_summary"] = ["Write the plain-English summary to publish, or untick 'Publish a summary'."]
    if errors:
        raise ValidationError(errors)
    return _save_recorded(
        area, values, AREA_FIELDS, area=plan.local_area, user=user, subject="area of concern", plan=plan
    )


# ---------------------------------------------------------------- actions

ACTION_FIELDS = (
    "code",
    "title",
    "description",
    "area_of_concern",
    "owner_user",
    "owner_name",
    "workstream",
    "milestone",
    "status",
    "reason",
    "mitigation",
)


def _reason_problems(values: Mapping[str, Any]) -> dict[str, list[str | ValidationError]]:
    """A Delayed or Beyond Milestone action needs its reason and mitigation."""
    status = values.get("status") or ""
    if not calculations.requires_reason(status):
        return {}
    return {
        name: [f"Enter the {name}: it is required when the status is {ActionStatus(status).label}."]
        for name in ("reason", "mitigation")
        if not (values.get(name) or "").strip()
    }


def _check_action(plan: Plan, action: Action, values: Mapping[str, Any], confirm_milestone: bool) -> None:
    errors: dict[str, list[str | ValidationError]] = {}
    code = (values.get("code") or "").strip()
    if code and plan.actions.filter(code__iexact=code).exclude(pk=action.pk).exists():
        errors["code"] = [f"The plan already has an action {code}. Each action's code is unique within its plan."]
    area = values.get("area_of_concern")
    if area is not None and area.plan_id != plan.pk:
        errors["area_of_concern"] = ["Choose an area of concern of this plan."]
    workstream = values.get("workstream")
    if workstream is not None and workstream.local_area_id != plan.local_area_id:
        errors["workstream"] = ["Choose a workstream of this local area."]
    errors.update(_reason_problems(values))
    milestone = values.get("milestone")
    if (
        not confirm_milestone
        and milestone is not None
        and plan.approved_on is not None
        and calculations.milestone_before_approval(milestone, plan.approved_on)
        and milestone != action.milestone
    ):
        errors["milestone"] = [
            ValidationError(
                f"The milestone {calculations.long_date(milestone)} is before the plan was approved on "
                f"{calculations.long_date(plan.approved_on)}. Check the date; if it is right, tick "
                "'The milestone date is right' and save again.",
                code=MILESTONE_WARNING,
            )
        ]
    if errors:
        raise ValidationError(errors)


@attributed
@transaction.atomic
def action_save(
    *,
    plan: Plan,
    user: User,
    action: Action | None = None,
    confirm_milestone: bool = False,
    version: int | None = None,
    **values: Any,
) -> Action:
    """Create or change an action. A milestone before the plan's approval date
    raises a ValidationError with code 'milestone_before_approval' unless
    `confirm_milestone` (the form asks the user to confirm). `version`: the
    action's version when the form was opened (StaleEdit if it changed since)."""
    action = action or Action(plan=plan)
    yours = {name: values[name] for name in ACTION_FIELDS if name in values}
    claim(action, expected=version, yours=yours, what=f"Action {action.code}")
    values.setdefault("status", action.status or ActionStatus.NOT_STARTED)
    values["code"] = (values.get("code") or "").strip()
    _check_action(plan, action, values, confirm_milestone)
    values["sort_key"] = calculations.action_sort_key(values["code"])
    return _save_recorded(
        action, values, ACTION_FIELDS, area=plan.local_area, user=user, subject="action", action=action, plan=plan
    )


UPDATE_FIELDS = ("status", "progress", "evidence_of_impact", "next_steps", "reason", "mitigation", "risks_issues")


class PeriodClosed(ValidationError):
    """An attempt to change something of a closed period."""


def _locked_open_period(period: ReportingPeriod) -> ReportingPeriod:
    """Lock the period row (so a close cannot run between the check and the
    write) and refuse a closed one."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_open:
        raise PeriodClosed(f"{period.label} is closed: its updates can no longer be changed.")
    return period


@attributed
@transaction.atomic
def action_update_save(
    *, action: Action, period: ReportingPeriod, user: User, version: int | None = None, **values: Any
) -> ActionUpdate:
    """Record (or change) the action's update for an open period of its plan.
    The action's status follows the update of its latest period. `version`:
    the update's version when the form was opened, 0 when there was none yet
    (StaleEdit if someone saved the update since)."""
    if period.plan_id != action.plan_id:
        raise ValidationError({"period": ["Choose a reporting period of this action's plan."]})
    period = _locked_open_period(period)
    values = {name: (values.get(name) or "").strip() for name in UPDATE_FIELDS}
    update = ActionUpdate.objects.select_for_update().filter(action=action, period=period).first()
    what = f"The update of action {action.code} for {period.label}"
    check(update or ActionUpdate(action=action, period=period), expected=version, yours=values, what=what)
    errors: dict[str, list[str]] = {}
    if values["status"] not in ActionStatus.values:
        errors["status"] = ["Choose the action's status."]
    elif calculations.requires_reason(values["status"]):
        label = ActionStatus(values["status"]).label
        if not values["reason"]:
            errors["reason"] = [f"Enter the reason: it is required when the status is {label}."]
        if not values["mitigation"]:
            errors["mitigation"] = [
                f"Enter the mitigation or remedial action: it is required when the status is {label}."
            ]
    if errors:
        raise ValidationError(errors)
    creating = update is None
    update = update or ActionUpdate(action=action, period=period, created_by=user)
    before = {} if creating else _state(update, UPDATE_FIELDS)
    update.updated_by = user
    claim(update, yours=values, what=what)
    _save(update, values)
    latest_month = action.updates.order_by("-period__month").values_list("period__month", flat=True).first()
    if latest_month == period.month:
        action = Action.objects.select_for_update().get(pk=action.pk)
        action_before = _state(action, ("status", "reason", "mitigation"))
        action.status, action.reason, action.mitigation = values["status"], values["reason"], values["mitigation"]
        # A form opened on the action before this update must not put its old status back.
        claim(action)
        action.save(update_fields=["status", "reason", "mitigation", "updated", "version"])
        action_changes = _diff(action, action_before, _state(action, ("status", "reason", "mitigation")))
    else:
        action_changes = {}
    changes = (
        {
            str(cast(Field, ActionUpdate._meta.get_field(n)).verbose_name).capitalize(): ["", _display(update, n)]
            for n in UPDATE_FIELDS
            if _display(update, n)
        }
        if creating
        else _diff(update, before, _state(update, UPDATE_FIELDS))
    )
    if changes or creating:
        _record(
            area=action.plan.local_area,
            subject="action update",
            obj=update,
            verb="created" if creating else "changed",
            user=user,
            changes=changes,
            note=f"Update for {period.label}" + ("; the action's status follows it." if action_changes else "."),
            action=action,
            plan=action.plan,
        )
    return update


@attributed
@transaction.atomic
def area_review_save(
    *, area: AreaOfConcern, period: ReportingPeriod, user: User, evidence_of_impact: str, key_next_steps: str
) -> AreaReview:
    _locked_open_period(period)
    review = AreaReview.objects.filter(area_of_concern=area, period=period).first()
    creating = review is None
    review = review or AreaReview(area_of_concern=area, period=period)
    fields = ("evidence_of_impact", "key_next_steps")
    before = None if creating else _state(review, fields)
    review.updated_by = user
    _save(review, {"evidence_of_impact": evidence_of_impact.strip(), "key_next_steps": key_next_steps.strip()})
    changes = _diff(review, before, _state(review, fields)) if before else {}
    _record(
        area=area.plan.local_area,
        subject="area review",
        obj=area,
        verb="created" if creating else "changed",
        user=user,
        changes=changes,
        note=f"Evidence of impact and next steps for {period.label}.",
        plan=area.plan,
    )
    return review


@attributed
@transaction.atomic
def support_add(
    *, area: AreaOfConcern, period: ReportingPeriod, user: User, activity: str, provider: str, impact: str = ""
) -> SupportReceived:
    _locked_open_period(period)
    support = SupportReceived(area_of_concern=area, period=period, created_by=user)
    _save(support, {"activity": activity.strip(), "provider": provider.strip(), "impact": impact.strip()})
    _record(
        area=area.plan.local_area,
        subject="support received",
        obj=area,
        verb="added",
        user=user,
        changes={"Support": ["", support.activity], "Provider": ["", support.provider]},
        note=period.label,
        plan=area.plan,
    )
    return support


# ---------------------------------------------------------------- periods

PERIOD_FIELDS = ("month", "label", "kind", "starts_on", "ends_on")


@attributed
@transaction.atomic
def period_create(
    *,
    plan: Plan,
    user: User,
    month: date,
    label: str,
    kind: str,
    starts_on: date | None,
    ends_on: date | None,
) -> ReportingPeriod:
    month = month.replace(day=1)
    errors: dict[str, list[str]] = {}
    if plan.periods.filter(month=month).exists():
        errors["month"] = [f"{plan.name} already has a period in {calculations.month_label(month)}."]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = ["The end date must be on or after the start date."]
    if errors:
        raise ValidationError(errors)
    period = ReportingPeriod(plan=plan)
    _save(period, {"month": month, "label": label.strip(), "kind": kind, "starts_on": starts_on, "ends_on": ends_on})
    _record(area=plan.local_area, subject="reporting period", obj=period, verb="opened", user=user, plan=plan)
    return period


@dataclass
class CloseResult:
    period: ReportingPeriod
    already_closed: bool
    marked: list[MilestoneMiss] = field(default_factory=list)  # created by this close


@attributed
def period_request_close(*, period: ReportingPeriod, user: User) -> None:
    """Ask for the period to be closed: the work runs in a Celery task (or, if
    the broker cannot be reached, right away in this request)."""
    with transaction.atomic():
        updated = ReportingPeriod.objects.filter(pk=period.pk, status=PeriodStatus.OPEN).update(
            close_requested_at=timezone.now()
        )
        if not updated:
            raise PeriodClosed(f"{period.label} is already closed.")
        enqueue_on_commit(
            close_period,
            on_broker_error=lambda: period_close(period_id=period.pk, user_id=user.pk),
            period_id=period.pk,
            user_id=user.pk,
        )


def period_close(*, period_id: int, user_id: int | None = None) -> CloseResult:
    """Close a period: every action of its plan whose milestone is on or before
    the period's end and that is not complete becomes Beyond Milestone and is
    listed for its owner (MilestoneMiss); the status counts per area are
    kept; the period is marked closed. Idempotent: closing a closed period
    changes nothing."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    with transaction.atomic(), acting_as(user):
        period = (
            ReportingPeriod.objects.select_for_update(of=("self",)).select_related("plan__local_area").get(pk=period_id)
        )
        if not period.is_open:
            return CloseResult(period, already_closed=True)
        plan = period.plan
        due = list(
            plan.actions.select_for_update(of=("self",))
            .filter(milestone__lte=period.ends_on)
            .exclude(status__in=[*calculations.COMPLETED_STATUSES, ActionStatus.BEYOND_MILESTONE])
            .select_related("owner_user")
        )
        misses = [
            MilestoneMiss(period=period, action=a, owner_user=a.owner_user, previous_status=a.status) for a in due
        ]
        MilestoneMiss.objects.bulk_create(misses)
        # A new version: an action form opened before the close cannot put the old status back.
        Action.objects.filter(pk__in=[a.pk for a in due]).update(
            status=ActionStatus.BEYOND_MILESTONE, updated=timezone.now(), version=F("version") + 1
        )
        ChangeRecord.objects.bulk_create(
            [
                ChangeRecord(
                    local_area=plan.local_area,
                    subject="action",
                    object_id=a.pk,
                    object_repr=str(a)[:300],
                    verb="marked Beyond Milestone",
                    changes={"Status": [ActionStatus(a.status).label, ActionStatus.BEYOND_MILESTONE.label]},
                    note=f"Milestone {calculations.long_date(a.milestone)} passed by the close of {period.label}; "
                    "a reason and a mitigation are needed in the next update.",
                    action=a,
                    plan=plan,
                    user=None,
                )
                for a in due
            ]
        )
        counts = plan.actions.values("area_of_concern_id", "status").annotate(n=Count("id"))
        PeriodStatusCount.objects.bulk_create(
            [
                PeriodStatusCount(
                    period=period, area_of_concern_id=row["area_of_concern_id"], status=row["status"], count=row["n"]
                )
                for row in counts
            ]
        )
        period.status = PeriodStatus.CLOSED
        period.closed_at = timezone.now()
        period.closed_by = user
        period.save(update_fields=["status", "closed_at", "closed_by"])
        _record(
            area=plan.local_area,
            subject="reporting period",
            obj=period,
            verb="closed",
            user=user,
            note=f"{len(due)} action(s) marked Beyond Milestone.",
            plan=plan,
        )
    logger.info("Closed %s of %s: %d action(s) marked Beyond Milestone", period.label, plan, len(due))
    return CloseResult(period, already_closed=False, marked=misses)


# ---------------------------------------------------------------- risks


def _check_scores(values: Mapping[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for name in ("likelihood", "impact"):
        value: Any = values.get(name)  # as entered: risk_score refuses what is not 1 to 5
        try:
            calculations.risk_score(value, 1)
        except ValueError:
            errors[name] = [f"Enter the {name} as a whole number from 1 to 5."]
    target = values.get("target_score")
    if target is not None and not (isinstance(target, int) and 1 <= target <= 25):
        errors["target_score"] = ["Enter the target score as a whole number from 1 to 25."]
    if errors:
        raise ValidationError(errors)


@attributed
@transaction.atomic
def risk_save(
    *, area: LocalArea, user: User, risk: Risk | None = None, version: int | None = None, **values: Any
) -> Risk:
    """Create or change a risk; its score is likelihood × impact. `version`:
    the risk's version when the form was opened (StaleEdit if it changed since)."""
    creating = risk is None
    risk = risk or Risk(local_area=area)
    yours = {name: values[name] for name in RISK_FIELDS if name in values}
    claim(risk, expected=version, yours=yours, what=f"Risk {risk.reference}")
    _check_scores(values)
    reference = (values.get("reference") or "").strip()
    if not reference:
        taken = set(Risk.objects.filter(local_area=area).values_list("reference", flat=True))
        n = len(taken) + 1
        while f"R{n}" in taken:
            n += 1
        reference = f"R{n}"
    values["reference"] = reference
    if Risk.objects.filter(local_area=area, reference__iexact=reference).exclude(pk=risk.pk).exists():
        raise ValidationError({"reference": [f"The register already has a risk {reference}."]})
    before = {} if creating else {**_state(risk, RISK_FIELDS), "score": str(risk.score)}
    values["score"] = calculations.risk_score(values["likelihood"], values["impact"])
    _save(risk, values)
    if creating:
        _record(
            area=area,
            subject="risk",
            obj=risk,
            verb="created",
            user=user,
            risk=risk,
            changes={"Score": ["", f"{risk.score} ({risk.band})"]},
        )
    else:
        after = {**_state(risk, RISK_FIELDS), "score": str(risk.score)}
        changes = _diff(risk, before, after)
        if changes:
            _record(area=area, subject="risk", obj=risk, verb="changed", user=user, changes=changes, risk=risk)
    return risk


@attributed
@transaction.atomic
def risk_review_add(
    *,
    risk: Risk,
    user: User,
    reviewed_on: date,
    likelihood: int,
    impact: int,
    notes: str = "",
    mitigation: str = "",
    next_review_date: date | None = None,
) -> RiskReview:
    """Review a risk: the review is kept (one per month; a second review in
    the same month replaces the first, both recorded in the history) and
    the risk takes its likelihood, impact, mitigation and next review date."""
    _check_scores({"likelihood": likelihood, "impact": impact})
    if next_review_date is not None and next_review_date < reviewed_on:
        raise ValidationError({"next_review_date": ["The next review must be on or after this review."]})
    month = reviewed_on.replace(day=1)
    score = calculations.risk_score(likelihood, impact)
    review, created = RiskReview.objects.update_or_create(
        risk=risk,
        month=month,
        defaults={
            "reviewed_on": reviewed_on,
            "likelihood": likelihood,
            "impact": impact,
            "score": score,
            "notes": notes.strip(),
            "mitigation": mitigation.strip(),
            "next_review_date": next_review_date,
            "reviewed_by": user,
        },
    )
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    claim(risk)
    before = {
        "likelihood": str(risk.likelihood),
        "impact": str(risk.impact),
        "score": str(risk.score),
        "next_review_date": _display(risk, "next_review_date"),
    }
    risk.likelihood, risk.impact, risk.score = likelihood, impact, score
    if mitigation.strip():
        risk.mitigation = mitigation.strip()
    risk.next_review_date = next_review_date
    risk.full_clean()
    risk.save()
    after = {
        "likelihood": str(risk.likelihood),
        "impact": str(risk.impact),
        "score": str(risk.score),
        "next_review_date": _display(risk, "next_review_date"),
    }
    _record(
        area=risk.local_area,
        subject="risk review",
        obj=risk,
        verb="reviewed" if created else "review replaced",
        user=user,
        changes=_diff(risk, before, after) if before != after else {},
        note=notes.strip()[:1000],
        risk=risk,
    )
    return review


# ---------------------------------------------------------------- meetings and decisions

MEETING_FIELDS = ("body", "workstream", "title", "held_on", "attendees", "apologies", "observers", "notes")


@attributed
@transaction.atomic
def meeting_save(*, area: LocalArea, user: User, meeting: Meeting | None = None, **values: Any) -> Meeting:
    if values.get("body") == "subgroup" and values.get("workstream") is None:
        raise ValidationError({"workstream": ["Choose the subgroup (workstream) that met."]})
    if values.get("body") == "board":
        values["workstream"] = None
    meeting = meeting or Meeting(local_area=area)
    return _save_recorded(meeting, values, MEETING_FIELDS, area=area, user=user, subject="meeting")


DECISION_FIELDS = ("title", "summary", "resolution")
OPTION_FIELDS = ("number", "title", "description", "benefits", "risks", "adopted", "reason")


def _label(model: type[models.Model], name: str) -> str:
    if name == "options":
        return "Options"
    label = str(cast(Field, model._meta.get_field(name)).verbose_name)
    return label[:1].upper() + label[1:]


class OptionInput(TypedDict):
    """An option a decision considered, as decision_save takes it (DecisionOption's fields)."""

    number: int
    title: str
    description: str
    benefits: str
    risks: str
    adopted: bool
    reason: str


def _options_text(options: Iterable[Mapping[str, Any]]) -> str:
    """The options of a decision as one text, for the history and for comparing versions."""
    lines = []
    for option in sorted(options, key=lambda o: o["number"]):
        adopted = "adopted" if option.get("adopted") else "not adopted"
        reason = (option.get("reason") or "").strip()
        lines.append(f"{option['number']}. {option['title'].strip()} ({adopted}{': ' + reason if reason else ''})")
    return "\n".join(lines)


@attributed
@transaction.atomic
def decision_save(
    *,
    meeting: Meeting,
    user: User,
    options: Sequence[OptionInput],
    decision: Decision | None = None,
    title: str,
    summary: str = "",
    resolution: str = "",
    version: int | None = None,
) -> Decision:
    """Record a decision and the options considered (each: number, title,
    description, benefits, risks, adopted, reason), replacing earlier options.
    `version`: the decision's version when the form was opened (StaleEdit,
    naming each differing field and the options, if it changed since)."""
    numbers = [o["number"] for o in options]
    if len(numbers) != len(set(numbers)):
        raise ValidationError({"__all__": ["Each option needs its own number."]})
    for option in options:
        if not option.get("adopted") and not (option.get("reason") or "").strip():
            raise ValidationError(
                {"__all__": [f"Say why option {option['number']} was not adopted: boards record the reason."]}
            )
    creating = decision is None
    if decision is None:
        decision = Decision(meeting=meeting)
        old_options = ""
    else:
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        old_options = _options_text(decision.options.values(*OPTION_FIELDS))
    values = {"title": title.strip(), "summary": summary.strip(), "resolution": resolution.strip()}
    new_options = _options_text(options)
    what = f"The decision '{decision.title}'" if not creating else "The decision"
    # The options are compared as one text: a form opened before another save sees both.
    also = [Difference("Options", old_options, new_options)] if old_options != new_options else []
    check(decision, expected=version, yours=values, what=what, also=also)
    if creating:
        changes = {"Options": ["", new_options]} if new_options else {}
    else:
        before = {**_state(decision, DECISION_FIELDS), "options": old_options}
        after = {**{name: values[name] for name in DECISION_FIELDS}, "options": new_options}
        changes = {
            _label(Decision, name): [before[name], after[name]] for name in before if before[name] != after[name]
        }
        if not changes:
            return decision
    claim(decision, yours=values, what=what, also=also)
    _save(decision, values)
    # django-stubs cannot resolve a related manager's all() on a narrowed Optional.
    decision.options.all().delete()  # type: ignore[misc]
    DecisionOption.objects.bulk_create([DecisionOption(decision=decision, **option) for option in options])
    adopted = ", ".join(str(o["number"]) for o in options if o.get("adopted")) or "none"
    _record(
        area=meeting.local_area,
        subject="decision",
        obj=decision,
        verb="recorded" if creating else "changed",
        user=user,
        changes=changes,
        note=f"{len(options)} option(s); adopted: {adopted}.",
    )
    return decision


LOG_FIELDS = ("item", "owner_user", "owner_name", "due", "status", "completed_at", "update")


@attributed
@transaction.atomic
def log_item_save(
    *,
    area: LocalArea,
    user: User,
    log_item: ActionLogItem | None = None,
    raised_at: Meeting | None = None,
    **values: Any,
) -> ActionLogItem:
    """Add an item to the action log at meeting `raised_at`, or update one.
    A completed item records the meeting it was completed at."""
    item = log_item or ActionLogItem(local_area=area, raised_at=raised_at)
    if values.get("status") != "complete":
        values["completed_at"] = None
    elif values.get("completed_at") is not None and values["completed_at"].held_on < item.raised_at.held_on:
        raise ValidationError({"completed_at": ["An item cannot be completed before the meeting that raised it."]})
    return _save_recorded(item, values, LOG_FIELDS, area=area, user=user, subject="action log item", created="added")


EVIDENCE_FIELDS = ("title", "category", "status", "owner_user", "owner_name", "notes")


@attributed
@transaction.atomic
def evidence_save(*, area: LocalArea, user: User, item: EvidenceItem | None = None, **values: Any) -> EvidenceItem:
    item = item or EvidenceItem(local_area=area)
    if (
        EvidenceItem.objects.filter(local_area=area, title__iexact=(values.get("title") or "").strip())
        .exclude(pk=item.pk)
        .exists()
    ):
        raise ValidationError({"title": ["The evidence library already has an item with this title."]})
    return _save_recorded(item, values, EVIDENCE_FIELDS, area=area, user=user, subject="evidence item", created="added")


# ---------------------------------------------------------------- import

IMPORT_REQUIRED = ["area_number", "area_title", "code", "title", "owner", "workstream", "milestone", "status"]
IMPORT_OPTIONAL = ["reason", "mitigation"]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[RowError] = field(default_factory=list)


class ImportNeedsConfirmation(Exception):
    """Rows whose milestone is before the plan's approval: the user confirms, or corrects them."""

    def __init__(self, warnings: list[RowError]) -> None:
        super().__init__(f"{len(warnings)} milestone(s) before the plan's approval date")
        self.warnings = warnings


def _people_of_area(area: LocalArea) -> dict[str, User]:
    """{lower-case username, email and full name: user} for the area's members."""
    people: dict[str, User] = {}
    for membership in Membership.objects.filter(local_area=area).select_related("user"):
        user = membership.user
        for key in (user.username, user.email, user.get_full_name()):
            if key:
                people.setdefault(key.strip().lower(), user)
    return people


def _check_import_row(line: FormRow, area_titles: dict[int, tuple[str, int]], seen_codes: dict[str, int]) -> None:
    """Add to `line` what ActionRowForm cannot see alone: an area of concern
    titled one way per file, each code once, and the reason and mitigation a
    late action needs (the rule action_save applies to the web form)."""
    data = line.cleaned
    number, title, code = data.get("area_number"), data.get("area_title"), data.get("code")
    if number is not None and title:
        first_title, first_row = area_titles.setdefault(number, (title, line.row))
        if first_title != title:
            line.refuse(
                "area_title", f"Area {number} is titled '{first_title}' in row {first_row}; use one title per area."
            )
    if code and code.lower() in seen_codes:
        line.refuse("code", f"Code {code} is also in row {seen_codes[code.lower()]}: each code once per plan.")
    elif code:
        seen_codes[code.lower()] = line.row
    line.refuse_all({column: messages[0] for column, messages in _reason_problems(data).items()})


@attributed
def actions_import(*, plan: Plan, user: User | None, source: object, confirm_milestones: bool = False) -> ImportResult:
    """Import actions from a CSV or XLSX file, all or nothing.

    Columns: area_number, area_title, code, title, owner, workstream,
    milestone, status, and optionally reason, mitigation (required for
    Delayed and Beyond Milestone). Rows whose code exists in the plan update
    that action; areas and workstreams are created as needed; an owner that
    matches a member of the area (username, email or full name) is linked to
    their account. Raises UploadError (the file), RowErrors (the rows), or
    ImportNeedsConfirmation (new milestones before the plan's approval,
    unless `confirm_milestones`)."""
    frame = read_table(source, required=IMPORT_REQUIRED, optional=IMPORT_OPTIONAL)
    errors: list[RowError] = []
    parsed: list[dict] = []
    area_titles: dict[int, tuple[str, int]] = {}
    seen_codes: dict[str, int] = {}
    for line in form_rows(frame, ActionRowForm({})):
        _check_import_row(line, area_titles, seen_codes)
        errors.extend(line.errors)
        if line.good:
            parsed.append({**line.cleaned, "row": line.row})
    if errors:
        raise RowErrors(errors)
    existing = {code.lower(): milestone for code, milestone in plan.actions.values_list("code", "milestone")}
    warnings = [
        RowError(
            r["row"],
            "milestone",
            r["milestone"].isoformat(),
            f"before the plan's approval on {calculations.long_date(plan.approved_on)}",
        )
        for r in parsed
        if plan.approved_on is not None
        and calculations.milestone_before_approval(r["milestone"], plan.approved_on)
        and existing.get(r["code"].lower()) != r["milestone"]
    ]
    if warnings and not confirm_milestones:
        raise ImportNeedsConfirmation(warnings)
    return _write_import(plan, user, parsed, warnings)


@transaction.atomic
def _write_import(
    plan: Plan, user: User | None, parsed: list[dict[str, Any]], warnings: list[RowError]
) -> ImportResult:
    area = plan.local_area
    people = _people_of_area(area)
    areas = {a.number: a for a in plan.areas.all()}
    workstreams = {w.name.lower(): w for w in Workstream.objects.filter(local_area=area)}
    actions = {a.code.lower(): a for a in plan.actions.all()}
    result = ImportResult(warnings=warnings)
    for record in parsed:
        number = record["area_number"]
        if number not in areas:
            areas[number] = area_save(
                plan=plan, user=user, number=number, title=record["area_title"], status=AreaStatus.ACTIVE
            )
        elif areas[number].title != record["area_title"]:
            existing = areas[number]
            values = {f: getattr(existing, f) for f in AREA_FIELDS}
            values["title"] = record["area_title"]
            areas[number] = area_save(plan=plan, user=user, area=existing, **values)
        workstream = None
        if record["workstream"]:
            workstream = workstreams.get(record["workstream"].lower())
            if workstream is None:
                workstream = workstream_save(area=area, user=user, name=record["workstream"])
                workstreams[workstream.name.lower()] = workstream
        owner_user = people.get(record["owner"].lower()) if record["owner"] else None
        values = {
            "code": record["code"],
            "title": record["title"],
            "area_of_concern": areas[number],
            "owner_user": owner_user,
            "owner_name": "" if owner_user else record["owner"],
            "workstream": workstream,
            "milestone": record["milestone"],
            "status": record["status"],
            "reason": record["reason"],
            "mitigation": record["mitigation"],
        }
        existing = actions.get(record["code"].lower())
        if existing is None:
            action_save(plan=plan, user=user, confirm_milestone=True, description="", **values)
            result.created += 1
        else:
            values["code"] = existing.code
            unchanged = all(getattr(existing, k) == v for k, v in values.items())
            if unchanged:
                result.unchanged += 1
                continue
            action_save(
                plan=plan,
                user=user,
                action=existing,
                confirm_milestone=True,
                description=existing.description,
                **values,
            )
            result.updated += 1
    _record(
        area=area,
        subject="plan",
        obj=plan,
        verb="imported actions",
        user=user,
        plan=plan,
        note=f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged.",
    )
    return result
