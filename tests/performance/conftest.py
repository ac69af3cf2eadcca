"""Scorecard fixtures: a small Wirral scorecard built through the services,
with ratings stored (on-commit tasks run eagerly in tests)."""

from datetime import date
from decimal import Decimal as D

import pytest

from performance import services
from performance.models import ValueState
from performance.services import ValueInput
from tests.performance.factories import IndicatorFactory


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what would be queued after commit (the ratings task), now."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


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


@pytest.fixture
def scorecard(wirral, alice, olive, run_on_commit):
    """Wirral: EHCP 20 weeks (lead's), annual reviews and CAMHS waiting list
    (owned by olive), active plans (neutral), SALT longest wait (health
    waits), out-of-borough placements (termly)."""

    def build():
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

    return run_on_commit(build)


@pytest.fixture
def indicators(wirral, olive):
    """One indicator of each frequency (olive owns AR12 and SALTLW)."""
    return {
        "AR12": IndicatorFactory(area=wirral, code="AR12", owner=olive),
        "OOB": IndicatorFactory(area=wirral, code="OOB", unit="count", polarity="lower", frequency="termly"),
        "TRIB": IndicatorFactory(area=wirral, code="TRIB", unit="count", polarity="lower", frequency="quarterly"),
        "PCSAT": IndicatorFactory(area=wirral, code="PCSAT", frequency="annual"),
        "SALTLW": IndicatorFactory(area=wirral, code="SALTLW", unit="weeks", polarity="lower", owner=olive),
    }


@pytest.fixture
def browser_for():
    """browser_for(user) → a new test client signed in as that user (client_for
    reuses one client, so two people in one test need this)."""
    from django.test import Client

    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in
