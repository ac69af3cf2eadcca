"""Every URL has an access rule, and the rules hold for each kind of visitor."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from send_board.access import Capability, area_access_for
from send_board.models import Role

# Django's own admin checks staff status itself.
EXEMPT_NAMESPACES = {"admin"}
SAMPLE_KWARGS = {"code": "344"}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def all_patterns():
    return list(walk(get_resolver().url_patterns))


def sample_path(route):
    """A concrete path for a route: <la:code> → 344, other arguments → 1."""
    import re

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: SAMPLE_KWARGS.get(m.group(2), "1"), route)


def test_every_view_declares_its_access_rule():
    missing = [route for route, p in all_patterns() if not getattr(p.callback, "access_rule", None)]
    assert missing == [], f"views without send_board.access (public, signed_in or area_view): {missing}"


def test_area_pages_are_routed_under_board_code():
    for route, p in all_patterns():
        if p.callback.access_rule.startswith("area:"):
            assert route.startswith("board/<la:code>/"), route


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login_from_every_signed_in_page(client, wirral):
    for route, p in all_patterns():
        if p.callback.access_rule == "public":
            continue
        response = client.get(sample_path(route))
        assert response.status_code == 302, route
        assert response["Location"].startswith("/accounts/login/?next="), route


@pytest.mark.django_db
def test_every_area_page_answers_404_to_a_user_of_another_area(client_for, wirral, charlie):
    client = client_for(charlie)
    for route, p in all_patterns():
        if p.callback.access_rule.startswith("area:"):
            assert client.get(sample_path(route)).status_code == 404, route


@pytest.mark.django_db
def test_every_area_page_answers_404_for_an_unknown_area(client_for, ada):
    client = client_for(ada)
    for route, p in all_patterns():
        if p.callback.access_rule.startswith("area:"):
            path = sample_path(route).replace("/344/", "/999/")
            assert client.get(path).status_code == 404, route


@pytest.mark.django_db
def test_area_pages_refuse_a_role_without_the_capability(client_for, wirral, bob, olive):
    for user in (bob, olive):
        client = client_for(user)
        for route, p in all_patterns():
            rule = p.callback.access_rule
            if rule.startswith("area:") and rule != f"area:{Capability.VIEW}":
                capability = Capability(rule.split(":", 1)[1])
                access = area_access_for(user, "344")
                if not access.can(capability):
                    response = client.get(sample_path(route))
                    assert response.status_code == 403, (user.username, route)


@pytest.mark.django_db
def test_roles_carry_the_capabilities_domain_md_gives_them(wirral, alice, bob, olive, ada):
    lead, board, officer, admin = (area_access_for(u, "344") for u in (alice, bob, olive, ada))
    assert lead.role == Role.PERFORMANCE_LEAD and lead.can_publish and lead.can_approve and lead.can_manage
    assert board.can("view") and board.can_comment and not board.can_enter and not board.can_publish
    assert officer.can_enter and not officer.can_approve and not officer.can_publish
    assert admin.role is None and admin.can_publish and admin.role_label == "Administrator"


@pytest.mark.django_db
def test_a_role_in_one_area_gives_nothing_in_another(wirral, walsall, charlie):
    from django.http import Http404

    assert area_access_for(charlie, "335").can_enter
    with pytest.raises(Http404, match=r"^$"):
        area_access_for(charlie, "344")
