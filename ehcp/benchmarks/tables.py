"""Tables of plain rows (the selectors' dataclasses and the import report):
they make no queries while rendering."""

import django_tables2 as tables
from django.utils.html import format_html

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
ROLE_TAGS = {"area": ("This area", "govuk-tag--blue"), "neighbour": ("Neighbour", "govuk-tag--purple")}


class RankingTable(tables.Table):
    """Every local authority for one year, highest % first."""

    rank = tables.Column(verbose_name="Rank", accessor="rank", attrs=NUMERIC, orderable=False)
    name = tables.Column(verbose_name="Local authority", accessor="geography__name", orderable=False)
    region = tables.Column(verbose_name="Region", accessor="geography__region_name", orderable=False)
    issued = tables.Column(verbose_name="Plans issued", accessor="figure__issued", attrs=NUMERIC, orderable=False)
    within = tables.Column(verbose_name="Within 20 weeks", accessor="figure__within", attrs=NUMERIC, orderable=False)
    pct = tables.Column(verbose_name="%", accessor="figure__pct", attrs=NUMERIC, orderable=False)
    quartile = tables.Column(verbose_name="Quartile", accessor="quartile", attrs=NUMERIC, orderable=False)

    class Meta:
        attrs = table_attrs("ranking-table")
        row_attrs = {"data-role": lambda record: record.role or "other"}
        empty_text = "No local authority has a figure for this year."
        default = "–"

    def render_name(self, value, record):
        if record.role in ROLE_TAGS:
            label, modifier = ROLE_TAGS[record.role]
            return format_html('{} <strong class="govuk-tag {}">{}</strong>', value, modifier, label)
        return value


class UnrankedTable(RankingTable):
    """Local authorities with no published % that year, and why."""

    rank = None
    quartile = None
    pct = tables.Column(verbose_name="%", accessor="figure__status_label", orderable=False)

    class Meta(RankingTable.Meta):
        attrs = table_attrs("unranked-table")
        empty_text = "Every local authority has a published figure for this year."


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
