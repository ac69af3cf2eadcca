"""Improvement plans and what boards track against them.

A local area has plans (a Written Statement of Action, an Improvement Notice,
a strategy or programme such as DBV). A plan has areas of concern with numbered
actions, and its own reporting periods (monthly, or per board meeting) in which
officers record action updates. The area also keeps a risk register, board
meetings with decisions and an action log, and its inspection-readiness
evidence. Every change is recorded as a ChangeRecord (who, when, what).

Field names `owner_user` / `owner_name`: an owner may be a user of the area or,
for people without an account, just a name; `owner` gives the text to show.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from send_board.audit import AuditedQuerySet, track
from send_board.models import LocalArea

from . import calculations

User = settings.AUTH_USER_MODEL


def person_display(user, name=""):
    """The text to show for a person: the user's full name (or username), else `name`."""
    if user is not None:
        return user.get_full_name() or user.get_username()
    return name or ""


# ---------------------------------------------------------------- plans


class PlanKind(models.TextChoices):
    WSOA = "wsoa", "Written Statement of Action"
    IMPROVEMENT_NOTICE = "improvement_notice", "Improvement Notice"
    PROGRAMME = "programme", "Strategy or programme"


RESERVED_PLAN_SLUGS = {"new", "my-actions", "periods", "workstreams", "history"}


class PlanQuerySet(AuditedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Plan(models.Model):
    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="improvement_plans")
    name = models.CharField(max_length=150, help_text="As the board calls it, e.g. 'Written Statement of Action 2022'.")
    slug = models.SlugField(
        max_length=60, help_text="Short name used in web addresses: lower-case letters, numbers and hyphens."
    )
    kind = models.CharField(max_length=20, choices=PlanKind.choices)
    description = models.TextField(blank=True)
    approved_on = models.DateField("Approval date", null=True, blank=True)
    target_completion = models.DateField("Target completion date", null=True, blank=True)
    is_active = models.BooleanField(
        "Active", default=True, help_text="Inactive plans keep their history but leave the dashboard."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "name"], name="plan_name_unique_in_area"),
            models.UniqueConstraint(fields=["local_area", "slug"], name="plan_slug_unique_in_area"),
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_kind_known"),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(target_completion__isnull=True)
                | Q(target_completion__gte=F("approved_on")),
                name="plan_completes_after_approval",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("improvement:plan_overview", args=[self.local_area.code, self.slug])


class Workstream(models.Model):
    """A board subgroup that owns a set of actions. Its lead and members (users
    of the area) may update the actions and risks of the workstream."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="improvement_workstreams")
    name = models.CharField(max_length=150, help_text="e.g. 'Workstream 2 – EHC assessments'.")
    description = models.TextField(blank=True)
    lead_user = models.ForeignKey(
        User, verbose_name="Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_name = models.CharField(
        "Lead's name", max_length=150, blank=True, help_text="For a lead without an account, and their job title."
    )
    members = models.ManyToManyField(User, blank=True, related_name="improvement_workstreams")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "name"], name="workstream_name_unique_in_area"),
        ]

    def __str__(self):
        return self.name

    @property
    def lead(self):
        return person_display(self.lead_user, self.lead_name)


class AreaStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    BAU = "bau", "Moved to business as usual"


class AreaOfConcern(models.Model):
    """An area of concern of a WSoA, an improvement area of a Notice, or a
    strand of a programme."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=300)
    inspection_wording = models.TextField(
        blank=True, help_text="The inspection's (or the Notice's) own words for the concern."
    )
    lead_user = models.ForeignKey(
        User, verbose_name="Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_name = models.CharField("Lead's name", max_length=150, blank=True)
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="areas_of_concern"
    )
    status = models.CharField(max_length=10, choices=AreaStatus.choices, default=AreaStatus.ACTIVE)
    bau_date = models.DateField("Moved to business as usual on", null=True, blank=True)
    bau_agreed_by = models.CharField(
        "Agreed by",
        max_length=200,
        blank=True,
        help_text="Who agreed it, e.g. 'DfE and NHS England stocktake, 26 Nov 2024'.",
    )
    publishable = models.BooleanField(
        "Publish a summary", default=False, help_text="Show the plain-English summary on published pages."
    )
    public_summary = models.TextField(
        blank=True, help_text="Plain English, for the parent carer forum and the public. No names of children."
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = "areas of concern"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="area_number_unique_in_plan"),
            models.CheckConstraint(condition=Q(status__in=AreaStatus.values), name="area_status_known"),
            models.CheckConstraint(
                condition=Q(status="active") | (Q(bau_date__isnull=False) & ~Q(bau_agreed_by="")),
                name="area_bau_has_date_and_agreement",
            ),
            models.CheckConstraint(
                condition=Q(publishable=False) | ~Q(public_summary=""), name="area_published_has_summary"
            ),
        ]

    def __str__(self):
        return f"Area {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("improvement:area_detail", args=[self.plan.local_area.code, self.plan.slug, self.number])

    @property
    def lead(self):
        return person_display(self.lead_user, self.lead_name)

    @property
    def is_bau(self):
        return self.status == AreaStatus.BAU


# ---------------------------------------------------------------- actions


class ActionStatus(models.TextChoices):
    """The seven statuses of docs/domain.md ("Improvement plans"), in the order Walsall's table prints them."""

    NOT_STARTED = calculations.NOT_STARTED, "Not Started"
    BEYOND_MILESTONE = calculations.BEYOND_MILESTONE, "Beyond Milestone"
    DELAYED = calculations.DELAYED, "Delayed"
    IN_PROGRESS = calculations.IN_PROGRESS, "In Progress"
    COMPLETE = calculations.COMPLETE, "Complete"
    COMPLETE_AND_EMBEDDED = calculations.COMPLETE_AND_EMBEDDED, "Complete and Embedded"
    CLOSED = calculations.CLOSED, "Closed"


BEHIND_Q = Q(status__in=[ActionStatus.DELAYED, ActionStatus.BEYOND_MILESTONE])
REASON_GIVEN_Q = ~Q(reason="") & ~Q(mitigation="")

action_code_validator = RegexValidator(
    calculations.ACTION_CODE_PATTERN,
    "An action code is letters and numbers separated by dots or hyphens, such as 1.1.a or 2.2.b.",
)


class ActionQuerySet(AuditedQuerySet):
    def of_area(self, local_area):
        return self.filter(plan__local_area=local_area)

    def overdue(self, today):
        return self.filter(milestone__lt=today).exclude(status__in=calculations.COMPLETED_STATUSES)

    def for_user(self, user):
        """Actions the user owns or that belong to a workstream they lead or are a member of."""
        return self.filter(Q(owner_user=user) | Q(workstream__members=user) | Q(workstream__lead_user=user)).distinct()


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    # RESTRICT: an area with actions cannot be deleted alone, but goes with its plan or local area.
    area_of_concern = models.ForeignKey(AreaOfConcern, on_delete=models.RESTRICT, related_name="actions")
    code = models.CharField(max_length=20, validators=[action_code_validator], help_text="e.g. 1.1.a")
    sort_key = models.CharField(max_length=120, editable=False, db_index=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_user = models.ForeignKey(
        User,
        verbose_name="Owner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="improvement_actions",
    )
    owner_name = models.CharField(
        "Owner's name", max_length=150, blank=True, help_text="For an owner without an account."
    )
    workstream = models.ForeignKey(Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    milestone = models.DateField("Milestone date")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    # The latest explanation for Delayed / Beyond Milestone (mirrors the latest update or import).
    reason = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Raised by one on every save through the service; edit forms carry it (send_board/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="action_code_unique_in_plan"),
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="action_status_known"),
        ]
        indexes = [
            models.Index(fields=["plan", "area_of_concern", "status"], name="action_plan_area_status"),
            models.Index(fields=["plan", "status"], name="action_plan_status"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("improvement:action_detail", args=[self.plan.local_area.code, self.plan.slug, self.code])

    @property
    def brag(self):
        return calculations.brag_for_status(self.status)

    @property
    def owner(self):
        return person_display(self.owner_user, self.owner_name)

    @property
    def is_complete(self):
        return calculations.is_complete(self.status)

    @property
    def is_behind(self):
        return self.status in calculations.BEHIND_STATUSES


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BOARD = "board", "Board meeting"


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ReportingPeriod(models.Model):
    """A plan's reporting period, named by its month ('2020-09'). Updates are
    recorded while it is open; at close, overdue actions become Beyond
    Milestone and the status counts are kept (PeriodStatusCount)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    month = models.DateField(help_text="The first day of the period's month; one period per plan per month.")
    label = models.CharField(max_length=100, help_text="e.g. 'September 2020 Board'.")
    kind = models.CharField(max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTHLY)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date", help_text="Milestones on or before this date are due in the period.")
    status = models.CharField(max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    close_requested_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-month"]
        get_latest_by = "month"
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="period_month_unique_in_plan"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="period_ends_after_start"),
            models.CheckConstraint(condition=Q(status__in=PeriodStatus.values), name="period_status_known"),
            models.CheckConstraint(condition=Q(kind__in=PeriodKind.values), name="period_kind_known"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="period_closed_has_time"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_open(self):
        return self.status == PeriodStatus.OPEN

    @property
    def iso_month(self):
        return calculations.iso_month(self.month)

    @property
    def closed_by_name(self):
        return person_display(self.closed_by)


class ActionUpdate(models.Model):
    """An action's update for one period. Delayed and Beyond Milestone need a
    reason and a mitigation (the database refuses a row without them)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    progress = models.TextField("Progress", blank=True)
    evidence_of_impact = models.TextField("Evidence of impact", blank=True)
    next_steps = models.TextField("Next steps", blank=True)
    reason = models.TextField("Reason it is behind", blank=True)
    mitigation = models.TextField("Mitigation or remedial action", blank=True)
    risks_issues = models.TextField("Risks and issues", blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one on every save through the service; edit forms carry it (send_board/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "period"], name="one_update_per_action_per_period"),
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="update_status_known"),
            models.CheckConstraint(condition=~BEHIND_Q | REASON_GIVEN_Q, name="update_behind_has_reason"),
        ]
        indexes = [models.Index(fields=["period", "status"], name="update_period_status")]

    def __str__(self):
        return f"{self.action.code} – {self.period}"

    @property
    def brag(self):
        return calculations.brag_for_status(self.status)

    @property
    def recorded_by(self):
        return person_display(self.created_by) or "SEND Board"

    @property
    def changed_by(self):
        return person_display(self.updated_by) or "SEND Board"


class PeriodStatusCount(models.Model):
    """The count of actions per status in an area of concern when its period closed."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="status_counts")
    area_of_concern = models.ForeignKey(AreaOfConcern, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "area_of_concern", "status"], name="one_count_per_status"),
        ]

    def __str__(self):
        return f"{self.period}: {self.area_of_concern_id} {self.status} = {self.count}"


class MilestoneMiss(models.Model):
    """An action the close of `period` found past its milestone and not
    complete (it is now Beyond Milestone), listed for its owner, who owes a
    reason and a mitigation in the next update."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="milestone_misses")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestone_misses")
    owner_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    previous_status = models.CharField(max_length=20, choices=ActionStatus.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "action__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["period", "action"], name="one_miss_per_action_per_period"),
        ]

    def __str__(self):
        return f"{self.action} beyond milestone at the close of {self.period}"


class AreaReview(models.Model):
    """The area-level parts of the WSoA review template for one period."""

    area_of_concern = models.ForeignKey(AreaOfConcern, on_delete=models.CASCADE, related_name="reviews")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="area_reviews")
    evidence_of_impact = models.TextField("Evidence of impact", blank=True)
    key_next_steps = models.TextField("Key next steps", blank=True, help_text="One step per line.")
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area_of_concern", "period"], name="one_review_per_area_per_period"),
        ]

    def __str__(self):
        return f"{self.area_of_concern} – {self.period}"

    @property
    def written_by(self):
        return person_display(self.updated_by) or "SEND Board"

    @property
    def next_steps_list(self):
        return [line.strip() for line in self.key_next_steps.splitlines() if line.strip()]


class SupportReceived(models.Model):
    """'Support received in this reporting period' of the WSoA review template."""

    area_of_concern = models.ForeignKey(AreaOfConcern, on_delete=models.CASCADE, related_name="support")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="support")
    activity = models.TextField("Support or activity")
    provider = models.CharField(max_length=200)
    impact = models.TextField("Impact or outcomes from the activity", blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "created_at"]
        verbose_name_plural = "support received"

    def __str__(self):
        return f"{self.provider}: {self.activity[:60]}"


# ---------------------------------------------------------------- risks


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


score_validators = [MinValueValidator(1), MaxValueValidator(5)]


class RiskQuerySet(AuditedQuerySet):
    def open(self):
        return self.filter(status=RiskStatus.OPEN)


class Risk(models.Model):
    """A risk of the area's register. `score` = likelihood × impact (the
    database checks it); its band follows docs/domain.md ("Risks")."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="improvement_risks")
    reference = models.CharField(max_length=20, help_text="e.g. R1")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=100, blank=True, help_text="e.g. Statutory duties, Finance, Workforce.")
    owner_user = models.ForeignKey(
        User, verbose_name="Owner", null=True, blank=True, on_delete=models.SET_NULL, related_name="improvement_risks"
    )
    owner_name = models.CharField("Owner's name", max_length=150, blank=True)
    workstream = models.ForeignKey(Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks")
    likelihood = models.PositiveSmallIntegerField(
        validators=score_validators, help_text="1 (rare) to 5 (almost certain)"
    )
    impact = models.PositiveSmallIntegerField(validators=score_validators, help_text="1 (negligible) to 5 (severe)")
    score = models.PositiveSmallIntegerField(editable=False)
    mitigation = models.TextField(blank=True)
    target_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="The score the mitigation aims for, 1 to 25.",
    )
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    next_review_date = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Raised by one on every save through the service; edit forms carry it (send_board/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "reference"], name="risk_reference_unique_in_area"),
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_to_5"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="risk_impact_1_to_5"),
            models.CheckConstraint(condition=Q(score=F("likelihood") * F("impact")), name="risk_score_is_product"),
            models.CheckConstraint(
                condition=Q(target_score__isnull=True) | Q(target_score__gte=1, target_score__lte=25),
                name="risk_target_score_1_to_25",
            ),
            models.CheckConstraint(condition=Q(status__in=RiskStatus.values), name="risk_status_known"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("improvement:risk_detail", args=[self.local_area.code, self.pk])

    @property
    def band_info(self):
        return calculations.risk_band(self.score)

    @property
    def band(self):
        return self.band_info.label

    @property
    def rag(self):
        return self.band_info.rag

    @property
    def escalated(self):
        return self.band_info.escalated

    @property
    def owner(self):
        return person_display(self.owner_user, self.owner_name)


class RiskReview(models.Model):
    """A review of a risk in a month (the board cycle reviewing it). Reviews are
    kept: the register shows the latest, the risk page the whole history."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    month = models.DateField(help_text="The first day of the month of the review.")
    reviewed_on = models.DateField()
    likelihood = models.PositiveSmallIntegerField(validators=score_validators)
    impact = models.PositiveSmallIntegerField(validators=score_validators)
    score = models.PositiveSmallIntegerField()
    notes = models.TextField("Review notes", blank=True)
    mitigation = models.TextField(blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["risk", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["risk", "month"], name="one_review_per_risk_per_month"),
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5), name="review_likelihood_1_to_5"),
            models.CheckConstraint(condition=Q(impact__gte=1, impact__lte=5), name="review_impact_1_to_5"),
            models.CheckConstraint(condition=Q(score=F("likelihood") * F("impact")), name="review_score_is_product"),
        ]

    def __str__(self):
        return f"{self.risk} reviewed {self.reviewed_on}"

    @property
    def reviewer(self):
        return person_display(self.reviewed_by)

    @property
    def band_info(self):
        return calculations.risk_band(self.score)


# ---------------------------------------------------------------- meetings and decisions


class MeetingBody(models.TextChoices):
    BOARD = "board", "Board"
    SUBGROUP = "subgroup", "Subgroup"


class Meeting(models.Model):
    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="improvement_meetings")
    body = models.CharField(max_length=10, choices=MeetingBody.choices, default=MeetingBody.BOARD)
    workstream = models.ForeignKey(
        Workstream,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        help_text="The subgroup, for a subgroup meeting.",
    )
    title = models.CharField(max_length=200, help_text="e.g. 'Local Area SEND Partnership Board'.")
    held_on = models.DateField("Date")
    attendees = models.TextField(blank=True, help_text="One person per line, with their role.")
    apologies = models.TextField(blank=True, help_text="One person per line.")
    observers = models.TextField(blank=True, help_text="e.g. DfE and NHS England advisers; one per line.")
    notes = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(body__in=MeetingBody.values), name="meeting_body_known"),
            models.CheckConstraint(
                condition=Q(body="board") | Q(workstream__isnull=False), name="subgroup_meeting_has_workstream"
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.held_on.day} {self.held_on:%B %Y}"

    def get_absolute_url(self):
        return reverse("improvement:meeting_detail", args=[self.local_area.code, self.pk])

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def attendee_list(self):
        return self._lines(self.attendees)

    @property
    def apology_list(self):
        return self._lines(self.apologies)

    @property
    def observer_list(self):
        return self._lines(self.observers)


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(max_length=300)
    summary = models.TextField("What was considered", blank=True)
    resolution = models.TextField("What the board resolved", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # Raised by one on every save through the service; edit forms carry it (send_board/versioning.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "created", "pk"]

    def __str__(self):
        return self.title


class DecisionOption(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    benefits = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    adopted = models.BooleanField(default=False)
    reason = models.TextField(blank=True, help_text="Why it was, or was not, adopted.")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="option_number_unique_in_decision"),
        ]

    def __str__(self):
        return f"Option {self.number}: {self.title}"


class LogStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class ActionLogItem(models.Model):
    """An item of the board's action log: raised at a meeting, carried from
    meeting to meeting until it is completed."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="improvement_log_items")
    raised_at = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="raised_items")
    item = models.TextField()
    owner_user = models.ForeignKey(
        User, verbose_name="Owner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField("Owner's name", max_length=150, blank=True)
    due = models.DateField("Due date", null=True, blank=True)
    status = models.CharField(max_length=12, choices=LogStatus.choices, default=LogStatus.OPEN)
    completed_at = models.ForeignKey(
        Meeting,
        verbose_name="Completed at meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completed_items",
    )
    update = models.TextField("Latest update", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at__held_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=LogStatus.values), name="log_status_known"),
            models.CheckConstraint(
                condition=Q(status="complete") | Q(completed_at__isnull=True), name="log_only_complete_has_meeting"
            ),
        ]

    def __str__(self):
        return self.item[:80]

    @property
    def owner(self):
        return person_display(self.owner_user, self.owner_name)


# ---------------------------------------------------------------- inspection readiness


class EvidenceStatus(models.TextChoices):
    HIGH_RISK = "high_risk", "High Risk"
    UNDERWAY = "underway", "Work underway"
    COMPLETE = "complete", "Complete"
    UPDATE_REQUIRED = "update_required", "Complete but update required"


EVIDENCE_RAG = {
    EvidenceStatus.HIGH_RISK: "red",
    EvidenceStatus.UNDERWAY: "amber",
    EvidenceStatus.COMPLETE: "green",
    EvidenceStatus.UPDATE_REQUIRED: "blue",
}


class EvidenceItem(models.Model):
    """An item of the inspection evidence library (Annex A)."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="improvement_evidence")
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=100, blank=True, help_text="e.g. Leadership, Alternative provision.")
    status = models.CharField(max_length=20, choices=EvidenceStatus.choices, default=EvidenceStatus.UNDERWAY)
    owner_user = models.ForeignKey(
        User, verbose_name="Owner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField("Owner's name", max_length=150, blank=True)
    notes = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "title"], name="evidence_title_unique_in_area"),
            models.CheckConstraint(condition=Q(status__in=EvidenceStatus.values), name="evidence_status_known"),
        ]

    def __str__(self):
        return self.title

    @property
    def owner(self):
        return person_display(self.owner_user, self.owner_name)

    @property
    def rag(self):
        return EVIDENCE_RAG[self.status]


# ---------------------------------------------------------------- history


class ChangeRecord(models.Model):
    """Who changed what, and when. `changes` is {field label: [before, after]}
    as text; `action` / `risk` point at the object whose history it belongs to."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="improvement_changes")
    subject = models.CharField(max_length=40, help_text="What kind of thing changed, e.g. 'action update'.")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(max_length=300)
    verb = models.CharField(max_length=40, help_text="created, changed, closed …")
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="changes")
    risk = models.ForeignKey(Risk, null=True, blank=True, on_delete=models.CASCADE, related_name="changes")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["local_area", "-at"], name="change_area_recent")]

    def __str__(self):
        return f"{self.subject} {self.object_repr} {self.verb}"

    @property
    def who(self):
        return person_display(self.user) or "SEND Board (automatic)"


# ---------------------------------------------------------------- audit trail

track(Plan, area="local_area")
track(AreaOfConcern, area="plan")
track(ReportingPeriod, area="plan")
track(Action, area="plan")
track(ActionUpdate, area="action")
track(Risk, area="local_area")
track(RiskReview, area="risk")
track(Meeting, area="local_area")
track(Decision, area="meeting")
track(DecisionOption, area="decision")
track(ActionLogItem, area="local_area")
