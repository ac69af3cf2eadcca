from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from send_board.management.areas import area_by_code
from send_board.models import Membership, Role
from send_board.parsing import parse_month

from ... import selectors
from ...services import PublishingError, publication_create


class Command(BaseCommand):
    help = (
        "Publish a local area's scorecard for a month, as the publish page does: publishable indicators, "
        "approved values, small numbers hidden. A month already published needs --correction 'what changed'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE local authority code, e.g. 344")
        parser.add_argument("--period", required=True, help="The month, e.g. 2025-01")
        parser.add_argument("--correction", default="", help="What changed, when publishing a month again")
        parser.add_argument(
            "--approver",
            default="",
            help="Username of the performance lead (or administrator) who approves it; "
            "needed when the area has more than one performance lead",
        )

    def handle(self, *args, area, period, correction, approver, **options):
        local_area = area_by_code(area)
        try:
            month = parse_month(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        user = self._approver(local_area, approver)
        try:
            publication = publication_create(area=local_area, month=month, user=user, correction_note=correction)
        except PublishingError as error:
            raise CommandError("\n  ".join([f"Not published. {error.message}", *error.problems])) from None
        missing = selectors.publication_draft(area=local_area, month=month).missing
        if missing:
            self.stdout.write(
                f"Not approved for {publication.period_label} (shown with their latest approved figure, or none):"
            )
            for line in missing:
                self.stdout.write(f"  {line}")
        indicators = publication.indicators.count()
        kind = "a correction" if publication.supersedes_id else "the scorecard"
        self.stdout.write(
            self.style.SUCCESS(
                f"Published {kind} for {local_area.name}, {publication.period_label}: publication {publication.pk}, "
                f"{indicators} indicator{'s' if indicators != 1 else ''}, approved by {publication.published_by_name}."
            )
        )

    def _approver(self, area, username):
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"There is no user {username}.")
            return user
        leads = list(
            Membership.objects.filter(local_area=area, role=Role.PERFORMANCE_LEAD)
            .select_related("user")
            .order_by("user__username")
        )
        if len(leads) != 1:
            names = ", ".join(m.user.username for m in leads) or "none"
            raise CommandError(
                f"Name the approver with --approver: {area.name} has {len(leads)} performance leads ({names})."
            )
        return leads[0].user
