"""Writes of the EHCP app: returns (with their audit trail), case imports,
targets, and the recompute of stored figures.

Every change to returns or cases marks the area's figures as pending and,
once the transaction commits, queues `tasks.recompute_area_figures`; if the
broker is down the change still stands and the figures stay marked pending
until the nightly run or `manage.py recompute_figures`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Case,
    DecimalField,
    F,
    Field,
    FloatField,
    IntegerField,
    Model,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from send_board.audit import attributed
from send_board.models import LocalArea
from send_board.parsing import (
    month_is_future,
)
from send_board.queue import enqueue_on_commit
from send_board.uploads import FormRow, RowError, RowErrors, UploadError, form_rows, read_table
from send_board.versioning import check, claim

from . import calculations, selectors, tasks, timeline
from .forms import CASE_ADVICE_COLUMNS, CASE_DATE_COLUMNS, CaseRowForm, ReturnRowForm
from .models import (
    EXCEPTION_FIELDS,
    CaseImport,
    CaseRecord,
    CohortFigure,
    Decision,
    EntryChannel,
    FigureRefresh,
    FigureSource,
    MonthlyFigure,
    MonthlyReturn,
    ReturnAction,
    ReturnEvent,
    ReturnStatus,
    StepFigure,
    TimelinessTarget,
)
from .signals import figures_recomputed

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    # Whoever acts: a signed-in user, an anonymous request, or a command with nobody.
    Actor = User | AnonymousUser | None

logger = logging.getLogger(__name__)

# The 20-week limit came with EHC plans, on 1 September 2014 (Children and Families Act 2014).
FIRST_MONTH = date(2014, 9, 1)
COUNT_FIELDS = ["issued", "within_20_weeks", "exceptions", *EXCEPTION_FIELDS.values()]
OPTIONAL_COUNT_FIELDS = ["open_assessments", "open_over_20_weeks", *timeline.RETURN_FIELDS]
RETURN_FIELDS = [*COUNT_FIELDS, *OPTIONAL_COUNT_FIELDS, "notes"]
RETURN_COLUMNS_REQUIRED = ["month", "issued", "within_20_weeks"]
RETURN_COLUMNS_OPTIONAL = ["exceptions", "notes", *EXCEPTION_FIELDS.values(), *OPTIONAL_COUNT_FIELDS]


# ---------------------------------------------------------------- monthly returns


def _month_label(month: date) -> str:
    return f"{month:%B %Y}"


def return_problems(
    *,
    area: LocalArea,
    month: date | None,
    values: Mapping[str, Any],
    instance: MonthlyReturn | None = None,
    today: date | None = None,
) -> dict[str, str]:
    """{field: message} for every rule a return breaks; {} when it is good.

    `values` holds the RETURN_FIELDS (counts already whole numbers ≥ 0, the
    optional ones may be None). The one place the rules of a return live: the
    form, the upload and the command all come through here.
    """
    problems = {}
    today = today or timezone.localdate()
    if month is None:
        problems["month"] = "Enter the month the return is for."
    elif month_is_future(month, today):
        problems["month"] = f"{_month_label(month)} is in the future: a return is for a month that has begun."
    elif month < FIRST_MONTH:
        problems["month"] = "EHC plans began in September 2014: enter a month from September 2014."
    else:
        existing = selectors.existing_return(area=area, month=month)
        if existing is not None and (instance is None or existing.pk != instance.pk):
            problems["month"] = (
                f"There is already a return for {_month_label(month)} "
                f"({existing.get_status_display().lower()}): {existing.get_absolute_url()} – change that one instead."
            )
    issued, within = values.get("issued"), values.get("within_20_weeks")
    if issued is not None and within is not None and within > issued:
        problems["within_20_weeks"] = (
            f"Plans issued within 20 weeks ({within}) cannot be more than plans issued ({issued})."
        )
    reasons = sum(values.get(field) or 0 for field in EXCEPTION_FIELDS.values())
    exceptions = values.get("exceptions")
    if exceptions is not None and reasons > exceptions:
        problems["exceptions"] = (
            f"The exception plans by reason add up to {reasons}, more than the {exceptions} exception plans issued."
        )
    problems.update(timeline.return_problems(values))
    open_all, open_over = values.get("open_assessments"), values.get("open_over_20_weeks")
    if open_over is not None and open_all is None:
        problems["open_assessments"] = "Enter the assessments open at month end as well as those over 20 weeks."
    elif open_over is not None and open_over > open_all:
        problems["open_over_20_weeks"] = (
            f"Assessments open over 20 weeks ({open_over}) cannot be more than all open assessments ({open_all})."
        )
    return problems


def _normalised(values: Mapping[str, Any]) -> dict[str, Any]:
    """Fill the defaults: no exception total given means the sum of the reasons."""
    clean: dict[str, Any] = {field: values.get(field) for field in RETURN_FIELDS}
    for field in COUNT_FIELDS:
        if field not in ("exceptions",) and clean[field] is None:
            clean[field] = 0
    if clean["exceptions"] is None:
        clean["exceptions"] = sum(clean[field] for field in EXCEPTION_FIELDS.values())
    clean["notes"] = (clean["notes"] or "").strip()
    return clean


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _record(
    monthly_return: MonthlyReturn,
    *,
    action: str,
    user: Actor,
    channel: str,
    changes: Mapping[str, tuple[object, object]] | None = None,
    note: str = "",
    at: datetime | None = None,
) -> ReturnEvent:
    return ReturnEvent.objects.create(
        monthly_return=monthly_return,
        action=action,
        user=_user_or_none(user),
        channel=channel,
        changes={k: {"old": _jsonable(o), "new": _jsonable(n)} for k, (o, n) in (changes or {}).items()},
        note=note,
        at=at or timezone.now(),
    )


def _user_or_none(user: Actor) -> User | None:
    return cast("User", user) if getattr(user, "is_authenticated", False) else None


@attributed
@transaction.atomic
def return_create(
    *,
    area: LocalArea,
    month: date,
    values: Mapping[str, Any],
    user: Actor,
    submit: bool = False,
    channel: str = EntryChannel.FORM,
    note: str = "",
) -> MonthlyReturn:
    """Create a month's return as a draft, or submitted when `submit`.

    Raises ValidationError({field: message}) and saves nothing when a rule is
    broken (see return_problems).
    """
    clean = _normalised(values)
    problems = return_problems(area=area, month=month, values=clean)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    status = ReturnStatus.SUBMITTED if submit else ReturnStatus.DRAFT
    monthly_return = MonthlyReturn.objects.create(
        local_area=area,
        month=month,
        status=status,
        created_by=_user_or_none(user),
        created_at=now,
        updated_at=now,
        submitted_by=_user_or_none(user) if submit else None,
        submitted_at=now if submit else None,
        **clean,
    )
    created = {field: (None, clean[field]) for field in RETURN_FIELDS if clean[field] not in (None, "", 0)}
    _record(monthly_return, action=ReturnAction.CREATED, user=user, channel=channel, changes=created, note=note, at=now)
    if submit:
        _record(monthly_return, action=ReturnAction.SUBMITTED, user=user, channel=channel, at=now)
    figures_request_recompute(area=area)
    return monthly_return


@attributed
@transaction.atomic
def return_update(
    *,
    monthly_return: MonthlyReturn,
    values: Mapping[str, Any],
    user: Actor,
    submit: bool = False,
    channel: str = EntryChannel.FORM,
    version: int | None = None,
) -> MonthlyReturn:
    """Change a return's figures, keeping each old and new value.

    Changing an approved return sends it back for approval (submitted);
    `submit` submits a draft. Nothing changed and nothing submitted: no-op.
    `version` is the return's version when the form was opened: a return
    changed since raises StaleEdit and nothing is saved.
    """
    monthly_return = MonthlyReturn.objects.select_for_update().get(pk=monthly_return.pk)
    clean = _normalised(values)
    what = f"The return for {_month_label(monthly_return.month)}"
    yours = {field: clean[field] for field in RETURN_FIELDS}
    check(monthly_return, expected=version, yours=yours, what=what)
    problems = return_problems(
        area=monthly_return.local_area, month=monthly_return.month, values=clean, instance=monthly_return
    )
    if problems:
        raise ValidationError(problems)
    changes = {
        field: (getattr(monthly_return, field), clean[field])
        for field in RETURN_FIELDS
        if getattr(monthly_return, field) != clean[field]
    }
    now = timezone.now()
    old_status = monthly_return.status
    if changes:
        for field, (_old, new) in changes.items():
            setattr(monthly_return, field, new)
        if old_status == ReturnStatus.APPROVED:
            monthly_return.status = ReturnStatus.SUBMITTED
            monthly_return.approved_by, monthly_return.approved_at = None, None
    if submit and monthly_return.status == ReturnStatus.DRAFT:
        monthly_return.status = ReturnStatus.SUBMITTED
    if monthly_return.status != old_status:
        changes["status"] = (old_status, monthly_return.status)
        if monthly_return.status == ReturnStatus.SUBMITTED:
            monthly_return.submitted_by, monthly_return.submitted_at = _user_or_none(user), now
    if not changes:
        return monthly_return
    claim(monthly_return, yours=yours, what=what)
    monthly_return.updated_at = now
    monthly_return.save()
    _record(monthly_return, action=ReturnAction.UPDATED, user=user, channel=channel, changes=changes, at=now)
    figures_request_recompute(area=monthly_return.local_area)
    return monthly_return


def _transition(
    monthly_return: MonthlyReturn,
    *,
    allowed_from: set[str],
    to: str,
    action: str,
    user: Actor,
    note: str = "",
    channel: str = EntryChannel.FORM,
) -> MonthlyReturn:
    monthly_return = MonthlyReturn.objects.select_for_update().get(pk=monthly_return.pk)
    if monthly_return.status not in allowed_from:
        raise ValidationError(
            f"The return for {_month_label(monthly_return.month)} is {monthly_return.get_status_display().lower()}, "
            f"so it cannot be {ReturnAction(action).label.lower()}."
        )
    now = timezone.now()
    old = monthly_return.status
    monthly_return.status = to
    if to == ReturnStatus.SUBMITTED:
        monthly_return.submitted_by, monthly_return.submitted_at = _user_or_none(user), now
    if to == ReturnStatus.APPROVED:
        monthly_return.approved_by, monthly_return.approved_at = _user_or_none(user), now
    else:
        monthly_return.approved_by, monthly_return.approved_at = None, None
    claim(monthly_return)
    monthly_return.updated_at = now
    monthly_return.save()
    _record(monthly_return, action=action, user=user, channel=channel, changes={"status": (old, to)}, note=note, at=now)
    figures_request_recompute(area=monthly_return.local_area)
    return monthly_return


@attributed
@transaction.atomic
def return_submit(*, monthly_return: MonthlyReturn, user: Actor, channel: str = EntryChannel.FORM) -> MonthlyReturn:
    """Draft → submitted: the officer says the figures are ready for approval."""
    return _transition(
        monthly_return,
        allowed_from={ReturnStatus.DRAFT},
        to=ReturnStatus.SUBMITTED,
        action=ReturnAction.SUBMITTED,
        user=user,
        channel=channel,
    )


@attributed
@transaction.atomic
def return_approve(*, monthly_return: MonthlyReturn, user: Actor, channel: str = EntryChannel.FORM) -> MonthlyReturn:
    """Submitted → approved (a performance lead)."""
    return _transition(
        monthly_return,
        allowed_from={ReturnStatus.SUBMITTED},
        to=ReturnStatus.APPROVED,
        action=ReturnAction.APPROVED,
        user=user,
        channel=channel,
    )


@attributed
@transaction.atomic
def returns_approve_submitted(*, area: LocalArea, user: Actor, channel: str = EntryChannel.FORM) -> list[MonthlyReturn]:
    """Approve every submitted return of the area (after an upload of many
    months, say), each with its own audit entry. Returns those approved."""
    approved: list[MonthlyReturn] = []
    for monthly_return in MonthlyReturn.objects.filter(local_area=area, status=ReturnStatus.SUBMITTED).order_by(
        "month"
    ):
        approved.append(return_approve(monthly_return=monthly_return, user=user, channel=channel))
    return approved


@attributed
@transaction.atomic
def return_send_back(*, monthly_return: MonthlyReturn, user: Actor, note: str) -> MonthlyReturn:
    """Submitted or approved → draft, with the reason the officer will read."""
    if not (note or "").strip():
        raise ValidationError({"note": "Say why the return is sent back, so the officer knows what to change."})
    return _transition(
        monthly_return,
        allowed_from={ReturnStatus.SUBMITTED, ReturnStatus.APPROVED},
        to=ReturnStatus.DRAFT,
        action=ReturnAction.SENT_BACK,
        user=user,
        note=note.strip(),
    )


def _return_row_problems(line: FormRow, *, area: LocalArea, today: date) -> None:
    """Add to `line` the rules of a return its cells break (return_problems,
    as for the web form); the figures are checked together only when each
    of them could be read."""
    counts_read = all(e.column == "month" for e in line.errors)
    values = _normalised(line.cleaned) if counts_read else {}
    problems = return_problems(area=area, month=line.cleaned.get("month"), values=values, today=today)
    if any(e.column == "month" for e in line.errors):
        problems.pop("month", None)
    line.refuse_all(problems)


@attributed
@transaction.atomic
def returns_import(
    *,
    area: LocalArea,
    source: object,
    user: object,
    status: str = ReturnStatus.SUBMITTED,
    channel: str = EntryChannel.UPLOAD,
    filename: str = "",
) -> list[MonthlyReturn]:
    """Create one return per row of a CSV/XLSX file, all or nothing.

    Columns: month, issued, within_20_weeks; optional exceptions, notes, the
    exception counts by reason and the open assessment counts. Each row is
    read by the web entry's form (ReturnRowForm) and checked by
    return_problems. Raises UploadError for a file that cannot be read,
    RowErrors listing every bad cell (row, column, value, rule) otherwise;
    saves nothing unless all rows are good. `status` is draft, submitted or
    approved (operators' command).
    """
    frame = read_table(source, required=RETURN_COLUMNS_REQUIRED, optional=RETURN_COLUMNS_OPTIONAL)
    errors: list[RowError] = []
    parsed: list[tuple[date, dict]] = []
    seen: dict[date, int] = {}
    today = timezone.localdate()
    for line in form_rows(frame, ReturnRowForm({})):
        month = line.cleaned.get("month")
        if month is not None and month in seen:
            # Only the first row of a month is checked against the database (one query per month).
            line.refuse("month", f"{_month_label(month)} is also on row {seen[month]}.")
        else:
            if month is not None:
                seen[month] = line.row
            _return_row_problems(line, area=area, today=today)
        errors.extend(line.errors)
        if line.good and month is not None:
            parsed.append((month, _normalised(line.cleaned)))
    if errors:
        raise RowErrors(sorted(errors, key=lambda e: (e.row, e.column)))
    return _create_returns(area=area, parsed=parsed, user=user, status=status, channel=channel, filename=filename)


def _create_returns(
    *, area: LocalArea, parsed: list, user: object, status: str, channel: str, filename: str
) -> list[MonthlyReturn]:
    created = []
    note = f"Imported from {filename}" if filename else ""
    for month, values in sorted(parsed, key=lambda item: item[0]):
        monthly_return = return_create(
            area=area,
            month=month,
            values=values,
            user=user,
            submit=status != ReturnStatus.DRAFT,
            channel=channel,
            note=note,
        )
        if status == ReturnStatus.APPROVED:
            monthly_return = return_approve(monthly_return=monthly_return, user=user, channel=channel)
        created.append(monthly_return)
    return created


# ---------------------------------------------------------------- case records

CASE_COLUMNS_REQUIRED = [
    "reference",
    "request_date",
    "decision_date",
    "decision",
    "final_date",
    "exception",
    "closed_date",
]
CASE_COLUMNS_OPTIONAL = [
    "draft_date",
    "exception_reason",
    "closed_reason",
    *CASE_ADVICE_COLUMNS,
    timeline.DECISION_DATE_ALIAS,
    *timeline.CASE_COLUMNS,
]
CASE_FIELDS = [*CASE_DATE_COLUMNS, "decision", "exception", "exception_reason", "closed_reason", *timeline.CASE_FIELDS]


Problems = list[tuple[str, str]]


def case_problems(case: dict, *, today: date | None = None) -> Problems:
    """[(column, message)] for every rule a case breaks (dates already parsed)."""
    today = today or timezone.localdate()
    problems = [
        (column, f"{case[column]:%d/%m/%Y} is in the future.")
        for column in CASE_DATE_COLUMNS
        if case[column] is not None and case[column] > today
    ]
    if case["request_date"] is None:
        return problems
    problems += _decision_problems(case)
    problems += _plan_problems(case)
    problems += _reason_problems(case)
    problems += _advice_problems(case)
    if any(column in case for column in timeline.CASE_COLUMNS):
        problems += timeline.case_problems(case, today=today)
    return problems


def _decision_problems(case: dict) -> Problems:
    problems = []
    decision, decision_date = case["decision"], case["decision_date"]
    if decision == "":
        problems.append(("decision", "Enter the decision: assess, refuse or pending."))
    elif decision == Decision.PENDING and decision_date is not None:
        problems.append(("decision", "A pending decision has no decision date: give the decision or clear the date."))
    elif decision != Decision.PENDING and decision_date is None:
        problems.append(("decision_date", f"A decision to {decision} needs the date it was made."))
    if decision_date is not None and decision_date < case["request_date"]:
        problems.append(("decision_date", "The decision is dated before the request was received."))
    return problems


def _plan_problems(case: dict) -> Problems:
    """The final and draft plans' and the closing's dates against the request and each other."""
    problems = []
    request, decision_date = case["request_date"], case["decision_date"]
    final, closed, draft = case["final_date"], case["closed_date"], case["draft_date"]
    if final is not None:
        if final < request:
            problems.append(("final_date", "The final plan is dated before the request was received."))
        elif decision_date is not None and final < decision_date:
            problems.append(("final_date", "The final plan is dated before the decision to assess."))
        if case["decision"] in (Decision.REFUSE, Decision.PENDING):
            problems.append(("final_date", f"A final plan needs a decision to assess, not '{case['decision']}'."))
        if closed is not None:
            problems.append(("closed_date", "A case has either a final plan or a closed-without-plan date, not both."))
    if closed is not None and closed < request:
        problems.append(("closed_date", "The case is closed before the request was received."))
    if draft is not None and draft < request:
        problems.append(("draft_date", "The draft plan is dated before the request was received."))
    if draft is not None and final is not None and final < draft:
        problems.append(("final_date", "The final plan is dated before the draft plan."))
    return problems


def _reason_problems(case: dict) -> Problems:
    problems = []
    if case["exception_reason"] and not case["exception"]:
        problems.append(("exception_reason", "An exception reason is given but exception is 'no'."))
    if case["closed_reason"] and case["closed_date"] is None:
        problems.append(("closed_reason", "A reason for closing is given but no closed date."))
    return problems


def _advice_problems(case: dict) -> Problems:
    problems = []
    for service in calculations.ADVICE_SERVICES:
        asked, came = case[f"{service}_advice_requested"], case[f"{service}_advice_received"]
        if came is not None and asked is None:
            problems.append(
                (f"{service}_advice_received", "Advice is received but not requested: add the request date.")
            )
        elif came is not None and came < asked:
            problems.append((f"{service}_advice_received", "The advice is received before it was requested."))
    return problems


def _read_cases(source: object) -> pd.DataFrame:
    """The case file's table; decision_to_assess_date may stand in for decision_date."""
    try:
        return read_table(source, required=CASE_COLUMNS_REQUIRED, optional=CASE_COLUMNS_OPTIONAL)
    except UploadError as error:
        required = [timeline.DECISION_DATE_ALIAS if c == "decision_date" else c for c in CASE_COLUMNS_REQUIRED]
        optional = [c for c in CASE_COLUMNS_OPTIONAL if c != timeline.DECISION_DATE_ALIAS]
        try:
            frame = read_table(source, required=required, optional=optional)
        except UploadError:
            raise error from None
        return frame.assign(decision_date="")


def _case_rows(frame: pd.DataFrame, today: date) -> tuple[list[RowError], list[tuple[str, dict]], dict[str, int]]:
    """(errors, [(reference, case)], {reference: first row}) of a case file:
    each row read by CaseRowForm, then checked by case_problems."""
    errors: list[RowError] = []
    parsed: list[tuple[str, dict]] = []
    seen: dict[str, int] = {}
    for line in form_rows(frame, CaseRowForm({}, today=today)):
        reference = line.record["reference"]
        if reference in seen:
            line.refuse("reference", f"The reference is also on row {seen[reference]}.")
        seen.setdefault(reference, line.row)
        case = {column: line.cleaned.get(column) for column in CASE_FIELDS if column in line.cleaned}
        if line.good:
            line.refuse_all(case_problems(case, today=today))
        errors.extend(line.errors)
        if line.good:
            parsed.append((reference, {**case, **timeline.derived(case)}))
    return errors, parsed, seen


@attributed
@transaction.atomic
def cases_import(
    *, area: LocalArea, source: object, user: Actor, channel: str = EntryChannel.UPLOAD, filename: str = ""
) -> CaseImport:
    """Create or update case records from a CSV/XLSX file, all or nothing.

    A reference already held for the area is updated, not duplicated.
    Raises UploadError or RowErrors (every bad cell) and then saves nothing.
    Returns the CaseImport record.
    """
    frame = _read_cases(source)
    errors, parsed, seen = _case_rows(frame, timezone.localdate())
    if errors:
        raise RowErrors(sorted(errors, key=lambda e: (e.row, e.column)))
    now = timezone.now()
    existing = {c.reference: c for c in CaseRecord.objects.filter(local_area=area, reference__in=list(seen))}
    to_create, to_update = [], []
    for reference, case in parsed:
        record = existing.get(reference)
        if record is None:
            to_create.append(CaseRecord(local_area=area, reference=reference, created_at=now, updated_at=now, **case))
        elif any(getattr(record, field) != value for field, value in case.items()):
            for field, value in case.items():
                setattr(record, field, value)
            record.updated_at = now
            to_update.append(record)
    CaseRecord.objects.bulk_create(to_create, batch_size=1000)
    CaseRecord.objects.bulk_update(to_update, [*CASE_FIELDS, "updated_at"], batch_size=500)
    dates = [value for _reference, case in parsed for column, value in case.items() if column in CASE_DATE_COLUMNS]
    case_import = CaseImport.objects.create(
        data_to=max((d for d in dates if d is not None), default=None),
        local_area=area,
        imported_by=_user_or_none(user),
        imported_at=now,
        channel=channel,
        filename=filename[:255],
        rows=len(parsed),
        created=len(to_create),
        updated=len(to_update),
    )
    if to_create or to_update:
        figures_request_recompute(area=area)
    return case_import


# ---------------------------------------------------------------- targets


@attributed
@transaction.atomic
def target_set(*, area: LocalArea, year_start: date, target_pct: Decimal | int | str, user: Actor) -> TimelinessTarget:
    """Set the year-end target from the year starting `year_start` (the
    first month of the area's calendar or financial year)."""
    target_pct = Decimal(target_pct)
    if not Decimal(0) <= target_pct <= Decimal(100):
        raise ValidationError({"target_pct": "A target is a percentage from 0 to 100."})
    expected_month = 1 if area.year_start == "calendar" else calculations.FINANCIAL_YEAR_FIRST_MONTH
    if year_start.day != 1 or year_start.month != expected_month:
        raise ValidationError({"year_start": f"{area.name}'s year starts in {date(2000, expected_month, 1):%B}."})
    target, _ = TimelinessTarget.objects.update_or_create(
        local_area=area,
        year_start=year_start,
        defaults={"target_pct": target_pct, "set_by": _user_or_none(user), "set_at": timezone.now()},
    )
    return target


# ---------------------------------------------------------------- recompute


def figures_request_recompute(*, area: LocalArea) -> None:
    """Mark the area's figures pending (in the caller's transaction) and queue
    their recompute once it commits. A broker outage leaves them pending."""
    FigureRefresh.objects.update_or_create(local_area=area, defaults={"pending": True, "requested_at": timezone.now()})
    enqueue_on_commit(
        tasks.recompute_area_figures,
        on_broker_error=lambda: logger.warning(
            "EHCP figures of %s left pending: the broker is unreachable; the nightly run will refresh them.", area
        ),
        area_id=area.pk,
    )


def figures_recompute(*, area_id: int) -> int:
    """Recompute one area's stored figures from its returns and case records.

    Idempotent: a second run leaves the same rows. One transaction; the
    figures_recomputed signal is sent after it commits. Returns the number of
    areas recomputed (0 when the area no longer exists).
    """
    return _recompute(area_ids=[area_id])


def figures_recompute_requested(*, area_id: int) -> int:
    """What a save's queued task runs: the area's recompute, unless another
    run has already served every request (its figures are no longer
    pending), as when a burst of saves queues one task each. Returns the
    number of areas recomputed (0 when skipped).

    A save marks the figures pending in its own transaction, and a recompute
    clears the mark only for requests it has seen (it holds the area's
    FigureRefresh row while it runs), so a skip never loses a save."""
    if FigureRefresh.objects.filter(local_area_id=area_id, pending=False).exists():
        return 0
    return figures_recompute(area_id=area_id)


def figures_recompute_all() -> int:
    """Recompute every area's stored figures in one pass (the nightly job)."""
    return _recompute(area_ids=None)


MONTHLY_VALUE_FIELDS = [
    "issued",
    "within_20_weeks",
    "exceptions",
    "pct",
    "rolling_issued",
    "rolling_within",
    "rolling_pct",
    "ytd_issued",
    "ytd_within",
    "ytd_pct",
    "month_approved",
    "rolling_approved",
]


@transaction.atomic
def _recompute(*, area_ids: list[int] | None) -> int:
    areas = LocalArea.objects.all() if area_ids is None else LocalArea.objects.filter(pk__in=area_ids)
    year_starts = dict(areas.values_list("pk", "year_start"))
    if not year_starts:
        return 0
    ids = sorted(year_starts)
    FigureRefresh.objects.bulk_create([FigureRefresh(local_area_id=i) for i in ids], ignore_conflicts=True)
    # One recompute of an area at a time; a save waits for it, then queues the next.
    list(FigureRefresh.objects.select_for_update().filter(local_area_id__in=ids).order_by("local_area_id").values("pk"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # JIT compilation costs PostgreSQL more than it saves on these aggregations.
            cursor.execute("SET LOCAL jit = off")
            # The figures are derived and recomputable: the commit need not wait
            # for the disk. A crash may lose this recompute, never part of it
            # (its FigureRefresh stays as it was), and the next run redoes it.
            cursor.execute("SET LOCAL synchronous_commit = off")
    started = timezone.now()
    scope = None if area_ids is None else ids
    as_of = selectors.cohort_dates(area_ids=ids, today=timezone.localdate())
    areas_by_day = selectors.areas_by_date(as_of)
    # One scan per distinct date; the nightly run over every area is usually one scan of the whole table.
    whole_table = area_ids is None and len(areas_by_day) == 1
    cohort_queries = [
        selectors.cohort_counts_query(as_of=day, area_ids=None if whole_table else areas_then)
        for day, areas_then in areas_by_day.items()
    ]
    returns = selectors.return_counts(area_ids=scope)
    final_counts = selectors.case_counts_by_final_month(area_ids=scope)
    monthly = _monthly_figures(returns, final_counts, year_starts)
    steps = _step_figures(
        returns,
        final_counts,
        selectors.step_counts(area_ids=scope, as_of=as_of, final_counts=final_counts),
        year_starts,
    )
    _store(MonthlyFigure, monthly, ["local_area_id", "month", "source"], MONTHLY_VALUE_FIELDS, scope, started)
    _store(StepFigure, steps, STEP_KEYS, calculations.STEP_FIGURE_COLUMNS, scope, started)
    _store(CohortFigure, _cohort_frame(cohort_queries), COHORT_KEYS, calculations.COHORT_COLUMNS, scope, started)
    for day, areas_then in areas_by_day.items():
        FigureRefresh.objects.filter(local_area_id__in=areas_then).update(
            computed_at=started,
            cohorts_as_of=day,
            pending=Case(When(requested_at__gt=started, then=F("pending")), default=Value(False)),
        )

    transaction.on_commit(lambda: figures_recomputed.send(sender=MonthlyFigure, area_ids=ids))
    return len(ids)


def _monthly_figures(returns: pd.DataFrame, case_counts: pd.DataFrame, year_starts: dict[int, str]) -> pd.DataFrame:
    """The engine's monthly, rolling and year-to-date figures for both sources."""
    parts = []
    returns = returns[["local_area_id", "month", "issued", "within_20_weeks", "exceptions", "approved"]]
    case_counts = case_counts[["local_area_id", "month", "issued", "within_20_weeks", "exceptions"]]
    for source, counts, fill_gaps in (
        (FigureSource.RETURNS, returns, False),
        (FigureSource.CASES, case_counts, True),
    ):
        if counts.empty:
            continue
        counts = counts.assign(year_start=counts["local_area_id"].map(year_starts))
        figures = calculations.timeliness_figures(counts, "year_start", keys=["local_area_id"], fill_gaps=fill_gaps)
        parts.append(figures.assign(source=source.value))
    if not parts:
        return pd.DataFrame(columns=["local_area_id", "month", "source", *MONTHLY_VALUE_FIELDS])
    return pd.concat(parts, ignore_index=True)[["local_area_id", "month", "source", *MONTHLY_VALUE_FIELDS]]


STEP_KEYS = ["local_area_id", "step", "source", "month"]


def _step_figures(
    returns: pd.DataFrame, final_counts: pd.DataFrame, case_steps: dict[str, pd.DataFrame], year_starts: dict[int, str]
) -> pd.DataFrame:
    """Every stored step's figures from both sources (calculations.step_figures)."""
    inputs = []
    for _denominator, _numerator, code in timeline.RETURN_STEP_PAIRS:
        frame = returns.rename(columns={_numerator: "numerator", _denominator: "denominator"})
        inputs.append((code, FigureSource.RETURNS, frame.dropna(subset=["numerator", "denominator"])))
    given = returns.dropna(subset=["issued_over_52_weeks"])
    inputs.append(
        (
            "over_52_weeks",
            FigureSource.RETURNS,
            given.assign(numerator=given["issued_over_52_weeks"], denominator=given["issued"]),
        )
    )
    given = returns.dropna(subset=["days_to_issue"])
    inputs.append(
        (
            "mean_weeks_to_issue",
            FigureSource.RETURNS,
            given.assign(numerator=given["days_to_issue"], denominator=given["issued"]),
        )
    )
    for code, frame in case_steps.items():
        inputs.append((code, FigureSource.CASES, frame))
    plans = final_counts
    inputs.append(
        (
            "over_52_weeks",
            FigureSource.CASES,
            plans.assign(numerator=plans["over_52_weeks"], denominator=plans["issued"]),
        )
    )
    inputs.append(
        (
            "mean_weeks_to_issue",
            FigureSource.CASES,
            plans.assign(numerator=plans["days_to_issue"], denominator=plans["issued"]),
        )
    )
    # One vectorised engine call per unit and source, every step and area at once.
    groups: dict[tuple[str, FigureSource], list[pd.DataFrame]] = {}
    for code, source, frame in inputs:
        if frame.empty:
            continue
        columns = ["local_area_id", "month", "numerator", "denominator"]
        if "median_days" in frame and code == "mean_weeks_to_issue":
            columns.append("median_days")
        if source == FigureSource.RETURNS:
            columns.append("approved")  # a draft or submitted return's figures await its approval
        frame = frame[columns].assign(
            year_start=frame["local_area_id"].map(year_starts), step=code, source=source.value
        )
        groups.setdefault((timeline.step(code).unit, source), []).append(frame)
    parts = [
        calculations.step_figures(
            pd.concat(frames, ignore_index=True),
            "year_start",
            keys=["local_area_id", "step", "source"],
            unit=unit,
            fill_gaps=source == FigureSource.CASES,
        )
        for (unit, source), frames in groups.items()
    ]
    if not parts:
        return pd.DataFrame(columns=[*STEP_KEYS, *calculations.STEP_FIGURE_COLUMNS])
    return pd.concat(parts, ignore_index=True)[[*STEP_KEYS, *calculations.STEP_FIGURE_COLUMNS]]


def _numbers(series: pd.Series) -> np.ndarray:
    """A column of counts, percentages (Decimal or float) or flags as float64,
    NaN where missing: how the stored and the computed rows are compared.
    Exact for one-decimal percentages and for counts below 2**53."""
    if series.dtype != object:
        return series.to_numpy(dtype="float64", na_value=np.nan)
    # float() of each value (Decimal, int, bool): pd.to_numeric's inference costs seconds at national scale.
    return series.where(series.notna(), np.nan).to_numpy(dtype="float64")


def _same(computed: pd.Series, stored: pd.Series) -> np.ndarray:
    """Element-wise equality of a computed and a stored column, missing equal to missing."""
    left, right = _numbers(computed), _numbers(stored)
    return (left == right) | (np.isnan(left) & np.isnan(right))


COHORT_KEYS = ["local_area_id", "request_month"]


def _cohort_frame(queries: list[QuerySet]) -> pd.DataFrame:
    """The cohort counts of every query, with "open": what is left of the
    requests received."""
    columns = [*COHORT_KEYS, *selectors.COHORT_COUNT_COLUMNS]
    frame = pd.DataFrame.from_records([row for query in queries for row in query], columns=columns)
    return frame.assign(open=frame["received"] - frame["plans_issued"] - frame["closed_without_plan"])


def _store(
    model: type[Model],
    frame: pd.DataFrame,
    keys: list[str],
    fields: list[str],
    area_ids: list[int] | None,
    now: datetime,
) -> None:
    """Make the stored rows of `model` for these areas (None: all) equal
    `frame`: write the new and changed rows (computed_at = now), delete the
    ones no longer computed, and leave unchanged rows alone, so that a second
    run writes nothing and a nightly run writes only what moved. The same
    code on every database; only _write_rows's transport differs."""
    columns = [*keys, *fields]
    stored = _stored_rows(model, columns, area_ids)
    merged = frame[columns].merge(stored, on=keys, how="outer", suffixes=("", "_stored"), indicator=True, sort=False)
    stale = merged.loc[merged["_merge"] == "right_only", "pk"]
    if len(stale):
        model._default_manager.filter(pk__in=[int(pk) for pk in stale]).delete()
    merged = merged[merged["_merge"] != "right_only"]
    unchanged = (merged["_merge"] == "both").to_numpy(copy=True)
    for field in fields:
        unchanged &= _same(merged[field], merged[f"{field}_stored"])
    _write_rows(model, merged.loc[~unchanged, columns], keys, fields, now)


def _stored_rows(model: type[Model], columns: list[str], area_ids: list[int] | None) -> pd.DataFrame:
    """pk and `columns` of the stored rows of these areas (None: all), read
    by a plain cursor (the ORM's per-value conversions would cost the
    national run seconds): decimals come as floats, which _same compares."""
    manager = model._default_manager
    rows = manager.all() if area_ids is None else manager.filter(local_area_id__in=area_ids)
    decimals = {
        name: Cast(name, FloatField()) for name in columns if isinstance(model._meta.get_field(name), DecimalField)
    }
    read = [f"_{name}" if name in decimals else name for name in columns]
    query = rows.order_by().annotate(**{f"_{name}": cast for name, cast in decimals.items()}).values_list("pk", *read)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return pd.DataFrame.from_records(cursor.fetchall(), columns=["pk", *columns])


def _model_field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field), name
    return field


def _python_values(series: pd.Series, field: Field) -> list[object]:
    """A column as Python values of `field`'s type (int, bool, date,
    Decimal, str), None where missing: counts computed as floats become ints."""
    if isinstance(field, IntegerField):
        series = series.astype("Int64")
    values = series.astype(object)
    return values.where(series.notna(), None).tolist()


def _write_rows(model: type[Model], frame: pd.DataFrame, keys: list[str], fields: list[str], now: datetime) -> None:
    """Insert `frame`'s rows into `model`'s table, or update the stored row
    with the same `keys` (ids kept), with computed_at = now: one upsert.

    On PostgreSQL the rows travel by psycopg 3's COPY into a temporary table
    and one INSERT … ON CONFLICT DO UPDATE takes them from there: a national
    first run writes some 180,000 rows, which bulk_create would send as
    parameters a batch at a time. Elsewhere, bulk_create(update_conflicts=True)."""
    if frame.empty:
        return
    columns = [*keys, *fields]
    meta = model._meta
    model_fields = [_model_field(model, name) for name in columns]
    rows = zip(
        *(_python_values(frame[name], field) for name, field in zip(columns, model_fields, strict=True)), strict=True
    )
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            (model(**dict(zip(columns, row, strict=True)), computed_at=now) for row in rows),
            batch_size=2000,
            update_conflicts=True,
            unique_fields=keys,
            update_fields=[*fields, "computed_at"],
        )
        return
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    staging = quote(f"{meta.db_table}_incoming")
    names = [quote(field.column) for field in model_fields]
    column_list = ", ".join([*names, quote("computed_at")])
    key_list = ", ".join(names[: len(keys)])
    assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*names[len(keys) :], quote("computed_at")])
    # Identifiers come from the model's metadata, quoted; values travel by COPY or as parameters.
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS SELECT {', '.join(names)} FROM {table} WITH NO DATA"  # noqa: S608
        )
        cursor.execute(f"SELECT {', '.join(names)} FROM {staging}")  # noqa: S608
        types = [column.type_code for column in cursor.description]
        with cursor.cursor.copy(f"COPY {staging} ({', '.join(names)}) FROM STDIN (FORMAT binary)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({column_list}) SELECT {', '.join(names)}, %s FROM {staging} "  # noqa: S608
            f"ON CONFLICT ({key_list}) DO UPDATE SET {assignments}",
            [now],
        )
        cursor.execute(f"DROP TABLE {staging}")
