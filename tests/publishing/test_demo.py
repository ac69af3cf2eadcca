"""The demo publishes the latest scorecard of each demo area; synthetic areas do the same."""

from datetime import date
from io import StringIO

import pytest

from performance.publishing import demo, scale_data
from performance.publishing.models import Publication
from tests.publishing.factories import scorecard

pytestmark = pytest.mark.django_db


def test_it_publishes_each_area_s_latest_approved_month(wirral, walsall, alice, charlie):
    scorecard(wirral)
    out = StringIO()
    demo.load(areas={"344": wirral, "335": walsall}, stdout=out)
    publication = Publication.objects.get()
    assert publication.area == wirral and publication.period == date(2025, 1, 1)
    assert publication.published_by == alice
    assert "Wirral: published the scorecard for January 2025 (3 indicators)" in out.getvalue()
    assert "Walsall: nothing approved to publish yet." in out.getvalue()


def test_synthetic_areas_publish_as_an_administrator_who_cannot_sign_in(wirral, walsall):
    scorecard(wirral)
    scorecard(walsall, with_plan=False)
    out = StringIO()
    scale_data.generate(areas=[wirral, walsall], years=1, seed=1, stdout=out)
    assert Publication.objects.count() == 2
    publisher = Publication.objects.first().published_by
    assert publisher.is_superuser and not publisher.is_active and not publisher.has_usable_password()
    assert "2 of 2 synthetic areas published" in out.getvalue()
