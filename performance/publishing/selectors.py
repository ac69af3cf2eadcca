"""Reads for publishing: what a publication of a period would hold, and the
published side for the public pages. Each makes a fixed number of queries."""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from improvement.selectors import public_plan_summary
from performance import periods, sources
from performance.models import Indicator, IndicatorValue, ValueState
from performance.selectors import ScorecardRow, default_due_month, reporting_month, scorecard_rows
from send_board.models import LocalArea

from . import calculations
from .models import Publication, PublishedIndicator, PublishedPlanSummary, PublishedPoint

ROLLING_WINDOW = 12


def small_number_max() -> int:
    """The deployment's limit: counts from 1 to this are hidden (docs/domain.md, "Small numbers": 4)."""
    return getattr(settings, "PUBLISHING_SMALL_NUMBER_MAX", calculations.SMALL_NUMBER_MAX)


# ---------------------------------------------------------------- making a publication


@dataclass
class Draft:
    """What publishing `month` would publish, and what stands in its way."""

    area: LocalArea
    month: date
    rows: list[ScorecardRow]
    missing: list[str]
    current: Publication | None  # the publication of this month a new one would supersede
    snapshot: calculations.Snapshot | None = None
    problems: list[str] = field(default_factory=list)
    # A digest of everything the snapshot is built from: what a rendering of
    # the draft can be cached under (any new value, text or plan changes it).
    version: str = ""

    @property
    def month_code(self) -> str:
        return self.month.isoformat()[:7]

    @property
    def month_label(self) -> str:
        return calculations.period_label(self.month_code)

    @property
    def for_the_month(self) -> list[ScorecardRow]:
        """Rows whose approved value is of a period that ends in the month."""
        return [row for row in self.rows if _ends_in(row, self.month)]

    @property
    def can_publish(self) -> bool:
        return self.snapshot is not None and bool(self.for_the_month) and not self.problems


def _ends_in(row: ScorecardRow, month: date) -> bool:
    """True when the row's value is of a period that ends in `month`."""
    if row["value"] is None or not row["period"]:
        return False
    start = periods.parse_period_start(row["period"])
    for frequency in periods.FREQUENCIES:
        if periods.is_period_start(frequency, start) and periods.period_code(frequency, start) == row["period"]:
            end = periods.period_end(frequency, start)
            return (end.year, end.month) == (month.year, month.month)
    return False


def rolling_links(*, area: LocalArea) -> dict[str, tuple[str, int]]:
    """{rolling indicator code: (monthly indicator code, 12)} for the area's
    EHCP 20-week figures: the rolling figure's numerator and denominator are
    sums of the monthly ones, so they are suppressed as one table. One query."""
    monthly, rolling = sources.EHCP_TIMELINESS.key, sources.EHCP_TIMELINESS_ROLLING.key
    codes = dict(
        Indicator.objects.filter(area=area, computed_source__in=[monthly, rolling]).values_list(
            "computed_source", "code"
        )
    )
    if monthly in codes and rolling in codes:
        return {codes[rolling]: (codes[monthly], ROLLING_WINDOW)}
    return {}


def missing_values(*, area: LocalArea, month: date, approved_rows: Iterable[ScorecardRow]) -> list[str]:
    """Lines naming each publishable indicator owed a value for a period
    ending in `month` that has no approved one, and what there is instead.
    Two queries."""
    month_end = periods.month_end(month)
    owed: dict[str, tuple[Indicator, date]] = {}
    for indicator in Indicator.objects.filter(area=area, publishable=True).order_by("service_area", "code"):
        start = periods.latest_ended_period(indicator.frequency, month_end)
        end = periods.period_end(indicator.frequency, start)
        if (end.year, end.month) == (month.year, month.month):
            owed[indicator.code] = (indicator, start)
    approved = {row["code"] for row in approved_rows if _ends_in(row, month)}
    unapproved = {code: owed[code] for code in owed.keys() - approved}
    # A value of the owed period in any state is one waiting for approval.
    entered = set(
        IndicatorValue.objects.filter(
            indicator__in=[indicator for indicator, _start in unapproved.values()],
            period__in={start for _indicator, start in unapproved.values()},
        ).values_list("indicator_id", "period")
    )
    lines: list[str] = []
    for code, (indicator, start) in owed.items():
        if code in approved:
            continue
        period_name = indicator.period_name(start)
        if (indicator.pk, start) in entered:
            lines.append(f"{code} {indicator.name}: the value for {period_name} is not approved yet.")
        else:
            lines.append(f"{code} {indicator.name}: no value for {period_name} has been entered.")
    return lines


def draft_version(
    rows: Sequence[Mapping[str, Any]],
    plan_summaries: Sequence[Mapping[str, Any]],
    *,
    limit: int,
    rolling: Mapping[str, tuple[str, int]],
) -> str:
    """A digest of what calculations.build_snapshot makes a draft from: the
    same for the same figures, texts, plans and limit, different as soon as
    any of them changes."""
    source = json.dumps(
        [list(rows), list(plan_summaries), limit, rolling], sort_keys=True, default=str, separators=(",", ":")
    )
    return hashlib.sha256(source.encode()).hexdigest()


def publication_draft(*, area: LocalArea, month: date) -> Draft:
    """What a publication of `month` would hold (publishable indicators,
    approved values only, small numbers hidden), the values still missing,
    and the publication it would supersede. The scorecard's rows are read
    once."""
    rows = scorecard_rows(area=area, period=month, publishable_only=True, approved_only=True)
    plan_summaries = public_plan_summary(area=area)
    limit = small_number_max()
    rolling = rolling_links(area=area)
    draft = Draft(
        area=area,
        month=month,
        rows=rows,
        missing=missing_values(area=area, month=month, approved_rows=rows),
        current=current_publication(area=area, month=month),
        version=draft_version(rows, plan_summaries, limit=limit, rolling=rolling),
    )
    try:
        draft.snapshot = calculations.build_snapshot(rows, plan_summaries, limit=limit, rolling=rolling)
    except calculations.SnapshotError as error:
        draft.problems = error.problems
    return draft


def current_publication(*, area: LocalArea, month: date) -> Publication | None:
    """The publication of `month` not yet replaced by a correction (withdrawn or not), or None."""
    return (
        Publication.objects.with_state()
        .filter(area=area, period=month, correction__isnull=True)
        .order_by("-published_at")
        .first()
    )


def area_publications(*, area: LocalArea) -> list[Publication]:
    """Every publication of the area with its state, newest first. One query."""
    return list(Publication.objects.with_state().filter(area=area))


# ---------------------------------------------------------------- the public side


def areas_with_latest_publication() -> list[LocalArea]:
    """Every local area, each with `latest_id`, `latest_period` and
    `latest_published_at` of its newest live publication (None without one). One query."""
    latest = Publication.objects.live().filter(area=OuterRef("pk")).order_by("-period", "-published_at")
    return list(
        LocalArea.objects.annotate(
            latest_id=Subquery(latest.values("pk")[:1]),
            latest_period=Subquery(latest.values("period")[:1]),
            latest_published_at=Subquery(latest.values("published_at")[:1]),
        ).order_by("name")
    )


POINT_FIELDS = (
    "indicator_id",
    "period",
    "value",
    "value_state",
    "numerator",
    "numerator_state",
    "denominator",
    "denominator_state",
    "target",
)


def publication_content(*, publication: Publication) -> tuple[list[PublishedIndicator], list[PublishedPlanSummary]]:
    """The publication's indicators, each with `trend` (its points, oldest
    first, as light named tuples: a page reads hundreds), and its plan
    summaries. Three queries."""
    indicators = list(PublishedIndicator.objects.filter(publication=publication).order_by("position"))
    trends: dict[int, list[Any]] = {indicator.pk: [] for indicator in indicators}
    points = (
        PublishedPoint.objects.filter(indicator__publication=publication)
        .order_by("indicator_id", "position")
        .values_list(*POINT_FIELDS, named=True)
    )
    for point in points:
        trends[point.indicator_id].append(point)
    for indicator in indicators:
        indicator.trend = trends[indicator.pk]
    plans = list(PublishedPlanSummary.objects.filter(publication=publication).order_by("position"))
    return indicators, plans


def publication_indicator(*, publication: Publication, position: int) -> PublishedIndicator | None:
    """The publication's indicator at `position` with `trend` (its points,
    oldest first, as publication_content gives them); None if there is none.
    Two queries."""
    indicator = PublishedIndicator.objects.filter(publication=publication, position=position).first()
    if indicator is None:
        return None
    indicator.trend = list(
        PublishedPoint.objects.filter(indicator=indicator).order_by("position").values_list(*POINT_FIELDS, named=True)
    )
    return indicator


def latest_publishable_month(*, area: LocalArea, today: date | None = None) -> date | None:
    """The latest month, not after today's, in which a publishable indicator
    of the area has an approved value ending; None when there is none. One query."""
    today = today or timezone.localdate()
    latest = IndicatorValue.objects.filter(
        indicator__area=area,
        indicator__publishable=True,
        state=ValueState.APPROVED,
        period_end__lte=periods.month_end(today),
    ).aggregate(latest=Max("period_end"))["latest"]
    return latest.replace(day=1) if latest else None


def default_publishing_month(*, area: LocalArea, today: date | None = None) -> date | None:
    """The month to publish first: the area's as-at month while its pages
    report on that (the demo's, whose data ends on a date), else the latest
    month in which an approved publishable value ends; None when there is none."""
    today = today or timezone.localdate()
    month = reporting_month(area=area, today=today)
    if month < default_due_month(today):
        return month
    return latest_publishable_month(area=area, today=today)


def publishing_today(*, area: LocalArea, today: date | None = None) -> date:
    """The date the publish page's list of months ends on: today, or the end
    of the area's as-at month while its pages report on that."""
    today = today or timezone.localdate()
    month = reporting_month(area=area, today=today)
    if periods.month_end(month) < periods.previous_period(periods.MONTHLY, today.replace(day=1)):
        return periods.month_end(month)
    return today


def not_disclosive_by_area() -> list[tuple[LocalArea, list[Indicator]]]:
    """[(area, [indicator, …])] of every area that has published a scorecard,
    with its publishable indicators recorded as not disclosive and the reasons:
    the about-these-figures page lists them. One query."""
    indicators = (
        Indicator.objects.filter(publishable=True, not_disclosive=True, area__in=Publication.objects.values("area"))
        .select_related("area")
        .order_by("area__name", "code")
        .only("code", "name", "not_disclosive_reason", "area__name", "area__code")
    )
    grouped: dict[LocalArea, list[Indicator]] = {}
    for indicator in indicators:
        grouped.setdefault(indicator.area, []).append(indicator)
    return list(grouped.items())


def not_disclosive_indicators(*, area: LocalArea) -> list[Indicator]:
    """The area's publishable indicators a performance lead recorded as not
    disclosive (published without small-number suppression), with the
    reasons, for the public page. One query."""
    return list(
        Indicator.objects.filter(area=area, publishable=True, not_disclosive=True)
        .order_by("code")
        .only("code", "name", "not_disclosive_reason")
    )
