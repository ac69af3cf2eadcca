"""Writes of notifications: work out what is due, record it, send it once.

Each notification is recorded BEFORE it is sent, under the unique
constraint (kind, recipient, subject, period); a sender claims a row with a
conditional UPDATE (pending → sending) and only the claimer sends it. So a
retry, a second run the same day or two workers at once send nothing twice.
A failed send goes back to pending with a later `next_attempt_at` (5, 20,
80 minutes) and is failed after MAX_ATTEMPTS tries, which the area's
performance leads see.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import smtplib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from send_board.models import LocalArea, Role
from send_board.queue import enqueue_on_commit

from . import calculations, messages, selectors, tokens
from .models import (
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
from .tasks import send_notifications

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.mail.backends.base import BaseEmailBackend

    from performance.models import Indicator
    from performance.publishing.models import Publication

    from .messages import Draft
    from .selectors import AreaItems, Calendar, Choice, Item

logger = logging.getLogger(__name__)

# A row left 'sending' this long (its worker died) may be claimed again.
STALE_CLAIM = timedelta(minutes=15)
SEND_ERRORS: tuple[type[Exception], ...] = (smtplib.SMTPException, OSError)


# ---------------------------------------------------------------- what is due


@dataclass
class AreaRun:
    area: LocalArea
    drafts: list[Draft] = field(default_factory=list)
    unreachable: list[User] = field(default_factory=list)  # users with items and no email address


def _apply_choice(draft: Draft, choices: dict[int, dict[str, Choice]]) -> Draft | None:
    """Set the draft's status from the person's choice, or None when they turned the kind off."""
    if draft.user is None:
        return draft
    choice = choices.get(draft.user.pk, {}).get(draft.kind) or selectors.default_choice(draft.kind)
    if not choice.enabled:
        return None
    if choice.delivery == Delivery.DIGEST:
        draft.status = Status.HELD
    return draft


def area_drafts(
    *,
    area: LocalArea,
    today: date,
    calendar: Calendar | None = None,
    choices: dict[int, dict[str, Choice]] | None = None,
) -> AreaRun:
    """Every notification due in the area on `today`, not yet filtered against
    the log. A fixed number of queries, whatever the area's size (fewer when
    the daily run passes every area's calendar and people's choices)."""
    weekly = today.weekday() == calculations.WEEKLY_DAY
    items = selectors.area_items(area=area, today=today, calendar=calendar, reviews=weekly)
    if choices is None:
        choices = selectors.choices_for(user_ids=list(items.members))
    run = AreaRun(area=area)
    drafts: list[Draft] = []
    leads = items.role_ids(Role.PERFORMANCE_LEAD)
    last_approvals = selectors.last_sent(kind=Kind.APPROVALS, area=area, recipients=[f"user:{pk}" for pk in leads])
    for user_id, (user, _role) in items.members.items():
        user_items = items.items_for(user_id)
        if not user_items:
            continue
        if not user.email:
            run.unreachable.append(user)
            continue
        for (deadline, group_stage), grouped in _data_due_groups(items, user_id, today):
            drafts.append(
                messages.data_due(
                    area=area, user=user, items=grouped, deadline=deadline, stage=group_stage, today=today
                )
            )
        for item in items.items_for(user_id, Kind.COMMENTARY):
            drafts.append(messages.commentary(area=area, user=user, item=item))
        reviews = items.items_for(user_id, Kind.REVIEWS)
        if weekly and reviews:
            drafts.append(
                messages.reviews(area=area, user=user, items=reviews, today=today, week=calculations.week_key(today))
            )
        waiting = items.items_for(user_id, Kind.APPROVALS)
        last = last_approvals.get(f"user:{user_id}")
        if waiting and (last is None or any(i.submitted_at and i.submitted_at > last for i in waiting)):
            drafts.append(messages.approvals(area=area, user=user, items=waiting, today=today))
    members = [user for user, _role in items.members.values()]
    for publication in selectors.recent_publications(area=area, today=today):
        drafts.extend(_publication_drafts(area, publication, members, choices))
    run.drafts = [d for d in (_apply_choice(d, choices) for d in drafts) if d is not None]
    return run


def _data_due_groups(items: AreaItems, user_id: int, today: date) -> list[tuple[tuple[date, str], list[Item]]]:
    """A user's data-due items that a reminder is due for today, grouped by
    (deadline, reminder stage), in deadline order."""
    groups: defaultdict[tuple[date, str], list[Item]] = defaultdict(list)
    for item in items.items_for(user_id, Kind.DATA_DUE):
        if item.deadline is None:  # every item of data due has its deadline
            continue
        stage = calculations.reminder_stage(today, item.deadline, items.calendar.notice(item.deadline))
        if stage:
            groups[(item.deadline, stage)].append(item)
    return sorted(groups.items())


def _publication_drafts(
    area: LocalArea, publication: Publication, members: list[User], choices: dict[int, dict[str, Choice]]
) -> list[Draft]:
    drafts = [
        messages.published(area=area, publication=publication, subscription=subscription)
        for subscription in selectors.active_subscriptions(area=area)
    ]
    for user in members:
        if user.email and choices[user.pk][Kind.PUBLISHED].enabled:
            drafts.append(messages.published(area=area, publication=publication, user=user))
    return drafts


def _new_only(drafts: Sequence[Draft]) -> list[Draft]:
    """The drafts not yet in the log (one query)."""
    if not drafts:
        return []
    recorded = set(
        Notification.objects.filter(
            kind__in={d.kind for d in drafts},
            recipient__in={d.recipient for d in drafts},
            period__in={d.period for d in drafts},
        ).values_list("kind", "recipient", "subject", "period")
    )
    fresh: list[Draft] = []
    seen: set[tuple[str, str, str, str]] = set()
    for draft in drafts:
        if draft.key not in recorded and draft.key not in seen:
            seen.add(draft.key)
            fresh.append(draft)
    return fresh


def notifications_record(drafts: Sequence[Draft], *, fresh: bool = False) -> list[Notification]:
    """Record drafts not yet in the log (`fresh`: already checked); a row
    another run recorded meanwhile is left alone (the unique constraint).
    Returns the rows this call created."""
    fresh_drafts = drafts if fresh else _new_only(drafts)
    if not fresh_drafts:
        return []
    started = timezone.now()
    Notification.objects.bulk_create([d.to_notification() for d in fresh_drafts], ignore_conflicts=True)
    return list(
        Notification.objects.filter(
            kind__in={d.kind for d in fresh_drafts},
            recipient__in={d.recipient for d in fresh_drafts},
            period__in={d.period for d in fresh_drafts},
            created_at__gte=started,
        ).filter(_keys_q(fresh_drafts))
    )


def _keys_q(drafts: Sequence[Draft]) -> Q:
    q = Q()
    for d in drafts:
        q |= Q(kind=d.kind, recipient=d.recipient, subject=d.subject, period=d.period)
    return q


@dataclass
class DailyResult:
    today: date
    drafts: list[Draft] = field(default_factory=list)  # what was (or, dry, would be) recorded
    unreachable: list[tuple[LocalArea, User]] = field(default_factory=list)
    digests: list[Draft] = field(default_factory=list)


def daily_run(*, today: date, dry_run: bool = False, areas: Iterable[LocalArea] | None = None) -> DailyResult:
    """Work out and record everything due on `today` in every area (or
    `areas`), then on Mondays build the weekly digests. With dry_run nothing
    is written and the result lists what would be recorded."""
    result = DailyResult(today=today)
    calendars = selectors.all_calendars(today=today)
    choices = selectors.choices_for()
    for area in areas if areas is not None else LocalArea.objects.order_by("name"):
        run = area_drafts(area=area, today=today, calendar=calendars[area.pk], choices=choices)
        fresh = _new_only(run.drafts)
        if not dry_run and fresh:
            Notification.objects.bulk_create([d.to_notification() for d in fresh], ignore_conflicts=True)
        result.drafts.extend(fresh)
        result.unreachable.extend((area, user) for user in run.unreachable)
    if today.weekday() == calculations.WEEKLY_DAY:
        result.digests = digests_build(today=today, dry_run=dry_run, held_now=result.drafts if dry_run else ())
    return result


def digests_build(*, today: date, dry_run: bool = False, held_now: Sequence[Draft] = ()) -> list[Draft]:
    """One weekly mail per person combining their held notifications."""
    week = calculations.week_key(today)
    held: defaultdict[int, list[Notification]] = defaultdict(list)
    for notification in (
        Notification.objects.filter(status=Status.HELD, user__isnull=False)
        .select_related("area", "user")
        .order_by("user_id", "created_at", "pk")
    ):
        if notification.user_id is not None:  # filtered above
            held[notification.user_id].append(notification)
    for draft in held_now:
        if draft.status == Status.HELD and draft.user is not None:  # only a user's drafts are held
            held[draft.user.pk].append(draft.to_notification())
    drafts = [messages.digest(user=items[0].user, held=items, week=week) for items in held.values()]
    fresh = _new_only(drafts)
    if dry_run or not fresh:
        return fresh
    created = {n.recipient: n for n in notifications_record(fresh, fresh=True)}
    for draft in fresh:
        digest = created.get(draft.recipient)
        if digest is not None and draft.user is not None:  # a digest is a user's
            Notification.objects.filter(pk__in=[n.pk for n in held[draft.user.pk]], status=Status.HELD).update(
                status=Status.DIGESTED, digest=digest
            )
    return fresh


# ---------------------------------------------------------------- sending


def _sendable(now: datetime) -> Q:
    """Pending and due, or left 'sending' by a worker that died."""
    due = Q(status=Status.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    return due | Q(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)


def _claim(ids: list[int], now: datetime) -> list[int]:
    """Claim these notifications for this sender with one conditional UPDATE
    (pending → sending, stamped with this sender's own claim time); returns
    the ids it won. A row another sender claimed first is not matched."""
    if not ids:
        return []
    stamp = now + timedelta(microseconds=secrets.randbelow(1_000_000))
    Notification.objects.filter(pk__in=ids).filter(_sendable(now)).update(
        status=Status.SENDING, claimed_at=stamp, attempts=F("attempts") + 1
    )
    return list(
        Notification.objects.filter(pk__in=ids, status=Status.SENDING, claimed_at=stamp).values_list("pk", flat=True)
    )


def _message(notification: Notification, connection: BaseEmailBackend) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject_line,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email],
        headers=notification.headers,
        connection=connection,
    )
    message.attach_alternative(notification.body_html, "text/html")
    return message


def _failed(notification: Notification, error: Exception, now: datetime) -> None:
    attempts = notification.attempts  # the claim counted this try
    changes: dict[str, object]
    if attempts >= calculations.MAX_ATTEMPTS:
        changes = {"status": Status.FAILED, "next_attempt_at": None}
        logger.error("Notification %s failed after %s tries: %s", notification.pk, attempts, error)
    else:
        changes = {
            "status": Status.PENDING,
            "next_attempt_at": now + timedelta(minutes=calculations.retry_delay_minutes(attempts)),
        }
        logger.warning("Notification %s not sent (try %s): %s", notification.pk, attempts, error)
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        last_error=f"{type(error).__name__}: {error}"[:2000], **changes
    )


def _release(ids: list[int]) -> None:
    """Hand back claimed rows this sender did not try (the server went down)."""
    if ids:
        Notification.objects.filter(pk__in=ids, status=Status.SENDING).update(
            status=Status.PENDING, attempts=F("attempts") - 1
        )


SEND_BATCH = 500


def pending_send(
    *,
    now: datetime | None = None,
    ids: list[int] | None = None,
    echo: Callable[[Notification], object] | None = None,
) -> list[Notification]:
    """Send every notification due for sending (or those of `ids`), claimed in
    batches. One SMTP connection; when the server cannot be reached, the rest
    is left pending for the next sweep. Returns the sent ones."""
    now = now or timezone.now()
    candidates = Notification.objects.filter(_sendable(now))
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    candidate_ids = list(candidates.order_by("created_at", "pk").values_list("pk", flat=True))
    sent: list[Notification] = []
    connection = get_connection(fail_silently=False)
    try:
        for start in range(0, len(candidate_ids), SEND_BATCH):
            won = _claim(candidate_ids[start : start + SEND_BATCH], now)
            batch = list(Notification.objects.filter(pk__in=won).order_by("created_at", "pk"))
            done: list[Notification] = []
            server_down = False
            for position, notification in enumerate(batch):
                try:
                    _message(notification, connection).send()
                except SEND_ERRORS as error:
                    _failed(notification, error, now)
                    if isinstance(error, OSError | smtplib.SMTPServerDisconnected):
                        _release([n.pk for n in batch[position + 1 :]])
                        server_down = True
                        break
                    continue
                done.append(notification)
                if echo:
                    echo(notification)
            if done:
                Notification.objects.filter(pk__in=[n.pk for n in done], status=Status.SENDING).update(
                    status=Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
                )
                sent.extend(done)
            if server_down:
                break
    finally:
        with contextlib.suppress(*SEND_ERRORS):
            connection.close()
    return sent


def send_after_commit(notifications: Iterable[Notification]) -> None:
    """Queue the sending of freshly recorded notifications once the transaction commits."""
    ids = [n.pk for n in notifications if n.status == Status.PENDING]
    if ids:
        enqueue_on_commit(send_notifications, ids=ids)


# ---------------------------------------------------------------- as things happen


class RatingNotReady(Exception):
    """The approved value's rating is still being computed."""


def commentary_notify(*, value_id: int, today: date | None = None) -> list[Notification]:
    """Ask the owner of an approved value for exception commentary, if it
    needs some (red, or worse by more than the tolerance) and has none."""
    from performance.models import IndicatorValue, ValueState

    today = today or timezone.localdate()
    value = (
        IndicatorValue.objects.select_related("rating", "indicator", "indicator__area", "indicator__owner")
        .filter(pk=value_id, state=ValueState.APPROVED)
        .first()
    )
    if value is None or value.indicator.owner is None:
        return []
    rating = getattr(value, "rating", None)
    if rating is None or rating.computed_at < value.approved_at:
        raise RatingNotReady(value_id)
    if not selectors.commentary_candidates(values=[value]):
        return []
    area, owner = value.indicator.area, value.indicator.owner
    if not owner.email or not area.memberships.filter(user=owner).exists():
        return []
    calendar = selectors.area_calendar(area=area, today=today)
    meeting = selectors.next_board_meeting(area=area, today=today)
    pack = calendar.pack(meeting.held_on) if meeting else None
    item = selectors.commentary_item(value, area, meeting, pack)
    draft = _apply_choice(
        messages.commentary(area=area, user=owner, item=item), selectors.choices_for(user_ids=[owner.pk])
    )
    created = notifications_record([draft]) if draft else []
    send_after_commit(created)
    return created


def publication_notify(*, publication_id: int, today: date | None = None) -> list[Notification]:
    """Tell the area's subscribers (and users who asked) of a new publication or correction."""
    from performance.publishing.models import Publication

    publication = Publication.objects.select_related("area", "supersedes").filter(pk=publication_id).first()
    if publication is None or hasattr(publication, "withdrawal"):
        return []
    area = publication.area
    members = [m.user for m in area.memberships.select_related("user")]
    choices = selectors.choices_for(user_ids=[u.pk for u in members])
    drafts = [
        d for d in (_apply_choice(d, choices) for d in _publication_drafts(area, publication, members, choices)) if d
    ]
    created = notifications_record(drafts)
    send_after_commit(created)
    return created


# ---------------------------------------------------------------- subscriptions


def subscription_request(*, area: LocalArea, email: str | None) -> Subscription:
    """Someone asks for an area's publication news. Refuses a malformed
    address (ValidationError); otherwise records a confirmation mail (double
    opt-in) unless the address is already subscribed or was sent one in the
    last few minutes. The answer is the same either way, so the page does
    not reveal who is subscribed."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter an email address in the correct format, like name@example.com"}
        ) from None
    now = timezone.now()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            area=area, email=email, defaults={"requested_at": now}
        )
        if not created:
            if subscription.is_active:
                return subscription
            if subscription.requested_at > now - timedelta(minutes=5) and subscription.unsubscribed_at is None:
                return subscription
            subscription.nonce = Subscription._meta.get_field("nonce").default()
            subscription.requested_at = now
            subscription.confirmed_at = None
            subscription.unsubscribed_at = None
            subscription.save()
        created_rows = notifications_record([messages.confirmation(area=area, subscription=subscription)])
        send_after_commit(created_rows)
    return subscription


@dataclass
class LinkOutcome:
    ok: bool
    reason: str  # confirmed, unsubscribed, expired, invalid, used
    area: LocalArea | None = None
    what: str = ""


def confirmation_check(*, token: str) -> LinkOutcome:
    """What the confirmation link would do, without doing it (the GET page)."""
    try:
        data = tokens.read(token, salt=tokens.CONFIRM_SALT, max_age=tokens.CONFIRM_MAX_AGE)
    except tokens.BadLink as bad:
        return LinkOutcome(False, bad.reason)
    subscription = Subscription.objects.select_related("area").filter(pk=data.get("s")).first()
    if subscription is None or subscription.nonce != data.get("n"):
        return LinkOutcome(False, "invalid")
    if subscription.confirmed_at is not None or subscription.unsubscribed_at is not None:
        return LinkOutcome(False, "used", subscription.area)
    return LinkOutcome(True, "confirm", subscription.area, subscription.email)


def subscription_confirm(*, token: str) -> LinkOutcome:
    outcome = confirmation_check(token=token)
    if not outcome.ok:
        return outcome
    data = tokens.read(token, salt=tokens.CONFIRM_SALT, max_age=tokens.CONFIRM_MAX_AGE)
    won = Subscription.objects.filter(
        pk=data["s"], nonce=data["n"], confirmed_at__isnull=True, unsubscribed_at__isnull=True
    ).update(confirmed_at=timezone.now())
    if not won:
        return LinkOutcome(False, "used", outcome.area)
    return LinkOutcome(True, "confirmed", outcome.area, outcome.what)


def unsubscribe_check(*, token: str) -> tuple[LinkOutcome, dict[str, Any] | None]:
    """What the unsubscribe link would do, without doing it (the GET page)."""
    try:
        data = tokens.read(token, salt=tokens.UNSUBSCRIBE_SALT, max_age=tokens.UNSUBSCRIBE_MAX_AGE)
    except tokens.BadLink as bad:
        return LinkOutcome(False, bad.reason), None
    if "s" in data:
        subscription = Subscription.objects.select_related("area").filter(pk=data["s"]).first()
        if subscription is None:
            return LinkOutcome(False, "invalid"), None
        if subscription.unsubscribed_at is not None:
            return LinkOutcome(False, "used", subscription.area), data
        return LinkOutcome(True, "unsubscribe", subscription.area, f"{subscription.area.name}'s scorecard news"), data
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=data.get("u")).first()
    kind = data.get("k")
    if user is None or kind not in Kind.values:
        return LinkOutcome(False, "invalid"), None
    choices = selectors.choices_for(user_ids=[user.pk])[user.pk]
    if kind == Kind.DIGEST:
        still_on = [k for k, c in choices.items() if c.enabled and c.delivery == Delivery.DIGEST]
        what = "your weekly digest"
    else:
        still_on = [kind] if kind in choices and choices[kind].enabled else []
        what = f"“{Kind(kind).label}” emails"
    if not still_on:
        return LinkOutcome(False, "used"), data
    return LinkOutcome(True, "unsubscribe", None, what), data


def unsubscribe(*, token: str) -> LinkOutcome:
    """The one-click unsubscribe (RFC 8058 POST, or the page's button)."""
    outcome, data = unsubscribe_check(token=token)
    if not outcome.ok or data is None:  # data comes with every link that is ok
        return outcome
    if "s" in data:
        won = Subscription.objects.filter(pk=data["s"], unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now()
        )
        return LinkOutcome(True, "unsubscribed", outcome.area, outcome.what) if won else LinkOutcome(False, "used")
    user_id, kind = data["u"], data["k"]
    with transaction.atomic():
        choices = selectors.choices_for(user_ids=[user_id])[user_id]
        kinds = (
            [k for k, c in choices.items() if c.enabled and c.delivery == Delivery.DIGEST]
            if kind == Kind.DIGEST
            else [kind]
        )
        for k in kinds:
            Preference.objects.update_or_create(
                user_id=user_id, kind=k, defaults={"enabled": False, "delivery": choices[k].delivery}
            )
    return LinkOutcome(True, "unsubscribed", None, outcome.what)


# ---------------------------------------------------------------- choices and calendar


def preferences_set(*, user: User, choices: dict[str, tuple[bool, str]]) -> None:
    """choices: {kind: (enabled, delivery)} for the kinds a user chooses."""
    with transaction.atomic():
        for kind, (enabled, delivery) in choices.items():
            if kind not in USER_KINDS:
                raise ValidationError(f"Unknown kind of notification: {kind}")
            if delivery not in Delivery.values:
                raise ValidationError(f"Choose how to receive “{Kind(kind).label}”.")
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"enabled": bool(enabled), "delivery": delivery}
            )


def calendar_set(
    *,
    area: LocalArea,
    user: User,
    due_working_day: int,
    notice_working_days: int,
    pack_working_days: int,
) -> AreaCalendar:
    """Set when the area's returns are due. Refuses a due day outside 1–20."""
    calendar = AreaCalendar.objects.filter(area=area).first() or AreaCalendar(area=area)
    calendar.due_working_day = due_working_day
    calendar.notice_working_days = notice_working_days
    calendar.pack_working_days = pack_working_days
    calendar.updated_by = user
    calendar.full_clean(exclude=["area", "updated_by"])
    calendar.save()
    return calendar


def indicator_due_day_set(*, indicator: Indicator, due_working_day: int | str | None) -> IndicatorDueDay | None:
    """Give an indicator its own due day (1–20), or None to use the area's."""
    if due_working_day is None or due_working_day == "":
        IndicatorDueDay.objects.filter(indicator=indicator).delete()
        return None
    override = IndicatorDueDay.objects.filter(indicator=indicator).first() or IndicatorDueDay(indicator=indicator)
    override.due_working_day = due_working_day
    override.full_clean(exclude=["indicator"])
    override.save()
    return override
