"""A small Wirral scorecard built through the services, shared by the
scorecard tests and the browser tests."""

from datetime import date
from decimal import Decimal as D

from performance import services
from performance.models import ValueState
from performance.services import ValueInput


def enter(indicator, month, value=None, *, numerator=None, denominator=None, state=ValueState.APPROVED, user=None):
    return services.value_create(
        indicator=indicator,
        entry=ValueInput(
            period=month,
            value=None if value is None else D(str(value)),
            numerator=numerator,
            denominator=denominator,
        ),
        user=user,
        state=state,
    )


def build_scorecard(wirral, alice, olive):
    """Wirral: EHCP 20 weeks (lead's), annual reviews and CAMHS waiting list
    (owned by olive), active plans (neutral), SALT longest wait (health
    waits), out-of-borough placements (termly). Returns {key: Indicator}."""
    made = {}
    made["ehcp20"] = services.indicator_create(
        area=wirral, user=alice, code="EHCP20", name="New EHC plans issued within 20 weeks",
        description="Share of new plans issued within 20 weeks.", service_area="ehcp", unit="percent",
        polarity="higher", frequency="monthly", publishable=True, target=D(60), target_from=date(2024, 4, 1),
        tolerance=D(10),
    )  # fmt: skip
    made["ar12"] = services.indicator_create(
        area=wirral, user=alice, code="AR12", name="Annual reviews completed within 12 weeks",
        service_area="ehcp", unit="percent", polarity="higher", frequency="monthly", publishable=True,
        owner=olive, target=D(60), target_from=date(2024, 4, 1), tolerance=D(10),
    )  # fmt: skip
    made["camhs"] = services.indicator_create(
        area=wirral, user=alice, code="CAMHSWL", name="CAMHS waiting list", service_area="health",
        unit="count", polarity="lower", frequency="monthly", publishable=False, owner=olive,
        target=D(150), target_from=date(2024, 4, 1), tolerance=D(25),
    )  # fmt: skip
    made["active"] = services.indicator_create(
        area=wirral, user=alice, code="EHCPACT", name="Active EHC plans", service_area="ehcp",
        unit="count", polarity="neutral", frequency="monthly", publishable=True,
    )  # fmt: skip
    made["saltlw"] = services.indicator_create(
        area=wirral, user=alice, code="SALTLW", name="Speech and language therapy: longest wait",
        service_area="health", health_service="speech-and-language", unit="weeks", polarity="lower",
        frequency="monthly", publishable=True, target=D(18), target_from=date(2024, 4, 1), tolerance=D(8),
    )  # fmt: skip
    made["oob"] = services.indicator_create(
        area=wirral, user=alice, code="OOB", name="Children in special schools outside the borough",
        service_area="education", unit="count", polarity="lower", frequency="termly", publishable=True,
        owner=olive, target=D(240), target_from=date(2024, 9, 1), tolerance=D(20),
    )  # fmt: skip
    for month, (n, d) in zip(
        [date(2024, m, 1) for m in (4, 5, 6, 7)], [(30, 50), (29, 50), (33, 58), (27, 60)], strict=True
    ):
        enter(made["ehcp20"], month, numerator=n, denominator=d, user=alice)
    for month, v in zip([date(2024, m, 1) for m in (9, 10, 11, 12)], [40, 38, 35, 33], strict=True):
        enter(made["ar12"], month, v, user=olive)
    for month, v in zip([date(2023, 12, 1), date(2024, 12, 1)], [324, 150], strict=True):
        enter(made["camhs"], month, v, user=olive)
    enter(made["active"], date(2024, 6, 1), 3434, user=alice)
    enter(made["active"], date(2024, 7, 1), 3492, user=alice, state=ValueState.SUBMITTED)
    enter(made["saltlw"], date(2024, 6, 1), 40, user=alice)
    enter(made["saltlw"], date(2024, 7, 1), 38, user=alice)
    enter(made["oob"], date(2024, 9, 1), 269, user=olive)
    services.dashboard_set(area=wirral, indicator_ids=[made[k].pk for k in ("ehcp20", "ar12", "camhs", "active")])
    return made
