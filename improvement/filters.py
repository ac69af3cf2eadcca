"""Filters of the action table (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q

from . import calculations
from .forms import PersonChoiceField, people_of
from .models import ActionStatus, Workstream

BRAG_CHOICES = [
    ("blue", "Blue – complete"),
    ("red", "Red – beyond milestone"),
    ("amber", "Amber – delayed or not started"),
    ("green", "Green – in progress"),
]


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class ActionFilter(django_filters.FilterSet):
    """Filter a plan's actions by area, status, BRAG, owner, workstream and
    whether they are past their milestone. `today` decides what is overdue."""

    q = django_filters.CharFilter(method="search", label="Code, title or owner contains")
    area_of_concern = django_filters.ModelChoiceFilter(label="Area of concern", queryset=None, empty_label="Any area")
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, empty_label="Any status")
    brag = django_filters.ChoiceFilter(label="BRAG", choices=BRAG_CHOICES, method="filter_brag", empty_label="Any")
    owner_user = PersonFilter(label="Owner", queryset=None, empty_label="Anyone")
    workstream = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any workstream")
    overdue = django_filters.BooleanFilter(
        label="Only actions past their milestone and not complete",
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    def __init__(self, *args, plan, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.filters["area_of_concern"].queryset = plan.areas.order_by("number")
        self.filters["workstream"].queryset = Workstream.objects.filter(local_area=plan.local_area)
        self.filters["owner_user"].queryset = people_of(plan.local_area)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value)
            | Q(title__icontains=value)
            | Q(owner_name__icontains=value)
            | Q(owner_user__first_name__icontains=value)
            | Q(owner_user__last_name__icontains=value)
        )

    def filter_brag(self, queryset, name, value):
        return queryset.filter(status__in=calculations.statuses_for_brag(value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(self.today) if value else queryset
