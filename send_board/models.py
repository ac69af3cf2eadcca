"""The shared kernel: local areas and who holds which role in each."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, router

from .audit import AuditedQuerySet, DeletesTogether, deleting, track


class YearStart(models.TextChoices):
    CALENDAR = "calendar", "Calendar year (January to December)"
    FINANCIAL = "financial", "Financial year (April to March)"


la_code_validator = RegexValidator(r"^\d{3}$", "A DfE local authority code is three digits, such as 344.")
ons_code_validator = RegexValidator(r"^E0[6-9]\d{6}$", "An ONS code looks like E08000015.")


class LocalAreaQuerySet(DeletesTogether):
    def for_user(self, user):
        """The areas a user may open: every area for an administrator, else their memberships."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(memberships__user=user).distinct()


class LocalArea(models.Model):
    """A local area partnership: one council and its NHS partners.

    All data of the other apps belongs to a local area. `code` is the DfE local
    authority code (Wirral is 344); URLs use it.
    """

    code = models.CharField("DfE LA code", max_length=3, unique=True, validators=[la_code_validator])
    name = models.CharField(max_length=100)
    ons_code = models.CharField("ONS code", max_length=9, blank=True, validators=[ons_code_validator])
    region = models.CharField(max_length=60, blank=True)
    statistical_neighbours = models.JSONField(
        default=list,
        blank=True,
        help_text="Up to ten DfE LA codes of comparable areas.",
    )
    year_start = models.CharField(
        "Year-to-date figures by",
        max_length=10,
        choices=YearStart.choices,
        default=YearStart.FINANCIAL,
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = LocalAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{3}$"), name="local_area_code_three_digits"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def delete(self, using=None, keep_parents=False):
        with deleting(using or router.db_for_write(type(self), instance=self)):
            return super().delete(using=using, keep_parents=keep_parents)

    def clean(self):
        neighbours = self.statistical_neighbours or []
        if len(neighbours) > 10:
            raise ValidationError({"statistical_neighbours": "An area has at most ten statistical neighbours."})
        if self.code in neighbours:
            raise ValidationError({"statistical_neighbours": "An area cannot be its own statistical neighbour."})


class Role(models.TextChoices):
    """A role held in one local area. Administrators are Django superusers and
    hold every capability in every area; the public needs no account."""

    OFFICER = "officer", "Officer"
    BOARD_MEMBER = "board_member", "Board member"
    PERFORMANCE_LEAD = "performance_lead", "Performance lead"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    job_title = models.CharField(
        max_length=120, blank=True, help_text="Shown beside the person's name, e.g. 'Head of SEND'."
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["local_area__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "local_area"], name="one_role_per_user_per_area"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} in {self.local_area.name}"


track(Membership, area="local_area")
