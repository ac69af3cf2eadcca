# Squashed by squashmigrations (Django 5.2.19, 6 December 2026); the operations are the ones
# makemigrations writes for the models (constraints and indexes inside each CreateModel), the
# hand-written ones (triggers, statistics) last, after every table they need. See README, "Migrations are squashed".

import django.core.validators
import django.db.models.deletion
import django.db.models.expressions
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import send_board.audit


class Migration(migrations.Migration):
    replaces = [
        ("improvement", "0001_initial"),
        ("improvement", "0002_action_area_restrict"),
        ("improvement", "0003_plain_orderings"),
        ("improvement", "0004_audit_history"),
        ("improvement", "0005_edit_versions"),
    ]

    initial = True

    dependencies = [
        ("send_board", "0001_initial"),
        ("send_board", "0002_audit_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Decision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=300)),
                ("summary", models.TextField(blank=True, verbose_name="What was considered")),
                ("resolution", models.TextField(blank=True, verbose_name="What the board resolved")),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "ordering": ["meeting", "created", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDecisionOption",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                ("title", models.CharField(max_length=300)),
                ("description", models.TextField(blank=True)),
                ("benefits", models.TextField(blank=True)),
                ("risks", models.TextField(blank=True)),
                ("adopted", models.BooleanField(default=False)),
                ("reason", models.TextField(blank=True, help_text="Why it was, or was not, adopted.")),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.decision",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical decision option",
                "verbose_name_plural": "historical decision options",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPlan",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        help_text="As the board calls it, e.g. 'Written Statement of Action 2022'.", max_length=150
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Short name used in web addresses: lower-case letters, numbers and hyphens.",
                        max_length=60,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("wsoa", "Written Statement of Action"),
                            ("improvement_notice", "Improvement Notice"),
                            ("programme", "Strategy or programme"),
                        ],
                        max_length=20,
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("approved_on", models.DateField(blank=True, null=True, verbose_name="Approval date")),
                ("target_completion", models.DateField(blank=True, null=True, verbose_name="Target completion date")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Inactive plans keep their history but leave the dashboard.",
                        verbose_name="Active",
                    ),
                ),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("updated", models.DateTimeField(blank=True, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "local_area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical plan",
                "verbose_name_plural": "historical plans",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Meeting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "body",
                    models.CharField(
                        choices=[("board", "Board"), ("subgroup", "Subgroup")], default="board", max_length=10
                    ),
                ),
                ("title", models.CharField(help_text="e.g. 'Local Area SEND Partnership Board'.", max_length=200)),
                ("held_on", models.DateField(verbose_name="Date")),
                ("attendees", models.TextField(blank=True, help_text="One person per line, with their role.")),
                ("apologies", models.TextField(blank=True, help_text="One person per line.")),
                (
                    "observers",
                    models.TextField(blank=True, help_text="e.g. DfE and NHS England advisers; one per line."),
                ),
                ("notes", models.TextField(blank=True)),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="improvement_meetings",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "ordering": ["-held_on", "title"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("body__in", ["board", "subgroup"])), name="meeting_body_known"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDecision",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("title", models.CharField(max_length=300)),
                ("summary", models.TextField(blank=True, verbose_name="What was considered")),
                ("resolution", models.TextField(blank=True, verbose_name="What the board resolved")),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical decision",
                "verbose_name_plural": "historical decisions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalActionLogItem",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("item", models.TextField()),
                ("owner_name", models.CharField(blank=True, max_length=150, verbose_name="Owner's name")),
                ("due", models.DateField(blank=True, null=True, verbose_name="Due date")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("in_progress", "In progress"), ("complete", "Complete")],
                        default="open",
                        max_length=12,
                    ),
                ),
                ("update", models.TextField(blank=True, verbose_name="Latest update")),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "local_area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "owner_user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Owner",
                    ),
                ),
                (
                    "completed_at",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.meeting",
                        verbose_name="Completed at meeting",
                    ),
                ),
                (
                    "raised_at",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical action log item",
                "verbose_name_plural": "historical action log items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="decision",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="decisions", to="improvement.meeting"
            ),
        ),
        migrations.CreateModel(
            name="Plan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        help_text="As the board calls it, e.g. 'Written Statement of Action 2022'.", max_length=150
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Short name used in web addresses: lower-case letters, numbers and hyphens.",
                        max_length=60,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("wsoa", "Written Statement of Action"),
                            ("improvement_notice", "Improvement Notice"),
                            ("programme", "Strategy or programme"),
                        ],
                        max_length=20,
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("approved_on", models.DateField(blank=True, null=True, verbose_name="Approval date")),
                ("target_completion", models.DateField(blank=True, null=True, verbose_name="Target completion date")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Inactive plans keep their history but leave the dashboard.",
                        verbose_name="Active",
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="improvement_plans",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "ordering": ["-is_active", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("local_area", "name"), name="plan_name_unique_in_area"),
                    models.UniqueConstraint(fields=("local_area", "slug"), name="plan_slug_unique_in_area"),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["wsoa", "improvement_notice", "programme"])),
                        name="plan_kind_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("approved_on__isnull", True),
                            ("target_completion__isnull", True),
                            ("target_completion__gte", models.F("approved_on")),
                            _connector="OR",
                        ),
                        name="plan_completes_after_approval",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalReportingPeriod",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "month",
                    models.DateField(help_text="The first day of the period's month; one period per plan per month."),
                ),
                ("label", models.CharField(help_text="e.g. 'September 2020 Board'.", max_length=100)),
                (
                    "kind",
                    models.CharField(
                        choices=[("monthly", "Monthly"), ("board", "Board meeting")], default="monthly", max_length=10
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="Start date")),
                (
                    "ends_on",
                    models.DateField(
                        help_text="Milestones on or before this date are due in the period.", verbose_name="End date"
                    ),
                ),
                (
                    "status",
                    models.CharField(choices=[("open", "Open"), ("closed", "Closed")], default="open", max_length=10),
                ),
                ("close_requested_at", models.DateTimeField(blank=True, null=True)),
                ("closed_at", models.DateTimeField(blank=True, null=True)),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical reporting period",
                "verbose_name_plural": "historical reporting periods",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="AreaOfConcern",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                ("title", models.CharField(max_length=300)),
                (
                    "inspection_wording",
                    models.TextField(
                        blank=True, help_text="The inspection's (or the Notice's) own words for the concern."
                    ),
                ),
                ("lead_name", models.CharField(blank=True, max_length=150, verbose_name="Lead's name")),
                (
                    "status",
                    models.CharField(
                        choices=[("active", "Active"), ("bau", "Moved to business as usual")],
                        default="active",
                        max_length=10,
                    ),
                ),
                ("bau_date", models.DateField(blank=True, null=True, verbose_name="Moved to business as usual on")),
                (
                    "bau_agreed_by",
                    models.CharField(
                        blank=True,
                        help_text="Who agreed it, e.g. 'DfE and NHS England stocktake, 26 Nov 2024'.",
                        max_length=200,
                        verbose_name="Agreed by",
                    ),
                ),
                (
                    "publishable",
                    models.BooleanField(
                        default=False,
                        help_text="Show the plain-English summary on published pages.",
                        verbose_name="Publish a summary",
                    ),
                ),
                (
                    "public_summary",
                    models.TextField(
                        blank=True,
                        help_text="Plain English, for the parent carer forum and the public. No names of children.",
                    ),
                ),
                (
                    "lead_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Lead",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="areas", to="improvement.plan"
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "areas of concern",
                "ordering": ["plan", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "number"), name="area_number_unique_in_plan"),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["active", "bau"])), name="area_status_known"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status", "active"),
                            models.Q(("bau_date__isnull", False), models.Q(("bau_agreed_by", ""), _negated=True)),
                            _connector="OR",
                        ),
                        name="area_bau_has_date_and_agreement",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("publishable", False), models.Q(("public_summary", ""), _negated=True), _connector="OR"
                        ),
                        name="area_published_has_summary",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Action",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "code",
                    models.CharField(
                        help_text="e.g. 1.1.a",
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9]+(?:[.\\-][A-Za-z0-9]+)*$",
                                "An action code is letters and numbers separated by dots or hyphens, such as 1.1.a or 2.2.b.",
                            )
                        ],
                    ),
                ),
                ("sort_key", models.CharField(db_index=True, editable=False, max_length=120)),
                ("title", models.CharField(max_length=300)),
                ("description", models.TextField(blank=True)),
                (
                    "owner_name",
                    models.CharField(
                        blank=True,
                        help_text="For an owner without an account.",
                        max_length=150,
                        verbose_name="Owner's name",
                    ),
                ),
                ("milestone", models.DateField(verbose_name="Milestone date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not Started"),
                            ("beyond_milestone", "Beyond Milestone"),
                            ("delayed", "Delayed"),
                            ("in_progress", "In Progress"),
                            ("complete", "Complete"),
                            ("complete_embedded", "Complete and Embedded"),
                            ("closed", "Closed"),
                        ],
                        default="not_started",
                        max_length=20,
                    ),
                ),
                ("reason", models.TextField(blank=True)),
                ("mitigation", models.TextField(blank=True)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("updated", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "owner_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="improvement_actions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Owner",
                    ),
                ),
                (
                    "area_of_concern",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="actions",
                        to="improvement.areaofconcern",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="actions", to="improvement.plan"
                    ),
                ),
            ],
            options={
                "ordering": ["plan_id", "sort_key"],
                "indexes": [
                    models.Index(fields=["plan", "area_of_concern", "status"], name="action_plan_area_status"),
                    models.Index(fields=["plan", "status"], name="action_plan_status"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "code"), name="action_code_unique_in_plan"),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "not_started",
                                    "beyond_milestone",
                                    "delayed",
                                    "in_progress",
                                    "complete",
                                    "complete_embedded",
                                    "closed",
                                ],
                            )
                        ),
                        name="action_status_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportingPeriod",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "month",
                    models.DateField(help_text="The first day of the period's month; one period per plan per month."),
                ),
                ("label", models.CharField(help_text="e.g. 'September 2020 Board'.", max_length=100)),
                (
                    "kind",
                    models.CharField(
                        choices=[("monthly", "Monthly"), ("board", "Board meeting")], default="monthly", max_length=10
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="Start date")),
                (
                    "ends_on",
                    models.DateField(
                        help_text="Milestones on or before this date are due in the period.", verbose_name="End date"
                    ),
                ),
                (
                    "status",
                    models.CharField(choices=[("open", "Open"), ("closed", "Closed")], default="open", max_length=10),
                ),
                ("close_requested_at", models.DateTimeField(blank=True, null=True)),
                ("closed_at", models.DateTimeField(blank=True, null=True)),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="periods", to="improvement.plan"
                    ),
                ),
            ],
            options={
                "ordering": ["plan", "-month"],
                "get_latest_by": "month",
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "month"), name="period_month_unique_in_plan"),
                    models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="period_ends_after_start"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "closed"])), name="period_status_known"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["monthly", "board"])), name="period_kind_known"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status", "open"), ("closed_at__isnull", False), _connector="OR"),
                        name="period_closed_has_time",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PeriodStatusCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not Started"),
                            ("beyond_milestone", "Beyond Milestone"),
                            ("delayed", "Delayed"),
                            ("in_progress", "In Progress"),
                            ("complete", "Complete"),
                            ("complete_embedded", "Complete and Embedded"),
                            ("closed", "Closed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("count", models.PositiveIntegerField()),
                (
                    "area_of_concern",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="improvement.areaofconcern"
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_counts",
                        to="improvement.reportingperiod",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("period", "area_of_concern", "status"), name="one_count_per_status")
                ],
            },
        ),
        migrations.CreateModel(
            name="MilestoneMiss",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "previous_status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not Started"),
                            ("beyond_milestone", "Beyond Milestone"),
                            ("delayed", "Delayed"),
                            ("in_progress", "In Progress"),
                            ("complete", "Complete"),
                            ("complete_embedded", "Complete and Embedded"),
                            ("closed", "Closed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="milestone_misses",
                        to="improvement.action",
                    ),
                ),
                (
                    "owner_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="milestone_misses",
                        to="improvement.reportingperiod",
                    ),
                ),
            ],
            options={
                "ordering": ["period", "action__sort_key"],
                "constraints": [
                    models.UniqueConstraint(fields=("period", "action"), name="one_miss_per_action_per_period")
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalActionUpdate",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not Started"),
                            ("beyond_milestone", "Beyond Milestone"),
                            ("delayed", "Delayed"),
                            ("in_progress", "In Progress"),
                            ("complete", "Complete"),
                            ("complete_embedded", "Complete and Embedded"),
                            ("closed", "Closed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("progress", models.TextField(blank=True, verbose_name="Progress")),
                ("evidence_of_impact", models.TextField(blank=True, verbose_name="Evidence of impact")),
                ("next_steps", models.TextField(blank=True, verbose_name="Next steps")),
                ("reason", models.TextField(blank=True, verbose_name="Reason it is behind")),
                ("mitigation", models.TextField(blank=True, verbose_name="Mitigation or remedial action")),
                ("risks_issues", models.TextField(blank=True, verbose_name="Risks and issues")),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "action",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.action",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.reportingperiod",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical action update",
                "verbose_name_plural": "historical action updates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="AreaReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("evidence_of_impact", models.TextField(blank=True, verbose_name="Evidence of impact")),
                (
                    "key_next_steps",
                    models.TextField(blank=True, help_text="One step per line.", verbose_name="Key next steps"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "area_of_concern",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="improvement.areaofconcern",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="area_reviews",
                        to="improvement.reportingperiod",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("area_of_concern", "period"), name="one_review_per_area_per_period")
                ],
            },
        ),
        migrations.CreateModel(
            name="ActionUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not Started"),
                            ("beyond_milestone", "Beyond Milestone"),
                            ("delayed", "Delayed"),
                            ("in_progress", "In Progress"),
                            ("complete", "Complete"),
                            ("complete_embedded", "Complete and Embedded"),
                            ("closed", "Closed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("progress", models.TextField(blank=True, verbose_name="Progress")),
                ("evidence_of_impact", models.TextField(blank=True, verbose_name="Evidence of impact")),
                ("next_steps", models.TextField(blank=True, verbose_name="Next steps")),
                ("reason", models.TextField(blank=True, verbose_name="Reason it is behind")),
                ("mitigation", models.TextField(blank=True, verbose_name="Mitigation or remedial action")),
                ("risks_issues", models.TextField(blank=True, verbose_name="Risks and issues")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="updates", to="improvement.action"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="improvement.reportingperiod",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["period", "status"], name="update_period_status")],
                "constraints": [
                    models.UniqueConstraint(fields=("action", "period"), name="one_update_per_action_per_period"),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "not_started",
                                    "beyond_milestone",
                                    "delayed",
                                    "in_progress",
                                    "complete",
                                    "complete_embedded",
                                    "closed",
                                ],
                            )
                        ),
                        name="update_status_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status__in", ["delayed", "beyond_milestone"]), _negated=True),
                            models.Q(
                                models.Q(("reason", ""), _negated=True), models.Q(("mitigation", ""), _negated=True)
                            ),
                            _connector="OR",
                        ),
                        name="update_behind_has_reason",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Risk",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(help_text="e.g. R1", max_length=20)),
                ("title", models.CharField(max_length=300)),
                ("description", models.TextField(blank=True)),
                (
                    "category",
                    models.CharField(
                        blank=True, help_text="e.g. Statutory duties, Finance, Workforce.", max_length=100
                    ),
                ),
                ("owner_name", models.CharField(blank=True, max_length=150, verbose_name="Owner's name")),
                (
                    "likelihood",
                    models.PositiveSmallIntegerField(
                        help_text="1 (rare) to 5 (almost certain)",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                    ),
                ),
                (
                    "impact",
                    models.PositiveSmallIntegerField(
                        help_text="1 (negligible) to 5 (severe)",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                    ),
                ),
                ("score", models.PositiveSmallIntegerField(editable=False)),
                ("mitigation", models.TextField(blank=True)),
                (
                    "target_score",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The score the mitigation aims for, 1 to 25.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(25),
                        ],
                    ),
                ),
                (
                    "status",
                    models.CharField(choices=[("open", "Open"), ("closed", "Closed")], default="open", max_length=10),
                ),
                ("next_review_date", models.DateField(blank=True, null=True)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("updated", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="improvement_risks",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "owner_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="improvement_risks",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Owner",
                    ),
                ),
            ],
            options={
                "ordering": ["-score", "reference"],
                "constraints": [
                    models.UniqueConstraint(fields=("local_area", "reference"), name="risk_reference_unique_in_area"),
                    models.CheckConstraint(
                        condition=models.Q(("likelihood__gte", 1), ("likelihood__lte", 5)),
                        name="risk_likelihood_1_to_5",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("impact__gte", 1), ("impact__lte", 5)), name="risk_impact_1_to_5"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "score",
                                django.db.models.expressions.CombinedExpression(
                                    models.F("likelihood"), "*", models.F("impact")
                                ),
                            )
                        ),
                        name="risk_score_is_product",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("target_score__isnull", True),
                            models.Q(("target_score__gte", 1), ("target_score__lte", 25)),
                            _connector="OR",
                        ),
                        name="risk_target_score_1_to_25",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "closed"])), name="risk_status_known"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRiskReview",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("month", models.DateField(help_text="The first day of the month of the review.")),
                ("reviewed_on", models.DateField()),
                (
                    "likelihood",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ]
                    ),
                ),
                (
                    "impact",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ]
                    ),
                ),
                ("score", models.PositiveSmallIntegerField()),
                ("notes", models.TextField(blank=True, verbose_name="Review notes")),
                ("mitigation", models.TextField(blank=True)),
                ("next_review_date", models.DateField(blank=True, null=True)),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "risk",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.risk",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical risk review",
                "verbose_name_plural": "historical risk reviews",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ChangeRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "subject",
                    models.CharField(help_text="What kind of thing changed, e.g. 'action update'.", max_length=40),
                ),
                ("object_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("object_repr", models.CharField(max_length=300)),
                ("verb", models.CharField(help_text="created, changed, closed …", max_length=40)),
                ("changes", models.JSONField(blank=True, default=dict)),
                ("note", models.TextField(blank=True)),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "action",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="changes",
                        to="improvement.action",
                    ),
                ),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="improvement_changes",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="changes",
                        to="improvement.plan",
                    ),
                ),
                (
                    "risk",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="changes",
                        to="improvement.risk",
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-pk"],
                "indexes": [models.Index(fields=["local_area", "-at"], name="change_area_recent")],
            },
        ),
        migrations.CreateModel(
            name="RiskReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(help_text="The first day of the month of the review.")),
                ("reviewed_on", models.DateField()),
                (
                    "likelihood",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ]
                    ),
                ),
                (
                    "impact",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ]
                    ),
                ),
                ("score", models.PositiveSmallIntegerField()),
                ("notes", models.TextField(blank=True, verbose_name="Review notes")),
                ("mitigation", models.TextField(blank=True)),
                ("next_review_date", models.DateField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "risk",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="reviews", to="improvement.risk"
                    ),
                ),
            ],
            options={
                "ordering": ["risk", "-month"],
                "constraints": [
                    models.UniqueConstraint(fields=("risk", "month"), name="one_review_per_risk_per_month"),
                    models.CheckConstraint(
                        condition=models.Q(("likelihood__gte", 1), ("likelihood__lte", 5)),
                        name="review_likelihood_1_to_5",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("impact__gte", 1), ("impact__lte", 5)), name="review_impact_1_to_5"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "score",
                                django.db.models.expressions.CombinedExpression(
                                    models.F("likelihood"), "*", models.F("impact")
                                ),
                            )
                        ),
                        name="review_score_is_product",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SupportReceived",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("activity", models.TextField(verbose_name="Support or activity")),
                ("provider", models.CharField(max_length=200)),
                ("impact", models.TextField(blank=True, verbose_name="Impact or outcomes from the activity")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "area_of_concern",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="support",
                        to="improvement.areaofconcern",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="support",
                        to="improvement.reportingperiod",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "support received",
                "ordering": ["period", "created_at"],
            },
        ),
        migrations.CreateModel(
            name="Workstream",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="e.g. 'Workstream 2 – EHC assessments'.", max_length=150)),
                ("description", models.TextField(blank=True)),
                (
                    "lead_name",
                    models.CharField(
                        blank=True,
                        help_text="For a lead without an account, and their job title.",
                        max_length=150,
                        verbose_name="Lead's name",
                    ),
                ),
                (
                    "lead_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Lead",
                    ),
                ),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="improvement_workstreams",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "members",
                    models.ManyToManyField(
                        blank=True, related_name="improvement_workstreams", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(fields=("local_area", "name"), name="workstream_name_unique_in_area")
                ],
            },
        ),
        migrations.AddField(
            model_name="risk",
            name="workstream",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="risks",
                to="improvement.workstream",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="workstream",
            field=models.ForeignKey(
                blank=True,
                help_text="The subgroup, for a subgroup meeting.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="meetings",
                to="improvement.workstream",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalRisk",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("reference", models.CharField(help_text="e.g. R1", max_length=20)),
                ("title", models.CharField(max_length=300)),
                ("description", models.TextField(blank=True)),
                (
                    "category",
                    models.CharField(
                        blank=True, help_text="e.g. Statutory duties, Finance, Workforce.", max_length=100
                    ),
                ),
                ("owner_name", models.CharField(blank=True, max_length=150, verbose_name="Owner's name")),
                (
                    "likelihood",
                    models.PositiveSmallIntegerField(
                        help_text="1 (rare) to 5 (almost certain)",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                    ),
                ),
                (
                    "impact",
                    models.PositiveSmallIntegerField(
                        help_text="1 (negligible) to 5 (severe)",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                    ),
                ),
                ("score", models.PositiveSmallIntegerField(editable=False)),
                ("mitigation", models.TextField(blank=True)),
                (
                    "target_score",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The score the mitigation aims for, 1 to 25.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(25),
                        ],
                    ),
                ),
                (
                    "status",
                    models.CharField(choices=[("open", "Open"), ("closed", "Closed")], default="open", max_length=10),
                ),
                ("next_review_date", models.DateField(blank=True, null=True)),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("updated", models.DateTimeField(blank=True, editable=False)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "local_area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "owner_user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Owner",
                    ),
                ),
                (
                    "workstream",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.workstream",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical risk",
                "verbose_name_plural": "historical risks",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeeting",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "body",
                    models.CharField(
                        choices=[("board", "Board"), ("subgroup", "Subgroup")], default="board", max_length=10
                    ),
                ),
                ("title", models.CharField(help_text="e.g. 'Local Area SEND Partnership Board'.", max_length=200)),
                ("held_on", models.DateField(verbose_name="Date")),
                ("attendees", models.TextField(blank=True, help_text="One person per line, with their role.")),
                ("apologies", models.TextField(blank=True, help_text="One person per line.")),
                (
                    "observers",
                    models.TextField(blank=True, help_text="e.g. DfE and NHS England advisers; one per line."),
                ),
                ("notes", models.TextField(blank=True)),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "local_area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "workstream",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The subgroup, for a subgroup meeting.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.workstream",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical meeting",
                "verbose_name_plural": "historical meetings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAreaOfConcern",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                ("title", models.CharField(max_length=300)),
                (
                    "inspection_wording",
                    models.TextField(
                        blank=True, help_text="The inspection's (or the Notice's) own words for the concern."
                    ),
                ),
                ("lead_name", models.CharField(blank=True, max_length=150, verbose_name="Lead's name")),
                (
                    "status",
                    models.CharField(
                        choices=[("active", "Active"), ("bau", "Moved to business as usual")],
                        default="active",
                        max_length=10,
                    ),
                ),
                ("bau_date", models.DateField(blank=True, null=True, verbose_name="Moved to business as usual on")),
                (
                    "bau_agreed_by",
                    models.CharField(
                        blank=True,
                        help_text="Who agreed it, e.g. 'DfE and NHS England stocktake, 26 Nov 2024'.",
                        max_length=200,
                        verbose_name="Agreed by",
                    ),
                ),
                (
                    "publishable",
                    models.BooleanField(
                        default=False,
                        help_text="Show the plain-English summary on published pages.",
                        verbose_name="Publish a summary",
                    ),
                ),
                (
                    "public_summary",
                    models.TextField(
                        blank=True,
                        help_text="Plain English, for the parent carer forum and the public. No names of children.",
                    ),
                ),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "lead_user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Lead",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.plan",
                    ),
                ),
                (
                    "workstream",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.workstream",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical area of concern",
                "verbose_name_plural": "historical areas of concern",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAction",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "code",
                    models.CharField(
                        help_text="e.g. 1.1.a",
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9]+(?:[.\\-][A-Za-z0-9]+)*$",
                                "An action code is letters and numbers separated by dots or hyphens, such as 1.1.a or 2.2.b.",
                            )
                        ],
                    ),
                ),
                ("sort_key", models.CharField(db_index=True, editable=False, max_length=120)),
                ("title", models.CharField(max_length=300)),
                ("description", models.TextField(blank=True)),
                (
                    "owner_name",
                    models.CharField(
                        blank=True,
                        help_text="For an owner without an account.",
                        max_length=150,
                        verbose_name="Owner's name",
                    ),
                ),
                ("milestone", models.DateField(verbose_name="Milestone date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "Not Started"),
                            ("beyond_milestone", "Beyond Milestone"),
                            ("delayed", "Delayed"),
                            ("in_progress", "In Progress"),
                            ("complete", "Complete"),
                            ("complete_embedded", "Complete and Embedded"),
                            ("closed", "Closed"),
                        ],
                        default="not_started",
                        max_length=20,
                    ),
                ),
                ("reason", models.TextField(blank=True)),
                ("mitigation", models.TextField(blank=True)),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("updated", models.DateTimeField(blank=True, editable=False)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "area_of_concern",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.areaofconcern",
                    ),
                ),
                (
                    "owner_user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Owner",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.plan",
                    ),
                ),
                (
                    "workstream",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="improvement.workstream",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical action",
                "verbose_name_plural": "historical actions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="areaofconcern",
            name="workstream",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="areas_of_concern",
                to="improvement.workstream",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="workstream",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions",
                to="improvement.workstream",
            ),
        ),
        migrations.CreateModel(
            name="DecisionOption",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                ("title", models.CharField(max_length=300)),
                ("description", models.TextField(blank=True)),
                ("benefits", models.TextField(blank=True)),
                ("risks", models.TextField(blank=True)),
                ("adopted", models.BooleanField(default=False)),
                ("reason", models.TextField(blank=True, help_text="Why it was, or was not, adopted.")),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="options", to="improvement.decision"
                    ),
                ),
            ],
            options={
                "ordering": ["decision", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("decision", "number"), name="option_number_unique_in_decision")
                ],
            },
        ),
        migrations.CreateModel(
            name="EvidenceItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                (
                    "category",
                    models.CharField(blank=True, help_text="e.g. Leadership, Alternative provision.", max_length=100),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("high_risk", "High Risk"),
                            ("underway", "Work underway"),
                            ("complete", "Complete"),
                            ("update_required", "Complete but update required"),
                        ],
                        default="underway",
                        max_length=20,
                    ),
                ),
                ("owner_name", models.CharField(blank=True, max_length=150, verbose_name="Owner's name")),
                ("notes", models.TextField(blank=True)),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="improvement_evidence",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "owner_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Owner",
                    ),
                ),
            ],
            options={
                "ordering": ["title"],
                "constraints": [
                    models.UniqueConstraint(fields=("local_area", "title"), name="evidence_title_unique_in_area"),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["high_risk", "underway", "complete", "update_required"])),
                        name="evidence_status_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ActionLogItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("item", models.TextField()),
                ("owner_name", models.CharField(blank=True, max_length=150, verbose_name="Owner's name")),
                ("due", models.DateField(blank=True, null=True, verbose_name="Due date")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("in_progress", "In progress"), ("complete", "Complete")],
                        default="open",
                        max_length=12,
                    ),
                ),
                ("update", models.TextField(blank=True, verbose_name="Latest update")),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="improvement_log_items",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "owner_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Owner",
                    ),
                ),
                (
                    "completed_at",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="completed_items",
                        to="improvement.meeting",
                        verbose_name="Completed at meeting",
                    ),
                ),
                (
                    "raised_at",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="raised_items",
                        to="improvement.meeting",
                    ),
                ),
            ],
            options={
                "ordering": ["raised_at__held_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["open", "in_progress", "complete"])), name="log_status_known"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status", "complete"), ("completed_at__isnull", True), _connector="OR"),
                        name="log_only_complete_has_meeting",
                    ),
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(("body", "board"), ("workstream__isnull", False), _connector="OR"),
                name="subgroup_meeting_has_workstream",
            ),
        ),
        send_board.audit.AppendOnly(
            model_labels=[
                "improvement.HistoricalAction",
                "improvement.HistoricalActionLogItem",
                "improvement.HistoricalActionUpdate",
                "improvement.HistoricalAreaOfConcern",
                "improvement.HistoricalDecision",
                "improvement.HistoricalDecisionOption",
                "improvement.HistoricalMeeting",
                "improvement.HistoricalPlan",
                "improvement.HistoricalReportingPeriod",
                "improvement.HistoricalRisk",
                "improvement.HistoricalRiskReview",
            ],
        ),
    ]
