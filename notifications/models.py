"""Notifications: each area's reporting calendar, people's choices, public
subscriptions to an area's publications, and the log of every mail.

The log is written BEFORE a mail is sent, under a unique constraint on
(kind, recipient, subject, period), and a sender claims a row with a
conditional UPDATE, so a retry or a second run sends nothing twice.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from send_board.models import LocalArea

from . import calculations

due_day_validators = [
    MinValueValidator(calculations.DUE_DAY_MIN, f"A due day is from {calculations.DUE_DAY_MIN} to 20."),
    MaxValueValidator(calculations.DUE_DAY_MAX, f"A due day is from 1 to {calculations.DUE_DAY_MAX}."),
]
notice_validators = [
    MinValueValidator(0, "Give 0 to 20 working days' notice."),
    MaxValueValidator(20, "Give 0 to 20 working days' notice."),
]
DUE_DAY_IN_RANGE = Q(due_working_day__gte=calculations.DUE_DAY_MIN, due_working_day__lte=calculations.DUE_DAY_MAX)


class AreaCalendar(models.Model):
    """When an area's returns are due and when its board pack goes out.
    An area without one uses the defaults."""

    area = models.OneToOneField(LocalArea, on_delete=models.CASCADE, related_name="notification_calendar")
    due_working_day = models.PositiveSmallIntegerField(
        "Returns are due on working day",
        default=calculations.DEFAULT_DUE_WORKING_DAY,
        validators=due_day_validators,
        help_text="Working days after the month ends, 1 to 20 (bank holidays in England do not count).",
    )
    notice_working_days = models.PositiveSmallIntegerField(
        "Reminder this many working days before",
        default=calculations.DEFAULT_NOTICE_WORKING_DAYS,
        validators=notice_validators,
    )
    pack_working_days = models.PositiveSmallIntegerField(
        "Board pack goes out this many working days before the meeting",
        default=calculations.DEFAULT_PACK_WORKING_DAYS,
        validators=notice_validators,
    )
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=DUE_DAY_IN_RANGE, name="notifications_calendar_due_day_1_to_20"),
            models.CheckConstraint(
                condition=Q(notice_working_days__lte=20, pack_working_days__lte=20),
                name="notifications_calendar_notice_at_most_20",
            ),
        ]

    def __str__(self):
        return f"{self.area.name}: due on working day {self.due_working_day}"


class IndicatorDueDay(models.Model):
    """An indicator whose values are due on another working day than its area's."""

    indicator = models.OneToOneField("performance.Indicator", on_delete=models.CASCADE, related_name="+")
    due_working_day = models.PositiveSmallIntegerField(validators=due_day_validators)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=DUE_DAY_IN_RANGE, name="notifications_indicator_due_day_1_to_20"),
        ]

    def __str__(self):
        return f"{self.indicator_id}: working day {self.due_working_day}"


class Kind(models.TextChoices):
    DATA_DUE = "data_due", "Data due"
    COMMENTARY = "commentary", "Commentary needed"
    REVIEWS = "reviews", "Reviews and milestones"
    APPROVALS = "approvals", "Returns to approve"
    PUBLISHED = "published", "Scorecard published"
    DIGEST = "digest", "Weekly digest"
    CONFIRMATION = "confirmation", "Subscription confirmation"


# The kinds a signed-in user chooses on their preferences page, with what each is.
USER_KINDS = {
    Kind.DATA_DUE: "What you owe for the month (EHCP return, indicator values, action updates), "
    "a few working days before the deadline and again if it is missed.",
    Kind.COMMENTARY: "An indicator you own was approved red, or worse than last time by more than its "
    "tolerance, and needs exception commentary before the board pack goes out.",
    Kind.REVIEWS: "Every Monday: risks you own due for review within 14 days or overdue, and your "
    "actions with a milestone this month or passed.",
    Kind.APPROVALS: "Performance leads: returns and values submitted and waiting for your approval.",
    Kind.PUBLISHED: "A scorecard of your area was published or corrected.",
}
# Off unless the person turns it on: publication news goes to subscribers.
DEFAULT_OFF = {Kind.PUBLISHED}


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "As it happens"
    DIGEST = "digest", "In a weekly digest (Mondays)"


class Preference(models.Model):
    """One person's choice for one kind of notification. No row: the default
    (on and immediate, except publication news, which is off)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    enabled = models.BooleanField(default=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_preference_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in USER_KINDS]), name="notifications_preference_kind_known"
            ),
            models.CheckConstraint(condition=Q(delivery__in=Delivery.values), name="notifications_delivery_known"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"


def new_nonce():
    return secrets.token_urlsafe(12)


class Subscription(models.Model):
    """An email address that asked for an area's publication news. Double
    opt-in: nothing is sent but the confirmation until its link is used."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="notification_subscriptions")
    email = models.EmailField(max_length=254)
    # Renewed by each request to subscribe: an older confirmation link no longer works.
    nonce = models.CharField(max_length=32, default=new_nonce)
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["area", "email"]
        constraints = [
            models.UniqueConstraint(fields=["area", "email"], name="notifications_one_subscription_per_address"),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")), name="notifications_email_lower"
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.area.name}"

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def recipient_key(self):
        return f"subscriber:{self.pk}"


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed after the last try"
    HELD = "held", "Held for the weekly digest"
    DIGESTED = "digested", "Sent in a weekly digest"


class Notification(models.Model):
    """One mail to one person about one thing for one period, recorded before
    it is sent. `recipient` is 'user:<id>' or 'subscriber:<id>' (a string, so
    that the unique constraint holds for both kinds of recipient)."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.CharField(max_length=40)
    subject = models.CharField(max_length=120, help_text="What it is about, e.g. 'indicator-value:12'.")
    period = models.CharField(max_length=40, help_text="e.g. '2025-01', '2025-W06' or a date.")
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, null=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, null=True, related_name="+")
    email = models.EmailField(max_length=254)
    subject_line = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField()
    headers = models.JSONField(default=dict)
    # What the mail says, as data (heading, intro, sections of items): the weekly digest is built from it.
    content = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    digest = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="items")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "subject", "period"], name="notifications_sent_once"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notifications_kind_known"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="notifications_status_known"),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(subscription__isnull=False), name="notifications_has_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notifications_to_send"),
            models.Index(fields=["area", "status"], name="notifications_area_status"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.email}: {self.subject_line}"
