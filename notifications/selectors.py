"""What each person of an area owes, must approve or should review: the one
source of both the mails and the in-app list of open items.

Reads ehcp, improvement and performance (their models and selectors), never
writes them. `area_items` makes a fixed number of queries per area, whatever
the number of indicators, actions or people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from ehcp.models import MonthlyReturn, ReturnStatus
from improvement import calculations as improvement_calculations
from improvement.models import Action, ActionUpdate, Meeting, MeetingBody, ReportingPeriod, Risk, RiskStatus
from performance import periods
from performance import selectors as performance_selectors
from performance.models import Commentary, IndicatorValue, ValueState
from performance.publishing.models import Publication
from send_board.models import LocalArea, Membership, Role

from . import calculations
from .models import (
    DEFAULT_OFF,
    USER_KINDS,
    AreaCalendar,
    Delivery,
    IndicatorDueDay,
    Kind,
    Notification,
    Preference,
    Status,
    Subscription,
)

User = get_user_model()

if TYPE_CHECKING:
    from django.contrib.auth.models import User as UserModel

    from performance.models import Indicator

# Values of periods ended this recently are chased for commentary (a month and its deadline).
COMMENTARY_LOOKBACK_DAYS = 45
PUBLISHED_LOOKBACK_DAYS = 7


@dataclass
class Item:
    """One thing a person owes, must approve or should look at, with the page to do it on."""

    kind: str
    text: str
    url: str
    deadline: date | None = None
    note: str = ""
    key: str = ""  # what makes it itself, e.g. 'indicator-value:12'
    period: str = ""
    submitted_at: datetime | None = None
    # A value owed: the indicator ("KPI1 Advice within 6 weeks") and the period's name ("March 2025").
    subject: str = ""
    period_name: str = ""


@dataclass(frozen=True)
class OwedRun:
    """The periods one indicator is still owed for, when there are RUN_FROM
    or more: one line of the open items page, leading to the earliest."""

    first: Item
    last: Item
    count: int

    @property
    def url(self) -> str:
        return self.first.url


# An indicator owed for this many periods or more is listed on one line, not one per period.
RUN_FROM = 4


def listed(items: list[Item]) -> list[Item | OwedRun]:
    """The lines of the open items page for `items`, in their order, except
    that the values one indicator is owed for, when there are RUN_FROM or
    more, become one line (an OwedRun) where the earliest stood. An area
    whose figures stopped years ago owes each indicator every period since:
    its lead would otherwise scroll past thousands of lines to reach an
    approval. The count of items is unchanged; the reminder emails, sent
    for one deadline at a time, still list each period."""
    owed: defaultdict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.kind == Kind.DATA_DUE and item.subject:
            owed[item.subject].append(item)
    lines: list[Item | OwedRun] = []
    for item in items:
        run = owed.get(item.subject) if item.kind == Kind.DATA_DUE and item.subject else None
        if run is None or len(run) < RUN_FROM:
            lines.append(item)
        elif item is run[0]:
            lines.append(OwedRun(first=run[0], last=run[-1], count=len(run)))
    return lines


@dataclass
class Calendar:
    """An area's reporting calendar with its defaults filled in, and the bank holidays."""

    due_working_day: int = calculations.DEFAULT_DUE_WORKING_DAY
    notice_working_days: int = calculations.DEFAULT_NOTICE_WORKING_DAYS
    pack_working_days: int = calculations.DEFAULT_PACK_WORKING_DAYS
    overrides: dict[int, int] = field(default_factory=dict)  # indicator id → due working day
    holidays: set[date] = field(default_factory=set)

    def deadline(self, month: date, indicator_id: int | None = None) -> date:
        day = self.due_working_day if indicator_id is None else self.overrides.get(indicator_id, self.due_working_day)
        return calculations.due_date(month, day, self.holidays)

    def notice(self, deadline: date) -> date:
        return calculations.notice_date(deadline, self.notice_working_days, self.holidays)

    def pack(self, meeting_day: date) -> date:
        return calculations.pack_date(meeting_day, self.pack_working_days, self.holidays)


def _calendar(stored: AreaCalendar | None, overrides: dict[int, int], today: date) -> Calendar:
    return Calendar(
        due_working_day=stored.due_working_day if stored else calculations.DEFAULT_DUE_WORKING_DAY,
        notice_working_days=stored.notice_working_days if stored else calculations.DEFAULT_NOTICE_WORKING_DAYS,
        pack_working_days=stored.pack_working_days if stored else calculations.DEFAULT_PACK_WORKING_DAYS,
        overrides=overrides,
        holidays=calculations.bank_holidays({today.year - 1, today.year, today.year + 1}),
    )


def area_calendar(*, area: LocalArea, today: date) -> Calendar:
    """The area's calendar (two queries)."""
    stored = AreaCalendar.objects.filter(area=area).first()
    overrides = dict(
        IndicatorDueDay.objects.filter(indicator__area=area).values_list("indicator_id", "due_working_day")
    )
    return _calendar(stored, overrides, today)


def all_calendars(*, today: date) -> defaultdict[int, Calendar]:
    """{area id: Calendar} for every area (two queries; an area missing uses the defaults)."""
    stored = {c.area_id: c for c in AreaCalendar.objects.all()}
    overrides: defaultdict[int, dict[int, int]] = defaultdict(dict)
    for area_id, indicator_id, day in IndicatorDueDay.objects.values_list(
        "indicator__area_id", "indicator_id", "due_working_day"
    ):
        overrides[area_id][indicator_id] = day
    areas = set(stored) | set(overrides)
    default = _calendar(None, {}, today)
    return defaultdict(lambda: default, {pk: _calendar(stored.get(pk), overrides[pk], today) for pk in areas})


@dataclass
class AreaItems:
    """Everything open in one area on one day, by person."""

    area: LocalArea
    today: date
    calendar: Calendar
    members: dict[int, tuple[UserModel, str]]  # user id → (user, role)
    by_user: dict[int, list[Item]] = field(default_factory=lambda: defaultdict(list))  # user id → [Item]
    meeting: Meeting | None = None
    pack_date: date | None = None

    def add(self, user_id: int | None, item: Item) -> None:
        if user_id in self.members:
            self.by_user[user_id].append(item)

    def items_for(self, user_id: int, kind: str | None = None) -> list[Item]:
        return [i for i in self.by_user.get(user_id, []) if kind is None or i.kind == kind]

    def role_ids(self, role: str) -> list[int]:
        return [pk for pk, (_user, r) in self.members.items() if r == role]


def _month_name(month: date) -> str:
    return f"{month:%B %Y}"


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def area_items(*, area: LocalArea, today: date, calendar: Calendar | None = None, reviews: bool = True) -> AreaItems:
    """Every open item of the area's people on `today` (see the module's
    docstring); without `reviews`, no risk reviews or milestones (the daily run
    mails those on Mondays only)."""
    calendar = calendar or area_calendar(area=area, today=today)
    members = {
        m.user_id: (m.user, m.role)
        for m in Membership.objects.filter(local_area=area).select_related("user").order_by("user__username")
    }
    result = AreaItems(area=area, today=today, calendar=calendar, members=members)
    _data_due(result)
    _commentary(result)
    if reviews:
        _reviews(result)
    _approvals(result)
    return result


def _reporting_months(area: LocalArea, today: date) -> list[date]:
    """The months whose values and returns are chased: the month the area
    reports on and the one before. For a real area, last month (due this
    month) and the month before (overdue if still owed); for an area with
    an as-at month (the demo's, whose data ends on a date), that month and
    the one before, as its dashboard's Data due reads them, so that nothing
    is chased merely because the calendar moved on."""
    month = performance_selectors.reporting_month(area=area, today=today)
    return [month, calculations.previous_month(month)]


def _data_due(result: AreaItems) -> None:
    area, today, calendar = result.area, result.today, result.calendar
    leads = result.role_ids(Role.PERFORMANCE_LEAD)
    officers = result.role_ids(Role.OFFICER) or leads
    seen: set[tuple[int, date]] = set()
    months = _reporting_months(area, today)
    for month in months:
        for due in performance_selectors.data_due(area=area, month=month):
            indicator = due.indicator
            if (indicator.pk, due.period) in seen:
                continue
            seen.add((indicator.pk, due.period))
            period_end = periods.period_end(indicator.frequency, due.period)
            deadline = calendar.deadline(period_end.replace(day=1), indicator.pk)
            code = indicator.period_code(due.period)
            url = (
                reverse("performance:value_edit", args=[area.code, indicator.code, code])
                if due.value
                else reverse("performance:value_create", args=[area.code, indicator.code]) + f"?period={code}"
            )
            item = Item(
                kind=Kind.DATA_DUE,
                text=f"{indicator.code} {indicator.name}: {due.period_name}",
                url=url,
                deadline=deadline,
                note=due.status if indicator.owner_id else f"{due.status}; the indicator has no owner",
                key=f"indicator:{indicator.pk}:{code}",
                subject=f"{indicator.code} {indicator.name}",
                period_name=due.period_name,
            )
            for user_id in [indicator.owner_id] if indicator.owner_id else leads:
                result.add(user_id, item)
    returns = {
        r.month: r
        for r in MonthlyReturn.objects.filter(local_area=area, month__gte=calculations.previous_month(months[-1], 12))
    }
    if returns:  # an area that has never made an EHCP return is not chased for one
        for month in months:
            existing = returns.get(month)
            if existing is not None and existing.status != ReturnStatus.DRAFT:
                continue
            url = (
                reverse("ehcp:return_edit", args=[area.code, existing.pk])
                if existing
                else reverse("ehcp:return_create", args=[area.code])
            )
            item = Item(
                kind=Kind.DATA_DUE,
                text=f"EHCP return for {_month_name(month)}",
                url=url,
                deadline=calendar.deadline(month),
                note="Draft not submitted" if existing else "Not entered",
                key=f"ehcp-return:{month:%Y-%m}",
            )
            for user_id in officers:
                result.add(user_id, item)
    periods_open = {
        p.plan_id: p
        for p in ReportingPeriod.objects.filter(
            plan__local_area=area, plan__is_active=True, status="open", month__in=months
        ).order_by("month")
    }
    if periods_open:
        actions = list(
            Action.objects.filter(plan_id__in=periods_open, owner_user__isnull=False)
            .exclude(status__in=improvement_calculations.COMPLETED_STATUSES)
            .select_related("plan")
            .order_by("plan__name", "sort_key")
        )
        updated = set(
            ActionUpdate.objects.filter(
                period__in=periods_open.values(), action__in=[a.pk for a in actions]
            ).values_list("action_id", "period_id")
        )
        for action in actions:
            period = periods_open[action.plan_id]
            if (action.pk, period.pk) in updated:
                continue
            result.add(
                action.owner_user_id,
                Item(
                    kind=Kind.DATA_DUE,
                    text=f"Update on action {action.code} {action.title} ({action.plan.name}, {period.label})",
                    url=reverse("improvement:action_update", args=[area.code, action.plan.slug, action.code]),
                    deadline=calendar.deadline(period.month),
                    note="No update for the period yet",
                    key=f"action:{action.pk}:{period.pk}",
                ),
            )


def next_board_meeting(*, area: LocalArea, today: date) -> Meeting | None:
    return (
        Meeting.objects.filter(local_area=area, body=MeetingBody.BOARD, held_on__gte=today)
        .order_by("held_on", "pk")
        .first()
    )


def commentary_candidates(*, values: list[IndicatorValue]) -> list[IndicatorValue]:
    """Of approved IndicatorValues (with rating and indicator selected), those
    that need exception commentary and have none yet. One query."""
    values = [v for v in values if getattr(v, "rating", None) is not None and v.indicator.owner_id]
    needing = [
        v
        for v in values
        if calculations.needs_commentary(
            rag=v.rating.rag,
            direction=v.rating.direction,
            value=v.value,
            previous_value=v.rating.previous_value,
            tolerance=v.rating.tolerance,
        )
    ]
    if not needing:
        return []
    written = set(
        Commentary.objects.filter(
            indicator_id__in={v.indicator_id for v in needing}, period__in={v.period for v in needing}
        ).values_list("indicator_id", "period")
    )
    return [v for v in needing if (v.indicator_id, v.period) not in written]


def commentary_item(value: IndicatorValue, area: LocalArea, meeting: Meeting | None, pack: date | None) -> Item:
    indicator = value.indicator
    if value.rating.rag == "red":
        reason = "rated red against its target"
    else:
        reason = "worse than the previous period by more than its tolerance"
    when = (
        f"before the board pack goes out on {_day(pack)} for the meeting on {_day(meeting.held_on)}"
        if meeting and pack
        else "before the next board meeting (none is in the calendar yet)"
    )
    return Item(
        kind=Kind.COMMENTARY,
        text=f"{indicator.code} {indicator.name}, {value.period_name}: {reason}",
        url=reverse("performance:commentary_edit", args=[area.code, indicator.code]) + f"?period={value.period_code}",
        deadline=pack,
        note=f"Write the exception commentary {when}.",
        key=f"indicator-value:{value.pk}",
        period=value.period_code,
        period_name=value.period_name,
    )


def _commentary(result: AreaItems) -> None:
    area, today = result.area, result.today
    result.meeting = next_board_meeting(area=area, today=today)
    result.pack_date = result.calendar.pack(result.meeting.held_on) if result.meeting else None
    values = IndicatorValue.objects.filter(
        indicator__area=area,
        state=ValueState.APPROVED,
        period_end__gte=today - timedelta(days=COMMENTARY_LOOKBACK_DAYS),
        period_end__lte=today,
    ).select_related("rating", "indicator", "indicator__area")
    for value in commentary_candidates(values=list(values)):
        result.add(value.indicator.owner_id, commentary_item(value, area, result.meeting, result.pack_date))


def _reviews(result: AreaItems) -> None:
    area, today = result.area, result.today
    horizon = today + timedelta(days=calculations.REVIEW_HORIZON_DAYS)
    for risk in Risk.objects.filter(
        local_area=area, status=RiskStatus.OPEN, owner_user__isnull=False, next_review_date__lte=horizon
    ).order_by("next_review_date", "reference"):
        overdue = risk.next_review_date < today
        result.add(
            risk.owner_user_id,
            Item(
                kind=Kind.REVIEWS,
                text=f"Risk {risk.reference} {risk.title}: review {'overdue since' if overdue else 'due'} "
                f"{_day(risk.next_review_date)}",
                url=reverse("improvement:risk_review", args=[area.code, risk.pk]),
                deadline=risk.next_review_date,
                note="Overdue" if overdue else "Due within 14 days",
                key=f"risk:{risk.pk}",
            ),
        )
    month_end = calculations.month_end(today)
    for action in (
        Action.objects.filter(
            plan__local_area=area, plan__is_active=True, owner_user__isnull=False, milestone__lte=month_end
        )
        .exclude(status__in=improvement_calculations.COMPLETED_STATUSES)
        .select_related("plan")
        .order_by("milestone", "sort_key")
    ):
        passed = action.milestone < today
        result.add(
            action.owner_user_id,
            Item(
                kind=Kind.REVIEWS,
                text=f"Action {action.code} {action.title}: milestone {'passed on' if passed else 'due'} "
                f"{_day(action.milestone)}",
                url=reverse("improvement:action_detail", args=[area.code, action.plan.slug, action.code]),
                deadline=action.milestone,
                note=f"{action.get_status_display()}; milestone passed" if passed else "Milestone this month",
                key=f"milestone:{action.pk}",
            ),
        )


def _approvals(result: AreaItems) -> None:
    area = result.area
    leads = result.role_ids(Role.PERFORMANCE_LEAD)
    if not leads:
        return
    items = [
        Item(
            kind=Kind.APPROVALS,
            text=f"EHCP return for {_month_name(r.month)}",
            url=reverse("ehcp:return_detail", args=[area.code, r.pk]),
            note=f"Submitted by {r.submitted_by.get_full_name() or r.submitted_by}" if r.submitted_by else "Submitted",
            key=f"ehcp-return:{r.pk}",
            submitted_at=r.submitted_at,
        )
        for r in MonthlyReturn.objects.filter(local_area=area, status=ReturnStatus.SUBMITTED)
        .select_related("submitted_by")
        .order_by("month")
    ]
    approvals_url = reverse("performance:approvals", args=[area.code])
    for value in performance_selectors.awaiting_approval(area=area):
        items.append(
            Item(
                kind=Kind.APPROVALS,
                text=f"{value.indicator.code} {value.indicator.name}: {value.period_name}",
                url=approvals_url,
                note=f"Submitted by {value.submitted_by.get_full_name() or value.submitted_by}"
                if value.submitted_by
                else "Submitted",
                key=f"indicator-value:{value.pk}",
                submitted_at=value.submitted_at,
            )
        )
    for user_id in leads:
        for item in items:
            result.add(user_id, item)


# ---------------------------------------------------------------- people's choices


@dataclass(frozen=True)
class Choice:
    enabled: bool
    delivery: str

    @property
    def label(self) -> str:
        if not self.enabled:
            return "Off"
        return Delivery(self.delivery).label


def default_choice(kind: str) -> Choice:
    return Choice(enabled=kind not in DEFAULT_OFF, delivery=Delivery.IMMEDIATE)


def choices_for(*, user_ids: list[int] | None = None) -> dict[int, dict[str, Choice]]:
    """{user id: {kind: Choice}} with defaults filled in (every user's, without
    `user_ids`: a user missing has the defaults). One query."""
    stored: defaultdict[int, dict[str, Choice]] = defaultdict(dict)
    prefs = Preference.objects.all() if user_ids is None else Preference.objects.filter(user_id__in=user_ids)
    for pref in prefs:
        stored[pref.user_id][pref.kind] = Choice(pref.enabled, pref.delivery)
    defaults: dict[str, Choice] = {kind: default_choice(kind) for kind in USER_KINDS}
    if user_ids is None:
        return defaultdict(lambda: defaults, {pk: {**defaults, **kinds} for pk, kinds in stored.items()})
    return {user_id: {**defaults, **stored[user_id]} for user_id in user_ids}


def last_sent(*, kind: str, area: LocalArea, recipients: list[str]) -> dict[str, datetime]:
    """{recipient key: when the latest notification of `kind` about `area` was recorded}."""
    return dict(
        Notification.objects.filter(kind=kind, area=area, recipient__in=recipients)
        .values("recipient")
        .annotate(latest=Max("created_at"))
        .values_list("recipient", "latest")
    )


def recent_publications(*, area: LocalArea, today: date) -> list[Publication]:
    """Publications (and corrections) of the area made in the last week, not withdrawn."""
    return list(
        Publication.objects.filter(
            area=area,
            published_at__date__gte=today - timedelta(days=PUBLISHED_LOOKBACK_DAYS),
            published_at__date__lte=today,
            withdrawal__isnull=True,
        )
        .select_related("area", "supersedes")
        .order_by("published_at")
    )


def active_subscriptions(*, area: LocalArea) -> list[Subscription]:
    return list(
        Subscription.objects.filter(area=area, confirmed_at__isnull=False, unsubscribed_at__isnull=True).order_by(
            "email"
        )
    )


# ---------------------------------------------------------------- pages


class DueDates(TypedDict):
    month: date
    deadline: date
    notice: date


def user_open_items(*, user: UserModel, today: date | None = None) -> list[tuple[LocalArea, list[Item]]]:
    """[(area, [Item])] of every area the user has a role in, with items."""
    today = today or timezone.localdate()
    out = []
    for area in LocalArea.objects.filter(memberships__user=user).order_by("name"):
        items = area_items(area=area, today=today).items_for(user.pk)
        if items:
            out.append((area, items))
    return out


def areas_managed(*, user: UserModel) -> list[LocalArea]:
    """The areas whose notifications the user may manage (performance lead; administrators: all)."""
    if user.is_superuser:
        return list(LocalArea.objects.order_by("name"))
    return list(
        LocalArea.objects.filter(memberships__user=user, memberships__role=Role.PERFORMANCE_LEAD).order_by("name")
    )


def open_item_count(*, user: UserModel, today: date | None = None) -> int:
    return sum(len(items) for _area, items in user_open_items(user=user, today=today))


@dataclass
class Recipient:
    user: UserModel
    role: str
    choices: dict[str, Choice]  # kind → Choice
    open_items: int

    @property
    def reachable(self) -> bool:
        return bool(self.user.email)

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def area_recipients(*, area: LocalArea, today: date | None = None) -> list[Recipient]:
    """Who of the area receives what, and who cannot be reached (no email address)."""
    today = today or timezone.localdate()
    items = area_items(area=area, today=today)
    choices = choices_for(user_ids=list(items.members))
    return [
        Recipient(user=user, role=role, choices=choices[user_id], open_items=len(items.items_for(user_id)))
        for user_id, (user, role) in items.members.items()
    ]


def area_log(*, area: LocalArea, limit: int = 50) -> tuple[list[Notification], list[Notification]]:
    """The area's latest notifications, failed ones first."""
    failed = list(
        Notification.objects.filter(area=area, status=Status.FAILED).select_related("user", "subscription")[:limit]
    )
    recent = list(
        Notification.objects.filter(area=area)
        .exclude(status=Status.FAILED)
        .select_related("user", "subscription")[:limit]
    )
    return failed, recent


def subscriber_counts(*, area: LocalArea) -> dict[str, int]:
    qs = Subscription.objects.filter(area=area)
    return {
        "active": qs.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).count(),
        "waiting": qs.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True).count(),
    }


def due_dates(*, area: LocalArea, today: date) -> tuple[Calendar, list[DueDates]]:
    """The next few months' deadlines and reminder days, for the lead's page."""
    calendar = area_calendar(area=area, today=today)
    rows: list[DueDates] = []
    for month in [calculations.previous_month(today.replace(day=1), n) for n in (1, 0, -1)]:
        deadline = calendar.deadline(month)
        rows.append({"month": month, "deadline": deadline, "notice": calendar.notice(deadline)})
    return calendar, rows


def indicators_with_due_days(*, area: LocalArea) -> list[Indicator]:
    from performance.models import Indicator

    overrides = dict(
        IndicatorDueDay.objects.filter(indicator__area=area).values_list("indicator_id", "due_working_day")
    )
    indicators = list(Indicator.objects.filter(area=area).order_by("code").only("pk", "code", "name"))
    for indicator in indicators:
        indicator.due_working_day = overrides.get(indicator.pk)
    return indicators
