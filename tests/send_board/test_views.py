import pytest
from django.core import mail
from django.test import Client, override_settings

from send_board.demo import DEMO_PASSWORD


@pytest.mark.django_db
class TestHome:
    def test_it_lists_local_areas_for_the_public(self, client, wirral, walsall):
        response = client.get("/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Wirral" in body and "Walsall" in body
        assert 'href="/areas/344/"' in body

    def test_it_takes_a_user_with_one_area_to_its_dashboard(self, client_for, olive):
        response = client_for(olive).get("/")
        assert response.status_code == 302 and response["Location"] == "/board/344/"

    def test_it_lets_a_user_with_several_areas_choose(self, client_for, olive, walsall):
        from send_board.models import Membership, Role

        Membership.objects.create(user=olive, local_area=walsall, role=Role.BOARD_MEMBER)
        body = client_for(olive).get("/").content.decode()
        assert "/board/344/" in body and "/board/335/" in body

    def test_it_tells_a_user_with_no_role_what_to_do(self, client_for, db):
        from tests.factories import UserFactory

        body = client_for(UserFactory()).get("/").content.decode()
        assert "no role in any local area" in body


@pytest.mark.django_db
class TestNavigation:
    def test_a_lead_sees_publish(self, client_for, alice):
        body = client_for(alice).get("/board/344/").content.decode()
        assert 'href="/board/344/publish/"' in body

    @pytest.mark.parametrize("username", ["bob", "olive"])
    def test_others_do_not_see_publish(self, client_for, username, request):
        user = request.getfixturevalue(username)
        body = client_for(user).get("/board/344/").content.decode()
        assert "/board/344/publish/" not in body
        for link in ("/board/344/ehcp/", "/board/344/plan/", "/board/344/risks/", "/board/344/scorecard/"):
            assert f'href="{link}"' in body

    def test_the_public_sees_sign_in_and_no_board_links(self, client, wirral):
        body = client.get("/").content.decode()
        assert 'href="/accounts/login/"' in body
        assert "/board/" not in body

    def test_every_page_has_one_h1_and_a_skip_link(self, client_for, alice):
        client = client_for(alice)
        for path in ("/board/344/", "/board/344/ehcp/", "/board/344/plan/", "/accounts/"):
            body = client.get(path).content.decode()
            assert body.count("<h1") == 1, path
            assert 'href="#main-content"' in body and 'id="main-content"' in body


@pytest.mark.django_db
class TestErrors:
    def test_unknown_urls_get_the_404_page(self, client):
        response = client.get("/no/such/page/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()

    def test_a_post_without_csrf_token_is_refused(self, db, alice):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/accounts/login/", {"username": "alice", "password": "x"})
        assert response.status_code == 403
        assert "could not be sent" in response.content.decode()

    def test_a_role_without_the_capability_gets_the_403_page(self, client_for, bob):
        response = client_for(bob).get("/board/344/publish/")
        assert response.status_code == 403
        assert "does not allow" in response.content.decode()


@pytest.mark.django_db
class TestAccounts:
    def test_it_signs_in_with_the_real_form(self, client, alice, test_password):
        response = client.post("/accounts/login/", {"username": "alice", "password": test_password})
        assert response.status_code == 302
        assert client.get("/board/344/").status_code == 200

    def test_it_explains_a_wrong_password(self, client, alice):
        response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
        body = response.content.decode()
        assert "govuk-error-summary" in body and "correct username and password" in body

    def test_it_locks_out_after_five_failures_even_with_the_right_password(self, client, alice, test_password):
        for _ in range(5):
            client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
        response = client.post("/accounts/login/", {"username": "alice", "password": test_password})
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()
        assert client.get("/board/344/").status_code == 302

    def test_sign_out_is_a_post(self, client_for, alice):
        client = client_for(alice)
        assert client.get("/accounts/logout/").status_code == 405
        client.post("/accounts/logout/")
        assert client.get("/board/344/").status_code == 302

    def test_it_changes_a_password(self, client_for, alice, test_password):
        client = client_for(alice)
        response = client.post(
            "/accounts/password/",
            {
                "old_password": test_password,
                "new_password1": "a-much-longer-pass-phrase",
                "new_password2": "a-much-longer-pass-phrase",
            },
        )
        assert response.status_code == 302
        alice.refresh_from_db()
        assert alice.check_password("a-much-longer-pass-phrase")

    def test_it_emails_a_reset_link(self, client, alice):
        response = client.post("/accounts/password/reset/", {"email": "alice@example.org"})
        assert response.status_code == 302
        assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body

    def test_account_lists_roles(self, client_for, alice):
        body = client_for(alice).get("/accounts/").content.decode()
        assert "Performance lead in" in body and "Wirral" in body


@pytest.mark.django_db
class TestDemoCredentials:
    def test_the_login_page_shows_them_only_with_debug(self, client):
        # The demo's users are the kernel's part of the demo: the apps' demo data adds nothing to this page.
        from send_board.demo import load_areas_and_users

        load_areas_and_users()
        assert DEMO_PASSWORD not in client.get("/accounts/login/").content.decode()
        with override_settings(DEBUG=True):
            body = client.get("/accounts/login/").content.decode()
        assert DEMO_PASSWORD in body and "<code>lead</code>" in body


@pytest.mark.django_db
class TestStaticPages:
    @pytest.mark.parametrize("path", ["/about-these-figures/", "/accessibility/"])
    def test_they_are_public(self, client, path):
        response = client.get(path)
        assert response.status_code == 200
        assert response.content.decode().count("<h1") == 1

    def test_plotly_is_our_partial_bundle_of_the_version_the_python_package_emits(self, client):
        from plotly.offline import get_plotlyjs_version

        response = client.get("/static/vendor/plotly/plotly-basic.min.js")
        assert response.status_code == 200
        head = b"".join(response.streaming_content)[:300].decode()
        assert f"plotly.js (basic - minified) v{get_plotlyjs_version()}" in head

    def test_pages_reference_no_other_host(self, client_for, alice):
        import re

        for path in ("/", "/board/344/", "/accounts/login/"):
            body = client_for(alice).get(path).content.decode()
            assert not re.search(r'(src|href)="(https?:)?//', body), path

    def test_responses_carry_a_content_security_policy(self, client, db):
        policy = client.get("/")["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_a_field_error_is_shown_at_its_field_and_linked_from_the_summary(client_for, alice, test_password):
    body = (
        client_for(alice)
        .post(
            "/accounts/password/",
            {"old_password": "not-it", "new_password1": "a-much-longer-pass-phrase", "new_password2": "different"},
        )
        .content.decode()
    )
    assert '<a href="#id_old_password">' in body
    assert 'id="id_old_password-error" class="govuk-error-message"' in body
    assert 'aria-describedby="id_old_password-error"' in body
    assert "govuk-input--error" in body


def test_a_page_with_a_form_answers_400_only_when_the_form_refused_what_was_sent():
    from django import forms as django_forms

    from send_board.forms import form_status

    class Form(django_forms.Form):
        count = django_forms.IntegerField()

    Formset = django_forms.formset_factory(Form)
    management = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"}
    assert form_status(Form()) == 200  # not sent
    assert form_status(Form({"count": "3"})) == 200
    assert form_status(Form({"count": "three"})) == 400
    assert form_status(Form({"count": "3"}), None, Formset({**management, "form-0-count": "x"})) == 400
    assert form_status(Form({"count": "3"}), Formset({**management, "form-0-count": "4"})) == 200
