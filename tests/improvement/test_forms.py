"""ServiceForm: fields from the model, values from the instance, and no model
validation of its own (the service validates and saves, with its messages)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from improvement import services
from improvement.forms import ActionForm, ActionUpdateForm
from improvement.models import Action, ActionStatus, ChangeRecord
from tests.improvement.factories import ActionFactory, AreaOfConcernFactory, PeriodFactory, PlanFactory


@pytest.fixture
def plan(wirral):
    return PlanFactory(local_area=wirral, slug="wsoa", approved_on=date(2022, 3, 28))


@pytest.fixture
def action(plan):
    concern = AreaOfConcernFactory(plan=plan, number=1, title="Information and data")
    return ActionFactory(area_of_concern=concern, code="1.1.a", title="Systems audit", milestone=date(2022, 6, 30))


def action_data(action, **changes):
    data = {
        "code": action.code,
        "title": action.title,
        "area_of_concern": action.area_of_concern_id,
        "milestone": "2022-06-30",
        "status": action.status,
        "version": action.version,
    }
    return {**data, **changes}


def test_it_takes_its_initial_values_from_the_instance(plan, action):
    form = ActionForm(instance=action, plan=plan)
    assert form["title"].value() == "Systems audit"
    assert form["code"].value() == "1.1.a"


def test_a_new_form_shows_the_models_defaults(plan):
    form = ActionForm(plan=plan)
    assert form["status"].value() == ActionStatus.NOT_STARTED


def test_it_leaves_the_instance_as_it_was_so_the_service_records_the_change(plan, action, alice):
    form = ActionForm(action_data(action, title="Audit of the case systems"), instance=action, plan=plan)
    assert form.is_valid(), form.errors
    assert Action.objects.get(pk=action.pk).title == action.title == "Systems audit"
    services.action_save(plan=plan, user=alice, action=action, **form.service_values(*ActionForm.Meta.fields))
    change = ChangeRecord.objects.get(action=action, verb="changed")
    assert change.changes == {"Title": ["Systems audit", "Audit of the case systems"]}


def test_the_models_rules_are_the_services_with_its_messages(plan, action, alice):
    """A code the model's validator refuses passes the form and is refused by
    action_save, whose ValidationError the view puts on the field."""
    form = ActionForm(action_data(action, code="1 1 a"), instance=action, plan=plan)
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError, match="letters and numbers separated by dots") as caught:
        services.action_save(plan=plan, user=alice, action=action, **form.service_values(*ActionForm.Meta.fields))
    form.add_service_errors(caught.value)
    assert form.errors["code"] == [
        "An action code is letters and numbers separated by dots or hyphens, such as 1.1.a or 2.2.b."
    ]
    assert Action.objects.get(pk=action.pk).code == "1.1.a"


def test_a_late_update_without_reason_gets_the_services_message_not_a_constraints(plan, action):
    period = PeriodFactory(plan=plan, month=date(2022, 4, 1), label="April 2022", ends_on=date(2022, 4, 30))
    form = ActionUpdateForm({"period": period.pk, "status": "delayed"}, open_periods=plan.periods.all())
    assert form.is_valid(), form.errors  # the check constraint update_behind_has_reason is the service's
    with pytest.raises(ValidationError, match="it is required when the status is Delayed") as caught:
        services.action_update_save(action=action, user=None, **form.service_values())
    form.add_service_errors(caught.value)
    assert form.errors["reason"] == ["Enter the reason: it is required when the status is Delayed."]
