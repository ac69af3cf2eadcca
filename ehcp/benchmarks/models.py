"""DfE's published SEN2 timeliness statistics, as imported.

National data: not owned by any local area. Each calendar year's figures come
from one release (the newest imported that carries the year), so a figure
always says where it came from: release, file and row.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

ENGLAND_CODE = "E92000001"


class Release(models.Model):
    """One imported file of DfE's "Education, health and care plans" release."""

    title = models.CharField(max_length=200)
    reporting_year = models.PositiveSmallIntegerField(
        help_text="DfE's reporting year: the 2025 release carries calendar years to 2024."
    )
    published_on = models.DateField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256 of the file", max_length=64, unique=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_via = models.CharField(
        "Imported from", max_length=100, blank=True, help_text="The local area page or command that imported it."
    )
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    rows_read = models.PositiveIntegerField()
    rows_stored = models.PositiveIntegerField()
    years_stored = models.JSONField(default=list, help_text="Calendar years whose figures this release supplied.")
    years_kept = models.JSONField(default=list, help_text="Years left as they were because a newer release has them.")
    report = models.JSONField(default=dict, help_text="Flagged rows and notes from the import.")

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.CheckConstraint(condition=Q(first_year__lte=F("last_year")), name="sen2_release_years_in_order"),
        ]

    def __str__(self):
        return f"{self.title} ({self.file_name})"

    @property
    def flagged_count(self):
        """Rows flagged (a row may be flagged for both of its percentages)."""
        return len({f["row"] for f in self.report.get("flagged", [])})

    @property
    def source_text(self):
        published = f", published {self.published_on.day} {self.published_on:%B %Y}" if self.published_on else ""
        return f"Department for Education, {self.title}{published} ({self.file_name})"


class Level(models.TextChoices):
    NATIONAL = "national", "England"
    REGIONAL = "regional", "Region"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class GeographyQuerySet(models.QuerySet):
    def local_authorities(self):
        return self.filter(level=Level.LOCAL_AUTHORITY)


class Geography(models.Model):
    """England, a region or a local authority as DfE names it.

    `code` is the three-digit DfE code for a local authority (344) and the ONS
    code for England (E92000001) and the regions (E12000002).
    """

    level = models.CharField(max_length=20, choices=Level.choices)
    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    region_code = models.CharField(max_length=9, blank=True)
    region_name = models.CharField(max_length=60, blank=True)

    objects = GeographyQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name_plural = "geographies"
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="sen2_geography_level_known"),
            models.CheckConstraint(
                condition=~Q(level=Level.LOCAL_AUTHORITY) | Q(code__regex=r"^[0-9]{3}$"),
                name="sen2_la_code_three_digits",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})" if self.level == Level.LOCAL_AUTHORITY else self.name


class RateStatus(models.TextChoices):
    """Why a published rate has, or has no, value. Never zero for a missing value."""

    PUBLISHED = "published", "Published"
    UNAVAILABLE = "x", "Unavailable (x)"
    NOT_APPLICABLE = "z", "Not applicable (z)"
    SUPPRESSED = "c", "Suppressed (c)"
    NO_PLANS = "no_plans", "No plans issued"


class FigureQuerySet(models.QuerySet):
    def headline(self):
        return self.filter(is_headline=True)


class Figure(models.Model):
    """One row of DfE's timeliness file: a geography, a calendar year and a
    breakdown (the headline "All EHC plans issued", or an age, sex or ethnicity).

    `issued`, `within` and `pct` are the measure DfE and boards quote: within 20
    weeks excluding exceptions. The "including exceptions" measure is kept
    beside it; every other published measure column is in `other_measures` as
    published (numbers, or None for x/z), so later releases' new columns are kept.
    """

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="figures")
    row_number = models.PositiveIntegerField(help_text="The file's row (the header is row 1).")
    geography = models.ForeignKey(Geography, on_delete=models.PROTECT, related_name="figures")
    year = models.PositiveSmallIntegerField("Calendar year")
    breakdown_topic = models.CharField(max_length=100)
    breakdown = models.CharField(max_length=150)
    is_headline = models.BooleanField(default=False)
    issued = models.PositiveIntegerField("Plans issued (excluding exceptions)", null=True, blank=True)
    within = models.PositiveIntegerField("Issued within 20 weeks (excluding exceptions)", null=True, blank=True)
    pct = models.DecimalField("% within 20 weeks, as published", max_digits=4, decimal_places=1, null=True)
    pct_status = models.CharField(max_length=10, choices=RateStatus.choices)
    issued_all = models.PositiveIntegerField("Plans issued (including exceptions)", null=True, blank=True)
    within_all = models.PositiveIntegerField("Within 20 weeks (including exceptions)", null=True, blank=True)
    pct_all = models.DecimalField("% including exceptions, as published", max_digits=4, decimal_places=1, null=True)
    pct_all_status = models.CharField(max_length=10, choices=RateStatus.choices)
    other_measures = models.JSONField(default=dict, blank=True)
    pct_mismatch = models.BooleanField(
        default=False, help_text="The published % is not what the counts give to one decimal (stored as published)."
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["geography", "year", "breakdown_topic", "breakdown"], name="sen2_one_figure_per_breakdown"
            ),
            models.UniqueConstraint(
                fields=["geography", "year"], condition=Q(is_headline=True), name="sen2_one_headline_per_year"
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="sen2_year_plausible"),
            models.CheckConstraint(
                condition=Q(within__isnull=True) | Q(issued__isnull=True) | Q(within__lte=F("issued")),
                name="sen2_within_not_more_than_issued",
            ),
            models.CheckConstraint(
                condition=Q(within_all__isnull=True) | Q(issued_all__isnull=True) | Q(within_all__lte=F("issued_all")),
                name="sen2_within_all_not_more_than_issued_all",
            ),
            models.CheckConstraint(
                condition=Q(pct__isnull=True) | Q(pct__gte=0, pct__lte=100), name="sen2_pct_is_a_percentage"
            ),
            models.CheckConstraint(
                condition=Q(pct_all__isnull=True) | Q(pct_all__gte=0, pct_all__lte=100),
                name="sen2_pct_all_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(pct__isnull=False, pct_status=RateStatus.PUBLISHED)
                | (Q(pct__isnull=True) & ~Q(pct_status=RateStatus.PUBLISHED)),
                name="sen2_pct_status_matches_value",
            ),
            models.CheckConstraint(
                condition=Q(pct_all__isnull=False, pct_all_status=RateStatus.PUBLISHED)
                | (Q(pct_all__isnull=True) & ~Q(pct_all_status=RateStatus.PUBLISHED)),
                name="sen2_pct_all_status_matches_value",
            ),
        ]
        indexes = [models.Index(fields=["is_headline", "year"], name="sen2_headline_year")]

    def __str__(self):
        return f"{self.geography.name} {self.year} {self.breakdown}"


class MeasureFigure(models.Model):
    """One headline figure of a statutory-timeline measure other than the
    20-week one (measures.ALL_MEASURES): a geography, a calendar year and
    the measure's numerator, denominator and DfE's published percentage
    (two decimals, as the tribunal table prints them; ranked at one).
    None with a status for DfE's x, z, .. or ~, never zero."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="measure_figures")
    row_number = models.PositiveIntegerField(help_text="The file's row.")
    geography = models.ForeignKey(Geography, on_delete=models.PROTECT, related_name="measure_figures")
    year = models.PositiveSmallIntegerField("Calendar year")
    measure = models.CharField(max_length=30)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    pct = models.DecimalField("% as published", max_digits=6, decimal_places=2, null=True)
    pct_status = models.CharField(max_length=10, choices=RateStatus.choices)
    pct_mismatch = models.BooleanField(default=False)
    other_measures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["measure", "-year", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["geography", "year", "measure"], name="sen2_one_measure_figure_per_year"),
            models.CheckConstraint(
                condition=Q(pct__isnull=True) | Q(pct__gte=0, pct__lte=100), name="sen2_measure_pct"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(denominator__isnull=True) | Q(numerator__lte=F("denominator")),
                name="sen2_measure_numerator_le_denominator",
            ),
        ]

    def __str__(self):
        return f"{self.geography.name} {self.year} {self.measure}"
