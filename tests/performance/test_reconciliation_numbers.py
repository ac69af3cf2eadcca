"""The reconciliation page shows each figure as the indicator page does, by
its unit: a count whole ("73", not "73.0"), a percentage to one decimal
with its sign, and the difference in the same unit."""

from datetime import date
from decimal import Decimal as D

import pytest

from performance import services
from tests.performance.factories import IndicatorFactory
from tests.performance.scorecards import enter

pytestmark = pytest.mark.django_db

BASE = "/board/344"
DECEMBER = date(2024, 12, 1)


def computed(indicator, period, value, numerator=None, denominator=None):
    indicator.values.create(
        period=period, period_end=date(period.year, period.month, 28), value=value, numerator=numerator,
        denominator=denominator, state="approved", approved_at="2025-01-01T00:00Z", source="computed",
    )  # fmt: skip
    services.ratings_recompute(indicator_id=indicator.pk)


def reconciliation(client, code):
    response = client.get(f"{BASE}/scorecard/indicators/{code}/reconciliation/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_count_indicator_s_figures_read_as_whole_numbers(wirral, alice, bob, client_for):
    requests = IndicatorFactory(area=wirral, code="EHCNAREQ", name="Requests for assessment received", unit="count")
    enter(requests, DECEMBER, 69)
    services.indicator_update(indicator=requests, user=alice, computed_source="ehcp.requests_received")
    computed(requests, DECEMBER, D(73))
    html = reconciliation(client_for(bob), "EHCNAREQ")
    assert ">73<" in html and ">69<" in html and ">4<" in html
    assert "73.0" not in html and "69.0" not in html and "4.0" not in html


def test_a_percentage_indicator_s_figures_read_to_one_decimal_with_their_sign(wirral, alice, bob, client_for):
    decisions = IndicatorFactory(area=wirral, code="DTA6", name="Decisions within 6 weeks", unit="percent")
    enter(decisions, DECEMBER, numerator=320, denominator=350)
    services.indicator_update(indicator=decisions, user=alice, computed_source="ehcp.ep_advice_6_weeks")
    computed(decisions, DECEMBER, D("39.1"), numerator=34, denominator=87)
    html = reconciliation(client_for(bob), "DTA6")
    assert ">39.1%<" in html and ">91.4%<" in html and "-52.3 percentage points" in html
    assert "34 of 87" in html and "320 of 350" in html
