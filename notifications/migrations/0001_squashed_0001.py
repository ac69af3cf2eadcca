# Squashed by squashmigrations (Django 5.2.19, 6 December 2026); the operations are the ones
# makemigrations writes for the models (constraints and indexes inside each CreateModel), the
# hand-written ones (triggers, statistics) last, after every table they need. See README, "Migrations are squashed".

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

import notifications.models


class Migration(migrations.Migration):
    replaces = [("notifications", "0001_notifications_calendar_preferences_log")]

    initial = True

    dependencies = [
        ("performance", "0002_indicatoractionlink"),
        ("send_board", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorDueDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "due_working_day",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1, "A due day is from 1 to 20."),
                            django.core.validators.MaxValueValidator(20, "A due day is from 1 to 20."),
                        ]
                    ),
                ),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "indicator",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="performance.indicator"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("due_working_day__gte", 1), ("due_working_day__lte", 20)),
                        name="notifications_indicator_due_day_1_to_20",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Preference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("data_due", "Data due"),
                            ("commentary", "Commentary needed"),
                            ("reviews", "Reviews and milestones"),
                            ("approvals", "Returns to approve"),
                            ("published", "Scorecard published"),
                            ("digest", "Weekly digest"),
                            ("confirmation", "Subscription confirmation"),
                        ],
                        max_length=20,
                    ),
                ),
                ("enabled", models.BooleanField(default=True)),
                (
                    "delivery",
                    models.CharField(
                        choices=[("immediate", "As it happens"), ("digest", "In a weekly digest (Mondays)")],
                        default="immediate",
                        max_length=10,
                    ),
                ),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_preferences",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "kind"), name="notifications_one_preference_per_kind"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["data_due", "commentary", "reviews", "approvals", "published"])
                        ),
                        name="notifications_preference_kind_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("delivery__in", ["immediate", "digest"])),
                        name="notifications_delivery_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Subscription",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.EmailField(max_length=254)),
                ("nonce", models.CharField(default=notifications.models.new_nonce, max_length=32)),
                ("requested_at", models.DateTimeField()),
                ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                ("unsubscribed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_subscriptions",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "ordering": ["area", "email"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("area", "email"), name="notifications_one_subscription_per_address"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("email", django.db.models.functions.text.Lower("email"))),
                        name="notifications_email_lower",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AreaCalendar",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "due_working_day",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text="Working days after the month ends, 1 to 20 (bank holidays in England do not count).",
                        validators=[
                            django.core.validators.MinValueValidator(1, "A due day is from 1 to 20."),
                            django.core.validators.MaxValueValidator(20, "A due day is from 1 to 20."),
                        ],
                        verbose_name="Returns are due on working day",
                    ),
                ),
                (
                    "notice_working_days",
                    models.PositiveSmallIntegerField(
                        default=3,
                        validators=[
                            django.core.validators.MinValueValidator(0, "Give 0 to 20 working days' notice."),
                            django.core.validators.MaxValueValidator(20, "Give 0 to 20 working days' notice."),
                        ],
                        verbose_name="Reminder this many working days before",
                    ),
                ),
                (
                    "pack_working_days",
                    models.PositiveSmallIntegerField(
                        default=5,
                        validators=[
                            django.core.validators.MinValueValidator(0, "Give 0 to 20 working days' notice."),
                            django.core.validators.MaxValueValidator(20, "Give 0 to 20 working days' notice."),
                        ],
                        verbose_name="Board pack goes out this many working days before the meeting",
                    ),
                ),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "area",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_calendar",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("due_working_day__gte", 1), ("due_working_day__lte", 20)),
                        name="notifications_calendar_due_day_1_to_20",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("notice_working_days__lte", 20), ("pack_working_days__lte", 20)),
                        name="notifications_calendar_notice_at_most_20",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("data_due", "Data due"),
                            ("commentary", "Commentary needed"),
                            ("reviews", "Reviews and milestones"),
                            ("approvals", "Returns to approve"),
                            ("published", "Scorecard published"),
                            ("digest", "Weekly digest"),
                            ("confirmation", "Subscription confirmation"),
                        ],
                        max_length=20,
                    ),
                ),
                ("recipient", models.CharField(max_length=40)),
                ("subject", models.CharField(help_text="What it is about, e.g. 'indicator-value:12'.", max_length=120)),
                ("period", models.CharField(help_text="e.g. '2025-01', '2025-W06' or a date.", max_length=40)),
                ("email", models.EmailField(max_length=254)),
                ("subject_line", models.CharField(max_length=250)),
                ("body_text", models.TextField()),
                ("body_html", models.TextField()),
                ("headers", models.JSONField(default=dict)),
                ("content", models.JSONField(default=dict)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting to be sent"),
                            ("sending", "Being sent"),
                            ("sent", "Sent"),
                            ("failed", "Failed after the last try"),
                            ("held", "Held for the weekly digest"),
                            ("digested", "Sent in a weekly digest"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
                ("claimed_at", models.DateTimeField(blank=True, null=True)),
                ("last_error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "area",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "digest",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="items",
                        to="notifications.notification",
                    ),
                ),
                (
                    "subscription",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="notifications.subscription",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["status", "next_attempt_at"], name="notifications_to_send"),
                    models.Index(fields=["area", "status"], name="notifications_area_status"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "recipient", "subject", "period"), name="notifications_sent_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "data_due",
                                    "commentary",
                                    "reviews",
                                    "approvals",
                                    "published",
                                    "digest",
                                    "confirmation",
                                ],
                            )
                        ),
                        name="notifications_kind_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["pending", "sending", "sent", "failed", "held", "digested"])
                        ),
                        name="notifications_status_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("user__isnull", False), ("subscription__isnull", False), _connector="OR"),
                        name="notifications_has_recipient",
                    ),
                ],
            },
        ),
    ]
