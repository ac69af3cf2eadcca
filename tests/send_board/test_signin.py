"""Sign-in hardening: lock-out by address across usernames, the address behind
a proxy, throttled password-reset requests, and idle and absolute session
time limits."""

import re
import time

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from send_board.middleware import LAST_SEEN, SIGNED_IN_AT
from send_board.signin import RESET_REFUSED_FOR_ACCOUNT, RESET_REFUSED_FOR_ADDRESS, client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.66"
OTHER = "203.0.113.10"


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


@pytest.fixture
def six_accounts(alice):
    return [alice.username] + [UserFactory(username=f"user{n}").username for n in range(5)]


class TestLockOutByAddress:
    def test_twenty_failures_over_six_usernames_lock_the_address_out(self, client, six_accounts, test_password):
        guesses = [username for _ in range(4) for username in six_accounts]  # 24 guesses, 4 per username
        statuses = [sign_in(client, username, "wrong", REMOTE_ADDR=ATTACKER).status_code for username in guesses]
        assert statuses[:19] == [400] * 19  # each a wrong password, none over the per-username limit
        assert set(statuses[19:]) == {429}  # the 20th failure locks the address out
        response = sign_in(client, "alice", test_password, REMOTE_ADDR=ATTACKER)
        assert response.status_code == 429
        assert "too many failed attempts to sign in, with this username or from your network" in text_of(response)

    def test_another_address_still_signs_in(self, six_accounts, test_password):
        attacker = Client()
        for username in six_accounts * 4:
            sign_in(attacker, username, "wrong", REMOTE_ADDR=ATTACKER)
        assert sign_in(Client(), "alice", test_password, REMOTE_ADDR=OTHER).status_code == 302

    def test_nineteen_failures_do_not_lock_the_address(self, client, six_accounts, test_password):
        for username in (six_accounts * 4)[:19]:
            sign_in(client, username, "wrong", REMOTE_ADDR=ATTACKER)
        assert sign_in(client, "alice", test_password, REMOTE_ADDR=ATTACKER).status_code == 302

    def test_the_limit_is_a_setting(self, client, six_accounts, settings):
        settings.AXES_ADDRESS_FAILURE_LIMIT = 3
        statuses = [sign_in(client, name, "wrong", REMOTE_ADDR=ATTACKER).status_code for name in six_accounts[:4]]
        assert statuses == [400, 400, 429, 429]


class TestClientAddress:
    def request(self, remote="10.0.0.2", forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    def test_without_a_proxy_it_is_the_connection_s_address_whatever_the_header_says(self, settings):
        settings.AXES_IPWARE_PROXY_COUNT = 0
        assert client_address(self.request("192.0.2.1", forwarded="203.0.113.7")) == "192.0.2.1"

    @pytest.mark.parametrize(
        "forwarded, expected",
        [
            ("203.0.113.7", "203.0.113.7"),
            ("1.2.3.4, 203.0.113.7", "203.0.113.7"),  # what the client sent itself is never trusted
            ("not-an-address", "10.0.0.2"),
            ("", "10.0.0.2"),
        ],
    )
    def test_behind_one_proxy_it_is_the_address_that_proxy_saw(self, settings, forwarded, expected):
        settings.AXES_IPWARE_PROXY_COUNT = 1
        assert client_address(self.request(forwarded=forwarded)) == expected

    def test_behind_two_proxies_it_is_the_second_from_the_right(self, settings):
        settings.AXES_IPWARE_PROXY_COUNT = 2
        assert client_address(self.request(forwarded="1.2.3.4, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"

    def test_behind_a_proxy_the_lock_out_follows_the_client_not_the_proxy(self, six_accounts, test_password, settings):
        settings.AXES_IPWARE_PROXY_COUNT = 1
        attacker = Client()
        for n, username in enumerate(six_accounts * 4):
            sign_in(attacker, username, "wrong", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, {ATTACKER}")
        assert (
            sign_in(attacker, "alice", test_password, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER).status_code
            == 429
        )
        colleague = sign_in(Client(), "alice", test_password, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=OTHER)
        assert colleague.status_code == 302


class TestPasswordResetThrottle:
    def reset(self, email, address=OTHER):
        return Client().post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address)

    def test_three_requests_an_hour_for_one_email_address_then_a_clear_refusal(self, alice):
        assert [self.reset("alice@example.org").status_code for _ in range(3)] == [302] * 3
        assert len(mail.outbox) == 3
        refused = self.reset("Alice@Example.org ")
        assert refused.status_code == 429 and RESET_REFUSED_FOR_ACCOUNT in text_of(refused)
        assert len(mail.outbox) == 3

    def test_the_answer_is_the_same_whether_or_not_an_account_has_the_address(self, alice):
        known = [self.reset("alice@example.org", address=f"192.0.2.{n}") for n in range(4)]
        unknown = [self.reset("nobody@example.org", address=f"192.0.2.{n}") for n in range(4)]
        assert [r.status_code for r in known] == [r.status_code for r in unknown] == [302, 302, 302, 429]
        assert [r.get("Location") for r in known] == [r.get("Location") for r in unknown]
        assert text_of(known[-1]) == text_of(unknown[-1])

    def test_ten_requests_an_hour_from_one_address_then_a_clear_refusal(self, alice):
        statuses = [self.reset(f"person{n}@example.org", address=ATTACKER).status_code for n in range(10)]
        assert statuses == [302] * 10
        refused = self.reset("alice@example.org", address=ATTACKER)
        assert refused.status_code == 429 and RESET_REFUSED_FOR_ADDRESS in text_of(refused)
        assert mail.outbox == []
        assert self.reset("alice@example.org", address=OTHER).status_code == 302
        assert len(mail.outbox) == 1

    def test_a_badly_typed_address_is_not_counted(self, alice):
        for _ in range(5):
            assert self.reset("not an email").status_code == 400
        assert self.reset("alice@example.org").status_code == 302


class TestSessionTimeouts:
    @pytest.fixture
    def signed_in(self, client, alice, test_password):
        assert sign_in(client, "alice", test_password).status_code == 302
        assert client.get("/board/344/").status_code == 200
        return client

    def age(self, client, *, idle, since_sign_in=None):
        session = client.session
        now = int(time.time())
        session[LAST_SEEN] = now - idle
        session[SIGNED_IN_AT] = now - (since_sign_in if since_sign_in is not None else idle)
        session.save()

    def test_signing_in_starts_both_clocks(self, signed_in):
        session = signed_in.session
        assert abs(session[SIGNED_IN_AT] - time.time()) < 5 and session[LAST_SEEN] >= session[SIGNED_IN_AT]

    def test_thirty_minutes_idle_signs_out_and_the_login_page_says_why(self, signed_in):
        self.age(signed_in, idle=31 * 60)
        response = signed_in.get("/board/344/")
        assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/board/344/"
        page = text_of(signed_in.get(response["Location"]))
        assert "You were signed out after 30 minutes without activity. Sign in again to continue." in page
        assert signed_in.get("/board/344/").status_code == 302

    def test_activity_within_thirty_minutes_keeps_the_session(self, signed_in):
        self.age(signed_in, idle=29 * 60, since_sign_in=3 * 60 * 60)
        assert signed_in.get("/board/344/").status_code == 200
        assert time.time() - signed_in.session[LAST_SEEN] < 5
        assert signed_in.get("/board/344/").status_code == 200

    def test_eight_hours_after_signing_in_it_ends_however_active(self, signed_in):
        self.age(signed_in, idle=60, since_sign_in=8 * 60 * 60 + 1)
        response = signed_in.get("/board/344/")
        assert response.status_code == 302
        assert "You were signed out 8 hours after signing in." in text_of(signed_in.get(response["Location"]))

    def test_the_idle_limit_is_a_setting(self, signed_in, settings):
        settings.SESSION_IDLE_MINUTES = 5
        self.age(signed_in, idle=6 * 60)
        assert signed_in.get("/board/344/").status_code == 302

    def test_a_post_after_the_limit_saves_nothing_and_goes_to_sign_in(self, signed_in):
        self.age(signed_in, idle=31 * 60)
        response = signed_in.post("/board/344/ehcp/returns/new/", {"month": "2024-01", "issued": "1"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        from ehcp.models import MonthlyReturn

        assert not MonthlyReturn.objects.exists()
