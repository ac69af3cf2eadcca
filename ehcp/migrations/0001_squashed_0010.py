# Squashed by squashmigrations (Django 5.2.19, 6 December 2026); the operations are the ones
# makemigrations writes for the models (constraints and indexes inside each CreateModel), the
# hand-written ones (triggers, statistics) last, after every table they need. See README, "Migrations are squashed".

import django.core.validators
import django.db.models.deletion
import django.db.models.expressions
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import ehcp.expressions
import send_board.audit

# The planner's statistics on the case table's month columns, made last of all
# (0004 made them on the month expressions and 0006 moved them to the columns:
# a new database needs only the second, once the columns are there).
STATISTICS = {
    "ehcp_case_area_request_month_column": "request_month",
    "ehcp_case_area_final_month_column": "final_month",
}


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in STATISTICS.items():
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {name} (ndistinct) ON local_area_id, {column} FROM ehcp_caserecord"
        )


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    replaces = [
        ("ehcp", "0001_initial"),
        ("ehcp", "0002_cohort_advice"),
        ("ehcp", "0003_case_import_data_to"),
        ("ehcp", "0004_case_month_statistics"),
        ("ehcp", "0005_area_lookups_use_the_unique_index"),
        ("ehcp", "0006_case_months_and_derived_figures"),
        ("ehcp", "0007_audit_history"),
        ("ehcp", "0008_edit_versions"),
        ("ehcp", "0007_statutory_timeline_steps"),
        ("ehcp", "0008_case_indexes_for_the_rarer_steps"),
        ("ehcp", "0009_merge_20261206_1038"),
        ("ehcp", "0010_history_follows_merged_fields"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("send_board", "0001_initial"),
        ("send_board", "0002_audit_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("imported_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("form", "the entry form"),
                            ("upload", "a spreadsheet upload"),
                            ("command", "the command line"),
                            ("demo", "the demo loader"),
                        ],
                        default="upload",
                        max_length=10,
                    ),
                ),
                ("filename", models.CharField(blank=True, max_length=255)),
                ("rows", models.PositiveIntegerField()),
                ("created", models.PositiveIntegerField()),
                ("updated", models.PositiveIntegerField()),
                (
                    "data_to",
                    models.DateField(
                        blank=True,
                        help_text="The latest date in the file: what the records know about, up to that day.",
                        null=True,
                    ),
                ),
                (
                    "imported_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ehcp_case_imports",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "ordering": ["-imported_at"],
            },
        ),
        migrations.CreateModel(
            name="FigureRefresh",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("pending", models.BooleanField(default=False)),
                ("requested_at", models.DateTimeField(blank=True, null=True)),
                ("computed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "cohorts_as_of",
                    models.DateField(blank=True, help_text="The date the stored cohorts are tracked to.", null=True),
                ),
                (
                    "local_area",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ehcp_figure_refresh",
                        to="send_board.localarea",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="HistoricalCaseRecord",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "reference",
                    models.CharField(
                        max_length=40,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$",
                                "A case reference is a pseudonymous code of up to 40 letters, digits, '-', '_', '/' or '.', with no spaces (never a child's name).",
                            )
                        ],
                    ),
                ),
                ("request_date", models.DateField(verbose_name="Request received")),
                ("decision_date", models.DateField(blank=True, null=True, verbose_name="Decision date")),
                (
                    "decision",
                    models.CharField(
                        choices=[("assess", "Assess"), ("refuse", "Refuse"), ("pending", "Pending")],
                        default="pending",
                        max_length=10,
                    ),
                ),
                (
                    "ep_advice_requested",
                    models.DateField(blank=True, null=True, verbose_name="Educational psychology advice requested"),
                ),
                (
                    "ep_advice_received",
                    models.DateField(blank=True, null=True, verbose_name="Educational psychology advice received"),
                ),
                (
                    "health_advice_requested",
                    models.DateField(blank=True, null=True, verbose_name="Health advice requested"),
                ),
                (
                    "health_advice_received",
                    models.DateField(blank=True, null=True, verbose_name="Health advice received"),
                ),
                (
                    "social_care_advice_requested",
                    models.DateField(blank=True, null=True, verbose_name="Social care advice requested"),
                ),
                (
                    "social_care_advice_received",
                    models.DateField(blank=True, null=True, verbose_name="Social care advice received"),
                ),
                ("draft_date", models.DateField(blank=True, null=True, verbose_name="Draft plan issued")),
                ("final_date", models.DateField(blank=True, null=True, verbose_name="Final plan issued")),
                ("exception", models.BooleanField(default=False)),
                (
                    "exception_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("family", "Family circumstances"),
                            ("child", "Child's circumstances"),
                            ("health", "Health"),
                            ("education", "Education"),
                            ("covid", "Covid-19"),
                            ("other", "Other"),
                        ],
                        max_length=10,
                    ),
                ),
                ("closed_date", models.DateField(blank=True, null=True, verbose_name="Closed without a plan")),
                (
                    "closed_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("refused", "Decided not to assess"),
                            ("not_issued", "Decided not to issue a plan"),
                            ("withdrawn", "Request withdrawn"),
                            ("moved", "Moved out of the area"),
                            ("other", "Other"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "assessment_outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("plan", "Plan issued"),
                            ("no_plan", "Decided not to issue a plan"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=10,
                    ),
                ),
                ("outcome_date", models.DateField(blank=True, null=True, verbose_name="Assessment outcome date")),
                ("mediation", models.BooleanField(default=False)),
                ("mediation_date", models.DateField(blank=True, null=True, verbose_name="Mediation date")),
                ("tribunal", models.BooleanField(default=False, verbose_name="Appeal to the SEND Tribunal")),
                ("tribunal_date", models.DateField(blank=True, null=True, verbose_name="Appeal registered")),
                (
                    "last_review_meeting",
                    models.DateField(blank=True, null=True, verbose_name="Last annual review meeting"),
                ),
                (
                    "review_decision_date",
                    models.DateField(blank=True, null=True, verbose_name="Review decision communicated"),
                ),
                (
                    "review_outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("maintain", "Maintain the plan"),
                            ("amend", "Amend the plan"),
                            ("cease", "Cease the plan"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "phase_transfer_year",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="Phase transfer year"),
                ),
                (
                    "phase_transfer_post16",
                    models.BooleanField(default=False, verbose_name="Phase transfer into post-16"),
                ),
                ("amended_plan_date", models.DateField(blank=True, null=True, verbose_name="Amended plan issued")),
                ("review_due_date", models.DateField(blank=True, editable=False, null=True, verbose_name="Review due")),
                (
                    "next_review_due",
                    models.DateField(blank=True, editable=False, null=True, verbose_name="Next review due"),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
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
                "verbose_name": "historical case record",
                "verbose_name_plural": "historical case records",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMonthlyReturn",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("month", models.DateField(help_text="The first day of the month reported.")),
                ("issued", models.PositiveIntegerField(verbose_name="Plans issued, excluding exceptions")),
                ("within_20_weeks", models.PositiveIntegerField(verbose_name="Of these, issued within 20 weeks")),
                ("exceptions", models.PositiveIntegerField(default=0, verbose_name="Exception plans issued")),
                ("exceptions_family", models.PositiveIntegerField(default=0, verbose_name="Family circumstances")),
                ("exceptions_child", models.PositiveIntegerField(default=0, verbose_name="Child's circumstances")),
                ("exceptions_health", models.PositiveIntegerField(default=0, verbose_name="Health")),
                ("exceptions_education", models.PositiveIntegerField(default=0, verbose_name="Education")),
                ("exceptions_covid", models.PositiveIntegerField(default=0, verbose_name="Covid-19")),
                ("exceptions_other", models.PositiveIntegerField(default=0, verbose_name="Other")),
                (
                    "open_assessments",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Assessments open at the end of the month"
                    ),
                ),
                (
                    "open_over_20_weeks",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Of these, open for more than 20 weeks"
                    ),
                ),
                (
                    "decisions_to_assess",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Decisions whether to assess made"),
                ),
                (
                    "decisions_within_6_weeks",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Of these, within 6 weeks"),
                ),
                (
                    "no_plan_decisions",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Decisions not to issue a plan"),
                ),
                (
                    "no_plan_within_16_weeks",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Of these, within 16 weeks"),
                ),
                (
                    "issued_over_52_weeks",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        verbose_name="Plans issued (excluding exceptions) after more than 52 weeks",
                    ),
                ),
                (
                    "days_to_issue",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        verbose_name="Total days from request to final plan, over the plans issued (excluding exceptions)",
                    ),
                ),
                ("reviews_due", models.PositiveIntegerField(blank=True, null=True, verbose_name="Annual reviews due")),
                (
                    "reviews_held_on_time",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Of these, meeting held by the due date"
                    ),
                ),
                (
                    "review_decisions",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Annual review decisions made"),
                ),
                (
                    "review_decisions_within_4_weeks",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Of these, communicated within 4 weeks of the meeting"
                    ),
                ),
                (
                    "phase_transfers",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Phase transfers due"),
                ),
                (
                    "phase_transfers_on_time",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Of these, amended by the deadline"
                    ),
                ),
                (
                    "appealable_decisions",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Appealable decisions"),
                ),
                (
                    "appeals_registered",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Appeals to the SEND Tribunal registered"
                    ),
                ),
                (
                    "mediations",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Cases that went to mediation"),
                ),
                ("notes", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
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
                    "approved_by",
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
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical monthly return",
                "verbose_name_plural": "historical monthly returns",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTimelinessTarget",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("year_start", models.DateField(help_text="The first day of the year the target applies from.")),
                (
                    "target_pct",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="Year-end target (%)",
                    ),
                ),
                ("set_at", models.DateTimeField(default=django.utils.timezone.now)),
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
                    "set_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical timeliness target",
                "verbose_name_plural": "historical timeliness targets",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MonthlyReturn",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(help_text="The first day of the month reported.")),
                ("issued", models.PositiveIntegerField(verbose_name="Plans issued, excluding exceptions")),
                ("within_20_weeks", models.PositiveIntegerField(verbose_name="Of these, issued within 20 weeks")),
                ("exceptions", models.PositiveIntegerField(default=0, verbose_name="Exception plans issued")),
                ("exceptions_family", models.PositiveIntegerField(default=0, verbose_name="Family circumstances")),
                ("exceptions_child", models.PositiveIntegerField(default=0, verbose_name="Child's circumstances")),
                ("exceptions_health", models.PositiveIntegerField(default=0, verbose_name="Health")),
                ("exceptions_education", models.PositiveIntegerField(default=0, verbose_name="Education")),
                ("exceptions_covid", models.PositiveIntegerField(default=0, verbose_name="Covid-19")),
                ("exceptions_other", models.PositiveIntegerField(default=0, verbose_name="Other")),
                (
                    "open_assessments",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Assessments open at the end of the month"
                    ),
                ),
                (
                    "open_over_20_weeks",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Of these, open for more than 20 weeks"
                    ),
                ),
                (
                    "decisions_to_assess",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Decisions whether to assess made"),
                ),
                (
                    "decisions_within_6_weeks",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Of these, within 6 weeks"),
                ),
                (
                    "no_plan_decisions",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Decisions not to issue a plan"),
                ),
                (
                    "no_plan_within_16_weeks",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Of these, within 16 weeks"),
                ),
                (
                    "issued_over_52_weeks",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        verbose_name="Plans issued (excluding exceptions) after more than 52 weeks",
                    ),
                ),
                (
                    "days_to_issue",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        verbose_name="Total days from request to final plan, over the plans issued (excluding exceptions)",
                    ),
                ),
                ("reviews_due", models.PositiveIntegerField(blank=True, null=True, verbose_name="Annual reviews due")),
                (
                    "reviews_held_on_time",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Of these, meeting held by the due date"
                    ),
                ),
                (
                    "review_decisions",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Annual review decisions made"),
                ),
                (
                    "review_decisions_within_4_weeks",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Of these, communicated within 4 weeks of the meeting"
                    ),
                ),
                (
                    "phase_transfers",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Phase transfers due"),
                ),
                (
                    "phase_transfers_on_time",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Of these, amended by the deadline"
                    ),
                ),
                (
                    "appealable_decisions",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Appealable decisions"),
                ),
                (
                    "appeals_registered",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Appeals to the SEND Tribunal registered"
                    ),
                ),
                (
                    "mediations",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="Cases that went to mediation"),
                ),
                ("notes", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                    "local_area",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ehcp_returns",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-month"],
                "constraints": [
                    models.UniqueConstraint(fields=("local_area", "month"), name="ehcp_one_return_per_area_month"),
                    models.CheckConstraint(condition=models.Q(("month__day", 1)), name="ehcp_return_month_first_day"),
                    models.CheckConstraint(
                        condition=models.Q(("within_20_weeks__lte", models.F("issued"))),
                        name="ehcp_return_within_le_issued",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "exceptions__gte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                django.db.models.expressions.CombinedExpression(
                                                    models.F("exceptions_family"), "+", models.F("exceptions_child")
                                                ),
                                                "+",
                                                models.F("exceptions_health"),
                                            ),
                                            "+",
                                            models.F("exceptions_education"),
                                        ),
                                        "+",
                                        models.F("exceptions_covid"),
                                    ),
                                    "+",
                                    models.F("exceptions_other"),
                                ),
                            )
                        ),
                        name="ehcp_return_reasons_le_exceptions",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("open_over_20_weeks__isnull", True),
                            models.Q(
                                ("open_assessments__isnull", False),
                                ("open_over_20_weeks__lte", models.F("open_assessments")),
                            ),
                            _connector="OR",
                        ),
                        name="ehcp_return_open_over_le_open",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "submitted", "approved"])),
                        name="ehcp_return_status_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReturnEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("created", "Created"),
                            ("updated", "Changed"),
                            ("submitted", "Submitted"),
                            ("approved", "Approved"),
                            ("sent_back", "Sent back to draft"),
                        ],
                        max_length=10,
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("form", "the entry form"),
                            ("upload", "a spreadsheet upload"),
                            ("command", "the command line"),
                            ("demo", "the demo loader"),
                        ],
                        default="form",
                        max_length=10,
                    ),
                ),
                ("changes", models.JSONField(blank=True, default=dict)),
                ("note", models.TextField(blank=True)),
                (
                    "monthly_return",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="events", to="ehcp.monthlyreturn"
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
            ],
            options={
                "ordering": ["at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("action__in", ["created", "updated", "submitted", "approved", "sent_back"])
                        ),
                        name="ehcp_event_action_known",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StepFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.CharField(max_length=30)),
                (
                    "source",
                    models.CharField(
                        choices=[("returns", "Monthly returns"), ("cases", "Case records")], max_length=10
                    ),
                ),
                ("month", models.DateField()),
                ("numerator", models.PositiveIntegerField()),
                ("denominator", models.PositiveIntegerField()),
                ("value", models.DecimalField(blank=True, decimal_places=1, max_digits=7, null=True)),
                ("rolling_numerator", models.PositiveIntegerField(blank=True, null=True)),
                ("rolling_denominator", models.PositiveIntegerField(blank=True, null=True)),
                ("rolling_value", models.DecimalField(blank=True, decimal_places=1, max_digits=7, null=True)),
                ("ytd_numerator", models.PositiveIntegerField()),
                ("ytd_denominator", models.PositiveIntegerField()),
                ("ytd_value", models.DecimalField(blank=True, decimal_places=1, max_digits=7, null=True)),
                ("median_weeks", models.DecimalField(blank=True, decimal_places=1, max_digits=6, null=True)),
                ("computed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "local_area",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ehcp_step_figures",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "ordering": ["local_area", "step", "source", "month"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("local_area", "step", "source", "month"), name="ehcp_one_step_figure_per_area_month"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("month__day", 1)), name="ehcp_step_figure_month_first_day"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("source__in", ["returns", "cases"])), name="ehcp_step_figure_source_known"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value__isnull", True), ("value__gte", 0), _connector="OR"),
                        name="ehcp_step_figure_value_not_negative",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="TimelinessTarget",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year_start", models.DateField(help_text="The first day of the year the target applies from.")),
                (
                    "target_pct",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="Year-end target (%)",
                    ),
                ),
                ("set_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "local_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ehcp_targets",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "set_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["local_area", "-year_start"],
                "constraints": [
                    models.UniqueConstraint(fields=("local_area", "year_start"), name="ehcp_one_target_per_area_year"),
                    models.CheckConstraint(
                        condition=models.Q(("target_pct__gte", 0), ("target_pct__lte", 100)),
                        name="ehcp_target_in_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year_start__day", 1)), name="ehcp_target_year_first_day"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CaseRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "reference",
                    models.CharField(
                        max_length=40,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$",
                                "A case reference is a pseudonymous code of up to 40 letters, digits, '-', '_', '/' or '.', with no spaces (never a child's name).",
                            )
                        ],
                    ),
                ),
                ("request_date", models.DateField(verbose_name="Request received")),
                ("decision_date", models.DateField(blank=True, null=True, verbose_name="Decision date")),
                (
                    "decision",
                    models.CharField(
                        choices=[("assess", "Assess"), ("refuse", "Refuse"), ("pending", "Pending")],
                        default="pending",
                        max_length=10,
                    ),
                ),
                (
                    "ep_advice_requested",
                    models.DateField(blank=True, null=True, verbose_name="Educational psychology advice requested"),
                ),
                (
                    "ep_advice_received",
                    models.DateField(blank=True, null=True, verbose_name="Educational psychology advice received"),
                ),
                (
                    "health_advice_requested",
                    models.DateField(blank=True, null=True, verbose_name="Health advice requested"),
                ),
                (
                    "health_advice_received",
                    models.DateField(blank=True, null=True, verbose_name="Health advice received"),
                ),
                (
                    "social_care_advice_requested",
                    models.DateField(blank=True, null=True, verbose_name="Social care advice requested"),
                ),
                (
                    "social_care_advice_received",
                    models.DateField(blank=True, null=True, verbose_name="Social care advice received"),
                ),
                ("draft_date", models.DateField(blank=True, null=True, verbose_name="Draft plan issued")),
                ("final_date", models.DateField(blank=True, null=True, verbose_name="Final plan issued")),
                ("exception", models.BooleanField(default=False)),
                (
                    "exception_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("family", "Family circumstances"),
                            ("child", "Child's circumstances"),
                            ("health", "Health"),
                            ("education", "Education"),
                            ("covid", "Covid-19"),
                            ("other", "Other"),
                        ],
                        max_length=10,
                    ),
                ),
                ("closed_date", models.DateField(blank=True, null=True, verbose_name="Closed without a plan")),
                (
                    "closed_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("refused", "Decided not to assess"),
                            ("not_issued", "Decided not to issue a plan"),
                            ("withdrawn", "Request withdrawn"),
                            ("moved", "Moved out of the area"),
                            ("other", "Other"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "assessment_outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("plan", "Plan issued"),
                            ("no_plan", "Decided not to issue a plan"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=10,
                    ),
                ),
                ("outcome_date", models.DateField(blank=True, null=True, verbose_name="Assessment outcome date")),
                ("mediation", models.BooleanField(default=False)),
                ("mediation_date", models.DateField(blank=True, null=True, verbose_name="Mediation date")),
                ("tribunal", models.BooleanField(default=False, verbose_name="Appeal to the SEND Tribunal")),
                ("tribunal_date", models.DateField(blank=True, null=True, verbose_name="Appeal registered")),
                (
                    "last_review_meeting",
                    models.DateField(blank=True, null=True, verbose_name="Last annual review meeting"),
                ),
                (
                    "review_decision_date",
                    models.DateField(blank=True, null=True, verbose_name="Review decision communicated"),
                ),
                (
                    "review_outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("maintain", "Maintain the plan"),
                            ("amend", "Amend the plan"),
                            ("cease", "Cease the plan"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "phase_transfer_year",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="Phase transfer year"),
                ),
                (
                    "phase_transfer_post16",
                    models.BooleanField(default=False, verbose_name="Phase transfer into post-16"),
                ),
                ("amended_plan_date", models.DateField(blank=True, null=True, verbose_name="Amended plan issued")),
                ("review_due_date", models.DateField(blank=True, editable=False, null=True, verbose_name="Review due")),
                (
                    "next_review_due",
                    models.DateField(blank=True, editable=False, null=True, verbose_name="Next review due"),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "request_month",
                    models.GeneratedField(
                        db_persist=True,
                        expression=ehcp.expressions.MonthStart("request_date"),
                        output_field=models.DateField(),
                    ),
                ),
                (
                    "final_month",
                    models.GeneratedField(
                        db_persist=True,
                        expression=ehcp.expressions.MonthStart("final_date"),
                        output_field=models.DateField(null=True),
                    ),
                ),
                (
                    "local_area",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ehcp_cases",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "ordering": ["request_date", "reference"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("tribunal_date__isnull", False)),
                        fields=["local_area", "tribunal_date"],
                        name="ehcp_case_appeals",
                    ),
                    models.Index(
                        condition=models.Q(("phase_transfer_year__isnull", False)),
                        fields=["local_area", "phase_transfer_year"],
                        name="ehcp_case_phase_transfers",
                    ),
                    models.Index(
                        condition=models.Q(
                            ("assessment_outcome", "no_plan"),
                            models.Q(("assessment_outcome", ""), ("closed_reason", "not_issued")),
                            _connector="OR",
                        ),
                        fields=["local_area", "outcome_date", "closed_date"],
                        name="ehcp_case_no_plan_decisions",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("local_area", "reference"), name="ehcp_case_reference_unique_in_area"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("decision__in", ["assess", "refuse", "pending"])),
                        name="ehcp_case_decision_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("decision", "pending"), ("decision_date__isnull", True)),
                            models.Q(
                                models.Q(("decision", "pending"), _negated=True), ("decision_date__isnull", False)
                            ),
                            _connector="OR",
                        ),
                        name="ehcp_case_decision_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("decision_date__isnull", True),
                            ("decision_date__gte", models.F("request_date")),
                            _connector="OR",
                        ),
                        name="ehcp_case_decision_after_request",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("final_date__isnull", True),
                            models.Q(
                                ("decision", "assess"),
                                ("final_date__gte", models.F("request_date")),
                                ("final_date__gte", models.F("decision_date")),
                            ),
                            _connector="OR",
                        ),
                        name="ehcp_case_final_after_decision_to_assess",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("draft_date__isnull", True), ("draft_date__gte", models.F("request_date")), _connector="OR"
                        ),
                        name="ehcp_case_draft_after_request",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("draft_date__isnull", True),
                            ("final_date__isnull", True),
                            ("final_date__gte", models.F("draft_date")),
                            _connector="OR",
                        ),
                        name="ehcp_case_final_after_draft",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("closed_date__isnull", True),
                            ("closed_date__gte", models.F("request_date")),
                            _connector="OR",
                        ),
                        name="ehcp_case_closed_after_request",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("final_date__isnull", True), ("closed_date__isnull", True), _connector="OR"
                        ),
                        name="ehcp_case_final_or_closed_not_both",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("exception", True), ("exception_reason", ""), _connector="OR"),
                        name="ehcp_case_reason_only_for_exception",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("closed_date__isnull", False), ("closed_reason", ""), _connector="OR"),
                        name="ehcp_case_closed_reason_only_if_closed",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("assessment_outcome", ""), ("outcome_date__isnull", True)),
                            models.Q(
                                models.Q(("assessment_outcome", ""), _negated=True),
                                ("outcome_date__gte", models.F("request_date")),
                            ),
                            _connector="OR",
                        ),
                        name="ehcp_case_outcome_dated_after_request",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("mediation", False), ("mediation_date__isnull", True)),
                            models.Q(("mediation", True), ("mediation_date__gte", models.F("request_date"))),
                            _connector="OR",
                        ),
                        name="ehcp_case_mediation_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("tribunal", False), ("tribunal_date__isnull", True)),
                            models.Q(("tribunal", True), ("tribunal_date__gte", models.F("request_date"))),
                            _connector="OR",
                        ),
                        name="ehcp_case_tribunal_dated",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("review_decision_date__isnull", True),
                            models.Q(
                                ("last_review_meeting__isnull", False),
                                ("review_decision_date__gte", models.F("last_review_meeting")),
                            ),
                            _connector="OR",
                        ),
                        name="ehcp_case_review_decision_after_meeting",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("amended_plan_date__isnull", True), ("last_review_meeting__isnull", True)),
                            ("final_date__isnull", False),
                            _connector="OR",
                        ),
                        name="ehcp_case_reviews_only_of_plans",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ep_advice_received__isnull", True),
                            models.Q(
                                ("ep_advice_received__gte", models.F("ep_advice_requested")),
                                ("ep_advice_requested__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="ehcp_case_ep_advice_received_after_requested",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("health_advice_received__isnull", True),
                            models.Q(
                                ("health_advice_received__gte", models.F("health_advice_requested")),
                                ("health_advice_requested__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="ehcp_case_health_advice_received_after_requested",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("social_care_advice_received__isnull", True),
                            models.Q(
                                ("social_care_advice_received__gte", models.F("social_care_advice_requested")),
                                ("social_care_advice_requested__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="ehcp_case_social_care_advice_received_after_requested",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CohortFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("request_month", models.DateField()),
                ("received", models.PositiveIntegerField()),
                ("decided_within_6_weeks", models.PositiveIntegerField()),
                ("plans_issued", models.PositiveIntegerField()),
                ("issued_within_20_weeks", models.PositiveIntegerField()),
                ("closed_without_plan", models.PositiveIntegerField()),
                ("open", models.PositiveIntegerField()),
                ("open_beyond_20_weeks", models.PositiveIntegerField()),
                (
                    "ep_advice",
                    models.PositiveIntegerField(default=0, verbose_name="Educational psychology advice received"),
                ),
                ("ep_advice_within_6_weeks", models.PositiveIntegerField(default=0)),
                ("health_advice", models.PositiveIntegerField(default=0, verbose_name="Health advice received")),
                ("health_advice_within_6_weeks", models.PositiveIntegerField(default=0)),
                (
                    "social_care_advice",
                    models.PositiveIntegerField(default=0, verbose_name="Social care advice received"),
                ),
                ("social_care_advice_within_6_weeks", models.PositiveIntegerField(default=0)),
                ("decided", models.PositiveIntegerField(default=0, verbose_name="Decisions whether to assess made")),
                (
                    "no_plan_decisions",
                    models.PositiveIntegerField(default=0, verbose_name="Decisions not to issue a plan"),
                ),
                ("no_plan_within_16_weeks", models.PositiveIntegerField(default=0)),
                ("mediations", models.PositiveIntegerField(default=0)),
                ("appeals", models.PositiveIntegerField(default=0, verbose_name="Appeals registered")),
                ("computed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "local_area",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ehcp_cohort_figures",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "ordering": ["local_area", "request_month"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("local_area", "request_month"), name="ehcp_one_cohort_per_area_month"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("request_month__day", 1)), name="ehcp_cohort_month_first_day"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "received",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("plans_issued"), "+", models.F("closed_without_plan")
                                    ),
                                    "+",
                                    models.F("open"),
                                ),
                            )
                        ),
                        name="ehcp_cohort_parts_add_up",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("issued_within_20_weeks__lte", models.F("plans_issued")),
                            ("open_beyond_20_weeks__lte", models.F("open")),
                        ),
                        name="ehcp_cohort_subsets_fit",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="MonthlyFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField()),
                (
                    "source",
                    models.CharField(
                        choices=[("returns", "Monthly returns"), ("cases", "Case records")], max_length=10
                    ),
                ),
                ("issued", models.PositiveIntegerField()),
                ("within_20_weeks", models.PositiveIntegerField()),
                ("exceptions", models.PositiveIntegerField(default=0)),
                ("pct", models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True)),
                ("rolling_issued", models.PositiveIntegerField(blank=True, null=True)),
                ("rolling_within", models.PositiveIntegerField(blank=True, null=True)),
                ("rolling_pct", models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True)),
                ("ytd_issued", models.PositiveIntegerField()),
                ("ytd_within", models.PositiveIntegerField()),
                ("ytd_pct", models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True)),
                ("month_approved", models.BooleanField(default=False)),
                ("rolling_approved", models.BooleanField(default=False)),
                ("computed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "local_area",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ehcp_monthly_figures",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "ordering": ["local_area", "source", "month"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("local_area", "month", "source"), name="ehcp_one_figure_per_area_month"
                    ),
                    models.CheckConstraint(condition=models.Q(("month__day", 1)), name="ehcp_figure_month_first_day"),
                    models.CheckConstraint(
                        condition=models.Q(("source__in", ["returns", "cases"])), name="ehcp_figure_source_known"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("within_20_weeks__lte", models.F("issued"))),
                        name="ehcp_figure_within_le_issued",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("pct__isnull", True), models.Q(("pct__gte", 0), ("pct__lte", 100)), _connector="OR"
                        ),
                        name="ehcp_figure_pct_in_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("rolling_pct__isnull", True),
                            models.Q(("rolling_pct__gte", 0), ("rolling_pct__lte", 100)),
                            _connector="OR",
                        ),
                        name="ehcp_figure_rolling_pct_in_range",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_statistics, drop_statistics, elidable=False),
        send_board.audit.AppendOnly(
            model_labels=[
                "ehcp.HistoricalCaseRecord",
                "ehcp.HistoricalMonthlyReturn",
                "ehcp.HistoricalTimelinessTarget",
            ],
        ),
    ]
