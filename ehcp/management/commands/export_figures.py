from django.core.management.base import BaseCommand

from ehcp.models import FigureSource
from ehcp.selectors import figure_refresh, monthly_figures, step_series
from ehcp.timeline import STEPS
from send_board.management.areas import area_by_code
from send_board.tables_io import write_csv

STEP_COLUMNS = ["month", "numerator", "denominator", "pct"]
TIME_TO_ISSUE_COLUMNS = [*STEP_COLUMNS, "within_20", "over_20_to_52", "over_52", "mean_weeks", "median_weeks"]
MEASURES = ["timeliness_20_weeks", "time_to_issue", *(s.code for s in STEPS if s.code != "timeliness_20_weeks")]

COLUMNS = ["area_code", "month", "issued", "within_20_weeks", "pct", "rolling_issued", "rolling_within", "rolling_pct"]


def _cell(value):
    return "" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Write an area's stored monthly EHCP figures as CSV to stdout, one row a month: "
        + ",".join(COLUMNS)
        + ". pct is empty when nothing was issued; the rolling columns while fewer than 12 months precede. "
        "--measure names another step of the statutory timeline: "
        + ",".join(STEP_COLUMNS)
        + " (pct is weeks for mean_weeks_to_issue), and for time_to_issue "
        + ",".join(TIME_TO_ISSUE_COLUMNS)
        + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="DfE local authority code, e.g. 335")
        parser.add_argument("--source", choices=FigureSource.values, default=FigureSource.RETURNS)
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--measure", choices=MEASURES, default="timeliness_20_weeks")

    def handle(self, *args, area, source, measure="timeliness_20_weeks", **options):
        local_area = area_by_code(area)
        if figure_refresh(area=local_area).pending:
            self.stderr.write(
                f"Note: {local_area.name}'s figures are waiting for a recompute; "
                f"run recompute_figures --area {local_area.code} for the latest."
            )
        if measure == "time_to_issue":
            write_csv(self._time_to_issue(local_area, source), self.stdout, header=TIME_TO_ISSUE_COLUMNS)
            return
        if measure != "timeliness_20_weeks":
            used, series = step_series(local_area, measure, source=source)
            if used != source:
                self.stderr.write(f"Note: {local_area.name} has no {measure} figures from {source}.")
                series = {}
            rows = (
                [f"{month:%Y-%m}", row["numerator"], row["denominator"], _cell(row["pct"])]
                for month, row in series.items()
            )
            write_csv(rows, self.stdout, header=STEP_COLUMNS)
            return
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

    def _time_to_issue(self, local_area, source):
        """The 20-week headline's plans in bands, with mean and median weeks."""
        _used, over = step_series(local_area, "over_52_weeks", source=source)
        _used, weeks = step_series(local_area, "mean_weeks_to_issue", source=source)
        for figure in monthly_figures(area=local_area, source=source):
            over_52 = over.get(figure.month, {}).get("numerator")
            mean = weeks.get(figure.month, {})
            middle = None if over_52 is None else figure.issued - figure.within_20_weeks - over_52
            yield [
                f"{figure.month:%Y-%m}",
                figure.within_20_weeks,
                figure.issued,
                _cell(figure.pct),
                figure.within_20_weeks,
                _cell(middle),
                _cell(over_52),
                _cell(mean.get("pct")),
                _cell(mean.get("median_weeks")),
            ]
