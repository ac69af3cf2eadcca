"""The pages of computed indicators and of the small-number decision: the
indicator page names its source, the reconciliation page shows entered
beside computed, the scorecard flags a difference beyond the tolerance, and
a performance lead marks an indicator not disclosive with a reason."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from ehcp.models import CohortFigure, FigureRefresh, MonthlyFigure
from performance import services
from performance.computed import computed_indicators_sync
from performance.models import EnteredValue, Indicator
from tests.performance.factories import IndicatorFactory, TargetFactory
from tests.performance.scorecards import enter

pytestmark = pytest.mark.django_db

BASE = "/board/344"
DECEMBER = date(2024, 12, 1)


@pytest.fixture
def ep6(wirral, alice):
    """EP advice within 6 weeks: entered (91.4%) until Wirral's case records came, then computed (41.7%)."""
    indicator = IndicatorFactory(area=wirral, code="EP6", name="EP advice within 6 weeks", publishable=True)
    TargetFactory(indicator=indicator, value=D(95), tolerance=D(5), applies_from=date(2024, 4, 1))
    enter(indicator, DECEMBER, numerator=320, denominator=350)
    MonthlyFigure.objects.create(
        local_area=wirral, month=DECEMBER, source="cases", issued=10, within_20_weeks=2, pct=D("20.0"),
        ytd_issued=10, ytd_within=2,
    )  # fmt: skip
    CohortFigure.objects.create(
        local_area=wirral, request_month=date(2024, 10, 1), received=20, decided_within_6_weeks=9, plans_issued=0,
        issued_within_20_weeks=0, closed_without_plan=0, open=20, open_beyond_20_weeks=0,
    )  # fmt: skip
    FigureRefresh.objects.create(local_area=wirral, cohorts_as_of=date(2024, 12, 31))
    services.indicator_update(indicator=indicator, user=alice, computed_source="ehcp.ep_advice_6_weeks")
    return indicator


def test_the_cohort_source_reads_the_case_records_as_at_each_month_end(wirral, ep6):
    from tests.ehcp.factories import CaseRecordFactory

    for number, (asked, came) in enumerate([(date(2024, 10, 1), date(2024, 10, 20)), (date(2024, 10, 2), None)]):
        CaseRecordFactory(
            local_area=wirral, reference=f"W{number}", request_date=date(2024, 9, 20), decision="assess",
            decision_date=date(2024, 9, 30), final_date=None, ep_advice_requested=asked, ep_advice_received=came,
        )  # fmt: skip
    computed_indicators_sync(area_id=wirral.pk)
    value = ep6.values.get(period=DECEMBER)
    assert (value.value, value.numerator, value.denominator) == (D("100.0"), 1, 1)
    assert EnteredValue.objects.get(indicator=ep6).value == D("91.4")


def test_the_indicator_page_names_its_source_and_offers_no_entry(wirral, ep6, client_for, alice):
    html = client_for(alice).get(f"{BASE}/scorecard/indicators/EP6/").content.decode()
    assert "Computed from case records" in html and 'href="/board/344/ehcp/cohorts/"' in html
    assert "Entered and computed figures side by side" in html
    assert "Enter a value" not in html


def test_the_reconciliation_page_shows_entered_beside_computed(wirral, ep6, client_for, bob, alice):
    ep6.values.create(
        period=DECEMBER, period_end=date(2024, 12, 31), value=D("41.7"), numerator=701, denominator=1683,
        state="approved", approved_at="2025-01-01T00:00Z", source="computed",
    )  # fmt: skip
    services.ratings_recompute(indicator_id=ep6.pk)
    html = client_for(bob).get(f"{BASE}/scorecard/indicators/EP6/reconciliation/").content.decode()
    assert "41.7" in html and "91.4" in html and "-49.7" in html and "Differs" in html
    assert "701 of 1683" in html and "320 of 350" in html
    scorecard = client_for(bob).get(f"{BASE}/scorecard/?month=2024-12").content.decode()
    assert "Differs" in scorecard and "entered 91.4%" in scorecard


def test_an_entered_indicator_has_no_reconciliation_page(wirral, client_for, bob):
    IndicatorFactory(area=wirral, code="AR12")
    assert client_for(bob).get(f"{BASE}/scorecard/indicators/AR12/reconciliation/").status_code == 404


def test_the_ehcp_target_is_set_on_the_ehcp_page_not_here(wirral, client_for, alice):
    indicator = IndicatorFactory(area=wirral, code="EHCP20", computed_source="ehcp.timeliness_20_weeks")
    html = client_for(alice).get(f"{BASE}/scorecard/indicators/EHCP20/targets/new/").content.decode()
    assert "target is set with its figures" in html and 'href="/board/344/ehcp/"' in html
    with pytest.raises(Exception, match="EHCP year-end target"):
        services.target_add(indicator=indicator, applies_from=date(2024, 4, 1), value=D(70))


def test_a_lead_marks_an_indicator_not_disclosive_with_a_reason(wirral, client_for, alice, bob, olive):
    IndicatorFactory(area=wirral, code="EHCP20", name="Plans within 20 weeks", publishable=True)
    url = f"{BASE}/scorecard/indicators/EHCP20/disclosure/"
    assert client_for(bob).get(url).status_code == 403
    assert client_for(olive).post(url, {"not_disclosive": "on", "reason": "x"}).status_code == 403
    html = client_for(alice).post(url, {"not_disclosive": "on", "reason": "  "}).content.decode()
    assert "Say why its small numbers identify nobody" in html
    assert not Indicator.objects.get(code="EHCP20").not_disclosive
    response = client_for(alice).post(url, {"not_disclosive": "on", "reason": "DfE publishes it unsuppressed."})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="EHCP20")
    assert indicator.not_disclosive and indicator.not_disclosive_reason == "DfE publishes it unsuppressed."
    public = client_for(bob).get("/areas/344/").content.decode()
    assert "Figures shown in full" in public
    assert "DfE publishes it unsuppressed." in public and "Plans within 20 weeks (EHCP20)" in public


def test_the_about_page_lists_what_published_areas_show_in_full_and_why(wirral, walsall, client, alice):
    from performance.publishing.models import Publication

    IndicatorFactory(
        area=wirral, code="EHCP20", name="Plans within 20 weeks", publishable=True,
        not_disclosive=True, not_disclosive_reason="DfE publishes it unsuppressed.",
    )  # fmt: skip
    IndicatorFactory(
        area=walsall, code="EHCP20", name="Plans within 20 weeks", publishable=True,
        not_disclosive=True, not_disclosive_reason="Not yet published anywhere.",
    )  # fmt: skip
    assert "Figures shown in full" not in client.get("/about-these-figures/").content.decode()
    Publication.objects.create(
        area=wirral, period=date(2024, 12, 1), published_at=timezone.now(), published_by=alice,
        published_by_name="Alice", published_by_role="Performance lead", small_number_max=4,
    )  # fmt: skip
    about = client.get("/about-these-figures/").content.decode()
    assert "Figures shown in full" in about and "Wirral" in about and "DfE publishes it unsuppressed." in about
    assert "Not yet published anywhere." not in about  # Walsall has published nothing
