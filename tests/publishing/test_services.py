"""Publishing, correcting and withdrawing, and the rule that a publication
is never changed: by the services, the models and the database itself."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from performance.models import ValueState
from performance.publishing.models import Immutable, Publication, PublishedIndicator, Withdrawal
from performance.publishing.services import PublishingError, publication_create, publication_withdraw
from tests.db_errors import check_violation, unique_violation
from tests.publishing.factories import JANUARY, approved, scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def wirral_scorecard(wirral):
    return scorecard(wirral)


def publish(area, user, month=JANUARY, note=""):
    return publication_create(area=area, month=month, user=user, correction_note=note)


class TestPublish:
    def test_it_publishes_the_approved_figures_of_publishable_indicators(self, wirral, alice, wirral_scorecard):
        publication = publish(wirral, alice)
        assert publication.period == JANUARY and publication.published_by_name == "Alice"
        assert publication.published_by_role == "Performance lead" and publication.small_number_max == 4
        indicators = {i.code: i for i in publication.indicators.all()}
        assert set(indicators) == {"EHCP20", "EHCPACT", "TRIB"}
        ehcp = indicators["EHCP20"]
        assert (ehcp.value, ehcp.numerator, ehcp.denominator) == (Decimal("45.0"), 18, 40)
        assert ehcp.target == 60 and ehcp.rag == "red"
        assert ehcp.previous == Decimal("34.1") and ehcp.change == Decimal("10.9") and ehcp.direction == "improving"
        assert ehcp.commentary.startswith("The new assessment panel")
        assert [p.period for p in ehcp.points.order_by("position")] == ["2024-10", "2024-11", "2024-12", "2025-01"]
        active = indicators["EHCPACT"]
        assert active.value == 3492 and active.change == Decimal("0.6") and active.direction == "up"

    def test_it_hides_a_small_count_and_everything_that_would_give_it_away(self, wirral, alice, wirral_scorecard):
        publication = publish(wirral, alice)
        tribunals = publication.indicators.get(code="TRIB")
        assert tribunals.value is None and tribunals.value_state == "small"
        assert tribunals.rag == "" and tribunals.change is None and tribunals.change_state == "protected"
        assert tribunals.direction == ""
        november = tribunals.points.get(period="2024-11")
        assert november.value == 0 and november.value_state == ""

    def test_it_publishes_the_plan_s_publishable_summaries_only(self, wirral, alice, wirral_scorecard):
        (summary,) = publish(wirral, alice).plan_summaries.all()
        assert summary.title == "Local offer" and summary.status == "Moved to business as usual"
        assert summary.bau_date == date(2024, 11, 26) and summary.plan == "Improvement Notice 2023"

    def test_it_refuses_a_month_with_no_approved_values_and_says_what_is_missing(self, wirral, alice, wirral_scorecard):
        approved(wirral_scorecard.ehcp20, date(2025, 2, 1), 50, 20, 40, state=ValueState.SUBMITTED)
        with pytest.raises(PublishingError, match="There are no approved figures for February 2025") as error:
            publish(wirral, alice, month=date(2025, 2, 1))
        assert "no approved figures for February 2025" in error.value.message
        assert error.value.problems == [
            "EHCP20 New EHC plans issued within 20 weeks: the value for February 2025 is not approved yet.",
            "EHCPACT Active EHC plans: no value for February 2025 has been entered.",
            "TRIB SEND tribunal appeals registered: no value for February 2025 has been entered.",
        ]
        assert not Publication.objects.exists()

    def test_it_refuses_an_area_with_nothing_publishable(self, wirral, alice):
        with pytest.raises(
            PublishingError, match=r"No indicator of this area may be published: mark the ones that may\."
        ) as error:
            publish(wirral, alice)
        assert error.value.problems == ["No indicator of this area may be published: mark the ones that may."]

    def test_it_refuses_a_month_that_has_not_begun(self, wirral, alice, wirral_scorecard):
        next_month = (timezone.localdate().replace(day=28) + timezone.timedelta(days=7)).replace(day=1)
        with pytest.raises(PublishingError, match="has not begun"):
            publish(wirral, alice, month=next_month)

    def test_it_refuses_the_same_month_twice_without_a_correction_note(self, wirral, alice, wirral_scorecard):
        first = publish(wirral, alice)
        with pytest.raises(PublishingError, match="To publish it again, say what changed") as error:
            publish(wirral, alice)
        assert f"(publication {first.pk})" in error.value.message and "say what changed" in error.value.message
        assert Publication.objects.count() == 1

    def test_it_refuses_a_correction_note_with_nothing_to_correct(self, wirral, alice, wirral_scorecard):
        with pytest.raises(PublishingError, match="nothing to correct"):
            publish(wirral, alice, note="Fixed a typo")

    @pytest.mark.parametrize(
        ("username", "message"),
        [
            ("bob", "bob is board member in Wirral: only a performance lead or an administrator publishes."),
            ("olive", "olive is officer in Wirral: only a performance lead or an administrator publishes."),
            ("charlie", "charlie has no role in Wirral."),
        ],
    )
    def test_only_a_performance_lead_or_an_administrator_publishes(
        self, request, wirral, wirral_scorecard, username, message
    ):
        with pytest.raises(PublishingError, match=re.escape(message)):
            publish(wirral, request.getfixturevalue(username))
        assert not Publication.objects.exists()

    def test_an_administrator_publishes(self, wirral, ada, wirral_scorecard):
        assert publish(wirral, ada).published_by_role == "Administrator"


class TestCorrect:
    def test_a_correction_is_a_new_publication_that_supersedes_the_old_one(self, wirral, alice, wirral_scorecard):
        first = publish(wirral, alice)
        value = wirral_scorecard.ehcp20.values.get(period=JANUARY)
        value.numerator, value.value = 20, Decimal("50.0")
        value.save()
        second = publish(wirral, alice, note="January's figure counted two plans twice.")
        first.refresh_from_db()
        assert second.supersedes == first and first.correction == second
        assert first.indicators.get(code="EHCP20").numerator == 18
        assert second.indicators.get(code="EHCP20").numerator == 20
        assert first.status == "Replaced by a correction" and second.status == "Correction"

    def test_a_correction_of_a_correction_supersedes_the_latest(self, wirral, alice, wirral_scorecard):
        first = publish(wirral, alice)
        second = publish(wirral, alice, note="One")
        third = publish(wirral, alice, note="Two")
        assert third.supersedes == second and second.supersedes == first

    def test_a_withdrawn_month_can_be_published_again_as_a_correction(self, wirral, alice, wirral_scorecard):
        first = publish(wirral, alice)
        publication_withdraw(publication=first, user=alice, reason="Published by mistake.")
        with pytest.raises(PublishingError, match="To publish it again, say what changed"):
            publish(wirral, alice)
        assert publish(wirral, alice, note="Republished after checks.").supersedes == first


class TestWithdraw:
    def test_it_keeps_the_reason_and_who_withdrew(self, wirral, alice, wirral_scorecard):
        publication = publish(wirral, alice)
        withdrawal = publication_withdraw(publication=publication, user=alice, reason="  A figure identified a child. ")
        assert withdrawal.reason == "A figure identified a child." and withdrawal.withdrawn_by_name == "Alice"
        assert Publication.objects.with_state().get().status == "Withdrawn"

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_it_refuses_a_withdrawal_without_a_reason(self, wirral, alice, wirral_scorecard, reason):
        publication = publish(wirral, alice)
        with pytest.raises(PublishingError, match="Say why"):
            publication_withdraw(publication=publication, user=alice, reason=reason)
        assert not Withdrawal.objects.exists()

    def test_it_refuses_to_withdraw_twice(self, wirral, alice, wirral_scorecard):
        publication = publish(wirral, alice)
        publication_withdraw(publication=publication, user=alice, reason="First")
        with pytest.raises(PublishingError, match="already been withdrawn"):
            publication_withdraw(publication=publication, user=alice, reason="Second")
        assert Withdrawal.objects.get().reason == "First"

    def test_a_board_member_cannot_withdraw(self, wirral, alice, bob, wirral_scorecard):
        publication = publish(wirral, alice)
        with pytest.raises(
            PublishingError,
            match=r"bob is board member in Wirral: only a performance lead or an administrator publishes\.",
        ):
            publication_withdraw(publication=publication, user=bob, reason="Because")


class TestNeverChanged:
    def test_saving_a_published_row_again_is_refused(self, wirral, alice, wirral_scorecard):
        publication = publish(wirral, alice)
        publication.correction_note = "edited"
        with pytest.raises(Immutable, match=r"^Publication \d+ is published and cannot be changed\.$"):
            publication.save()
        indicator = publication.indicators.first()
        indicator.value = Decimal("99")
        with pytest.raises(Immutable, match=r"^PublishedIndicator \d+ is published and cannot be changed\.$"):
            indicator.save()

    def test_updating_through_a_queryset_is_refused(self, wirral, alice, wirral_scorecard):
        publish(wirral, alice)
        with pytest.raises(Immutable, match=r"Publication rows are never changed once published\."):
            Publication.objects.update(correction_note="edited")
        with pytest.raises(Immutable, match=r"PublishedIndicator rows are never changed once published\."):
            PublishedIndicator.objects.filter(code="TRIB").update(value=3, value_state="")

    @pytest.mark.parametrize(
        "table", ["publishing_publication", "publishing_publishedindicator", "publishing_publishedpoint"]
    )
    def test_the_database_refuses_an_update(self, wirral, alice, wirral_scorecard, table):
        publish(wirral, alice)
        with pytest.raises(DatabaseError, match="never changed"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET id = id")  # noqa: S608 - a fixed table name

    def test_the_database_refuses_a_hidden_cell_that_holds_a_number(self, wirral, alice, wirral_scorecard):
        publication = publish(wirral, alice)
        with (
            pytest.raises(IntegrityError, match=check_violation("publishedindicator_value_hidden_is_null")),
            transaction.atomic(),
        ):
            PublishedIndicator.objects.create(
                publication=publication,
                position=99,
                code="X",
                name="X",
                unit="count",
                period="2025-01",
                value=3,
                value_state="small",
            )

    def test_the_database_refuses_a_second_original_of_a_month(self, wirral, alice, wirral_scorecard):
        first = publish(wirral, alice)
        with (
            pytest.raises(IntegrityError, match=unique_violation("publishing_publication", "area_id", "period")),
            transaction.atomic(),
        ):
            Publication.objects.create(
                area=wirral,
                period=JANUARY,
                published_at=timezone.now(),
                published_by=alice,
                published_by_name="A",
                published_by_role="Performance lead",
                small_number_max=4,
            )
        with (
            pytest.raises(IntegrityError, match=check_violation("publication_correction_says_what_changed")),
            transaction.atomic(),
        ):
            Publication.objects.create(
                area=wirral,
                period=JANUARY,
                published_at=timezone.now(),
                published_by=alice,
                published_by_name="A",
                published_by_role="Performance lead",
                small_number_max=4,
                supersedes=first,
            )

    def test_deleting_the_area_takes_its_publications(self, wirral, alice, wirral_scorecard):
        publication = publish(wirral, alice)
        publication_withdraw(publication=publication, user=alice, reason="Gone")
        wirral.delete()
        assert not Publication.objects.exists() and not Withdrawal.objects.exists()
