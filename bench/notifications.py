"""Time the daily notifications run at national scale: 153 areas, 40
indicators each, 20 people an area (one in ten without an email address), on
PostgreSQL. Goal: under 60 s, with a fixed number of queries per area.

Uses its own database (BENCH_NOTIFICATIONS_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bench_notifications), created and migrated
if missing. The areas come from `generate_scale_data --areas 153 --years 1
--seed 1`; this script adds the people and makes them owners of the
indicators, actions and risks. The day run is the reminder day of the month
after the synthetic values end, so every indicator is owed: the heaviest day.
Mails go to Django's in-memory backend (what is timed is the work, not a
mail server). Prints `figure<TAB>value<TAB>unit` lines.

    python bench/notifications.py [--rebuild]
"""

import argparse
import io
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

from _common import ensure_database, figure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_NOTIFICATIONS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_notifications"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "send_board.settings.test"
os.environ.pop("REDIS_URL", None)

AREAS = 153
PEOPLE = 20
SEED = 1
ROLES = ["performance_lead"] * 2 + ["board_member"] * 3 + ["officer"] * 15


def build(rebuild):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from improvement.models import Action
    from performance.models import Indicator
    from send_board.models import LocalArea, Membership

    User = get_user_model()
    synthetic = LocalArea.objects.filter(code__gte="500", code__lt="700")
    people = Membership.objects.filter(local_area__in=synthetic).count()
    if synthetic.count() == AREAS and people == AREAS * PEOPLE and not rebuild:
        print(f"reusing {AREAS} synthetic areas and {people:,} people")
        areas = list(synthetic.order_by("code"))
        add_risks(areas)
        return areas
    started = time.perf_counter()
    call_command("generate_scale_data", areas=AREAS, years=1, seed=SEED, stdout=io.StringIO())
    User.objects.filter(username__startswith="bench-n-").delete()
    areas = list(synthetic.order_by("code"))
    users = User.objects.bulk_create(
        User(
            username=f"bench-n-{area.code}-{n:02d}",
            first_name=f"Person {n}",
            email="" if n == PEOPLE - 1 else f"p{n}.{area.code}@example.org",
        )
        for area in areas
        for n in range(PEOPLE)
    )
    Membership.objects.bulk_create(
        Membership(user=user, local_area=area, role=ROLES[n])
        for i, area in enumerate(areas)
        for n, user in enumerate(users[i * PEOPLE : (i + 1) * PEOPLE])
    )
    by_area = {area.pk: users[i * PEOPLE : (i + 1) * PEOPLE] for i, area in enumerate(areas)}
    officers = {pk: [u for n, u in enumerate(people) if ROLES[n] == "officer"] for pk, people in by_area.items()}
    indicators = list(Indicator.objects.filter(area__in=areas).order_by("pk"))
    for n, indicator in enumerate(indicators):
        indicator.owner = officers[indicator.area_id][n % 15]
    Indicator.objects.bulk_update(indicators, ["owner"], batch_size=2000)
    actions = list(Action.objects.filter(plan__local_area__in=areas).select_related("plan").order_by("pk"))
    for n, action in enumerate(actions):
        action.owner_user = officers[action.plan.local_area_id][n % 15]
    Action.objects.bulk_update(actions, ["owner_user"], batch_size=2000)
    risks = add_risks(areas)
    print(
        f"built {AREAS} areas, {len(users):,} people, {len(indicators):,} indicators, {len(actions):,} actions, "
        f"{len(risks):,} risks in {time.perf_counter() - started:.0f} s"
    )
    return areas


def add_risks(areas):
    """Ten risks an area, owned by its people, their reviews spread around the day run."""
    from improvement.models import Risk
    from send_board.models import Membership

    if Risk.objects.filter(local_area__in=areas, reference__startswith="BN").exists():
        return []
    people = {}
    for membership in Membership.objects.filter(local_area__in=areas).order_by("user__username"):
        people.setdefault(membership.local_area_id, []).append(membership.user_id)
    review_from = heaviest_day() - timedelta(days=20)
    return Risk.objects.bulk_create(
        Risk(
            local_area=area,
            reference=f"BN{n + 1}",
            title=f"Synthetic risk {n + 1}",
            owner_user_id=people[area.pk][n % PEOPLE],
            likelihood=1 + n % 5,
            impact=1 + (n * 3) % 5,
            score=(1 + n % 5) * (1 + (n * 3) % 5),
            next_review_date=review_from + timedelta(days=4 * n),
        )
        for area in areas
        for n in range(10)
    )


def heaviest_day():
    """The first Monday after the deadline of the month after the synthetic
    values end: every indicator is overdue, and the weekly mails go too."""
    from notifications import calculations
    from performance.scale_data import DEFAULT_END

    month = calculations.previous_month(DEFAULT_END, -1)
    day = calculations.due_date(month) + timedelta(days=1)
    while day.weekday() != calculations.WEEKLY_DAY:
        day += timedelta(days=1)
    return day


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ensure_database(DATABASE_URL)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications import selectors, services
    from notifications.models import Notification

    call_command("migrate", verbosity=0)
    areas = build(args.rebuild)
    today = heaviest_day()
    Notification.objects.all().delete()

    started = time.perf_counter()
    result = services.daily_run(today=today)
    recorded = time.perf_counter() - started
    started = time.perf_counter()
    sent = services.pending_send()
    sending = time.perf_counter() - started
    started = time.perf_counter()
    again = services.daily_run(today=today)
    second = time.perf_counter() - started

    per_area = []
    calendars, choices = selectors.all_calendars(today=today), selectors.choices_for()
    for area in areas:
        with CaptureQueriesContext(connection) as queries:
            run = services.area_drafts(area=area, today=today, calendar=calendars[area.pk], choices=choices)
            services._new_only(run.drafts)
        per_area.append(len(queries))

    print(
        f"day {today:%A %d %B %Y}: {len(result.drafts):,} recorded, {len(sent):,} sent, "
        f"{len(result.unreachable):,} people unreachable; a second run recorded {len(again.drafts)}"
    )
    figure("daily run: work out and record", f"{recorded:.1f}", "s")
    figure("daily run: send (in-memory backend)", f"{sending:.1f}", "s")
    figure("daily run: total (goal < 60 s)", f"{recorded + sending:.1f}", "s")
    figure("second run the same day", f"{second:.1f}", "s")
    figure("notifications recorded", len(result.drafts), "mails")
    figure("queries per area (fewest)", min(per_area), "queries")
    figure("queries per area (most)", max(per_area), "queries")


if __name__ == "__main__":
    main()
