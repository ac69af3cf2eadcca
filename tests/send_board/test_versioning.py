"""No lost update (send_board/versioning.py): for each kind of record, two
people open the same edit form and both save. The first save stands; the
second is refused with "changed by NAME at TIME since you opened it", both
values side by side, and nothing of the first is lost. Saving the refused form
again applies the second person's values on purpose. A PostgreSQL test races
two real connections on one row: exactly one wins."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ehcp import services as ehcp_services
from ehcp.models import MonthlyReturn, ReturnStatus
from improvement.models import Action, ActionStatus, ActionUpdate, Decision, DecisionOption, Risk
from performance.models import IndicatorValue, ValueState
from send_board.versioning import StaleEdit
from tests.ehcp.factories import MonthlyReturnFactory
from tests.html_forms import post_forms
from tests.improvement.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AreaOfConcernFactory,
    MeetingFactory,
    PeriodFactory,
    PlanFactory,
    RiskFactory,
)
from tests.performance.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def form_of(response):
    forms = [form for form in post_forms(response) if "version" in form]
    assert len(forms) == 1, f"expected one versioned form, found {len(forms)}"
    return forms[0]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def both_open(url, first, second):
    """Two people open the same edit form: their clients and form values."""
    one, two = signed_in(first), signed_in(second)
    form_one, form_two = form_of(one.get(url)), form_of(two.get(url))
    assert form_one["version"] == form_two["version"]
    return (one, form_one), (two, form_two)


def assert_refused(response, *, name, theirs, yours):
    assert response.status_code == 400 or response.status_code == 200
    page = response.content.decode()
    assert f"changed by {name} at" in page
    assert "since you opened it" in page
    assert "Nothing of yours has been saved" in page
    assert theirs in page and yours in page
    return page


def reapply(client, url, response, **extra):
    """Save the refused form again, as it came back (with the user's values)."""
    data = form_of(response)
    data.update(extra)
    return client.post(url, data)


# ---------------------------------------------------------------- the six kinds


def test_a_stale_return_edit_is_refused_and_the_first_save_stands(wirral, alice, olive):
    monthly_return = MonthlyReturnFactory(local_area=wirral, month=date(2024, 3, 1), issued=40, within_20_weeks=20)
    url = reverse("ehcp:return_edit", kwargs={"code": "344", "pk": monthly_return.pk})
    (one, form_one), (two, form_two) = both_open(url, alice, olive)

    form_one.update(issued="41", action="save")
    assert one.post(url, form_one).status_code == 302
    form_two.update(within_20_weeks="25", notes="Olive's note", action="save")
    refused = two.post(url, form_two)

    page = assert_refused(refused, name="Alice", theirs="41", yours="40")
    assert "Olive&#x27;s note" in page or "Olive's note" in page
    monthly_return.refresh_from_db()
    assert (monthly_return.issued, monthly_return.within_20_weeks, monthly_return.notes) == (41, 20, "")
    assert monthly_return.version == 2

    again = reapply(two, url, refused, action="save")
    assert again.status_code == 302
    monthly_return.refresh_from_db()
    assert (monthly_return.issued, monthly_return.within_20_weeks, monthly_return.notes) == (40, 25, "Olive's note")
    assert monthly_return.version == 3


@pytest.fixture
def plan(wirral):
    return PlanFactory(local_area=wirral, slug="wsoa", approved_on=date(2022, 3, 28))


def test_a_stale_action_edit_is_refused_and_the_first_save_stands(plan, alice, ada):
    action = ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan), code="1.1.a", title="Recruit EPs")
    url = reverse("improvement:action_edit", args=["344", "wsoa", "1.1.a"])
    (one, form_one), (two, form_two) = both_open(url, alice, ada)

    form_one.update(title="Recruit four educational psychologists")
    assert one.post(url, form_one).status_code == 302
    form_two.update(status=ActionStatus.DELAYED, reason="Vacancies", mitigation="Agency cover")
    refused = two.post(url, form_two)

    assert_refused(refused, name="Alice", theirs="Recruit four educational psychologists", yours="Recruit EPs")
    action.refresh_from_db()
    assert action.title == "Recruit four educational psychologists"
    assert action.status == ActionStatus.IN_PROGRESS

    assert reapply(two, url, refused).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status, action.reason) == ("Recruit EPs", ActionStatus.DELAYED, "Vacancies")


def test_a_stale_action_update_is_refused_and_the_first_save_stands(plan, alice, ada):
    action = ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan), code="1.1.a")
    period = PeriodFactory(plan=plan, month=date(2022, 4, 1))
    update = ActionUpdateFactory(action=action, period=period, progress="Two posts advertised.")
    url = reverse("improvement:action_update", args=["344", "wsoa", "1.1.a"])
    (one, form_one), (two, form_two) = both_open(url, alice, ada)

    form_one.update(progress="Two posts filled.")
    assert one.post(url, form_one).status_code == 302
    form_two.update(next_steps="Advertise again.")
    refused = two.post(url, form_two)

    assert_refused(refused, name="Alice", theirs="Two posts filled.", yours="Two posts advertised.")
    update.refresh_from_db()
    assert (update.progress, update.next_steps) == ("Two posts filled.", "")

    assert reapply(two, url, refused).status_code == 302
    update.refresh_from_db()
    assert (update.progress, update.next_steps) == ("Two posts advertised.", "Advertise again.")


def test_a_second_first_update_of_a_period_is_refused(plan, alice, ada):
    """Both open the form before any update exists (version 0): the second
    does not silently replace the first one's new update."""
    action = ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan), code="1.1.a")
    PeriodFactory(plan=plan, month=date(2022, 4, 1))
    url = reverse("improvement:action_update", args=["344", "wsoa", "1.1.a"])
    (one, form_one), (two, form_two) = both_open(url, alice, ada)
    assert form_one["version"] == "0"

    form_one.update(status=ActionStatus.IN_PROGRESS, progress="Alice's progress")
    assert one.post(url, form_one).status_code == 302
    form_two.update(status=ActionStatus.IN_PROGRESS, progress="Ada's progress")
    assert_refused(two.post(url, form_two), name="Alice", theirs="Alice&#x27;s progress", yours="Ada&#x27;s progress")
    assert ActionUpdate.objects.get(action=action).progress == "Alice's progress"


def test_a_stale_risk_edit_is_refused_and_the_first_save_stands(wirral, alice, ada):
    risk = RiskFactory(local_area=wirral, reference="R1", title="EP capacity", likelihood=3, impact=3)
    url = reverse("improvement:risk_edit", args=["344", risk.pk])
    (one, form_one), (two, form_two) = both_open(url, alice, ada)

    form_one.update(likelihood="5")
    assert one.post(url, form_one).status_code == 302
    form_two.update(mitigation="Agency EPs")
    refused = two.post(url, form_two)

    page = assert_refused(refused, name="Alice", theirs="5", yours="3")
    assert "Likelihood" in page and "Agency EPs" in page
    risk.refresh_from_db()
    assert (risk.likelihood, risk.score, risk.mitigation) == (5, 15, "")

    assert reapply(two, url, refused).status_code == 302
    risk.refresh_from_db()
    assert (risk.likelihood, risk.score, risk.mitigation) == (3, 9, "Agency EPs")


def test_a_stale_indicator_value_edit_is_refused_and_the_first_save_stands(wirral, alice, ada):
    indicator = IndicatorFactory(area=wirral, code="EP6", unit="count", frequency="monthly")
    value = IndicatorValueFactory(
        indicator=indicator, period=date(2024, 7, 1), value=Decimal(12), state=ValueState.DRAFT, approved_at=None
    )
    url = reverse("performance:value_edit", args=["344", "EP6", "2024-07"])
    (one, form_one), (two, form_two) = both_open(url, alice, ada)

    form_one.update(value="14", action="draft")
    assert one.post(url, form_one).status_code == 302
    form_two.update(note="Checked against the EP tracker", action="draft")
    refused = two.post(url, form_two)

    assert_refused(refused, name="Alice", theirs="14", yours="12")
    value.refresh_from_db()
    assert (value.value, value.note) == (Decimal(14), "")

    assert reapply(two, url, refused, action="draft").status_code == 302
    value.refresh_from_db()
    assert (value.value, value.note) == (Decimal(12), "Checked against the EP tracker")


def test_a_stale_decision_edit_is_refused_and_the_first_save_stands(wirral, alice, ada):
    meeting = MeetingFactory(local_area=wirral)
    decision = Decision.objects.create(meeting=meeting, title="EHCP recovery", resolution="Option 1")
    DecisionOption.objects.create(decision=decision, number=1, title="Agency staff", adopted=True)
    url = reverse("improvement:decision_edit", args=["344", decision.pk])
    (one, form_one), (two, form_two) = both_open(url, alice, ada)

    form_one.update({"resolution": "Option 1, reviewed in March", "option-0-reason": "Fastest"})
    assert one.post(url, form_one).status_code == 302
    form_two.update(summary="Three options were costed.")
    refused = two.post(url, form_two)

    page = assert_refused(refused, name="Alice", theirs="Option 1, reviewed in March", yours="Option 1")
    assert "Three options were costed." in page
    assert "Options" in page and "Fastest" in page
    decision.refresh_from_db()
    assert (decision.resolution, decision.summary) == ("Option 1, reviewed in March", "")
    assert decision.options.get().reason == "Fastest"


def test_a_decision_saved_unchanged_keeps_its_version(wirral, alice):
    meeting = MeetingFactory(local_area=wirral)
    decision = Decision.objects.create(meeting=meeting, title="EHCP recovery")
    DecisionOption.objects.create(decision=decision, number=1, title="Agency staff", adopted=True)
    url = reverse("improvement:decision_edit", args=["344", decision.pk])
    client = signed_in(alice)
    assert client.post(url, form_of(client.get(url))).status_code == 302
    decision.refresh_from_db()
    assert decision.version == 1


# ---------------------------------------------------------------- services


def test_a_save_without_a_form_version_is_not_checked_but_raises_the_version(wirral, alice):
    """Imports and commands have no form: they save over whatever is there."""
    monthly_return = MonthlyReturnFactory(local_area=wirral, month=date(2024, 3, 1), issued=40, within_20_weeks=20)
    values = {"issued": 42, "within_20_weeks": 20}
    ehcp_services.return_update(monthly_return=monthly_return, values=values, user=alice)
    monthly_return.refresh_from_db()
    assert (monthly_return.issued, monthly_return.version) == (42, 2)


def test_approving_raises_the_version_so_an_open_form_cannot_undo_it(wirral, alice, olive):
    monthly_return = MonthlyReturnFactory(
        local_area=wirral, month=date(2024, 3, 1), issued=40, within_20_weeks=20, status=ReturnStatus.SUBMITTED
    )
    ehcp_services.return_approve(monthly_return=monthly_return, user=alice)
    with pytest.raises(StaleEdit, match=r"since you opened it\. Nothing of yours has been saved\.") as refused:
        ehcp_services.return_update(
            monthly_return=monthly_return, values={"issued": 41, "within_20_weeks": 20}, user=olive, version=1
        )
    assert refused.value.changed_by == "Alice"
    assert MonthlyReturn.objects.get(pk=monthly_return.pk).status == ReturnStatus.APPROVED


def test_an_update_that_moves_the_action_status_raises_the_action_version(plan, alice):
    from improvement import services

    action = ActionFactory(area_of_concern=AreaOfConcernFactory(plan=plan), code="1.1.a")
    period = PeriodFactory(plan=plan, month=date(2022, 4, 1))
    services.action_update_save(
        action=action, period=period, user=alice, status=ActionStatus.COMPLETE, progress="Done", version=0
    )
    action = Action.objects.get(pk=action.pk)
    assert (action.status, action.version) == (ActionStatus.COMPLETE, 2)


def test_a_new_risk_starts_at_version_one(wirral, alice):
    from improvement import services

    risk = services.risk_save(area=wirral, user=alice, title="Sufficiency", likelihood=2, impact=2, version=0)
    assert Risk.objects.get(pk=risk.pk).version == 1
    assert IndicatorValue._meta.get_field("version").default == 1


# ---------------------------------------------------------------- a real race


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_racing_on_one_return_only_one_wins(wirral, alice, olive):
    """Two threads, each with its own PostgreSQL connection, save the same
    return from forms opened at version 1, released together: the row lock
    and the conditional UPDATE let exactly one through."""
    monthly_return = MonthlyReturnFactory(local_area=wirral, month=date(2024, 3, 1), issued=40, within_20_weeks=20)
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(user, issued):
        try:
            barrier.wait(timeout=10)
            ehcp_services.return_update(
                monthly_return=monthly_return,
                values={"issued": issued, "within_20_weeks": 20},
                user=user,
                version=1,
            )
            outcomes[user.username] = "saved"
        except StaleEdit as error:
            outcomes[user.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(alice, 41)), threading.Thread(target=save, args=(olive, 42))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o if o == "saved" else "refused" for o in outcomes.values()) == ["refused", "saved"]
    winner = next(name for name, o in outcomes.items() if o == "saved")
    loser = next(o for o in outcomes.values() if o != "saved")
    monthly_return.refresh_from_db()
    assert monthly_return.issued == {"alice": 41, "olive": 42}[winner]
    assert monthly_return.version == 2
    assert loser.changed_by == winner.title()
    assert monthly_return.history.filter(history_type="~").count() == 1
