"""Pages: who may open them, what they show, and bad input."""

from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from notifications import tokens
from notifications.models import AreaCalendar, IndicatorDueDay, Kind, Preference, Subscription
from tests.performance.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

AREA_PAGE = "/board/344/notifications/"


class TestAccess:
    def test_anonymous_visitors_sign_in_first(self, client, wirral):
        for path in ("/notifications/", "/notifications/preferences/", AREA_PAGE):
            response = client.get(path)
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def test_only_a_performance_lead_or_administrator_sees_the_area_page(
        self, client_for, alice, bob, olive, ada, charlie
    ):
        assert client_for(alice).get(AREA_PAGE).status_code == 200
        assert client_for(ada).get(AREA_PAGE).status_code == 200
        assert client_for(bob).get(AREA_PAGE).status_code == 403
        assert client_for(olive).get(AREA_PAGE).status_code == 403
        assert client_for(charlie).get(AREA_PAGE).status_code == 404

    def test_the_subscription_pages_are_public(self, client, wirral):
        assert client.get("/notifications/subscribe/344/").status_code == 200
        assert client.get("/notifications/subscribe/999/").status_code == 404

    def test_the_area_s_public_page_offers_the_subscription(self, client, wirral):
        body = client.get("/areas/344/").content.decode()
        assert 'href="/notifications/subscribe/344/"' in body


class TestOpenItems:
    def test_the_header_counts_the_users_open_items_and_links_to_them(self, client_for, olive, wirral):
        IndicatorFactory(area=wirral, code="KPI1", owner=olive)  # owed for the last two months
        page = client_for(olive).get("/accounts/").content.decode()
        assert 'href="/notifications/"' in page and '<strong class="app-count">2</strong>' in page
        listing = client_for(olive).get("/notifications/").content.decode()
        assert "KPI1" in listing and "/board/344/scorecard/indicators/KPI1/values/new/?period=" in listing

    def test_a_lead_finds_the_areas_notifications_page_from_the_list(self, client_for, alice, olive):
        assert 'href="/board/344/notifications/"' in client_for(alice).get("/notifications/").content.decode()
        assert 'href="/board/344/notifications/"' not in client_for(olive).get("/notifications/").content.decode()

    def test_an_indicator_owed_for_many_periods_is_one_line_leading_to_the_earliest(self, client_for, olive, wirral):
        from notifications.calculations import previous_month
        from notifications.selectors import RUN_FROM
        from tests.performance.factories import IndicatorValueFactory

        last_month = previous_month(timezone.localdate().replace(day=1))
        first = previous_month(last_month, 9)  # its one value: nine months owed since
        kpi1 = IndicatorFactory(area=wirral, code="KPI1", name="Advice within 6 weeks", owner=olive)
        IndicatorValueFactory(indicator=kpi1, period=first)
        IndicatorFactory(area=wirral, code="KPI2", name="Plans reviewed", owner=olive)  # new: owed for two
        assert RUN_FROM <= 9
        listing = client_for(olive).get("/notifications/").content.decode()
        text = " ".join(listing.split())
        assert "Data due (11)" in text and '<strong class="app-count">11</strong>' in text
        earliest = previous_month(first, -1)
        owed = f"KPI1 Advice within 6 weeks: 9 periods owed, {earliest:%B %Y} to {last_month:%B %Y}</a>"
        assert owed in text
        assert f"/board/344/scorecard/indicators/KPI1/values/new/?period={earliest:%Y-%m}" in listing
        assert text.count("KPI1 Advice within 6 weeks") == 1  # no line per period
        assert f"{earliest:%B %Y}, the earliest: Not entered" in text
        assert text.count("KPI2 Plans reviewed: ") == 2  # two periods: a line each

    def test_the_months_chased_are_the_last_two_or_those_the_areas_pages_report_on(self, client_for, olive, wirral):
        """Last month and the one before; for an area with an as-at month (the
        demo's), that month and the one before, as its dashboard's Data due."""
        from datetime import date

        from notifications.selectors import area_items
        from performance.models import ReportingMonth
        from tests.performance.factories import IndicatorValueFactory

        kpi1 = IndicatorFactory(area=wirral, code="KPI1", owner=olive)
        IndicatorValueFactory(indicator=kpi1, period=date(2024, 10, 1))

        def owed(today):
            return [i.period_name for i in area_items(area=wirral, today=today).items_for(olive.pk, Kind.DATA_DUE)]

        assert owed(date(2025, 1, 13)) == ["November 2024", "December 2024"]
        ReportingMonth.objects.create(area=wirral, month=date(2024, 11, 1), reason="The demo's data ends there.")
        assert owed(date(2025, 1, 13)) == ["November 2024"]
        # Today, the dashboard and the list agree: one value, November 2024's.
        client = client_for(olive)
        dashboard = " ".join(client.get("/board/344/").content.decode().split())
        assert '<span class="perf-tile__figure">1</span> <p class="govuk-body-s">value still owed' in dashboard
        assert "up to November 2024." in dashboard
        listing = " ".join(client.get("/notifications/").content.decode().split())
        assert "Data due (1)" in listing and "KPI1" in listing and "November 2024" in listing

    def test_signing_in_works_out_the_count_so_pages_need_not(self, client_for, olive, wirral):
        from notifications.panels import count_key

        IndicatorFactory(area=wirral, code="KPI1", owner=olive)
        client_for(olive)
        assert cache.get(count_key(olive.pk)) == 2

    def test_visitors_see_no_count(self, client, wirral):
        assert "app-count" not in client.get("/notifications/subscribe/344/").content.decode()

    def test_the_count_costs_no_query_once_cached(self, client_for, olive, wirral, django_assert_max_num_queries):
        client = client_for(olive)
        client.get("/accounts/")
        with django_assert_max_num_queries(4):  # session, user, the header's areas, memberships
            client.get("/accounts/")


class TestPreferences:
    def test_a_user_chooses_per_kind(self, client_for, olive):
        client = client_for(olive)
        data = dict.fromkeys(("data_due", "commentary", "reviews", "approvals", "published"), "immediate")
        data.update({"reviews": "digest", "approvals": "off"})
        response = client.post("/notifications/preferences/", data)
        assert response.status_code == 302
        stored = {p.kind: (p.enabled, p.delivery) for p in Preference.objects.filter(user=olive)}
        assert stored["reviews"] == (True, "digest") and stored["approvals"][0] is False
        assert stored["published"] == (True, "immediate")

    def test_a_missing_choice_is_refused_and_nothing_saved(self, client_for, olive):
        response = client_for(olive).post("/notifications/preferences/", {"data_due": "sometimes"})
        assert response.status_code == 400 and "There is a problem" in response.content.decode()
        assert not Preference.objects.exists()

    def test_a_user_without_email_is_told_so(self, client_for, nomail):
        assert "no email address" in client_for(nomail).get("/notifications/preferences/").content.decode()


class TestAreaPage:
    def test_it_shows_who_receives_what_and_who_is_unreachable(self, client_for, alice, olive, nomail):
        Preference.objects.create(user=olive, kind=Kind.REVIEWS, enabled=True, delivery="digest")
        page = client_for(alice).get(AREA_PAGE).content.decode()
        assert "olive@example.org" in page and "In a weekly digest (Mondays)" in page
        assert "Unreachable: no email address" in page and "Nomail (Officer)" in page

    def test_the_lead_sets_the_due_day(self, client_for, alice, wirral):
        response = client_for(alice).post(
            AREA_PAGE,
            {
                "form": "calendar",
                "calendar-due_working_day": "8",
                "calendar-notice_working_days": "2",
                "calendar-pack_working_days": "5",
            },
        )
        assert response.status_code == 302
        assert AreaCalendar.objects.get(area=wirral).due_working_day == 8

    @pytest.mark.parametrize("day", ["0", "21", "ten", ""])
    def test_a_due_day_outside_1_to_20_is_refused(self, client_for, alice, wirral, day):
        response = client_for(alice).post(
            AREA_PAGE,
            {
                "form": "calendar",
                "calendar-due_working_day": day,
                "calendar-notice_working_days": "3",
                "calendar-pack_working_days": "5",
            },
        )
        assert response.status_code == 200 and "There is a problem" in response.content.decode()
        assert not AreaCalendar.objects.exists()

    def test_an_indicator_gets_its_own_due_day(self, client_for, alice, wirral):
        indicator = IndicatorFactory(area=wirral, code="KPI9")
        client = client_for(alice)
        assert (
            client.post(
                AREA_PAGE, {"form": "indicator", "indicator-indicator": "KPI9", "indicator-due_working_day": "25"}
            ).status_code
            == 200
        )
        assert not IndicatorDueDay.objects.exists()
        assert (
            client.post(
                AREA_PAGE, {"form": "indicator", "indicator-indicator": "KPI9", "indicator-due_working_day": "4"}
            ).status_code
            == 302
        )
        assert IndicatorDueDay.objects.get().indicator == indicator


class TestSubscribeLinks:
    def test_a_malformed_address_is_refused(self, client, wirral):
        response = client.post("/notifications/subscribe/344/", {"email": "forum at example"})
        assert response.status_code == 400
        assert "Enter an email address in the correct format" in response.content.decode()
        assert not Subscription.objects.exists()

    def test_subscribing_says_check_your_email(self, client, wirral):
        response = client.post("/notifications/subscribe/344/", {"email": "forum@example.org"})
        assert "Check your email" in response.content.decode()
        assert Subscription.objects.get().confirmed_at is None

    @pytest.fixture
    def subscription(self, wirral):
        return Subscription.objects.create(area=wirral, email="forum@example.org", requested_at=timezone.now())

    def test_the_confirmation_link_asks_then_confirms_once(self, client, subscription):
        path = f"/notifications/confirm/{tokens.confirmation_token(subscription)}/"
        assert "forum@example.org" in client.get(path).content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None  # a GET (a link scanner) changes nothing
        assert client.post(path).status_code == 200
        subscription.refresh_from_db()
        confirmed = subscription.confirmed_at
        assert confirmed is not None
        response = client.post(path)
        assert response.status_code == 400 and "already been used" in response.content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at == confirmed

    def test_a_tampered_link_changes_nothing(self, client, subscription):
        token = tokens.confirmation_token(subscription)
        response = client.post(f"/notifications/confirm/{token[:-2]}xx/")
        assert response.status_code == 400 and "does not work" in response.content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None

    def test_an_expired_link_changes_nothing(self, client, subscription, monkeypatch):
        token = tokens.confirmation_token(subscription)
        later = timezone.now().timestamp() + tokens.CONFIRM_MAX_AGE.total_seconds() + 60
        monkeypatch.setattr(signing.time, "time", lambda: later)
        response = client.post(f"/notifications/confirm/{token}/")
        assert response.status_code == 400 and "expired" in response.content.decode()
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None

    def test_an_older_confirmation_link_stops_working_when_a_new_one_is_sent(self, client, subscription):
        old = tokens.confirmation_token(subscription)
        subscription.requested_at = timezone.now() - timedelta(hours=1)
        subscription.save()
        from notifications.services import subscription_request

        subscription_request(area=subscription.area, email="forum@example.org")
        assert client.post(f"/notifications/confirm/{old}/").status_code == 400

    def test_one_click_unsubscribe_and_its_reuse(self, client, subscription):
        subscription.confirmed_at = timezone.now()
        subscription.save()
        path = f"/notifications/unsubscribe/{tokens.subscriber_unsubscribe_token(subscription)}/"
        assert "Unsubscribe" in client.get(path).content.decode()
        response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
        stopped = Subscription.objects.get().unsubscribed_at
        response = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400 and "already been used" in response.content.decode()
        assert Subscription.objects.get().unsubscribed_at == stopped

    def test_unsubscribing_from_the_confirmation_mail_stops_the_confirmation_link(self, client, subscription):
        confirm = f"/notifications/confirm/{tokens.confirmation_token(subscription)}/"
        unsubscribe = f"/notifications/unsubscribe/{tokens.subscriber_unsubscribe_token(subscription)}/"
        assert client.post(unsubscribe).status_code == 200
        response = client.post(confirm)
        assert response.status_code == 400 and "already been used" in response.content.decode()
        assert Subscription.objects.get().confirmed_at is None

    def test_a_user_unsubscribes_from_one_kind(self, client, olive):
        path = f"/notifications/unsubscribe/{tokens.user_unsubscribe_token(olive, Kind.DATA_DUE)}/"
        assert client.post(path).status_code == 200
        assert Preference.objects.get(user=olive, kind=Kind.DATA_DUE).enabled is False
        assert client.post(path).status_code == 400
