"""EHCP 20-week timeliness.

What people enter: monthly returns (with their audit trail) and pseudonymous
case records. What the compliance engine stores from them: monthly, rolling
12-month and year-to-date figures, cohort and advice figures, one refresh
state per area. Pages read only the stored figures (see services.figures_recompute).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from send_board.audit import AuditedQuerySet, track
from send_board.models import LocalArea

from .expressions import MonthStart

# ---------------------------------------------------------------- monthly returns


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"


class ExceptionReason(models.TextChoices):
    """Why the regulations allowed the 20-week limit to be missed."""

    FAMILY = "family", "Family circumstances"
    CHILD = "child", "Child's circumstances"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    COVID = "covid", "Covid-19"
    OTHER = "other", "Other"


# The MonthlyReturn field holding the count of exception plans for each reason.
EXCEPTION_FIELDS = {reason: f"exceptions_{reason.value}" for reason in ExceptionReason}


def first_of_month(field="month"):
    return Q(**{f"{field}__day": 1})


# Models whose UniqueConstraint starts with local_area declare the foreign key
# with db_index=False: the constraint's index already serves lookups by area,
# and a second index would only slow the national recompute's writes.


class MonthlyReturnQuerySet(AuditedQuerySet):
    def for_area(self, area):
        return self.filter(local_area=area)

    def with_people(self):
        return self.select_related("created_by", "submitted_by", "approved_by")


class MonthlyReturn(models.Model):
    """One area's EHCP figures for one month, as the SEND team reports them.

    `issued` and `within_20_weeks` exclude exception plans, which are counted
    apart in `exceptions` (by reason where the reason is known: the reason
    counts add up to at most `exceptions`). Draft → submitted (officer) →
    approved (performance lead); each change is kept in ReturnEvent.
    """

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="ehcp_returns", db_index=False)
    month = models.DateField(help_text="The first day of the month reported.")
    issued = models.PositiveIntegerField("Plans issued, excluding exceptions")
    within_20_weeks = models.PositiveIntegerField("Of these, issued within 20 weeks")
    exceptions = models.PositiveIntegerField("Exception plans issued", default=0)
    exceptions_family = models.PositiveIntegerField(ExceptionReason.FAMILY.label, default=0)
    exceptions_child = models.PositiveIntegerField(ExceptionReason.CHILD.label, default=0)
    exceptions_health = models.PositiveIntegerField(ExceptionReason.HEALTH.label, default=0)
    exceptions_education = models.PositiveIntegerField(ExceptionReason.EDUCATION.label, default=0)
    exceptions_covid = models.PositiveIntegerField(ExceptionReason.COVID.label, default=0)
    exceptions_other = models.PositiveIntegerField(ExceptionReason.OTHER.label, default=0)
    open_assessments = models.PositiveIntegerField("Assessments open at the end of the month", null=True, blank=True)
    open_over_20_weeks = models.PositiveIntegerField("Of these, open for more than 20 weeks", null=True, blank=True)
    # The rest of the statutory timeline, for areas without case records
    # (each optional; see timeline.RETURN_STEP_PAIRS for the rules).
    decisions_to_assess = models.PositiveIntegerField("Decisions whether to assess made", null=True, blank=True)
    decisions_within_6_weeks = models.PositiveIntegerField("Of these, within 6 weeks", null=True, blank=True)
    no_plan_decisions = models.PositiveIntegerField("Decisions not to issue a plan", null=True, blank=True)
    no_plan_within_16_weeks = models.PositiveIntegerField("Of these, within 16 weeks", null=True, blank=True)
    issued_over_52_weeks = models.PositiveIntegerField(
        "Plans issued (excluding exceptions) after more than 52 weeks", null=True, blank=True
    )
    days_to_issue = models.PositiveIntegerField(
        "Total days from request to final plan, over the plans issued (excluding exceptions)", null=True, blank=True
    )
    reviews_due = models.PositiveIntegerField("Annual reviews due", null=True, blank=True)
    reviews_held_on_time = models.PositiveIntegerField("Of these, meeting held by the due date", null=True, blank=True)
    review_decisions = models.PositiveIntegerField("Annual review decisions made", null=True, blank=True)
    review_decisions_within_4_weeks = models.PositiveIntegerField(
        "Of these, communicated within 4 weeks of the meeting", null=True, blank=True
    )
    phase_transfers = models.PositiveIntegerField("Phase transfers due", null=True, blank=True)
    phase_transfers_on_time = models.PositiveIntegerField("Of these, amended by the deadline", null=True, blank=True)
    appealable_decisions = models.PositiveIntegerField("Appealable decisions", null=True, blank=True)
    appeals_registered = models.PositiveIntegerField("Appeals to the SEND Tribunal registered", null=True, blank=True)
    mediations = models.PositiveIntegerField("Cases that went to mediation", null=True, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
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

    objects = MonthlyReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "month"], name="ehcp_one_return_per_area_month"),
            models.CheckConstraint(condition=first_of_month(), name="ehcp_return_month_first_day"),
            models.CheckConstraint(condition=Q(within_20_weeks__lte=F("issued")), name="ehcp_return_within_le_issued"),
            models.CheckConstraint(
                condition=Q(
                    exceptions__gte=F("exceptions_family")
                    + F("exceptions_child")
                    + F("exceptions_health")
                    + F("exceptions_education")
                    + F("exceptions_covid")
                    + F("exceptions_other")
                ),
                name="ehcp_return_reasons_le_exceptions",
            ),
            models.CheckConstraint(
                condition=Q(open_over_20_weeks__isnull=True)
                | Q(open_assessments__isnull=False, open_over_20_weeks__lte=F("open_assessments")),
                name="ehcp_return_open_over_le_open",
            ),
            models.CheckConstraint(condition=Q(status__in=ReturnStatus.values), name="ehcp_return_status_known"),
        ]

    def __str__(self):
        return f"{self.local_area.name} EHCP return for {self.month:%B %Y}"

    def get_absolute_url(self):
        return reverse("ehcp:return_detail", kwargs={"code": self.local_area.code, "pk": self.pk})

    @property
    def pct(self):
        from .calculations import percent

        return percent(self.within_20_weeks, self.issued)

    @property
    def exceptions_by_reason(self):
        """[(label, count)] of the reasons recorded, then those given no reason."""
        rows = [(reason.label, getattr(self, field)) for reason, field in EXCEPTION_FIELDS.items()]
        rows = [(label, count) for label, count in rows if count]
        unexplained = self.exceptions - sum(count for _label, count in rows)
        if unexplained:
            rows.append(("Reason not given", unexplained))
        return rows


class ReturnAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Changed"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back to draft"


class EntryChannel(models.TextChoices):
    FORM = "form", "the entry form"
    UPLOAD = "upload", "a spreadsheet upload"
    COMMAND = "command", "the command line"
    DEMO = "demo", "the demo loader"


class ReturnEvent(models.Model):
    """One entry in a return's audit trail: who did what, when, and for a
    change the old and new value of each field ({field: {"old": .., "new": ..}})."""

    monthly_return = models.ForeignKey(MonthlyReturn, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=ReturnAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, choices=EntryChannel.choices, default=EntryChannel.FORM)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=ReturnAction.values), name="ehcp_event_action_known"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- case records


class Decision(models.TextChoices):
    ASSESS = "assess", "Assess"
    REFUSE = "refuse", "Refuse"
    PENDING = "pending", "Pending"


class ClosedReason(models.TextChoices):
    REFUSED = "refused", "Decided not to assess"
    NOT_ISSUED = "not_issued", "Decided not to issue a plan"
    WITHDRAWN = "withdrawn", "Request withdrawn"
    MOVED = "moved", "Moved out of the area"
    OTHER = "other", "Other"


class AssessmentOutcome(models.TextChoices):
    PLAN = "plan", "Plan issued"
    NO_PLAN = "no_plan", "Decided not to issue a plan"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReviewOutcome(models.TextChoices):
    MAINTAIN = "maintain", "Maintain the plan"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Cease the plan"


reference_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$",
    "A case reference is a pseudonymous code of up to 40 letters, digits, '-', '_', '/' or '.', "
    "with no spaces (never a child's name).",
)


# A decision not to issue a plan: recorded as the assessment's outcome, or,
# with no outcome recorded, as the reason the case closed (calculations.no_plan_dates).
NO_PLAN_DECISION = Q(assessment_outcome="no_plan") | Q(assessment_outcome="", closed_reason="not_issued")


class CaseRecordQuerySet(AuditedQuerySet):
    def for_area(self, area):
        return self.filter(local_area=area)


class CaseRecord(models.Model):
    """One request for an EHC needs assessment, by pseudonymous reference only.

    A case counts in the month of its final plan; it is within 20 weeks when
    final_date − request_date ≤ 140 days; exception cases are counted apart.
    """

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="ehcp_cases", db_index=False)
    reference = models.CharField(max_length=40, validators=[reference_validator])
    request_date = models.DateField("Request received")
    decision_date = models.DateField("Decision date", null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    ep_advice_requested = models.DateField("Educational psychology advice requested", null=True, blank=True)
    ep_advice_received = models.DateField("Educational psychology advice received", null=True, blank=True)
    health_advice_requested = models.DateField("Health advice requested", null=True, blank=True)
    health_advice_received = models.DateField("Health advice received", null=True, blank=True)
    social_care_advice_requested = models.DateField("Social care advice requested", null=True, blank=True)
    social_care_advice_received = models.DateField("Social care advice received", null=True, blank=True)
    draft_date = models.DateField("Draft plan issued", null=True, blank=True)
    final_date = models.DateField("Final plan issued", null=True, blank=True)
    exception = models.BooleanField(default=False)
    exception_reason = models.CharField(max_length=10, choices=ExceptionReason.choices, blank=True)
    closed_date = models.DateField("Closed without a plan", null=True, blank=True)
    closed_reason = models.CharField(max_length=10, choices=ClosedReason.choices, blank=True)
    # The rest of the statutory clock (all optional; ehcp/timeline.py holds their rules).
    assessment_outcome = models.CharField(max_length=10, choices=AssessmentOutcome.choices, blank=True)
    outcome_date = models.DateField("Assessment outcome date", null=True, blank=True)
    mediation = models.BooleanField(default=False)
    mediation_date = models.DateField("Mediation date", null=True, blank=True)
    tribunal = models.BooleanField("Appeal to the SEND Tribunal", default=False)
    tribunal_date = models.DateField("Appeal registered", null=True, blank=True)
    last_review_meeting = models.DateField("Last annual review meeting", null=True, blank=True)
    review_decision_date = models.DateField("Review decision communicated", null=True, blank=True)
    review_outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    phase_transfer_year = models.PositiveSmallIntegerField("Phase transfer year", null=True, blank=True)
    phase_transfer_post16 = models.BooleanField("Phase transfer into post-16", default=False)
    amended_plan_date = models.DateField("Amended plan issued", null=True, blank=True)
    # Kept by services.cases_import from the dates above (calculations.review_due_date
    # and next_review_due), so the recompute groups reviews by month in the database.
    review_due_date = models.DateField("Review due", null=True, blank=True, editable=False)
    next_review_due = models.DateField("Next review due", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The months the figures group by (cohorts by request, monthly figures by
    # final plan), kept by the database as the dates change: the national
    # recompute then groups a million rows without computing a month for each.
    request_month = models.GeneratedField(
        expression=MonthStart("request_date"), output_field=models.DateField(), db_persist=True
    )
    final_month = models.GeneratedField(
        expression=MonthStart("final_date"), output_field=models.DateField(null=True), db_persist=True
    )

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["request_date", "reference"]
        # The few cases that reach a step the national recompute counts
        # apart: read from these instead of a scan of every case.
        indexes = [
            models.Index(
                fields=["local_area", "tribunal_date"],
                condition=Q(tribunal_date__isnull=False),
                name="ehcp_case_appeals",
            ),
            models.Index(
                fields=["local_area", "phase_transfer_year"],
                condition=Q(phase_transfer_year__isnull=False),
                name="ehcp_case_phase_transfers",
            ),
            models.Index(
                fields=["local_area", "outcome_date", "closed_date"],
                condition=NO_PLAN_DECISION,
                name="ehcp_case_no_plan_decisions",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "reference"], name="ehcp_case_reference_unique_in_area"),
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="ehcp_case_decision_known"),
            models.CheckConstraint(
                condition=Q(decision=Decision.PENDING, decision_date__isnull=True)
                | (~Q(decision=Decision.PENDING) & Q(decision_date__isnull=False)),
                name="ehcp_case_decision_dated",
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | Q(decision_date__gte=F("request_date")),
                name="ehcp_case_decision_after_request",
            ),
            models.CheckConstraint(
                condition=Q(final_date__isnull=True)
                | (
                    Q(decision=Decision.ASSESS, final_date__gte=F("request_date"))
                    & Q(final_date__gte=F("decision_date"))
                ),
                name="ehcp_case_final_after_decision_to_assess",
            ),
            models.CheckConstraint(
                condition=Q(draft_date__isnull=True) | Q(draft_date__gte=F("request_date")),
                name="ehcp_case_draft_after_request",
            ),
            models.CheckConstraint(
                condition=Q(draft_date__isnull=True) | Q(final_date__isnull=True) | Q(final_date__gte=F("draft_date")),
                name="ehcp_case_final_after_draft",
            ),
            models.CheckConstraint(
                condition=Q(closed_date__isnull=True) | Q(closed_date__gte=F("request_date")),
                name="ehcp_case_closed_after_request",
            ),
            models.CheckConstraint(
                condition=Q(final_date__isnull=True) | Q(closed_date__isnull=True),
                name="ehcp_case_final_or_closed_not_both",
            ),
            models.CheckConstraint(
                condition=Q(exception=True) | Q(exception_reason=""), name="ehcp_case_reason_only_for_exception"
            ),
            models.CheckConstraint(
                condition=Q(closed_date__isnull=False) | Q(closed_reason=""),
                name="ehcp_case_closed_reason_only_if_closed",
            ),
            models.CheckConstraint(
                condition=Q(assessment_outcome="", outcome_date__isnull=True)
                | (~Q(assessment_outcome="") & Q(outcome_date__gte=F("request_date"))),
                name="ehcp_case_outcome_dated_after_request",
            ),
            models.CheckConstraint(
                condition=Q(mediation=False, mediation_date__isnull=True)
                | Q(mediation=True, mediation_date__gte=F("request_date")),
                name="ehcp_case_mediation_dated",
            ),
            models.CheckConstraint(
                condition=Q(tribunal=False, tribunal_date__isnull=True)
                | Q(tribunal=True, tribunal_date__gte=F("request_date")),
                name="ehcp_case_tribunal_dated",
            ),
            models.CheckConstraint(
                condition=Q(review_decision_date__isnull=True)
                | Q(last_review_meeting__isnull=False, review_decision_date__gte=F("last_review_meeting")),
                name="ehcp_case_review_decision_after_meeting",
            ),
            models.CheckConstraint(
                condition=Q(last_review_meeting__isnull=True, amended_plan_date__isnull=True)
                | Q(final_date__isnull=False),
                name="ehcp_case_reviews_only_of_plans",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{service}_advice_received__isnull": True})
                    | Q(
                        **{
                            f"{service}_advice_requested__isnull": False,
                            f"{service}_advice_received__gte": F(f"{service}_advice_requested"),
                        }
                    ),
                    name=f"ehcp_case_{service}_advice_received_after_requested",
                )
                for service in ("ep", "health", "social_care")
            ],
        ]

    def __str__(self):
        return self.reference


class CaseImport(models.Model):
    """A record of one case-file import: who, when, which file, what changed."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="ehcp_case_imports")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, choices=EntryChannel.choices, default=EntryChannel.UPLOAD)
    filename = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    data_to = models.DateField(
        null=True, blank=True, help_text="The latest date in the file: what the records know about, up to that day."
    )

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.filename or 'cases'} ({self.imported_at:%Y-%m-%d})"


# ---------------------------------------------------------------- stored figures


class FigureSource(models.TextChoices):
    RETURNS = "returns", "Monthly returns"
    CASES = "cases", "Case records"


class MonthlyFigure(models.Model):
    """The compliance engine's figures for one area, month and source.

    `pct` is None when nothing was issued; the rolling columns are None while
    fewer than 12 consecutive months of data end with this month; the
    year-to-date columns run from the area's year start (calendar or financial).
    Written only by services.figures_recompute.
    """

    # Derived rows, rebuilt from the entries like a materialized view, so no
    # foreign key in the database (db_constraint=False): the recompute writes
    # tens of thousands of rows, and PostgreSQL would check each against the
    # area table one by one at commit, a fifth of a national first run. Django
    # still deletes them with their area, and the nightly run deletes any
    # row whose area it did not compute.
    local_area = models.ForeignKey(
        LocalArea, on_delete=models.CASCADE, related_name="ehcp_monthly_figures", db_index=False, db_constraint=False
    )
    month = models.DateField()
    source = models.CharField(max_length=10, choices=FigureSource.choices)
    issued = models.PositiveIntegerField()
    within_20_weeks = models.PositiveIntegerField()
    exceptions = models.PositiveIntegerField(default=0)
    pct = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    rolling_issued = models.PositiveIntegerField(null=True, blank=True)
    rolling_within = models.PositiveIntegerField(null=True, blank=True)
    rolling_pct = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    ytd_issued = models.PositiveIntegerField()
    ytd_within = models.PositiveIntegerField()
    ytd_pct = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    month_approved = models.BooleanField(default=False)
    rolling_approved = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["local_area", "source", "month"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "month", "source"], name="ehcp_one_figure_per_area_month"),
            models.CheckConstraint(condition=first_of_month(), name="ehcp_figure_month_first_day"),
            models.CheckConstraint(condition=Q(source__in=FigureSource.values), name="ehcp_figure_source_known"),
            models.CheckConstraint(condition=Q(within_20_weeks__lte=F("issued")), name="ehcp_figure_within_le_issued"),
            models.CheckConstraint(
                condition=Q(pct__isnull=True) | Q(pct__gte=0, pct__lte=100), name="ehcp_figure_pct_in_range"
            ),
            models.CheckConstraint(
                condition=Q(rolling_pct__isnull=True) | Q(rolling_pct__gte=0, rolling_pct__lte=100),
                name="ehcp_figure_rolling_pct_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.local_area_id} {self.month:%Y-%m} {self.source}"

    @property
    def rolling_complete(self):
        return self.rolling_issued is not None


class CohortFigure(models.Model):
    """Requests received in one month, tracked as at the area's
    FigureRefresh.cohorts_as_of (Wirral's option 7), with the advice asked of
    each service for those requests and how much came within 6 weeks."""

    # No foreign key in the database, as for MonthlyFigure.
    local_area = models.ForeignKey(
        LocalArea, on_delete=models.CASCADE, related_name="ehcp_cohort_figures", db_index=False, db_constraint=False
    )
    request_month = models.DateField()
    received = models.PositiveIntegerField()
    decided_within_6_weeks = models.PositiveIntegerField()
    plans_issued = models.PositiveIntegerField()
    issued_within_20_weeks = models.PositiveIntegerField()
    closed_without_plan = models.PositiveIntegerField()
    open = models.PositiveIntegerField()
    open_beyond_20_weeks = models.PositiveIntegerField()
    ep_advice = models.PositiveIntegerField("Educational psychology advice received", default=0)
    ep_advice_within_6_weeks = models.PositiveIntegerField(default=0)
    health_advice = models.PositiveIntegerField("Health advice received", default=0)
    health_advice_within_6_weeks = models.PositiveIntegerField(default=0)
    social_care_advice = models.PositiveIntegerField("Social care advice received", default=0)
    social_care_advice_within_6_weeks = models.PositiveIntegerField(default=0)
    # The statutory timeline's steps for the cohort (as at the same date).
    decided = models.PositiveIntegerField("Decisions whether to assess made", default=0)
    no_plan_decisions = models.PositiveIntegerField("Decisions not to issue a plan", default=0)
    no_plan_within_16_weeks = models.PositiveIntegerField(default=0)
    mediations = models.PositiveIntegerField(default=0)
    appeals = models.PositiveIntegerField("Appeals registered", default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["local_area", "request_month"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "request_month"], name="ehcp_one_cohort_per_area_month"),
            models.CheckConstraint(condition=first_of_month("request_month"), name="ehcp_cohort_month_first_day"),
            models.CheckConstraint(
                condition=Q(received=F("plans_issued") + F("closed_without_plan") + F("open")),
                name="ehcp_cohort_parts_add_up",
            ),
            models.CheckConstraint(
                condition=Q(issued_within_20_weeks__lte=F("plans_issued"), open_beyond_20_weeks__lte=F("open")),
                name="ehcp_cohort_subsets_fit",
            ),
        ]

    def __str__(self):
        return f"{self.local_area_id} cohort {self.request_month:%Y-%m}"


class StepFigure(models.Model):
    """The engine's figures for one step of the statutory timeline (see
    timeline.STEPS), one area, source and month: the month's numerator and
    denominator, and the same over the rolling 12 months (None while fewer
    than 12 consecutive months of data end here) and the year to date.

    `value`, `rolling_value` and `ytd_value` are a percentage for the rate
    steps and weeks for mean_weeks_to_issue (numerator = days, denominator =
    plans); None with a zero denominator. `median_weeks` is the month's own
    (medians do not add up over months). `month_approved` and
    `rolling_approved` as for MonthlyFigure: a month of returns is approved
    with its return, a month of case records as recorded. Written only by
    services.figures_recompute; no foreign key in the database, as for
    MonthlyFigure.
    """

    local_area = models.ForeignKey(
        LocalArea, on_delete=models.CASCADE, related_name="ehcp_step_figures", db_index=False, db_constraint=False
    )
    step = models.CharField(max_length=30)
    source = models.CharField(max_length=10, choices=FigureSource.choices)
    month = models.DateField()
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    rolling_numerator = models.PositiveIntegerField(null=True, blank=True)
    rolling_denominator = models.PositiveIntegerField(null=True, blank=True)
    rolling_value = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    ytd_numerator = models.PositiveIntegerField()
    ytd_denominator = models.PositiveIntegerField()
    ytd_value = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    median_weeks = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    month_approved = models.BooleanField(default=False)
    rolling_approved = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["local_area", "step", "source", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_area", "step", "source", "month"], name="ehcp_one_step_figure_per_area_month"
            ),
            models.CheckConstraint(condition=first_of_month(), name="ehcp_step_figure_month_first_day"),
            models.CheckConstraint(condition=Q(source__in=FigureSource.values), name="ehcp_step_figure_source_known"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="ehcp_step_figure_value_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.local_area_id} {self.step} {self.month:%Y-%m} {self.source}"


class AdviceService(models.TextChoices):
    EP = "ep", "Educational psychology"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


class FigureRefresh(models.Model):
    """Whether an area's stored figures wait for a recompute.

    `pending` is set in the same transaction as any change to returns or
    cases, and cleared by a recompute that started after that change; while
    set (a broker outage leaves it set until the nightly run or the
    recompute_figures command), pages say the figures are being refreshed.
    """

    local_area = models.OneToOneField(LocalArea, on_delete=models.CASCADE, related_name="ehcp_figure_refresh")
    pending = models.BooleanField(default=False)
    requested_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    cohorts_as_of = models.DateField(null=True, blank=True, help_text="The date the stored cohorts are tracked to.")

    def __str__(self):
        return f"{self.local_area_id} {'pending' if self.pending else 'current'}"


class TimelinessTarget(models.Model):
    """The year-end 20-week timeliness target from a year's start (the area's
    calendar or financial year). A target stays in force until a later one."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="ehcp_targets")
    year_start = models.DateField(help_text="The first day of the year the target applies from.")
    target_pct = models.DecimalField(
        "Year-end target (%)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["local_area", "-year_start"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "year_start"], name="ehcp_one_target_per_area_year"),
            models.CheckConstraint(condition=Q(target_pct__gte=0, target_pct__lte=100), name="ehcp_target_in_range"),
            models.CheckConstraint(condition=first_of_month("year_start"), name="ehcp_target_year_first_day"),
        ]

    def __str__(self):
        return f"{self.local_area_id} from {self.year_start}: {self.target_pct}%"


# ---------------------------------------------------------------- audit trail

track(MonthlyReturn, area="local_area")
track(CaseRecord, area="local_area", excluded_fields=["request_month", "final_month"])
track(TimelinessTarget, area="local_area")
