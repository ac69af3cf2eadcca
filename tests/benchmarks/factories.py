"""Small SEN2-shaped files for tests, and stored monthly figures as ehcp's
compliance engine writes them (the reconciliation reads only those)."""

from datetime import date

import factory

from ehcp.benchmarks.calculations import percentage
from ehcp.models import MonthlyFigure

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "new_la_code,old_la_code,la_name,breakdown_topic,breakdown,plans_issued_den,plans_issued_den_ex,"
    "plans_issued_within_20_weeks,plans_issued_20_weeks_ex,pc_plans_issued_within_20_weeks,"
    "PC_plans_issued_20_weeks_ex"
)
NW = ("E12000002", "North West")


def sen2_row(
    year,
    level,
    *,
    code="",
    name="",
    region=NW,
    issued="100",
    within="50",
    pct=None,
    topic="All EHC plans issued",
    breakdown=None,
    ons="",
):
    """One CSV line. `pct` defaults to the published rounding of within/issued."""
    if pct is None:
        pct = "x" if issued in ("x", "0") or within == "x" else str(percentage(int(within), int(issued)))
    region_code, region_name = region if level != "National" else ("", "")
    return ",".join(
        [
            str(year),
            "Calendar year",
            level,
            "E92000001",
            "England",
            region_code,
            region_name,
            ons,
            code,
            name,
            topic,
            breakdown or topic,
            issued,
            issued,
            within,
            within,
            pct,
            pct,
        ]
    )


def sen2_csv(rows, header=HEADER, bom=True):
    """A small file in DfE's shape: UTF-8 with a byte-order mark by default."""
    text = "\n".join([header, *rows]) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def small_release(years=(2023, 2024), extra_las=()):
    """England, the North West, Wirral (344), Sefton (343) and Knowsley (340) for `years`."""
    rows = []
    for year in years:
        rows += [
            sen2_row(year, "National", issued="1000", within="500"),
            sen2_row(year, "Regional", issued="300", within="150"),
            sen2_row(year, "Local authority", code="344", name="Wirral", issued="100", within="13"),
            sen2_row(year, "Local authority", code="343", name="Sefton", issued="80", within="40"),
            sen2_row(year, "Local authority", code="340", name="Knowsley", issued="20", within="15"),
        ]
        rows += [sen2_row(year, "Local authority", code=c, name=f"LA {c}") for c in extra_las]
    return sen2_csv(rows)


class MonthlyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyFigure

    month = date(2024, 1, 1)
    source = "returns"
    issued = 60
    within_20_weeks = 10
    exceptions = 0
    ytd_issued = 60
    ytd_within = 10


def calendar_year_of_figures(area, year, *, monthly_issued=60, monthly_within=10, source="returns", approved=True):
    """Twelve months of stored figures, January–December, with December's
    rolling 12 months complete (as ehcp's engine stores them)."""
    figures = []
    for month in range(1, 13):
        december = month == 12
        rolling_issued = monthly_issued * 12 if december else None
        rolling_within = monthly_within * 12 if december else None
        figures.append(
            MonthlyFigureFactory(
                local_area=area,
                month=date(year, month, 1),
                source=source,
                issued=monthly_issued,
                within_20_weeks=monthly_within,
                pct=percentage(monthly_within, monthly_issued),
                rolling_issued=rolling_issued,
                rolling_within=rolling_within,
                rolling_pct=percentage(rolling_within, rolling_issued) if december else None,
                ytd_issued=monthly_issued * month,
                ytd_within=monthly_within * month,
                month_approved=approved,
                rolling_approved=approved and december,
            )
        )
    return figures
