from django.core.management.base import BaseCommand

from ehcp.models import FigureSource
from ehcp.selectors import figure_refresh, monthly_figures
from send_board.management.areas import area_by_code
from send_board.tables_io import write_csv

COLUMNS = ["area_code", "month", "issued", "within_20_weeks", "pct", "rolling_issued", "rolling_within", "rolling_pct"]


def _cell(value):
    return "" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Write an area's stored monthly EHCP figures as CSV to stdout, one row a month: "
        + ",".join(COLUMNS)
        + ". pct is empty when nothing was issued; the rolling columns while fewer than 12 months precede."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE local authority code, e.g. 335")
        parser.add_argument("--source", choices=FigureSource.values, default=FigureSource.RETURNS)
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, area, source, **options):
        local_area = area_by_code(area)
        if figure_refresh(area=local_area).pending:
            self.stderr.write(
                f"Note: {local_area.name}'s figures are waiting for a recompute; "
                f"run recompute_figures --area {local_area.code} for the latest."
            )
        rows = (
            [
                local_area.code,
                f"{figure.month:%Y-%m}",
                figure.issued,
                figure.within_20_weeks,
                _cell(figure.pct),
                _cell(figure.rolling_issued),
                _cell(figure.rolling_within),
                _cell(figure.rolling_pct),
            ]
            for figure in monthly_figures(area=local_area, source=source)
        )
        write_csv(rows, self.stdout, header=COLUMNS)
