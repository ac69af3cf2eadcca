"""Reads of the improvement app. Each makes a fixed number of queries
whatever the number of actions, periods or updates (tests assert it).

The first four functions are the contract other apps rely on (performance's
dashboard, publications and indicator links): plan_summaries, red_risks,
public_plan_summary, action_choices.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from django.contrib.auth.models import User
from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from send_board.models import LocalArea

from . import calculations
from .models import (
    Action,
    ActionLogItem,
    ActionStatus,
    ActionUpdate,
    AreaOfConcern,
    AreaReview,
    AreaStatus,
    ChangeRecord,
    Decision,
    EvidenceItem,
    EvidenceStatus,
    Meeting,
    MilestoneMiss,
    PeriodStatusCount,
    Plan,
    ReportingPeriod,
    Risk,
    RiskReview,
    RiskStatus,
    SupportReceived,
)

STATUS_LABELS = dict(ActionStatus.choices)


def _labelled(counts: Mapping[str, int]) -> dict[str, int]:
    """{status value: n} → {status label: n} in status order."""
    return {STATUS_LABELS[s]: counts.get(s, 0) for s in calculations.STATUS_ORDER}


def current_period(periods: Iterable[ReportingPeriod]) -> ReportingPeriod | None:
    """The current period of one plan's `periods`: the latest open one, else
    the latest one, else None."""
    listed = list(periods)
    open_periods = [p for p in listed if p.is_open]
    pool = open_periods or listed
    return max(pool, key=lambda p: p.month) if pool else None


def previous_period(periods: Iterable[ReportingPeriod], period: ReportingPeriod | None) -> ReportingPeriod | None:
    """The period before `period` (by month) among `periods`, or None."""
    if period is None:
        return None
    earlier = [p for p in periods if p.month < period.month]
    return max(earlier, key=lambda p: p.month) if earlier else None


def _periods_by_plan(plans: Iterable[Plan] | Iterable[int]) -> defaultdict[int, list[ReportingPeriod]]:
    by_plan: defaultdict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in ReportingPeriod.objects.filter(plan__in=plans).order_by("month"):
        by_plan[period.plan_id].append(period)
    return by_plan


# ---------------------------------------------------------------- the contract


class PlanSummary(TypedDict):
    plan: Plan
    name: str
    kind: str  # the kind's label
    period: ReportingPeriod | None  # the current one
    total: int
    brag: dict[str, int]  # {blue, red, amber, green: n}
    by_status: dict[str, int]  # {status label: n}, all seven in Walsall's order


def plan_summaries(*, area: LocalArea) -> list[PlanSummary]:
    """One dict per active plan of `area`: plan, name, kind (display), period
    (current ReportingPeriod or None), total, brag {blue, red, amber, green},
    by_status {status label: n} (all seven, in Walsall's order). Three queries."""
    plans = list(Plan.objects.active().filter(local_area=area).select_related("local_area").order_by("name"))
    if not plans:
        return []
    periods = _periods_by_plan(plans)
    counts: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for row in Action.objects.filter(plan__in=plans).values("plan_id", "status").annotate(n=Count("id")):
        counts[row["plan_id"]][row["status"]] = row["n"]
    summaries: list[PlanSummary] = []
    for plan in plans:
        by_status = calculations.status_counts([])
        by_status.update(counts[plan.pk])
        summaries.append(
            {
                "plan": plan,
                "name": plan.name,
                "kind": plan.get_kind_display(),
                "period": current_period(periods[plan.pk]),
                "total": sum(by_status.values()),
                "brag": calculations.brag_counts(by_status),
                "by_status": _labelled(by_status),
            }
        )
    return summaries


def red_risks(*, area: LocalArea) -> QuerySet[Risk]:
    """Open risks of `area` scoring 10 or more (high and very high), highest first."""
    return (
        Risk.objects.open()
        .filter(local_area=area, score__gte=calculations.RED_RISK_THRESHOLD)
        .select_related("owner_user", "local_area")
        .order_by("-score", "next_review_date", "reference")
    )


class PublicPlanSummary(TypedDict):
    plan: str  # the plan's name
    kind: str
    number: int  # the area of concern's
    title: str
    status: str  # "Active" or "Moved to business as usual"
    bau_date: date | None
    public_summary: str


def public_plan_summary(*, area: LocalArea) -> list[PublicPlanSummary]:
    """What may be published of the area's active plans: each publishable area
    of concern with its plain-English summary. One query."""
    rows = (
        AreaOfConcern.objects.filter(plan__local_area=area, plan__is_active=True, publishable=True)
        .select_related("plan")
        .order_by("plan__name", "number")
    )
    return [
        {
            "plan": a.plan.name,
            "kind": a.plan.get_kind_display(),
            "number": a.number,
            "title": a.title,
            "status": "Moved to business as usual" if a.status == AreaStatus.BAU else "Active",
            "bau_date": a.bau_date,
            "public_summary": a.public_summary,
        }
        for a in rows
    ]


def action_choices(*, area: LocalArea) -> QuerySet[Action]:
    """The area's actions, for linking an indicator to the actions it shows the impact of."""
    return Action.objects.of_area(area).select_related("plan__local_area").order_by("plan__name", "sort_key")


# ---------------------------------------------------------------- plans


def period_status_counts(*, plan: Plan, periods: Iterable[ReportingPeriod]) -> dict[int, dict[str, int]]:
    """{period id: {status: n}} for the closed ones of `periods` (their
    counts as kept at close). One query."""
    closed = [p.pk for p in periods if not p.is_open]
    result = {pk: calculations.status_counts([]) for pk in closed}
    if closed:
        rows = (
            PeriodStatusCount.objects.filter(period_id__in=closed)
            .values("period_id", "status")
            .annotate(n=Sum("count"))
        )
        for row in rows:
            result[row["period_id"]][row["status"]] = row["n"]
    return result


@dataclass
class AreaRow:
    area: AreaOfConcern
    counts: dict[str, int]
    brag: dict[str, int]
    total: int


@dataclass
class PlanOverview:
    plan: Plan
    areas: list[AreaRow]
    periods: list[ReportingPeriod]
    current: ReportingPeriod | None
    previous: ReportingPeriod | None
    live: dict[str, int]
    series: list[tuple[ReportingPeriod, dict[str, int]]] = field(default_factory=list)  # oldest first
    status_table: list["StatusRow"] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.live.values())

    @property
    def brag(self) -> dict[str, int]:
        return calculations.brag_counts(self.live)


def plan_overview(*, plan: Plan) -> PlanOverview:
    """Areas with counts by status and BRAG, the counts over periods and the
    programme status table (current period against the previous). Four queries."""
    areas = list(plan.areas.select_related("workstream", "lead_user").order_by("number"))
    per_area: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for row in plan.actions.values("area_of_concern_id", "status").annotate(n=Count("id")):
        per_area[row["area_of_concern_id"]][row["status"]] = row["n"]
    live = calculations.status_counts([])
    area_rows: list[AreaRow] = []
    for area in areas:
        counts = calculations.status_counts([])
        counts.update(per_area[area.pk])
        for status, n in counts.items():
            live[status] += n
        area_rows.append(AreaRow(area, counts, calculations.brag_counts(counts), sum(counts.values())))
    periods = list(plan.periods.order_by("month"))
    kept = period_status_counts(plan=plan, periods=periods)
    series = [(p, live if p.is_open else kept[p.pk]) for p in periods]
    current = current_period(periods)
    previous = previous_period(periods, current)
    overview = PlanOverview(plan, area_rows, periods, current, previous, live, series)
    overview.status_table = status_table(
        current=None if current is None else dict(series)[current],
        previous=None if previous is None else dict(series)[previous],
    )
    return overview


class StatusRow(TypedDict):
    """A row of the programme status table; None where a period is missing."""

    status: str
    label: str
    brag: str
    current: int | None
    previous: int | None
    change: int | None
    change_text: str


def status_table(*, current: Mapping[str, int] | None, previous: Mapping[str, int] | None) -> list[StatusRow]:
    """Rows of the programme status table: status, label, brag, current,
    previous, change (None where a period is missing)."""
    rows: list[StatusRow] = []
    for status in calculations.STATUS_ORDER:
        now = None if current is None else current.get(status, 0)
        before = None if previous is None else previous.get(status, 0)
        rows.append(
            {
                "status": status,
                "label": STATUS_LABELS[status],
                "brag": calculations.brag_for_status(status),
                "current": now,
                "previous": before,
                "change": calculations.status_change(now, before),
                "change_text": _change_text(calculations.status_change(now, before)),
            }
        )
    return rows


def _change_text(change: int | None) -> str:
    if change is None:
        return "–"
    if change == 0:
        return "no change"
    return f"up {change}" if change > 0 else f"down {-change}"


def status_summary(*, area: LocalArea, month: date, plan: Plan | None = None) -> tuple[list[str], list[StatusRow]]:
    """For export_status_summary: (period label(s), rows) summing the area's
    active plans (or `plan`) that have a period in `month`, against each
    plan's period before it. Raises ValueError when no plan has a period then."""
    plans = [plan] if plan is not None else list(Plan.objects.active().filter(local_area=area))
    periods = _periods_by_plan(plans)
    current_total = calculations.status_counts([])
    previous_total = calculations.status_counts([])
    has_previous = False
    labels: list[str] = []
    for p in plans:
        plan_periods = periods[p.pk]
        period = next((x for x in plan_periods if x.month == month), None)
        if period is None:
            continue
        labels.append(f"{p.name}: {period.label}")
        before = previous_period(plan_periods, period)
        kept = period_status_counts(plan=p, periods=[x for x in (period, before) if x is not None])
        now = kept.get(period.pk) or _live_counts(p)
        for status, n in now.items():
            current_total[status] += n
        if before is not None:
            has_previous = True
            for status, n in kept[before.pk].items():
                previous_total[status] += n
    if not labels:
        raise ValueError(f"No active plan of {area.name} has a reporting period in {calculations.month_label(month)}.")
    return labels, status_table(current=current_total, previous=previous_total if has_previous else None)


def _live_counts(plan: Plan) -> dict[str, int]:
    counts = calculations.status_counts([])
    for row in plan.actions.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


# ---------------------------------------------------------------- actions


def action_table_queryset(*, plan: Plan) -> QuerySet[Action]:
    """The plan's actions for the action table, with what each row shows
    (area, owner, workstream, the month of the latest update) in one query."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-period__month").values("period__month")[:1]
    return (
        plan.actions.select_related("area_of_concern", "owner_user", "workstream", "plan__local_area")
        .annotate(last_update_month=Subquery(latest))
        .order_by("sort_key")
    )


def action_of_plan(*, plan: Plan, code: str) -> Action | None:
    """The plan's action with `code` (any letter case), or None."""
    return (
        plan.actions.select_related("area_of_concern", "owner_user", "workstream", "plan__local_area")
        .filter(code__iexact=code)
        .first()
    )


def action_history(*, action: Action) -> tuple[list[ActionUpdate], list[ChangeRecord]]:
    """(updates newest first, change records newest first)."""
    updates = list(action.updates.select_related("period", "created_by", "updated_by").order_by("-period__month"))
    changes = list(action.changes.select_related("user").order_by("-at", "-pk"))
    return updates, changes


def open_periods(*, plan: Plan) -> list[ReportingPeriod]:
    return list(plan.periods.filter(status="open").order_by("-month"))


# ---------------------------------------------------------------- area page


@dataclass
class AreaPage:
    area: AreaOfConcern
    periods: list[ReportingPeriod]
    period: ReportingPeriod | None
    counts: dict[str, int]
    updates: Page[ActionUpdate]
    behind: list["BehindRow"]
    review: AreaReview | None
    support: list[SupportReceived]

    @property
    def brag(self) -> dict[str, int]:
        return calculations.brag_counts(self.counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """[(label, brag, count)] in status order."""
        return [(STATUS_LABELS[s], calculations.brag_for_status(s), n) for s, n in self.counts.items()]


def area_periods(*, plan: Plan) -> list[ReportingPeriod]:
    return list(plan.periods.order_by("-month"))


def default_area_period(*, area: AreaOfConcern, periods: Sequence[ReportingPeriod]) -> ReportingPeriod | None:
    """The period an area page opens on: the latest period in which the area
    has an update or a review, else the current period. One query: the
    periods are scanned newest first and each is tested with EXISTS, so it
    stops at the first period with data."""
    has_update = ActionUpdate.objects.filter(period=OuterRef("pk"), action__area_of_concern=area)
    has_review = AreaReview.objects.filter(period=OuterRef("pk"), area_of_concern=area)
    latest = (
        ReportingPeriod.objects.filter(pk__in=[p.pk for p in periods])
        .filter(Exists(has_update) | Exists(has_review))
        .order_by("-month")
        .values_list("pk", flat=True)
        .first()
    )
    by_pk = {p.pk: p for p in periods}
    return by_pk[latest] if latest in by_pk else current_period(periods)


def area_page(
    *,
    area: AreaOfConcern,
    period: ReportingPeriod | None,
    periods: list[ReportingPeriod],
    page_number: int | str = 1,
    per_page: int = 25,
) -> AreaPage:
    """The WSoA review template for `area` in `period`: counts, progress on
    key actions (a page of updates), actions behind schedule with reason and
    mitigation, evidence of impact and key next steps, support received."""
    from django.core.paginator import Paginator

    if period is None:
        counts = calculations.status_counts([])
        for row in area.actions.values("status").annotate(n=Count("id")):
            counts[row["status"]] = row["n"]
        empty = Paginator(ActionUpdate.objects.none(), per_page).get_page(1)
        return AreaPage(area, periods, None, counts, empty, [], None, [])

    if period.is_open:
        counts = calculations.status_counts([])
        for row in area.actions.values("status").annotate(n=Count("id")):
            counts[row["status"]] = row["n"]
    else:
        counts = calculations.status_counts([])
        for kept in PeriodStatusCount.objects.filter(period=period, area_of_concern=area).values("status", "count"):
            counts[kept["status"]] = kept["count"]

    updates_qs = (
        ActionUpdate.objects.filter(period=period, action__area_of_concern=area)
        .exclude(progress="", evidence_of_impact="", next_steps="")
        .select_related("action__plan__local_area", "action__owner_user", "updated_by")
        .order_by("action__sort_key")
    )
    updates = Paginator(updates_qs, per_page).get_page(page_number)

    behind: list[BehindRow] = []
    if period.is_open:
        period_updates = {
            u.action_id: u
            for u in ActionUpdate.objects.filter(period=period, action__area_of_concern=area).filter(
                status__in=calculations.BEHIND_STATUSES
            )
        }
        for action in (
            area.actions.filter(status__in=calculations.BEHIND_STATUSES)
            .select_related("owner_user", "plan__local_area")
            .order_by("sort_key")
        ):
            update = period_updates.get(action.pk)
            reason = update.reason if update else action.reason
            mitigation = update.mitigation if update else action.mitigation
            behind.append(_behind_row(action, action.status, reason, mitigation))
    else:
        seen: set[int] = set()
        for update in (
            ActionUpdate.objects.filter(
                period=period, action__area_of_concern=area, status__in=calculations.BEHIND_STATUSES
            )
            .select_related("action__plan__local_area", "action__owner_user")
            .order_by("action__sort_key")
        ):
            seen.add(update.action_id)
            behind.append(_behind_row(update.action, update.status, update.reason, update.mitigation))
        for miss in (
            MilestoneMiss.objects.filter(period=period, action__area_of_concern=area)
            .select_related("action__plan__local_area", "action__owner_user")
            .order_by("action__sort_key")
        ):
            if miss.action_id not in seen:
                behind.append(
                    _behind_row(
                        miss.action,
                        ActionStatus.BEYOND_MILESTONE,
                        "",
                        "",
                        note="Marked Beyond Milestone when the period closed: the owner owes a reason and mitigation.",
                    )
                )
        behind.sort(key=lambda row: row["action"].sort_key)

    review = AreaReview.objects.filter(area_of_concern=area, period=period).select_related("updated_by").first()
    support = list(SupportReceived.objects.filter(area_of_concern=area, period=period).order_by("created_at"))
    return AreaPage(area, periods, period, counts, updates, behind, review, support)


class BehindRow(TypedDict):
    """An action behind schedule on an area page."""

    action: Action
    status: str
    label: str
    brag: str
    reason: str
    mitigation: str
    note: str


def _behind_row(action: Action, status: str, reason: str, mitigation: str, note: str = "") -> BehindRow:
    if not note and not (reason and mitigation):
        note = "Reason and mitigation not yet given."
    return {
        "action": action,
        "status": status,
        "label": STATUS_LABELS[status],
        "brag": calculations.brag_for_status(status),
        "reason": reason,
        "mitigation": mitigation,
        "note": note,
    }


# ---------------------------------------------------------------- my actions


@dataclass
class MyAction:
    action: Action
    period: ReportingPeriod | None
    update: ActionUpdate | None
    due: bool
    overdue: bool


def my_actions(
    *, area: LocalArea, user: User, today: date | None = None, include_complete: bool = False
) -> tuple[list[MyAction], list[MilestoneMiss]]:
    """The user's actions (owned, or of a workstream they lead or belong to)
    in the area's active plans, each with its plan's current period, its
    update in it, whether it is due this period (milestone on or before the
    period's end, or no update yet) and whether it is past its milestone.
    Also the actions the last period closes marked Beyond Milestone for them.
    Four queries."""
    today = today or timezone.localdate()
    qs = (
        Action.objects.filter(plan__local_area=area, plan__is_active=True)
        .for_user(user)
        .select_related("plan__local_area", "area_of_concern", "workstream", "owner_user")
        .order_by("plan__name", "sort_key")
    )
    if not include_complete:
        qs = qs.exclude(status__in=calculations.COMPLETED_STATUSES)
    actions = list(qs)
    plan_ids = {a.plan_id for a in actions}
    periods = _periods_by_plan(plan_ids)
    currents = {pid: current_period(periods[pid]) for pid in plan_ids}
    current_ids = [p.pk for p in currents.values() if p is not None and p.is_open]
    updates = {
        (u.action_id, u.period_id): u
        for u in ActionUpdate.objects.filter(period_id__in=current_ids, action__in=[a.pk for a in actions])
    }
    rows: list[MyAction] = []
    for action in actions:
        period = currents.get(action.plan_id)
        if period is not None and not period.is_open:
            period = None
        update = updates.get((action.pk, period.pk)) if period else None
        due = period is not None and not action.is_complete and (update is None or action.milestone <= period.ends_on)
        rows.append(
            MyAction(
                action,
                period,
                update,
                due,
                calculations.is_past_milestone(status=action.status, milestone=action.milestone, on=today),
            )
        )
    misses = list(
        MilestoneMiss.objects.filter(action__plan__local_area=area)
        .filter(Q(owner_user=user) | Q(action__owner_user=user))
        .select_related("action__plan__local_area", "period")
        .order_by("-period__month", "action__sort_key")[:50]
    )
    return rows, misses


# ---------------------------------------------------------------- risks


def risk_register(*, area: LocalArea, include_closed: bool = False) -> QuerySet[Risk]:
    qs = Risk.objects.filter(local_area=area).select_related("owner_user", "workstream", "local_area")
    if not include_closed:
        qs = qs.filter(status=RiskStatus.OPEN)
    return qs.order_by("-score", "reference")


def heat_map(*, risks: Iterable[Risk]) -> list[list[int]]:
    return calculations.heat_map_counts((r.likelihood, r.impact) for r in risks if r.status == RiskStatus.OPEN)


@dataclass
class RiskOverview:
    """What the risk register page and the board pack show of the register."""

    risks: list[Risk]  # every risk listed (open, or with the closed ones too)
    grid: list[list[int]]  # heat_map counts, likelihood 5 first
    # [(likelihood, [(count, RiskBand)] for impact 1–5)], likelihood 5 first
    heat_rows: list[tuple[int, list[tuple[int, calculations.RiskBand]]]]
    open_risks: list[Risk]
    overdue: list[Risk]  # open risks past their review date
    bands: dict[str, int]  # {band label: open risks}

    @property
    def escalated(self) -> list[Risk]:
        """Open very high risks (15–25), escalated to the board, highest first."""
        return [r for r in self.open_risks if r.escalated]


def risk_overview(*, area: LocalArea, today: date, include_closed: bool = False) -> RiskOverview:
    """The register with its 5×5 heat map, band counts and overdue reviews. One query."""
    risks = list(risk_register(area=area, include_closed=include_closed))
    grid = heat_map(risks=risks)
    open_risks = [r for r in risks if r.status == RiskStatus.OPEN]
    likelihoods = [5, 4, 3, 2, 1]
    heat_rows = [
        (li, [(grid[r][c], calculations.risk_band(li * (c + 1))) for c in range(5)]) for r, li in enumerate(likelihoods)
    ]
    bands = {band.label: 0 for band in calculations.RISK_BANDS}
    for risk in open_risks:
        bands[risk.band] += 1
    return RiskOverview(
        risks=risks,
        grid=grid,
        heat_rows=heat_rows,
        open_risks=open_risks,
        overdue=[r for r in open_risks if calculations.is_review_overdue(r.next_review_date, today)],
        bands=bands,
    )


def risk_history(*, risk: Risk) -> tuple[list[RiskReview], list[ChangeRecord]]:
    reviews = list(risk.reviews.select_related("reviewed_by").order_by("-month"))
    changes = list(risk.changes.select_related("user").order_by("-at", "-pk"))
    return reviews, changes


# ---------------------------------------------------------------- meetings


def action_log_at(*, meeting: Meeting) -> QuerySet[ActionLogItem]:
    """The action log as it stood at `meeting`: items raised at it or an
    earlier meeting, not completed at an earlier meeting (so carried
    forward), in the order they were raised."""
    earlier = Q(raised_at__held_on__lte=meeting.held_on)
    completed_before = Q(completed_at__isnull=False) & Q(completed_at__held_on__lt=meeting.held_on)
    return (
        meeting.local_area.improvement_log_items.filter(earlier)
        .exclude(completed_before)
        .select_related("raised_at", "completed_at", "owner_user")
        .order_by("raised_at__held_on", "pk")
    )


@dataclass
class MeetingRecord:
    """A meeting's decisions and its action log as it stood then."""

    meeting: Meeting
    decisions: list[Decision]
    carried: list[ActionLogItem]  # log items raised at an earlier meeting, still open then
    raised: list[ActionLogItem]  # raised at this meeting

    @property
    def log_open_first(self) -> list[ActionLogItem]:
        """The whole log, items not complete first, each part in the order raised."""
        items = self.carried + self.raised
        return sorted(items, key=lambda item: item.status == "complete")


def meeting_record(*, meeting: Meeting) -> MeetingRecord:
    """What the meeting page and the board pack show of a meeting. Three queries."""
    log = list(action_log_at(meeting=meeting))
    return MeetingRecord(
        meeting=meeting,
        decisions=list(meeting.decisions.prefetch_related("options")),
        carried=[i for i in log if i.raised_at_id != meeting.pk],
        raised=[i for i in log if i.raised_at_id == meeting.pk],
    )


def previous_meeting(*, area: LocalArea, before: date) -> Meeting | None:
    """The area's latest board meeting held before the date `before`, or None."""
    return (
        area.improvement_meetings.filter(body="board", held_on__lt=before)
        .select_related("workstream", "local_area")
        .order_by("-held_on", "-pk")
        .first()
    )


# ---------------------------------------------------------------- readiness


def readiness_summary(*, area: LocalArea) -> tuple[list[EvidenceItem], list[tuple[str, str, int]]]:
    """(items by status in EvidenceStatus order, [(status, label, count)])."""
    items = list(EvidenceItem.objects.filter(local_area=area).select_related("owner_user").order_by("title"))
    counts = [(s, label, sum(1 for i in items if i.status == s)) for s, label in EvidenceStatus.choices]
    return items, counts


# ---------------------------------------------------------------- history


def area_history(*, area: LocalArea) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(local_area=area).select_related("user", "action", "risk", "plan")
