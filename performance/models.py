"""Indicators (as Wirral's indicator definition template asks), their targets,
benchmarks and values, and the ratings stored for each value.

Ratings are computed by performance.tasks (on every change, and nightly) with
the pure functions in performance.calculations; pages only read them.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from send_board.audit import AuditedQuerySet, track
from send_board.models import LocalArea

from . import calculations, periods, sources


class ServiceArea(models.TextChoices):
    EHCP = "ehcp", "EHCP"
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social-care", "Social care"
    INCLUSION = "inclusion", "Inclusion"
    PARTICIPATION = "participation", "Participation"
    PREPARATION_FOR_ADULTHOOD = "preparation-for-adulthood", "Preparation for adulthood"


class HealthService(models.TextChoices):
    """The services of the health waiting-times block (Sefton's slide)."""

    SPEECH_AND_LANGUAGE = "speech-and-language", "Speech and language therapy"
    DIETETICS = "dietetics", "Dietetics"
    CAMHS = "camhs", "Specialist CAMHS"
    ASD = "asd", "Autism (ASD)"
    ADHD = "adhd", "ADHD"


class Unit(models.TextChoices):
    PERCENT = calculations.PERCENT, "Percentage"
    COUNT = calculations.COUNT, "Count"
    WEEKS = calculations.WEEKS, "Weeks"
    DAYS = calculations.DAYS, "Days"
    RATE = calculations.RATE, "Rate per 1,000"


class Polarity(models.TextChoices):
    HIGHER = calculations.HIGHER, "Higher is better"
    LOWER = calculations.LOWER, "Lower is better"
    NEUTRAL = calculations.NEUTRAL, "Neither: context only (no target, no RAG)"


class Frequency(models.TextChoices):
    MONTHLY = periods.MONTHLY, "Monthly"
    QUARTERLY = periods.QUARTERLY, "Quarterly"
    TERMLY = periods.TERMLY, "Termly"
    ANNUAL = periods.ANNUAL, "Annual"


class ValueState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"


class ValueSource(models.TextChoices):
    FORM = "form", "Form"
    UPLOAD = "upload", "Spreadsheet upload"
    COMMAND = "command", "Import command"
    COMPUTED = "computed", "Computed from its source"
    GENERATED = "generated", "Demo or synthetic data"


class Rag(models.TextChoices):
    GREEN = calculations.GREEN, "Green"
    AMBER = calculations.AMBER, "Amber"
    RED = calculations.RED, "Red"
    GREY = calculations.GREY, "No rating"


class BenchmarkSeries(models.TextChoices):
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    NEIGHBOURS = "neighbours", "Statistical neighbours"


code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]{0,19}$",
    "An indicator code is up to 20 capital letters, digits, hyphens or underscores, such as EHCP20.",
)


def latest_value_subquery(*, period_end=None, period_start=None, approved_only=False):
    """A subquery for an Indicator queryset: the id of its latest value
    (optionally of periods ended by `period_end`, or started by
    `period_start`, optionally approved only)."""
    values = IndicatorValue.objects.filter(indicator=OuterRef("pk"))
    if period_end is not None:
        values = values.filter(period_end__lte=period_end)
    if period_start is not None:
        values = values.filter(period__lte=period_start)
    if approved_only:
        values = values.filter(state=ValueState.APPROVED)
    return Subquery(values.order_by("-period").values("pk")[:1])


class IndicatorQuerySet(AuditedQuerySet):
    def with_latest_value_id(self, *, period_end=None, period_start=None, approved_only=False):
        return self.annotate(
            latest_value_id=latest_value_subquery(
                period_end=period_end, period_start=period_start, approved_only=approved_only
            )
        )


class Indicator(models.Model):
    """One measure a local area reports, defined as Wirral's template asks."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(
        max_length=20, validators=[code_validator], help_text="Such as EHCP20. Capitals and digits."
    )
    name = models.CharField(max_length=200)
    description = models.TextField(
        "Description for the public",
        blank=True,
        help_text="What it measures, in plain English, for parents and carers reading a published scorecard.",
    )
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices)
    health_service = models.CharField(
        "Health service",
        max_length=30,
        choices=HealthService.choices,
        blank=True,
        help_text="For health waiting-time measures: the service, so that they show in the health waits block.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_indicators",
        help_text="The officer who supplies its values.",
    )
    source_system = models.CharField(max_length=120, blank=True, help_text="Where the data is recorded, e.g. EYES.")
    numerator_definition = models.TextField("How the numerator is counted", blank=True)
    denominator_definition = models.TextField("How the denominator is counted", blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    publishable = models.BooleanField("May be published", default=False)
    computed_source = models.CharField(
        "Where its values come from",
        max_length=60,
        default="",
        blank=True,
        help_text="Blank: entered by its owner. Else the computed source (performance.sources) that fills its values.",
    )
    not_disclosive = models.BooleanField(
        "Not disclosive",
        default=False,
        help_text="Published unsuppressed: a performance lead has recorded why its small numbers identify nobody.",
    )
    not_disclosive_reason = models.TextField(blank=True)
    ratings_stale_since = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["service_area", "code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="indicator_code_unique_in_area"),
            models.UniqueConstraint(
                fields=["area", "computed_source"],
                condition=~Q(computed_source=""),
                name="one_indicator_per_computed_source",
            ),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="indicator_unit_known"),
            models.CheckConstraint(condition=Q(polarity__in=Polarity.values), name="indicator_polarity_known"),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="indicator_frequency_known"),
            models.CheckConstraint(condition=Q(service_area__in=ServiceArea.values), name="indicator_service_known"),
            models.CheckConstraint(
                condition=Q(not_disclosive=False) | ~Q(not_disclosive_reason=""),
                name="not_disclosive_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("performance:indicator", kwargs={"code": self.area.code, "indicator_code": self.code})

    @property
    def is_neutral(self):
        return self.polarity == Polarity.NEUTRAL

    @property
    def has_parts(self):
        """Percent and rate values may carry a numerator and denominator."""
        return self.unit in (Unit.PERCENT, Unit.RATE)

    @property
    def source(self):
        """The ComputedSource that fills its values, or None when entered."""
        return sources.get(self.computed_source)

    @property
    def is_computed(self):
        return bool(self.computed_source)

    # The name the pages and the board pack have used for "not typed".
    is_synced = is_computed

    @property
    def measure_label(self):
        """The name without its service prefix ('Dietetics: longest wait' → 'longest wait')."""
        head, sep, tail = self.name.partition(": ")
        return tail[:1].upper() + tail[1:] if sep else self.name

    def period_code(self, start):
        return periods.period_code(self.frequency, start)

    def period_name(self, start):
        return periods.period_name(self.frequency, start)


class Target(models.Model):
    """A target and its tolerance, in force from `applies_from` until the next one starts."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    applies_from = models.DateField(help_text="The target applies to periods starting on or after this date.")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    tolerance = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="How far short of the target is still amber, in the indicator's unit (points for a percentage).",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "applies_from"], name="one_target_per_start"),
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True) | Q(tolerance__gte=0), name="tolerance_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} target {self.value} from {self.applies_from}"


class Benchmark(models.Model):
    """A comparator figure for one period: England, the region or statistical neighbours."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    series = models.CharField(max_length=12, choices=BenchmarkSeries.choices)
    period = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    source = models.CharField(max_length=200, blank=True, help_text="e.g. DfE SEN2 2025")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "series", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "series", "period"], name="one_benchmark_per_period"),
            models.CheckConstraint(condition=Q(series__in=BenchmarkSeries.values), name="benchmark_series_known"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.series} {self.period}: {self.value}"


class IndicatorValue(models.Model):
    """The figure of one indicator for one period, with its parts and its
    state: draft → submitted → approved (who and when kept)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(help_text="The first day of the period.")
    period_end = models.DateField(help_text="The last day of the period.")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=ValueState.choices, default=ValueState.DRAFT)
    source = models.CharField(max_length=10, choices=ValueSource.choices, default=ValueSource.FORM)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # Raised by one on every save through the service; edit forms carry it (send_board/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_value_per_indicator_period"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="numerator_not_above_denominator",
            ),
            models.CheckConstraint(condition=Q(period_end__gt=models.F("period")), name="period_end_after_start"),
            models.CheckConstraint(condition=Q(state__in=ValueState.values), name="value_state_known"),
            models.CheckConstraint(
                condition=~Q(state=ValueState.APPROVED) | Q(approved_at__isnull=False), name="approved_value_has_time"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "state", "period"], name="value_state_period")]

    def __str__(self):
        return f"{self.indicator.code} {self.period_code}: {self.value}"

    def get_absolute_url(self):
        return reverse(
            "performance:value_edit",
            kwargs={
                "code": self.indicator.area.code,
                "indicator_code": self.indicator.code,
                "period": self.period_code,
            },
        )

    @property
    def period_code(self):
        return periods.period_code(self.indicator.frequency, self.period)

    @property
    def period_name(self):
        return periods.period_name(self.indicator.frequency, self.period)

    @property
    def is_approved(self):
        return self.state == ValueState.APPROVED


class EnteredValue(models.Model):
    """A figure entered for a computed indicator before it became computed
    (or as its service reports it): kept beside the computed value so that
    the reconciliation page can show both and their difference. The
    scorecard always shows the computed value."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="entered_values")
    period = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=ValueSource.choices, default=ValueSource.FORM)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_entered_value_per_period"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} entered: {self.value}"


class Rating(models.Model):
    """What the pages show for a value, stored by the ratings task: the RAG
    against the target in force, the change from the prior period and the
    comparison with each benchmark of the same period."""

    value = models.OneToOneField(IndicatorValue, on_delete=models.CASCADE, primary_key=True, related_name="rating")
    rag = models.CharField(max_length=5, choices=Rag.choices)
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    tolerance = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    previous_period = models.DateField(null=True)
    previous_value = models.DecimalField(max_digits=20, decimal_places=10, null=True)
    previous_approved = models.BooleanField(default=False)
    change = models.DecimalField(max_digits=14, decimal_places=1, null=True)
    change_unit = models.CharField(max_length=5)
    direction = models.CharField(max_length=10, blank=True)
    arrow = models.CharField(max_length=1, blank=True)
    worsening_run = models.PositiveSmallIntegerField(default=0)
    england = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    england_difference = models.DecimalField(max_digits=14, decimal_places=1, null=True)
    region = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    region_difference = models.DecimalField(max_digits=14, decimal_places=1, null=True)
    neighbours = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    neighbours_difference = models.DecimalField(max_digits=14, decimal_places=1, null=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(rag__in=Rag.values), name="rating_rag_known")]

    def __str__(self):
        return f"{self.value}: {self.rag}"

    @property
    def is_exception(self):
        return calculations.is_exception(rag_value=self.rag, worsening_run=self.worsening_run)

    @property
    def change_text(self):
        return calculations.format_change(self.change, self.change_unit, self.arrow)


class DashboardItem(models.Model):
    """The strategic dashboard: the KPIs the performance lead picked, in order."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="dashboard_items")
    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="dashboard_item")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["area", "position"]
        constraints = [models.UniqueConstraint(fields=["area", "position"], name="one_kpi_per_dashboard_position")]

    def __str__(self):
        return f"{self.area.code} #{self.position}: {self.indicator.code}"


class Commentary(models.Model):
    """The owner's explanation of an indicator's figure for a period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentaries")
    period = models.DateField()
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "commentaries"
        ordering = ["indicator", "-period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_commentary_per_period")]

    def __str__(self):
        return f"{self.indicator.code} {self.period}"


class DeepDiveRequest(models.Model):
    """The board asks the indicator's service for a deep dive; cleared when
    it has been heard. At most one open request per indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="deep_dives")
    reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"], condition=Q(cleared_at__isnull=True), name="one_open_deep_dive_per_indicator"
            )
        ]

    def __str__(self):
        return f"Deep dive into {self.indicator.code}"

    @property
    def is_open(self):
        return self.cleared_at is None


class EventKind(models.TextChoices):
    DEFINED = "defined", "Defined"
    EDITED = "edited", "Definition changed"
    TARGET = "target", "Target set"
    BENCHMARK = "benchmark", "Benchmark set"
    VALUE_ENTERED = "value_entered", "Value entered"
    VALUE_CHANGED = "value_changed", "Value changed"
    VALUE_SUBMITTED = "value_submitted", "Value submitted"
    VALUE_APPROVED = "value_approved", "Value approved"
    VALUE_REOPENED = "value_reopened", "Value reopened"
    VALUE_SYNCED = "value_synced", "Value computed"
    DISCLOSURE = "disclosure", "Disclosure decision"
    COMMENTARY = "commentary", "Commentary"
    DEEP_DIVE_REQUESTED = "deep_dive_requested", "Deep dive requested"
    DEEP_DIVE_CLEARED = "deep_dive_cleared", "Deep dive cleared"
    ACTION_LINKED = "action_linked", "Improvement action linked"
    ACTION_UNLINKED = "action_unlinked", "Improvement action unlinked"


class IndicatorEvent(models.Model):
    """The change history of an indicator: who changed what, when."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="events")
    period = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    message = models.TextField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["indicator", "-at"], name="event_indicator_at")]

    def __str__(self):
        return f"{self.indicator.code} {self.kind} {self.at:%Y-%m-%d}"


class IndicatorActionLink(models.Model):
    """An improvement action that aims to move the indicator (the plan's
    "evidence of impact"). Improvement never sees these: no reverse accessor."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="action_links")
    action = models.ForeignKey("improvement.Action", on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "action"], name="one_link_per_indicator_action")]

    def __str__(self):
        return f"{self.indicator.code} ← {self.action_id}"


class ReportingMonth(models.Model):
    """The month an area's pages report on while it has no data for the
    month now owed: the demo's data ends on a date ("as at"), and its pages,
    Data due and publishing read that month, not today's, until values for
    the current month arrive. Real areas have none and follow the calendar."""

    area = models.OneToOneField(LocalArea, on_delete=models.CASCADE, related_name="reporting_month")
    month = models.DateField(help_text="The first day of the month the area's figures are as at.")
    reason = models.CharField(max_length=200, help_text="Why, in words: 'The demo's data ends in December 2024'.")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="reporting_month_first_day"),
        ]

    def __str__(self):
        return f"{self.area_id} as at {self.month:%Y-%m}"


# ---------------------------------------------------------------- audit trail

# ratings_stale_since is the ratings task's bookkeeping, not a change anyone made.
track(Indicator, area="area", excluded_fields=["ratings_stale_since"])
track(Target, area="indicator")
track(Benchmark, area="indicator")
track(IndicatorValue, area="indicator")
