"""Synthetic improvement plans for benchmarks and query-count tests.

`build_plan` writes a plan of any size with bulk inserts: areas of concern,
workstreams, actions with milestones spread over the periods, an update for
every action in every period (a plausible walk through the statuses, with a
reason and a mitigation whenever an action is behind), and the counts each
closed period keeps. `generate` is called by the kernel's
`generate_scale_data` command for its synthetic areas.
"""

import random
from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from . import calculations
from .models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AreaOfConcern,
    PeriodStatus,
    PeriodStatusCount,
    Plan,
    PlanKind,
    ReportingPeriod,
    Workstream,
)

AREA_TITLES = [
    "Information, data and joint commissioning",
    "Quality and timeliness of EHC assessments and annual reviews",
    "Co-production and communication with parents and carers",
    "The graduated response in schools and settings",
    "Parental confidence and strategic oversight",
    "The local offer",
]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _add_months(month, n):
    total = month.year * 12 + month.month - 1 + n
    return date(total // 12, total % 12 + 1, 1)


def _next_status(status, rng, overdue):
    if status in calculations.COMPLETED_STATUSES:
        return ActionStatus.COMPLETE_AND_EMBEDDED if status == ActionStatus.COMPLETE and rng.random() < 0.2 else status
    roll = rng.random()
    if status == ActionStatus.NOT_STARTED:
        return ActionStatus.IN_PROGRESS if roll < 0.5 else status
    if overdue:
        return ActionStatus.COMPLETE if roll < 0.4 else ActionStatus.BEYOND_MILESTONE
    if roll < 0.12:
        return ActionStatus.DELAYED
    if roll < 0.3:
        return ActionStatus.COMPLETE
    return ActionStatus.IN_PROGRESS


@transaction.atomic
def build_plan(
    *,
    area,
    actions=5000,
    periods=24,
    seed=1,
    start=date(2022, 4, 1),
    name="Synthetic WSoA",
    slug="synthetic",
    owner=None,
):
    """A plan of `actions` actions over `periods` monthly periods (all closed
    but the last), with an update for every action in every period. Returns the Plan."""
    rng = random.Random(seed)
    plan = Plan.objects.create(
        local_area=area,
        name=name,
        slug=slug,
        kind=PlanKind.WSOA,
        approved_on=start,
        target_completion=_add_months(start, periods + 6),
    )
    workstreams = [
        Workstream.objects.get_or_create(local_area=area, name=f"Workstream {n} ({slug})")[0]
        for n in range(1, len(AREA_TITLES) + 1)
    ]
    if owner is not None:
        workstreams[0].members.add(owner)
    concerns = AreaOfConcern.objects.bulk_create(
        [
            AreaOfConcern(plan=plan, number=n, title=title, workstream=workstreams[n - 1], lead_name=f"Lead {n}")
            for n, title in enumerate(AREA_TITLES, start=1)
        ]
    )
    months = [_add_months(start, i) for i in range(periods)]
    now = timezone.now()
    period_rows = ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(
                plan=plan,
                month=month,
                label=f"{calculations.month_label(month)}",
                starts_on=month,
                ends_on=_add_months(month, 1) - timedelta(days=1),
                status=PeriodStatus.OPEN if i == periods - 1 else PeriodStatus.CLOSED,
                closed_at=None if i == periods - 1 else now,
            )
            for i, month in enumerate(months)
        ]
    )
    action_rows = []
    for i in range(actions):
        concern = concerns[i % len(concerns)]
        serial = i // len(concerns)
        code = f"{concern.number}.{serial // 26 + 1}.{LETTERS[serial % 26]}"
        action_rows.append(
            Action(
                plan=plan,
                area_of_concern=concern,
                code=code,
                sort_key=calculations.action_sort_key(code),
                title=f"Action {code}",
                owner_user=owner if owner is not None and i % 50 == 0 else None,
                owner_name="" if owner is not None and i % 50 == 0 else f"Officer {i % 40 + 1}",
                workstream=concern.workstream,
                milestone=_add_months(start, rng.randrange(2, periods + 6)) - timedelta(days=1),
                status=ActionStatus.NOT_STARTED,
            )
        )
    action_rows = Action.objects.bulk_create(action_rows, batch_size=2000)
    statuses = {a.pk: ActionStatus.NOT_STARTED for a in action_rows}
    updates, counts = [], []
    for period in period_rows:
        tally = Counter()
        for action in action_rows:
            status = _next_status(statuses[action.pk], rng, overdue=action.milestone <= period.ends_on)
            statuses[action.pk] = status
            behind = calculations.requires_reason(status)
            updates.append(
                ActionUpdate(
                    action=action,
                    period=period,
                    status=status,
                    progress=f"Progress on {action.code} in {period.label}.",
                    evidence_of_impact="Measured in the service scorecard." if rng.random() < 0.3 else "",
                    next_steps="Report to the next board.",
                    reason="Capacity in the team." if behind else "",
                    mitigation="Interim cover agreed." if behind else "",
                )
            )
            tally[(action.area_of_concern_id, status)] += 1
        if period.status == PeriodStatus.CLOSED:
            counts.extend(
                PeriodStatusCount(period=period, area_of_concern_id=concern_id, status=status, count=n)
                for (concern_id, status), n in tally.items()
            )
        if len(updates) >= 20000:
            ActionUpdate.objects.bulk_create(updates, batch_size=5000)
            updates = []
    ActionUpdate.objects.bulk_create(updates, batch_size=5000)
    PeriodStatusCount.objects.bulk_create(counts, batch_size=5000)
    for action in action_rows:
        action.status = statuses[action.pk]
        behind = calculations.requires_reason(action.status)
        action.reason = "Capacity in the team." if behind else ""
        action.mitigation = "Interim cover agreed." if behind else ""
    Action.objects.bulk_update(action_rows, ["status", "reason", "mitigation"], batch_size=2000)
    return plan


def generate(*, areas, years, seed, stdout):
    """For generate_scale_data: one synthetic plan per area, 120 actions, a period a month (at most 24)."""
    periods = max(2, min(24, years * 12))
    for n, area in enumerate(areas):
        if Plan.objects.filter(local_area=area, slug="synthetic").exists():
            continue
        build_plan(area=area, actions=120, periods=periods, seed=seed + n)
    stdout.write(f"improvement: a synthetic plan of 120 actions and {periods} periods in {len(areas)} area(s)")
