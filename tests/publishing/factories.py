"""A small, realistic scorecard to publish, built with the performance and
improvement apps' own factories and rated by performance's own service.

`scorecard(area)` gives Wirral-like indicators for October 2024 to
January 2025:
- EHCP20 (percent, publishable): 20-week timeliness with numerators;
- EHCPACT (count, publishable, context): active plans;
- TRIB (count, publishable): tribunal appeals, 3 in January (small: hidden);
- SECRET (publishable=False) and drafts that must never be published.
Plus an improvement plan with one publishable area of concern and one not.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from improvement.models import AreaStatus
from performance.models import Commentary, ValueState
from performance.services import ratings_recompute
from tests.improvement.factories import AreaOfConcernFactory, PlanFactory
from tests.performance.factories import IndicatorFactory, IndicatorValueFactory, TargetFactory

MONTHS = [date(2024, 10, 1), date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1)]
JANUARY = date(2025, 1, 1)

# (within 20 weeks, issued) per month
EHCP = [(9, 40), (12, 41), (15, 44), (18, 40)]
ACTIVE = [3400, 3434, 3470, 3492]


@dataclass
class Scorecard:
    ehcp20: object
    active: object
    tribunals: object
    secret: object
    plan: object


def approved(indicator, period, value, numerator=None, denominator=None, state=ValueState.APPROVED):
    return IndicatorValueFactory(
        indicator=indicator,
        period=period,
        value=Decimal(value),
        numerator=numerator,
        denominator=denominator,
        state=state,
        approved_at=timezone.now() if state == ValueState.APPROVED else None,
    )


def scorecard(area, *, months=MONTHS, ehcp=EHCP, with_plan=True):
    ehcp20 = IndicatorFactory(
        area=area,
        code="EHCP20",
        name="New EHC plans issued within 20 weeks",
        description="Share of new plans issued within the 20-week legal limit, excluding exceptions.",
        unit="percent",
        polarity="higher",
        service_area="ehcp",
    )
    TargetFactory(indicator=ehcp20, applies_from=date(2024, 4, 1), value=Decimal(60), tolerance=Decimal(10))
    for month, (within, issued) in zip(months, ehcp, strict=False):
        approved(ehcp20, month, round(Decimal(100) * within / issued, 1), within, issued)
    Commentary.objects.create(
        indicator=ehcp20, period=months[-1], text="The new assessment panel meets weekly; capacity has doubled."
    )
    active = IndicatorFactory(
        area=area,
        code="EHCPACT",
        name="Active EHC plans",
        description="Children and young people with an EHC plan maintained by the area.",
        unit="count",
        polarity="neutral",
        service_area="ehcp",
    )
    for month, count in zip(months, ACTIVE, strict=False):
        approved(active, month, count)
    tribunals = IndicatorFactory(
        area=area,
        code="TRIB",
        name="SEND tribunal appeals registered",
        description="Appeals lodged with the SEND tribunal.",
        unit="count",
        polarity="lower",
        service_area="ehcp",
    )
    for month, count in zip(months, [7, 0, 6, 3], strict=False):
        approved(tribunals, month, count)
    secret = IndicatorFactory(
        area=area,
        code="SECRET",
        name="An internal measure",
        unit="count",
        polarity="lower",
        service_area="health",
        publishable=False,
    )
    approved(secret, months[-1], 918273)
    for indicator in (ehcp20, active, tribunals, secret):
        ratings_recompute(indicator_id=indicator.pk)
    plan = None
    if with_plan:
        plan = PlanFactory(local_area=area, name="Improvement Notice 2023", kind="improvement_notice")
        AreaOfConcernFactory(
            plan=plan,
            number=1,
            title="Local offer",
            status=AreaStatus.BAU,
            bau_date=date(2024, 11, 26),
            bau_agreed_by="DfE and NHS England stocktake",
            publishable=True,
            public_summary="SENDLO, the local offer website, has 13,000 to 15,000 visits a month.",
        )
        AreaOfConcernFactory(plan=plan, number=2, title="Internal workforce review", publishable=False)
    return Scorecard(ehcp20=ehcp20, active=active, tribunals=tribunals, secret=secret, plan=plan)
