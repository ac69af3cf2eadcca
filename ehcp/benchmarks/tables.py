"""Tables of plain rows (the selectors' dataclasses and the import report):
they make no queries while rendering. The ranking, the page read most, is a
plain template loop instead (benchmarks/_ranking_table.html), rendered once per
data version and cached (views._ranking_content)."""

import django_tables2 as tables

NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}


def table_attrs(table_id):
    """The GOV.UK table classes (Meta.attrs replaces the project's defaults)."""
    return {
        "class": "govuk-table",
        "id": table_id,
        "th": {"class": "govuk-table__header"},
        "td": {"class": "govuk-table__cell"},
    }


MEASURES = {
    "pc_plans_issued_20_weeks_ex": "Excluding exceptions",
    "pc_plans_issued_within_20_weeks": "Including exceptions",
}


class FlaggedRowsTable(tables.Table):
    """Rows whose published % does not match their counts."""

    row = tables.Column(verbose_name="Row", attrs=NUMERIC, orderable=False)
    year = tables.Column(verbose_name="Year", orderable=False)
    geography = tables.Column(verbose_name="Geography", orderable=False)
    breakdown = tables.Column(verbose_name="Breakdown", orderable=False)
    column = tables.Column(verbose_name="Measure", orderable=False)
    within = tables.Column(verbose_name="Within 20 weeks", attrs=NUMERIC, orderable=False)
    issued = tables.Column(verbose_name="Issued", attrs=NUMERIC, orderable=False)
    published = tables.Column(verbose_name="Published %", attrs=NUMERIC, orderable=False)
    computed = tables.Column(verbose_name="% from the counts", attrs=NUMERIC, orderable=False)

    class Meta:
        attrs = table_attrs("flagged-table")
        empty_text = "No row was flagged: every published % matches its counts to one decimal place."
        default = "–"

    def render_column(self, value):
        return MEASURES.get(value, value)
