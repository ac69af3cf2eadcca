"""Factories for the improvement app."""

from datetime import date

import factory

from improvement import calculations
from improvement.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AreaOfConcern,
    EvidenceItem,
    Meeting,
    Plan,
    PlanKind,
    ReportingPeriod,
    Risk,
    Workstream,
)
from tests.factories import LocalAreaFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    local_area = factory.SubFactory(LocalAreaFactory)
    name = factory.Sequence(lambda n: f"Written Statement of Action {n}")
    slug = factory.Sequence(lambda n: f"wsoa-{n}")
    kind = PlanKind.WSOA
    approved_on = date(2022, 3, 28)
    target_completion = date(2023, 9, 30)


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream
        skip_postgeneration_save = True

    local_area = factory.SubFactory(LocalAreaFactory)
    name = factory.Sequence(lambda n: f"Workstream {n}")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


class AreaOfConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaOfConcern

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Area of concern {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    area_of_concern = factory.SubFactory(AreaOfConcernFactory)
    plan = factory.SelfAttribute("area_of_concern.plan")
    code = factory.Sequence(lambda n: f"1.{n + 1}.a")
    sort_key = factory.LazyAttribute(lambda a: calculations.action_sort_key(a.code))
    title = factory.Sequence(lambda n: f"Action {n}")
    milestone = date(2022, 6, 30)
    status = ActionStatus.IN_PROGRESS


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    plan = factory.SubFactory(PlanFactory)
    month = date(2022, 4, 1)
    label = factory.LazyAttribute(lambda p: f"{p.month:%B %Y}")
    starts_on = factory.LazyAttribute(lambda p: p.month)
    ends_on = factory.LazyAttribute(lambda p: p.month.replace(day=28))


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    period = factory.SubFactory(PeriodFactory, plan=factory.SelfAttribute("..action.plan"))
    status = ActionStatus.IN_PROGRESS
    progress = "Work is under way."


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    local_area = factory.SubFactory(LocalAreaFactory)
    reference = factory.Sequence(lambda n: f"R{n + 1}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    likelihood = 3
    impact = 3
    score = factory.LazyAttribute(lambda r: r.likelihood * r.impact)
    next_review_date = date(2030, 1, 31)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    local_area = factory.SubFactory(LocalAreaFactory)
    title = "Local Area SEND Partnership Board"
    held_on = date(2024, 12, 17)


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceItem

    local_area = factory.SubFactory(LocalAreaFactory)
    title = factory.Sequence(lambda n: f"Evidence {n}")
