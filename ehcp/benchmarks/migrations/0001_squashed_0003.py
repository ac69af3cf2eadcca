# Squashed by squashmigrations (Django 5.2.19, 6 December 2026); the operations are the ones
# makemigrations writes for the models (constraints and indexes inside each CreateModel), the
# hand-written ones (triggers, statistics) last, after every table they need. See README, "Migrations are squashed".

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("benchmarks", "0001_initial"),
        ("benchmarks", "0002_alter_figure_options"),
        ("benchmarks", "0003_timeline_measure_figures"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Geography",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("national", "England"),
                            ("regional", "Region"),
                            ("local_authority", "Local authority"),
                        ],
                        max_length=20,
                    ),
                ),
                ("code", models.CharField(max_length=9, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("ons_code", models.CharField(blank=True, max_length=9, verbose_name="ONS code")),
                ("region_code", models.CharField(blank=True, max_length=9)),
                ("region_name", models.CharField(blank=True, max_length=60)),
            ],
            options={
                "verbose_name_plural": "geographies",
                "ordering": ["level", "name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("level__in", ["national", "regional", "local_authority"])),
                        name="sen2_geography_level_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("level", "local_authority"), _negated=True),
                            ("code__regex", "^[0-9]{3}$"),
                            _connector="OR",
                        ),
                        name="sen2_la_code_three_digits",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Release",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                (
                    "reporting_year",
                    models.PositiveSmallIntegerField(
                        help_text="DfE's reporting year: the 2025 release carries calendar years to 2024."
                    ),
                ),
                ("published_on", models.DateField(blank=True, null=True)),
                ("file_name", models.CharField(max_length=255)),
                ("sha256", models.CharField(max_length=64, unique=True, verbose_name="SHA-256 of the file")),
                ("imported_at", models.DateTimeField(auto_now_add=True)),
                (
                    "imported_via",
                    models.CharField(
                        blank=True,
                        help_text="The local area page or command that imported it.",
                        max_length=100,
                        verbose_name="Imported from",
                    ),
                ),
                ("first_year", models.PositiveSmallIntegerField()),
                ("last_year", models.PositiveSmallIntegerField()),
                ("rows_read", models.PositiveIntegerField()),
                ("rows_stored", models.PositiveIntegerField()),
                (
                    "years_stored",
                    models.JSONField(default=list, help_text="Calendar years whose figures this release supplied."),
                ),
                (
                    "years_kept",
                    models.JSONField(
                        default=list, help_text="Years left as they were because a newer release has them."
                    ),
                ),
                ("report", models.JSONField(default=dict, help_text="Flagged rows and notes from the import.")),
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
            ],
            options={
                "ordering": ["-imported_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("first_year__lte", models.F("last_year"))),
                        name="sen2_release_years_in_order",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="MeasureFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("row_number", models.PositiveIntegerField(help_text="The file's row.")),
                ("year", models.PositiveSmallIntegerField(verbose_name="Calendar year")),
                ("measure", models.CharField(max_length=30)),
                ("numerator", models.PositiveIntegerField(blank=True, null=True)),
                ("denominator", models.PositiveIntegerField(blank=True, null=True)),
                ("pct", models.DecimalField(decimal_places=2, max_digits=6, null=True, verbose_name="% as published")),
                (
                    "pct_status",
                    models.CharField(
                        choices=[
                            ("published", "Published"),
                            ("x", "Unavailable (x)"),
                            ("z", "Not applicable (z)"),
                            ("c", "Suppressed (c)"),
                            ("no_plans", "No plans issued"),
                        ],
                        max_length=10,
                    ),
                ),
                ("pct_mismatch", models.BooleanField(default=False)),
                ("other_measures", models.JSONField(blank=True, default=dict)),
                (
                    "geography",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measure_figures",
                        to="benchmarks.geography",
                    ),
                ),
                (
                    "release",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="measure_figures",
                        to="benchmarks.release",
                    ),
                ),
            ],
            options={
                "ordering": ["measure", "-year", "row_number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("geography", "year", "measure"), name="sen2_one_measure_figure_per_year"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("pct__isnull", True), models.Q(("pct__gte", 0), ("pct__lte", 100)), _connector="OR"
                        ),
                        name="sen2_measure_pct",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("numerator__isnull", True),
                            ("denominator__isnull", True),
                            ("numerator__lte", models.F("denominator")),
                            _connector="OR",
                        ),
                        name="sen2_measure_numerator_le_denominator",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Figure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("row_number", models.PositiveIntegerField(help_text="The file's row (the header is row 1).")),
                ("year", models.PositiveSmallIntegerField(verbose_name="Calendar year")),
                ("breakdown_topic", models.CharField(max_length=100)),
                ("breakdown", models.CharField(max_length=150)),
                ("is_headline", models.BooleanField(default=False)),
                (
                    "issued",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Plans issued (excluding exceptions)"
                    ),
                ),
                (
                    "within",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Issued within 20 weeks (excluding exceptions)"
                    ),
                ),
                (
                    "pct",
                    models.DecimalField(
                        decimal_places=1, max_digits=4, null=True, verbose_name="% within 20 weeks, as published"
                    ),
                ),
                (
                    "pct_status",
                    models.CharField(
                        choices=[
                            ("published", "Published"),
                            ("x", "Unavailable (x)"),
                            ("z", "Not applicable (z)"),
                            ("c", "Suppressed (c)"),
                            ("no_plans", "No plans issued"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "issued_all",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Plans issued (including exceptions)"
                    ),
                ),
                (
                    "within_all",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Within 20 weeks (including exceptions)"
                    ),
                ),
                (
                    "pct_all",
                    models.DecimalField(
                        decimal_places=1, max_digits=4, null=True, verbose_name="% including exceptions, as published"
                    ),
                ),
                (
                    "pct_all_status",
                    models.CharField(
                        choices=[
                            ("published", "Published"),
                            ("x", "Unavailable (x)"),
                            ("z", "Not applicable (z)"),
                            ("c", "Suppressed (c)"),
                            ("no_plans", "No plans issued"),
                        ],
                        max_length=10,
                    ),
                ),
                ("other_measures", models.JSONField(blank=True, default=dict)),
                (
                    "pct_mismatch",
                    models.BooleanField(
                        default=False,
                        help_text="The published % is not what the counts give to one decimal (stored as published).",
                    ),
                ),
                (
                    "geography",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="figures", to="benchmarks.geography"
                    ),
                ),
                (
                    "release",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="figures", to="benchmarks.release"
                    ),
                ),
            ],
            options={
                "ordering": ["-year", "row_number"],
                "indexes": [models.Index(fields=["is_headline", "year"], name="sen2_headline_year")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("geography", "year", "breakdown_topic", "breakdown"),
                        name="sen2_one_figure_per_breakdown",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("is_headline", True)),
                        fields=("geography", "year"),
                        name="sen2_one_headline_per_year",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 2000), ("year__lte", 2100)), name="sen2_year_plausible"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("within__isnull", True),
                            ("issued__isnull", True),
                            ("within__lte", models.F("issued")),
                            _connector="OR",
                        ),
                        name="sen2_within_not_more_than_issued",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("within_all__isnull", True),
                            ("issued_all__isnull", True),
                            ("within_all__lte", models.F("issued_all")),
                            _connector="OR",
                        ),
                        name="sen2_within_all_not_more_than_issued_all",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("pct__isnull", True), models.Q(("pct__gte", 0), ("pct__lte", 100)), _connector="OR"
                        ),
                        name="sen2_pct_is_a_percentage",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("pct_all__isnull", True),
                            models.Q(("pct_all__gte", 0), ("pct_all__lte", 100)),
                            _connector="OR",
                        ),
                        name="sen2_pct_all_is_a_percentage",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("pct__isnull", False), ("pct_status", "published")),
                            models.Q(("pct__isnull", True), models.Q(("pct_status", "published"), _negated=True)),
                            _connector="OR",
                        ),
                        name="sen2_pct_status_matches_value",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("pct_all__isnull", False), ("pct_all_status", "published")),
                            models.Q(
                                ("pct_all__isnull", True), models.Q(("pct_all_status", "published"), _negated=True)
                            ),
                            _connector="OR",
                        ),
                        name="sen2_pct_all_status_matches_value",
                    ),
                ],
            },
        ),
    ]
