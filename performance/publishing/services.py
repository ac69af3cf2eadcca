"""Writes: publish a scorecard, withdraw a publication.

A publication is written once and never changed. A correction is a new
publication of a month already published, with a note of what changed; it
supersedes the one before it, which stays on record (and on the public
site, marked as replaced). A withdrawal is kept with its reason.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from send_board.access import AreaAccess, Capability, area_access_for
from send_board.audit import attributed
from send_board.models import LocalArea
from send_board.parsing import month_is_future

from . import caching, calculations, charts, selectors
from .models import Publication, PublishedIndicator, PublishedPlanSummary, PublishedPoint, Withdrawal


class PublishingError(Exception):
    """Publishing refused: `message` says why, `problems` lists the details."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        self.message = message
        self.problems = list(problems)
        super().__init__(" ".join([message, *self.problems]))


def _publisher(user: User, area: LocalArea) -> AreaAccess:
    """The user's standing in `area`, if they may publish there."""
    try:
        access = area_access_for(user, area.code)
    except Http404:
        raise PublishingError(f"{user.get_username()} has no role in {area.name}.") from None
    if not access.can(Capability.PUBLISH):
        raise PublishingError(
            f"{user.get_username()} is {access.role_label.lower()} in {area.name}: "
            "only a performance lead or an administrator publishes."
        )
    return access


def day_text(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


@attributed
def publication_create(*, area: LocalArea, month: date, user: User, correction_note: str = "") -> Publication:
    """Publish the area's scorecard as at `month` (its first day): the
    publishable indicators' approved values, small numbers hidden, with the
    publishable plan summaries. With `correction_note`, publish a month
    already published again, superseding its current publication.

    Refused (PublishingError, nothing saved): a month that has not begun; no
    approved value for the month (listing what is missing); a month already
    published without a correction note, or a note with nothing to correct;
    rows that cannot be published (a numerator above its denominator).
    """
    access = _publisher(user, area)
    month = month.replace(day=1)
    note = (correction_note or "").strip()
    if month_is_future(month, today=timezone.localdate()):
        raise PublishingError(f"{month:%B %Y} has not begun: a scorecard can be published only for a month that has.")
    with transaction.atomic():
        # One publisher at a time per area, so that two corrections cannot race.
        LocalArea.objects.select_for_update().get(pk=area.pk)
        draft = selectors.publication_draft(area=area, month=month)
        current = draft.current
        if current and not note:
            raise PublishingError(
                f"The scorecard for {draft.month_label} was published on {day_text(current.published_at)} "
                f"(publication {current.pk}). To publish it again, say what changed: the new publication "
                "will be a correction that replaces it."
            )
        if note and not current:
            raise PublishingError(
                f"There is nothing to correct: the scorecard for {draft.month_label} has not been published. "
                "Publish it without a correction note."
            )
        if draft.problems or draft.snapshot is None:
            raise PublishingError("The scorecard cannot be published as it stands:", draft.problems)
        if not draft.for_the_month:
            raise PublishingError(
                f"There are no approved figures for {draft.month_label}, so there is nothing to publish. "
                "Approve these values first:",
                draft.missing or ["No indicator of this area may be published: mark the ones that may."],
            )
        old_token = current.state_token if current else None
        publication = Publication.objects.create(
            area=area,
            period=month,
            published_at=timezone.now(),
            published_by=user,
            published_by_name=_name(user),
            published_by_role=access.role_label,
            supersedes=current,
            correction_note=note,
            small_number_max=draft.snapshot.limit,
        )
        _store(publication, draft.snapshot)
        if current:
            transaction.on_commit(lambda: caching.state_changed(current.pk, old_token))
    return publication


def _cell_fields(prefix: str, cell: calculations.Cell) -> dict[str, Any]:
    return {prefix: cell.value, f"{prefix}_state": cell.state}


def indicator_fields(item: calculations.PublishedIndicator) -> dict[str, Any]:
    """The PublishedIndicator fields of one indicator of a snapshot."""
    return {
        "code": item.code,
        "name": item.name,
        "description": item.description,
        "unit": item.unit,
        "polarity": item.polarity,
        "service_area": item.service_area,
        "period": item.period,
        **_cell_fields("value", item.value),
        **_cell_fields("numerator", item.numerator),
        **_cell_fields("denominator", item.denominator),
        "target": item.target,
        "rag": item.rag.value or "",
        **_cell_fields("previous", item.previous),
        "previous_period": item.previous_period,
        **_cell_fields("change", item.change),
        "change_unit": item.change_unit,
        "direction": item.direction,
        "commentary": item.commentary,
        "benchmark_england": item.benchmark_england,
        "benchmark_region": item.benchmark_region,
        "benchmark_neighbours": item.benchmark_neighbours,
        "benchmark_england_source": item.benchmark_england_source,
        "benchmark_region_source": item.benchmark_region_source,
        "benchmark_neighbours_source": item.benchmark_neighbours_source,
        "chart": charts.published_chart(item),
    }


def point_rows(item: calculations.PublishedIndicator) -> list[PublishedPoint]:
    """Unsaved PublishedPoints of one indicator of a snapshot, oldest first."""
    return [
        PublishedPoint(
            position=position,
            period=point.period,
            **_cell_fields("value", point.value),
            **_cell_fields("numerator", point.numerator),
            **_cell_fields("denominator", point.denominator),
            target=point.target,
        )
        for position, point in enumerate(item.history, start=1)
    ]


def _store(publication: Publication, snapshot: calculations.Snapshot) -> None:
    indicators = PublishedIndicator.objects.bulk_create(
        PublishedIndicator(publication=publication, position=position, **indicator_fields(item))
        for position, item in enumerate(snapshot.indicators, start=1)
    )
    points = []
    for indicator, item in zip(indicators, snapshot.indicators, strict=True):
        for point in point_rows(item):
            point.indicator = indicator
            points.append(point)
    PublishedPoint.objects.bulk_create(points)
    PublishedPlanSummary.objects.bulk_create(
        PublishedPlanSummary(
            publication=publication,
            position=position,
            plan=plan.plan,
            kind=plan.kind,
            number=plan.number,
            title=plan.title,
            status=plan.status,
            bau_date=plan.bau_date,
            public_summary=plan.public_summary,
        )
        for position, plan in enumerate(snapshot.plan_summaries, start=1)
    )


@attributed
def publication_withdraw(*, publication: Publication, user: User, reason: str) -> Withdrawal:
    """Withdraw a publication: its public page then says so, and why, in
    place of its figures. The reason is required and kept."""
    _publisher(user, publication.area)
    reason = (reason or "").strip()
    if not reason:
        raise PublishingError("Say why the scorecard is withdrawn: the reason is shown on its public page.")
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        if Withdrawal.objects.filter(publication=locked).exists():
            raise PublishingError(f"Publication {publication.pk} has already been withdrawn.")
        old_token = Publication.objects.with_state().get(pk=publication.pk).state_token
        try:
            with transaction.atomic():
                withdrawal = Withdrawal.objects.create(
                    publication=locked,
                    reason=reason,
                    withdrawn_at=timezone.now(),
                    withdrawn_by=user,
                    withdrawn_by_name=_name(user),
                )
        except IntegrityError:
            raise PublishingError(f"Publication {publication.pk} has already been withdrawn.") from None
        transaction.on_commit(lambda: caching.state_changed(publication.pk, old_token))
    return withdrawal
