import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from send_board.fields import ParsedField
from send_board.parsing import parse_count
from send_board.uploads import RowError, UploadError, form_rows, read_table, rows

REQUIRED = ["month", "issued", "within_20_weeks"]


def upload(content, name="returns.csv"):
    return SimpleUploadedFile(name, content)


def test_it_reads_csv_with_a_byte_order_mark_and_any_header_case():
    frame = read_table(upload(b"\xef\xbb\xbfMonth, Issued,WITHIN_20_WEEKS\n2020-03,54,9\n"), required=REQUIRED)
    assert list(rows(frame)) == [(2, {"month": "2020-03", "issued": "54", "within_20_weeks": "9"})]


def test_it_reads_xlsx():
    buffer = io.BytesIO()
    pd.DataFrame({"month": ["2020-03"], "issued": [54], "within_20_weeks": [9]}).to_excel(buffer, index=False)
    frame = read_table(upload(buffer.getvalue(), "returns.xlsx"), required=REQUIRED)
    assert frame.iloc[0].to_dict() == {"month": "2020-03", "issued": "54", "within_20_weeks": "9"}


def test_a_header_written_in_words_names_the_columns():
    frame = read_table(upload(b"Month ,Issued,Within 20 weeks\n2020-03,54,9\n"), required=REQUIRED)
    assert list(frame.columns) == REQUIRED


@pytest.mark.parametrize(("blank_rows", "above"), [(0, "the row"), (2, "the 3 rows")])
def test_a_title_above_the_header_is_named_as_the_reason(blank_rows, above):
    content = b"Walsall EHCP returns\n" + b",,\n" * blank_rows + b"month,issued,within_20_weeks\n2020-03,54,9\n"
    header_row = 2 + blank_rows
    with pytest.raises(
        UploadError,
        match=re.escape(
            f"Row {header_row} names the columns, but the header must be the first row: delete {above} above it"
        ),
    ):
        read_table(upload(content), required=REQUIRED)


def test_it_names_missing_and_unknown_columns():
    with pytest.raises(UploadError, match="missing column\\(s\\): within_20_weeks; unknown column\\(s\\): colour"):
        read_table(upload(b"month,issued,colour\n2020-03,1,red\n"), required=REQUIRED)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # An unquoted comma in a note would drop its second half; in 12,000 it would move every later cell along.
        (
            b"month,issued,within_20_weeks,notes\n2020-03,54,9,Delayed, a family holiday\n2020-04,5,1,\n",
            "Row 2 has more cells than the header row has columns (4). A value holding a comma, such as 12,000",
        ),
        (
            b"month,issued,within_20_weeks\n2020-03,12,000,9\n2020-04,5,1\n2020-05,1,2,000\n",
            "Rows 2 and 4 have more cells than the header row has columns (3)",
        ),
        (
            b"month,issued,,within_20_weeks\n2020-03,54,kept?,9\n",
            "Row 2 has a value in a column with no name in the header row (column 3)",
        ),
    ],
)
def test_a_value_the_header_names_no_column_for_refuses_the_file(content, message):
    with pytest.raises(UploadError, match=re.escape(message)):
        read_table(upload(content), required=REQUIRED, optional=["notes"])


def test_empty_cells_past_the_header_or_under_a_blank_header_cell_are_no_value():
    frame = read_table(upload(b"month,issued,,within_20_weeks,\n2020-03,54,,9,,,\n"), required=REQUIRED)
    assert list(rows(frame)) == [(2, {"month": "2020-03", "issued": "54", "within_20_weeks": "9"})]
    sheet = io.BytesIO()
    pd.DataFrame([["2020-03", 54, 9, "a stray note"]], columns=["month", "issued", "within_20_weeks", ""]).to_excel(
        sheet, index=False
    )
    with pytest.raises(UploadError, match="Row 2 has a value in a column with no name in the header row"):
        read_table(upload(sheet.getvalue(), "returns.xlsx"), required=REQUIRED)


def test_it_fills_absent_optional_columns():
    frame = read_table(upload(b"month,issued,within_20_weeks\n2020-03,5,1\n"), required=REQUIRED, optional=["notes"])
    assert frame.iloc[0]["notes"] == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"month,issued,within_20_weeks\n", "no data rows"),
        (b"%PDF-1.4\x00\x01binary", "not a CSV or .xlsx"),
        (b"PK\x03\x04garbage", "could not be opened as .xlsx"),
    ],
)
def test_it_refuses_files_it_cannot_use(content, message):
    with pytest.raises(UploadError, match=message):
        read_table(upload(content), required=REQUIRED)


def test_it_refuses_a_large_file_before_reading_it():
    class Huge:
        name = "huge.csv"
        size = 50 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read a file it should have refused")

    with pytest.raises(UploadError, match="50.0 MB"):
        read_table(Huge(), required=REQUIRED)


def test_row_numbers_match_the_spreadsheet_and_blank_rows_are_dropped():
    frame = read_table(upload(b"month,issued,within_20_weeks\n2020-03,1,0\n,,\n2020-04,2,1\n"), required=REQUIRED)
    assert [n for n, _ in rows(frame)] == [2, 4]


# ---------------------------------------------------------------- bounds


def test_a_sparse_xlsx_is_refused_from_its_declared_size_fast_and_small():
    import time
    import tracemalloc

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["XFD1"], sheet["A20000"] = "month", "x", "2024-01"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(UploadError, match="more than 2,000,000 cells"):
        read_table(upload(buffer.getvalue(), "sparse.xlsx"), required=REQUIRED)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2 and peak < 50 * 1024 * 1024


def test_an_xlsx_without_a_declared_size_is_counted_while_streaming(settings):
    settings.UPLOAD_MAX_ROWS = 3
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [REQUIRED, *[["2020-03", 1, 0]] * 4]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    raw = buffer.getvalue()
    with pytest.raises(UploadError, match="more than 3 data rows"):
        read_table(upload(raw, "long.xlsx"), required=REQUIRED)


@pytest.mark.parametrize(("rows", "message"), [(4, "more than 3 data rows"), (3, None)])
def test_csv_rows_are_counted_while_streaming(settings, rows, message):
    settings.UPLOAD_MAX_ROWS = 3
    content = b"month,issued,within_20_weeks\n" + b"2020-03,1,0\n" * rows
    if message:
        with pytest.raises(UploadError, match=message):
            read_table(upload(content), required=REQUIRED)
    else:
        assert len(read_table(upload(content), required=REQUIRED)) == 3


def test_cells_are_counted_while_streaming(settings):
    settings.UPLOAD_MAX_CELLS = 10
    with pytest.raises(UploadError, match="more than 10 cells"):
        read_table(upload(b"month,issued,within_20_weeks\n" + b"2020-03,1,0\n" * 3), required=REQUIRED)


def test_spreadsheet_numbers_read_as_typed():
    workbook = openpyxl.Workbook()
    workbook.active.append(REQUIRED)
    workbook.active.append(["2020-03", 12.0, 0.00001])
    buffer = io.BytesIO()
    workbook.save(buffer)
    frame = read_table(upload(buffer.getvalue(), "r.xlsx"), required=REQUIRED)
    assert list(rows(frame)) == [(2, {"month": "2020-03", "issued": "12", "within_20_weeks": "0.00001"})]


def test_a_workbook_that_unpacks_far_beyond_the_cell_limit_is_refused_unopened(settings):
    settings.UPLOAD_MAX_CELLS = 1000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", " " * 5_000_000)
    assert len(buffer.getvalue()) < 50_000
    with pytest.raises(UploadError, match="unpacks to 5 MB, more than a sheet of 1,000 cells needs"):
        read_table(upload(buffer.getvalue(), "bomb.xlsx"), required=REQUIRED)


class CountsForm(forms.Form):
    """A form as a web page would have it: a field per column and a rule between them."""

    month = forms.CharField(error_messages={"required": "Enter the month."})
    issued = ParsedField(parse=parse_count)
    within_20_weeks = ParsedField(parse=parse_count)

    def clean(self):
        data = super().clean()
        issued, within = data.get("issued"), data.get("within_20_weeks")
        if issued is not None and within is not None and within > issued:
            self.add_error("within_20_weeks", "Cannot be more than issued.")
        return data


def test_form_rows_reads_each_row_with_the_form_and_keeps_row_column_value_and_rule():
    text = b"month,issued,within_20_weeks\n2020-03,54,9\n,4.5,1\n2020-05,3,7\n"
    lines = list(form_rows(read_table(upload(text), required=REQUIRED), CountsForm({})))
    assert [line.row for line in lines] == [2, 3, 4]
    assert lines[0].good and lines[0].cleaned == {"month": "2020-03", "issued": 54, "within_20_weeks": 9}
    assert lines[1].errors == [
        RowError(3, "month", "", "Enter the month."),
        RowError(3, "issued", "4.5", "'4.5' is not a whole number: counts of plans or children have no fractions."),
    ]
    assert lines[1].cleaned == {"within_20_weeks": 1}  # what could be read, for the rules between rows
    assert lines[2].errors == [RowError(4, "within_20_weeks", "7", "Cannot be more than issued.")]


def test_a_forms_own_errors_go_to_its_first_column_and_an_import_adds_its_rules():
    class WholeForm(CountsForm):
        def clean(self):
            raise forms.ValidationError("Nothing adds up.")

    line = next(
        form_rows(read_table(upload(b"month,issued,within_20_weeks\n2020-03,1,1\n"), required=REQUIRED), WholeForm({}))
    )
    assert line.errors == [RowError(2, "month", "2020-03", "Nothing adds up.")]
    line.refuse_all({"issued": "Issued is wrong."})
    line.refuse("within_20_weeks", "Also on row 9.")
    assert line.errors[1:] == [
        RowError(2, "issued", "1", "Issued is wrong."),
        RowError(2, "within_20_weeks", "1", "Also on row 9."),
    ]
    assert not line.good
