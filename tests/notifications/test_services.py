"""The daily run, sending once, retries and failure, against a real SMTP server."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ehcp.models import MonthlyReturn, ReturnStatus
from notifications import calculations, services
from notifications.models import Delivery, Kind, Notification, Preference, Status, Subscription
from performance.models import Commentary, ValueState
from performance.publishing.services import publication_create
from performance.services import ratings_recompute
from tests.improvement.factories import MeetingFactory, RiskFactory
from tests.performance.factories import IndicatorFactory, IndicatorValueFactory, TargetFactory
from tests.publishing.factories import JANUARY, scorecard

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOTICE_DAY = date(2025, 1, 13)  # December's returns are due on Wednesday 15 January 2025
SITE = "https://send-board.example.org"


def at(day, hour=7):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def owed(wirral, olive, alice):
    """Olive owns KPI1, approved for November 2024 and owed for December; Wirral
    makes EHCP returns (November approved), and December's is not entered."""
    indicator = IndicatorFactory(area=wirral, code="KPI1", name="Advice within 6 weeks", owner=olive)
    IndicatorValueFactory(indicator=indicator, period=date(2024, 11, 1))
    MonthlyReturn.objects.create(
        local_area=wirral, month=date(2024, 11, 1), issued=10, within_20_weeks=5, status=ReturnStatus.APPROVED
    )
    return indicator


def run(day, **kwargs):
    result = services.daily_run(today=day, **kwargs)
    services.pending_send(now=at(day))
    return result


class TestDataDue:
    def test_it_mails_each_officer_what_they_owe_with_both_parts_and_links(self, smtp, owed, olive):
        run(NOTICE_DAY)
        (message,) = smtp.to("olive@example.org")
        assert message["Subject"] == "Wirral: 2 items due by Wednesday 15 January 2025"
        text, html = smtp.parts(message)
        value_link = f"{SITE}/board/344/scorecard/indicators/KPI1/values/new/?period=2024-12"
        return_link = f"{SITE}/board/344/ehcp/returns/new/"
        for part in (text, html.replace("&amp;", "&")):
            assert value_link in part and return_link in part
            assert "KPI1 Advice within 6 weeks: December 2024" in part
            assert "EHCP return for December 2024" in part
            assert f"{SITE}/notifications/preferences/" in part
        assert "You received this because you supply these figures" in text and "in Wirral" in text
        assert "<img" not in html
        assert message["List-Unsubscribe"].strip().startswith(f"<{SITE}/notifications/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    def test_nothing_is_sent_before_the_notice_day(self, smtp, owed):
        run(date(2025, 1, 9))
        assert smtp.messages == []

    def test_a_second_run_the_same_day_sends_nothing_twice(self, smtp, owed):
        run(NOTICE_DAY)
        run(NOTICE_DAY)
        run(NOTICE_DAY + timedelta(days=1))
        assert len(smtp.to("olive@example.org")) == 1
        assert Notification.objects.filter(kind=Kind.DATA_DUE).count() == 1

    def test_only_one_of_two_senders_claims_a_notification(self, smtp, owed):
        services.daily_run(today=NOTICE_DAY)
        notification = Notification.objects.get()
        now = timezone.now()
        assert services._claim([notification.pk], now) == [notification.pk]
        assert services._claim([notification.pk], now) == []
        assert services.pending_send(now=now) == []
        assert smtp.messages == []

    def test_it_reminds_again_once_when_overdue(self, smtp, owed):
        run(NOTICE_DAY)
        run(date(2025, 1, 16))
        run(date(2025, 1, 17))
        subjects = [m["Subject"] for m in smtp.to("olive@example.org")]
        assert subjects == [
            "Wirral: 2 items due by Wednesday 15 January 2025",
            "Wirral: 2 items overdue since Wednesday 15 January 2025",
        ]

    def test_what_was_entered_is_no_longer_chased(self, smtp, owed):
        IndicatorValueFactory(indicator=owed, period=date(2024, 12, 1), state=ValueState.SUBMITTED)
        run(NOTICE_DAY)
        (message,) = smtp.to("olive@example.org")
        assert message["Subject"] == "Wirral: 1 item due by Wednesday 15 January 2025"

    def test_an_indicator_may_be_due_on_its_own_day(self, smtp, owed, alice, wirral):
        services.indicator_due_day_set(indicator=owed, due_working_day=5)  # 8 January 2025
        services.calendar_set(area=wirral, user=alice, due_working_day=10, notice_working_days=3, pack_working_days=5)
        run(date(2025, 1, 9))
        (message,) = smtp.to("olive@example.org")
        assert message["Subject"] == "Wirral: 1 item overdue since Wednesday 8 January 2025"

    def test_a_due_day_outside_1_to_20_is_refused(self, owed, wirral, alice):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match=r"A due day is from 1 to 20\."):
            services.calendar_set(
                area=wirral, user=alice, due_working_day=21, notice_working_days=3, pack_working_days=5
            )
        with pytest.raises(ValidationError, match=r"A due day is from 1 to 20\."):
            services.indicator_due_day_set(indicator=owed, due_working_day=0)
        assert not Notification.objects.exists()


class TestMailServerDown:
    def test_the_notification_stays_pending_and_is_sent_when_the_server_is_back(self, smtp, settings, owed):
        settings.EMAIL_PORT = smtp.port + 1 if smtp.port < 65535 else smtp.port - 1
        from tests.notifications.conftest import free_port

        settings.EMAIL_PORT = free_port()
        run(NOTICE_DAY)
        notification = Notification.objects.get()
        assert notification.status == Status.PENDING and notification.attempts == 1
        assert notification.next_attempt_at == at(NOTICE_DAY) + timedelta(minutes=5)
        assert "ConnectionRefusedError" in notification.last_error
        settings.EMAIL_PORT = smtp.port
        assert services.pending_send(now=at(NOTICE_DAY) + timedelta(minutes=1)) == []  # still backing off
        assert len(services.pending_send(now=at(NOTICE_DAY) + timedelta(minutes=6))) == 1
        notification.refresh_from_db()
        assert notification.status == Status.SENT and notification.attempts == 2
        assert len(smtp.to("olive@example.org")) == 1

    def test_it_fails_after_the_last_try_and_the_lead_sees_it(self, smtp_down, owed, client_for, alice):
        now = at(NOTICE_DAY)
        services.daily_run(today=NOTICE_DAY)
        for _ in range(calculations.MAX_ATTEMPTS):
            services.pending_send(now=now)
            now += timedelta(hours=3)
        notification = Notification.objects.get()
        assert notification.status == Status.FAILED and notification.attempts == calculations.MAX_ATTEMPTS
        assert services.pending_send(now=now + timedelta(days=1)) == []
        page = client_for(alice).get("/board/344/notifications/").content.decode()
        assert "1 email could not be sent" in page and "olive@example.org" in page

    def test_pages_keep_working(self, smtp_down, owed, client_for, olive):
        run(NOTICE_DAY)
        assert client_for(olive).get("/notifications/").status_code == 200


class TestPeople:
    def test_a_user_without_an_email_address_is_listed_as_unreachable(
        self, smtp, owed, nomail, wirral, alice, client_for
    ):
        IndicatorFactory(area=wirral, code="KPI2", owner=nomail)
        result = run(NOTICE_DAY)
        assert [(a.code, u.username) for a, u in result.unreachable] == [("344", "nomail")]
        assert all("nomail" not in m["to"] for m in smtp.messages)
        page = client_for(alice).get("/board/344/notifications/").content.decode()
        assert "Unreachable: no email address" in page

    def test_a_kind_turned_off_is_not_sent(self, smtp, owed, olive):
        services.preferences_set(user=olive, choices={Kind.DATA_DUE: (False, Delivery.IMMEDIATE)})
        run(NOTICE_DAY)
        assert smtp.to("olive@example.org") == []

    def test_a_weekly_digest_combines_the_weeks_items_into_one_mail(self, smtp, owed, olive, wirral):
        services.preferences_set(
            user=olive,
            choices={Kind.DATA_DUE: (True, Delivery.DIGEST), Kind.REVIEWS: (True, Delivery.DIGEST)},
        )
        RiskFactory(local_area=wirral, owner_user=olive, reference="R7", next_review_date=date(2025, 1, 20))
        run(date(2025, 1, 10))  # Friday: the data-due reminder is held
        assert smtp.messages == []
        run(date(2025, 1, 13))  # Monday: the reviews mail is held too, and the digest goes
        (message,) = smtp.to("olive@example.org")
        assert message["Subject"] == "Wirral: your weekly SEND Board digest"
        text, html = smtp.parts(message)
        assert "KPI1 Advice within 6 weeks: December 2024" in text
        assert "Risk R7" in text and "Risk R7" in html
        assert set(Notification.objects.exclude(kind=Kind.DIGEST).values_list("status", flat=True)) == {Status.DIGESTED}
        run(date(2025, 1, 13))
        assert len(smtp.to("olive@example.org")) == 1


class TestReviewsAndApprovals:
    def test_risk_owners_get_a_weekly_list_on_mondays(self, smtp, wirral, olive):
        RiskFactory(local_area=wirral, owner_user=olive, reference="R1", next_review_date=date(2025, 1, 1))
        RiskFactory(local_area=wirral, owner_user=olive, reference="R2", next_review_date=date(2025, 1, 24))
        RiskFactory(local_area=wirral, owner_user=olive, reference="R3", next_review_date=date(2025, 3, 1))
        run(date(2025, 1, 14))  # a Tuesday
        assert smtp.messages == []
        run(date(2025, 1, 20))
        (message,) = smtp.to("olive@example.org")
        assert message["Subject"] == "Wirral: 2 risk reviews to look at this week"
        text, _html = smtp.parts(message)
        assert "Risk R1" in text and "overdue" in text and "Risk R2" in text and "Risk R3" not in text

    def test_leads_hear_of_new_submissions_once(self, smtp, wirral, alice, olive, owed):
        IndicatorValueFactory(
            indicator=owed,
            period=date(2024, 12, 1),
            state=ValueState.SUBMITTED,
            submitted_by=olive,
            submitted_at=timezone.now(),
            approved_at=None,
        )
        run(NOTICE_DAY)
        (message,) = smtp.to("alice@example.org")
        assert message["Subject"] == "Wirral: 1 return waiting for your approval"
        assert f"{SITE}/board/344/scorecard/approvals/" in smtp.parts(message)[0]
        run(NOTICE_DAY + timedelta(days=1))
        assert len(smtp.to("alice@example.org")) == 1


class TestCommentary:
    @pytest.fixture
    def red(self, wirral, olive):
        indicator = IndicatorFactory(area=wirral, code="ADV6", name="Advice within 6 weeks", owner=olive)
        TargetFactory(indicator=indicator, value=Decimal(60), tolerance=Decimal(5))
        IndicatorValueFactory(indicator=indicator, period=date(2024, 11, 1), value=Decimal(58))
        value = IndicatorValueFactory(indicator=indicator, period=date(2024, 12, 1), value=Decimal(45))
        ratings_recompute(indicator_id=indicator.pk)
        MeetingFactory(local_area=wirral, held_on=date(2025, 1, 28))
        return value

    def test_the_owner_is_asked_before_the_pack_goes_out(self, smtp, red):
        run(NOTICE_DAY)
        (message,) = [m for m in smtp.to("olive@example.org") if "commentary" in m["Subject"]]
        assert message["Subject"] == "Wirral: exception commentary needed on ADV6 for December 2024"
        text, html = smtp.parts(message)
        assert "rated red against its target" in text
        assert (
            "before the board pack goes out on Tuesday 21 January 2025 for the meeting on Tuesday 28 January 2025"
            in text
        )
        assert f"{SITE}/board/344/scorecard/indicators/ADV6/commentary/?period=2024-12" in text
        assert text.count("Write the exception commentary") == 1  # said once, under the figure

    def test_written_commentary_stops_the_request(self, smtp, red, olive):
        Commentary.objects.create(indicator=red.indicator, period=red.period, text="Staffing.", written_by=olive)
        run(NOTICE_DAY)
        assert not [m for m in smtp.to("olive@example.org") if "commentary" in m["Subject"]]

    def test_approving_a_red_value_asks_at_once_once_rated(self, smtp, red, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            created = services.commentary_notify(value_id=red.pk, today=NOTICE_DAY)
        assert len(created) == 1
        assert len(smtp.to("olive@example.org")) == 1
        run(NOTICE_DAY)  # the daily run finds it already sent
        assert len([m for m in smtp.to("olive@example.org") if "commentary" in m["Subject"]]) == 1

    def test_a_value_not_yet_rated_waits(self, red):
        red.approved_at = timezone.now() + timedelta(seconds=5)
        red.save()
        with pytest.raises(services.RatingNotReady, match=f"^{red.pk}$"):
            services.commentary_notify(value_id=red.pk, today=NOTICE_DAY)

    def test_approval_queues_the_check_after_commit(self, red, alice, django_capture_on_commit_callbacks):
        from performance.services import value_approve

        value = IndicatorValueFactory(
            indicator=red.indicator, period=date(2025, 1, 1), state=ValueState.SUBMITTED, approved_at=None
        )
        with django_capture_on_commit_callbacks() as callbacks:
            value_approve(value=value, user=alice)
        assert len(callbacks) == 2  # notifications' check, then performance's ratings

    def test_a_failing_notification_never_fails_the_approval(
        self, red, alice, monkeypatch, django_capture_on_commit_callbacks, caplog
    ):
        from performance.services import value_approve

        def broken(**kwargs):
            raise RuntimeError("mail system broken")

        monkeypatch.setattr(services, "commentary_notify", broken)
        value = IndicatorValueFactory(
            indicator=red.indicator, period=date(2025, 1, 1), state=ValueState.SUBMITTED, approved_at=None
        )
        with django_capture_on_commit_callbacks(execute=True):
            value_approve(value=value, user=alice)
        value.refresh_from_db()
        assert value.state == ValueState.APPROVED
        assert "the daily run will catch up" in caplog.text


class TestPublished:
    def test_confirmed_subscribers_hear_of_a_publication_and_can_leave_in_one_click(
        self, smtp, wirral, alice, client, django_capture_on_commit_callbacks
    ):
        scorecard(wirral)
        with django_capture_on_commit_callbacks(execute=True):
            services.subscription_request(area=wirral, email="Forum@Example.org")
        (confirmation,) = smtp.to("forum@example.org")
        assert confirmation["Subject"] == "Wirral: confirm you want SEND scorecard news"
        link = next(w for w in smtp.parts(confirmation)[0].split() if "/notifications/confirm/" in w)
        path = link.removeprefix(SITE)
        assert client.post(path).status_code == 200
        assert Subscription.objects.get().is_active
        with django_capture_on_commit_callbacks(execute=True):
            publication = publication_create(area=wirral, month=JANUARY, user=alice)
        news = [m for m in smtp.to("forum@example.org") if "published" in m["Subject"]]
        assert [m["Subject"] for m in news] == ["Wirral: SEND scorecard for January 2025 published"]
        text, html = smtp.parts(news[0])
        assert f"{SITE}/areas/344/publications/{publication.pk}/" in text and "subscribed to Wirral" in text
        unsubscribe = news[0]["List-Unsubscribe"].strip().strip("<>").removeprefix(SITE)
        response = client.post(
            unsubscribe, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
        assert Subscription.objects.get().unsubscribed_at is not None
        services.daily_run(today=timezone.localdate())
        assert Notification.objects.filter(kind=Kind.PUBLISHED, subscription__isnull=False).count() == 1
        assert client.post(unsubscribe).status_code == 400  # used: a plain page, nothing changed

    def test_nothing_but_the_confirmation_goes_before_confirming(
        self, smtp, wirral, alice, django_capture_on_commit_callbacks
    ):
        scorecard(wirral)
        services.subscription_request(area=wirral, email="waiting@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            publication_create(area=wirral, month=JANUARY, user=alice)
        assert not Notification.objects.filter(kind=Kind.PUBLISHED).exists()

    def test_a_malformed_address_is_refused(self, wirral):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="Enter an email address in the correct format"):
            services.subscription_request(area=wirral, email="not an address")
        assert not Subscription.objects.exists()


def test_unknown_preferences_are_refused(olive):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Unknown kind of notification: digest"):
        services.preferences_set(user=olive, choices={"digest": (True, Delivery.IMMEDIATE)})
    assert not Preference.objects.exists()
