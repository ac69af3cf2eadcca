"""Publications: immutable snapshots of a local area's scorecard.

A publication is written once, by services.publication_create, and never
changed: its rows refuse save() after creation and their querysets refuse
update(); on PostgreSQL and SQLite a trigger (migration 0002) refuses any
UPDATE as well. A withdrawal is a row of its own; a correction is a new
publication that points at the one it supersedes. A hidden (suppressed)
figure is stored as NULL with its state, and a check constraint refuses a
row that holds both a hidden state and a number.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from send_board.audit import AuditedQuerySet, track
from send_board.models import LocalArea

from . import calculations


class Immutable(Exception):
    """A published row cannot be changed."""


class ImmutableQuerySet(AuditedQuerySet):
    def update(self, **kwargs):
        raise Immutable(f"{self.model.__name__} rows are never changed once published.")

    update.queryset_only = True

    def bulk_update(self, objs, fields, batch_size=None):
        raise Immutable(f"{self.model.__name__} rows are never changed once published.")


class ImmutableModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(f"{type(self).__name__} {self.pk} is published and cannot be changed.")
        super().save(*args, **kwargs)


class CellState(models.TextChoices):
    SHOWN = calculations.SHOWN, "Shown"
    SMALL = calculations.SMALL, "Fewer than 5"
    PROTECTED = calculations.PROTECTED, "Hidden to protect a small number"


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    GREY = "grey", "No rating"
    HIDDEN = "", "Hidden with its figure"


def hidden_means_null(field_name):
    """The check that a hidden cell holds no number."""
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}_state": CellState.SHOWN}) | Q(**{f"{field_name}__isnull": True}),
        name=f"%(class)s_{field_name}_hidden_is_null",
    )


def state_known(field_name):
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}_state__in": CellState.values}), name=f"%(class)s_{field_name}_state_known"
    )


class PublicationQuerySet(ImmutableQuerySet):
    def live(self):
        """Neither withdrawn nor replaced by a correction."""
        return self.filter(withdrawal__isnull=True, correction__isnull=True)

    def with_state(self):
        return self.select_related("area", "withdrawal", "correction", "supersedes")


class Publication(ImmutableModel):
    """One published scorecard of a local area for a month."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="publications")
    period = models.DateField(help_text="The scorecard's month (its first day).")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_by_name = models.CharField(max_length=150, help_text="Who approved it, as they were named then.")
    published_by_role = models.CharField(max_length=60)
    supersedes = models.OneToOneField(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="correction"
    )
    correction_note = models.TextField(blank=True, help_text="What changed from the publication it supersedes.")
    small_number_max = models.PositiveSmallIntegerField(help_text="Counts from 1 to this were hidden.")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period"],
                condition=Q(supersedes__isnull=True),
                name="publication_one_original_per_period",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_note=""),
                name="publication_correction_says_what_changed",
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="publication_period_first_of_month"),
            models.CheckConstraint(condition=Q(small_number_max__gte=2), name="publication_small_number_max_sane"),
        ]
        indexes = [models.Index(fields=["area", "-period"])]

    def __str__(self):
        return f"{self.area.name} scorecard for {self.period_label} (#{self.pk})"

    @property
    def period_key(self):
        return self.period.isoformat()[:7]

    @property
    def period_label(self):
        return calculations.period_label(self.period_key)

    @property
    def is_withdrawn(self):
        return hasattr(self, "withdrawal")

    @property
    def is_superseded(self):
        return hasattr(self, "correction")

    @property
    def status(self):
        if self.is_withdrawn:
            return "Withdrawn"
        if self.is_superseded:
            return "Replaced by a correction"
        if self.supersedes_id:
            return "Correction"
        return "Published"

    @property
    def state_token(self):
        """What of the public page can change after publication: withdrawal
        and supersession. Part of the page's cache key."""
        withdrawal = self.withdrawal.pk if self.is_withdrawn else 0
        correction = self.correction.pk if self.is_superseded else 0
        return f"w{withdrawal}c{correction}"


class Withdrawal(ImmutableModel):
    """A publication taken down, and why. Kept on record."""

    publication = models.OneToOneField(Publication, on_delete=models.CASCADE, related_name="withdrawal")
    reason = models.TextField()
    withdrawn_at = models.DateTimeField()
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_by_name = models.CharField(max_length=150)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="withdrawal_has_a_reason")]

    def __str__(self):
        return f"Withdrawal of publication {self.publication_id}"


class PublishedIndicator(ImmutableModel):
    """One indicator of a publication as it was published: its headline
    figure for the period, rating, change and words."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=10, choices=[(u, u) for u in calculations.UNITS])
    polarity = models.CharField(max_length=20, blank=True)
    service_area = models.CharField(max_length=100, blank=True)
    period = models.CharField(max_length=20)
    value = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    value_state = models.CharField(max_length=10, choices=CellState.choices, blank=True)
    numerator = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    numerator_state = models.CharField(max_length=10, choices=CellState.choices, blank=True)
    denominator = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    denominator_state = models.CharField(max_length=10, choices=CellState.choices, blank=True)
    target = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    previous = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    previous_state = models.CharField(max_length=10, choices=CellState.choices, blank=True)
    previous_period = models.CharField(max_length=20, blank=True)
    change = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    change_state = models.CharField(max_length=10, choices=CellState.choices, blank=True)
    change_unit = models.CharField(max_length=10, blank=True)
    direction = models.CharField(max_length=20, blank=True)
    commentary = models.TextField(blank=True)
    benchmark_england = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    benchmark_region = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    benchmark_neighbours = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    benchmark_england_source = models.CharField(max_length=200, blank=True)
    benchmark_region_source = models.CharField(max_length=200, blank=True)
    benchmark_neighbours_source = models.CharField(max_length=200, blank=True)
    chart = models.JSONField(
        null=True, blank=True, help_text="The trend chart's Plotly data and layout, made from the published points."
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "code"], name="published_indicator_code_once"),
            models.UniqueConstraint(fields=["publication", "position"], name="published_indicator_position_once"),
            *(hidden_means_null(f) for f in ("value", "numerator", "denominator", "previous", "change")),
            *(state_known(f) for f in ("value", "numerator", "denominator", "previous", "change")),
            models.CheckConstraint(condition=Q(rag__in=Rag.values), name="published_indicator_rag_known"),
            models.CheckConstraint(
                condition=Q(value_state=CellState.SHOWN) | Q(rag=Rag.HIDDEN),
                name="published_indicator_hidden_value_has_no_rating",
            ),
            models.CheckConstraint(
                condition=Q(change_state=CellState.SHOWN) | Q(direction=""),
                name="published_indicator_hidden_change_has_no_direction",
            ),
        ]

    def __str__(self):
        return f"{self.code} in publication {self.publication_id}"


class PublishedPoint(ImmutableModel):
    """One period of an indicator's published trend (its table and chart)."""

    indicator = models.ForeignKey(PublishedIndicator, on_delete=models.CASCADE, related_name="points")
    position = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=20)
    value = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    value_state = models.CharField(max_length=10, choices=CellState.choices, blank=True)
    numerator = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    numerator_state = models.CharField(max_length=10, choices=CellState.choices, blank=True)
    denominator = models.DecimalField(max_digits=15, decimal_places=3, null=True)
    denominator_state = models.CharField(max_length=10, choices=CellState.choices, blank=True)
    target = models.DecimalField(max_digits=15, decimal_places=3, null=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "position"], name="published_point_position_once"),
            models.UniqueConstraint(fields=["indicator", "period"], name="published_point_period_once"),
            *(hidden_means_null(f) for f in ("value", "numerator", "denominator")),
            *(state_known(f) for f in ("value", "numerator", "denominator")),
        ]

    def __str__(self):
        return f"{self.period} of {self.indicator_id}"


class PublishedPlanSummary(ImmutableModel):
    """An area of concern of the improvement plan, as it was published."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="plan_summaries")
    position = models.PositiveSmallIntegerField()
    plan = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=60, blank=True)
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=60)
    bau_date = models.DateField(null=True, blank=True)
    public_summary = models.TextField(blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "position"], name="published_plan_position_once"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


# ---------------------------------------------------------------- audit trail

track(Publication, area="area")
track(Withdrawal, area="publication")
