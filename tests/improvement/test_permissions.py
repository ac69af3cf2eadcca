"""The object-level rule: officers update what they own or their workstream's; leads everything."""

import pytest

from improvement import permissions
from send_board.access import area_access_for
from tests.improvement.factories import ActionFactory, AreaOfConcernFactory, PlanFactory, RiskFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(wirral, olive):
    mine = WorkstreamFactory(local_area=wirral, name="Mine", members=[olive])
    other = WorkstreamFactory(local_area=wirral, name="Other")
    concern = AreaOfConcernFactory(plan=PlanFactory(local_area=wirral), workstream=mine)
    return mine, other, concern


def test_an_officer_updates_their_own_and_their_workstreams_actions(setting, olive):
    mine, other, concern = setting
    access = area_access_for(olive, "344")
    assert permissions.can_update_action(access, ActionFactory(area_of_concern=concern, workstream=mine))
    assert permissions.can_update_action(
        access, ActionFactory(area_of_concern=concern, workstream=other, owner_user=olive)
    )
    assert not permissions.can_update_action(access, ActionFactory(area_of_concern=concern, workstream=other))
    assert not permissions.can_update_action(access, ActionFactory(area_of_concern=concern, workstream=None))


def test_a_workstream_lead_counts_as_its_member(setting, wirral, olive):
    mine, other, concern = setting
    other.lead_user = olive
    other.save()
    access = area_access_for(olive, "344")
    assert permissions.can_update_action(access, ActionFactory(area_of_concern=concern, workstream=other))


def test_board_members_update_nothing_and_leads_everything(setting, bob, alice, ada):
    mine, other, concern = setting
    action = ActionFactory(area_of_concern=concern, workstream=other, owner_user=bob)
    assert not permissions.can_update_action(area_access_for(bob, "344"), action)
    assert permissions.can_update_action(area_access_for(alice, "344"), action)
    assert permissions.can_update_action(area_access_for(ada, "344"), action)


def test_risks_follow_the_same_rule(setting, wirral, olive, walsall):
    mine, other, concern = setting
    access = area_access_for(olive, "344")
    assert permissions.can_update_risk(access, RiskFactory(local_area=wirral, workstream=mine))
    assert permissions.can_update_risk(access, RiskFactory(local_area=wirral, owner_user=olive))
    assert not permissions.can_update_risk(access, RiskFactory(local_area=wirral, workstream=other))
    assert not permissions.can_update_risk(access, RiskFactory(local_area=walsall, owner_user=olive))


def test_only_the_areas_workstream_or_a_lead_writes_its_review(setting, wirral, olive, alice):
    mine, other, concern = setting
    foreign = AreaOfConcernFactory(plan=concern.plan, workstream=other)
    assert permissions.can_review_area(area_access_for(olive, "344"), concern)
    assert not permissions.can_review_area(area_access_for(olive, "344"), foreign)
    assert permissions.can_review_area(area_access_for(alice, "344"), foreign)
