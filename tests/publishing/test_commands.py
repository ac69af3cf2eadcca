"""manage.py publish_scorecard: the same rules as the publish page."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from performance.publishing.models import Publication
from tests.publishing.factories import scorecard

pytestmark = pytest.mark.django_db


def publish(*args):
    out = StringIO()
    call_command("publish_scorecard", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def wirral_scorecard(wirral, alice):
    return scorecard(wirral)


def test_it_publishes_as_the_area_s_only_performance_lead(wirral_scorecard):
    out = publish("--area", "344", "--period", "2025-01")
    publication = Publication.objects.get()
    assert f"Published the scorecard for Wirral, January 2025: publication {publication.pk}, 3 indicators" in out
    assert "approved by Alice" in out


def test_it_publishes_a_correction_with_a_note(wirral_scorecard):
    publish("--area", "344", "--period", "2025-01")
    out = publish("--area", "344", "--period", "2025-01", "--correction", "Fixed EHCP20.")
    assert "Published a correction" in out
    assert Publication.objects.get(supersedes__isnull=False).correction_note == "Fixed EHCP20."


def test_it_refuses_the_same_month_twice_without_a_note(wirral_scorecard):
    publish("--area", "344", "--period", "2025-01")
    with pytest.raises(CommandError, match="To publish it again, say what changed"):
        publish("--area", "344", "--period", "2025-01")
    assert Publication.objects.count() == 1


def test_it_lists_what_is_missing_for_a_month_without_approved_values(wirral_scorecard):
    with pytest.raises(CommandError, match=r"Not published\. There are no approved figures for February 2025") as error:
        publish("--area", "344", "--period", "2025-02")
    assert "no approved figures for February 2025" in str(error.value)
    assert "EHCPACT Active EHC plans: no value for February 2025 has been entered." in str(error.value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "999", "--period", "2025-01"], "no local area with code '999'"),
        (["--area", "344", "--period", "January"], "is not a month"),
        (["--area", "344", "--period", "2025-01", "--approver", "nobody"], "There is no user nobody"),
        (["--area", "344", "--period", "2025-01", "--approver", "bob"], "only a performance lead"),
    ],
)
def test_it_explains_bad_input(wirral_scorecard, bob, args, message):
    with pytest.raises(CommandError, match=message):
        publish(*args)
    assert not Publication.objects.exists()


def test_it_asks_for_the_approver_when_the_area_has_no_single_lead(wirral, walsall, charlie):
    with pytest.raises(CommandError, match="Walsall has 0 performance leads"):
        publish("--area", "335", "--period", "2025-01")


def test_it_lists_what_was_not_approved_when_it_publishes_a_month_in_part(wirral_scorecard, wirral):
    from datetime import date

    from performance.models import ValueState
    from tests.publishing.factories import approved

    approved(wirral_scorecard.ehcp20, date(2025, 2, 1), 50, 20, 40)
    approved(wirral_scorecard.active, date(2025, 2, 1), 3500, state=ValueState.DRAFT)
    out = publish("--area", "344", "--period", "2025-02")
    assert "Published the scorecard for Wirral, February 2025" in out
    assert "EHCPACT Active EHC plans: the value for February 2025 is not approved yet." in out
    assert "TRIB SEND tribunal appeals registered: no value for February 2025 has been entered." in out
