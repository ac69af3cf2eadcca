"""The synthetic national-scale scorecards: deterministic, rated, and the
pages make the same number of queries at two sizes."""

import io

import pytest

from performance import scale_data
from performance.models import DashboardItem, Indicator, IndicatorValue, Rating
from tests.factories import LocalAreaFactory

pytestmark = pytest.mark.django_db


def generate(areas, years=1, seed=1):
    return scale_data.generate(areas=areas, years=years, seed=seed, stdout=io.StringIO())


def test_forty_monthly_indicators_a_value_and_a_rating_each_month(db):
    areas = [LocalAreaFactory(code="501"), LocalAreaFactory(code="502")]
    assert generate(areas, years=1) == 2 * 40 * 12
    assert Indicator.objects.count() == 80
    assert IndicatorValue.objects.count() == Rating.objects.count() == 960
    assert DashboardItem.objects.filter(area=areas[0]).count() == 12
    ehcp20 = Indicator.objects.get(area=areas[0], code="EHCP20")
    assert ehcp20.targets.count() == 2 and ehcp20.benchmarks.count() == 12
    latest = ehcp20.values.order_by("-period").first()
    assert latest.period.isoformat() == "2025-12-01" and latest.rating.england is not None


def test_the_same_seed_gives_the_same_data(db):
    area = LocalAreaFactory(code="501")
    generate([area], seed=3)
    first = list(IndicatorValue.objects.order_by("indicator__code", "period").values_list("indicator__code", "value"))
    generate([area], seed=3)
    again = list(IndicatorValue.objects.order_by("indicator__code", "period").values_list("indicator__code", "value"))
    assert first == again
    generate([area], seed=4)
    other = list(IndicatorValue.objects.order_by("indicator__code", "period").values_list("indicator__code", "value"))
    assert other != first


@pytest.mark.postgres
def test_on_postgresql_the_rows_go_in_with_copy_and_read_back(db):
    area = LocalAreaFactory(code="501")
    generate([area], years=2)
    rating = (
        Rating.objects.select_related("value__indicator")
        .filter(value__indicator__code="AR12")
        .order_by("-value__period")[0]
    )
    assert rating.change_unit == "pp" and rating.previous_value is not None and rating.previous_approved
    assert IndicatorValue.objects.filter(note="").count() == 40 * 24


@pytest.mark.parametrize(
    ("path", "text"),
    [("/board/{code}/", "New EHC plans issued"), ("/board/{code}/scorecard/services/education/", "Synthetic measure")],
)
def test_dashboard_and_service_scorecard_queries_do_not_grow_with_the_years(client, ada, path, text):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ada)
    counts = []
    for years in (1, 3):
        area = LocalAreaFactory(code="501")
        generate([area], years=years)
        client.get(path.format(code=area.code))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path.format(code=area.code))
        assert response.status_code == 200 and text in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
