"""The kernel's shared templates: GOV.UK form fields and the django-tables2 table."""

import re

import django_tables2 as tables
import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from send_board.glossary import in_sentence


class ChoiceForm(forms.Form):
    colour = forms.ChoiceField(choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Pick any days",
    )


def test_a_radio_group_with_an_error_and_no_hint_is_described_by_its_error():
    form = ChoiceForm(data={"days": ["mon"]})
    assert not form.is_valid()
    html = str(form["colour"].as_field_group())
    assert 'aria-describedby="id_colour-error"' in html
    assert 'id="id_colour-error"' in html


def test_a_checkbox_group_with_a_hint_and_an_error_is_described_by_both():
    form = ChoiceForm(data={"colour": "r"})
    assert not form.is_valid()
    html = str(form["days"].as_field_group())
    assert 'aria-describedby="id_days-hint id_days-error"' in html


def test_a_group_with_neither_hint_nor_error_has_no_describedby():
    html = str(ChoiceForm()["colour"].as_field_group())
    assert "aria-describedby" not in html


class Person:
    def __init__(self, name, age):
        self.name, self.age = name, age


class PeopleTable(tables.Table):
    name = tables.Column()
    age = tables.Column(attrs={"th": {"class": "govuk-table__header--numeric"}, "td": {"class": "app-nowrap"}})

    class Meta:
        template_name = "tables/govuk_table.html"
        row_attrs = {"class": "app-row", "data-age": lambda record: record.age}
        attrs = {
            "class": "govuk-table",
            "th": {"class": "govuk-table__header"},
            "td": {"class": "govuk-table__cell"},
        }


def render_table(query=""):
    request = RequestFactory().get(f"/people/{query}")
    table = PeopleTable([Person("Ann", 31), Person("Bo", 7)], order_by=request.GET.get("sort"))
    table.caption = "People"
    return Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )


def test_table_rows_have_one_class_attribute_keeping_their_own_classes():
    html = render_table()
    rows = re.findall(r"<tr[^>]*>", html)
    assert rows, html
    for row in rows:
        assert row.count("class=") == 1, row
        assert "govuk-table__row" in row
    body_rows = [row for row in rows if "data-age" in row]
    assert body_rows[0] == '<tr class="govuk-table__row app-row even" data-age="31">'


def test_a_sorted_column_header_keeps_its_govuk_class():
    html = render_table("?sort=-age")
    header = re.search(r'<th[^>]*aria-sort="descending"[^>]*>', html).group(0)
    assert header.count("class=") == 1
    classes = re.search(r'class="([^"]*)"', header).group(1).split()
    assert {"govuk-table__header", "govuk-table__header--numeric", "desc", "orderable"} <= set(classes)
    for cell in re.findall(r"<t[hd][ >][^>]*>", html):
        assert cell.count("class=") == 1, cell
        assert "govuk-table__header" in cell or "govuk-table__cell" in cell, cell


def test_a_table_with_a_caption_sits_in_a_labelled_scrolling_region():
    html = render_table()
    assert '<div class="app-table-wrapper" tabindex="0" role="region" aria-label="People">' in html


@pytest.mark.parametrize(
    ("title", "in_a_sentence"),
    [
        (
            "Appeals to the SEND Tribunal per appealable decision",
            "appeals to the SEND Tribunal per appealable decision",
        ),
        ("EHC plans issued within 20 weeks", "EHC plans issued within 20 weeks"),
        ("DfE figures", "DfE figures"),
        ("Plans issued", "plans issued"),
        ("", ""),
    ],
)
def test_a_title_in_a_sentence_lowers_its_first_letter_only_and_never_a_short_form(title, in_a_sentence):
    assert in_sentence(title) == in_a_sentence
    assert Template("{% load send_board %}{{ t|in_sentence }}").render(Context({"t": title})) == in_a_sentence
