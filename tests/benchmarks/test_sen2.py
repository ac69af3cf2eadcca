"""Reading DfE's file: no database, just what the file says."""

import io
import zipfile
from decimal import Decimal

import pytest

from ehcp.benchmarks import sen2
from send_board.uploads import RowErrors, UploadError

from .factories import HEADER, sen2_csv, sen2_row


def parse(raw, name="timeliness_20_week.csv"):
    return sen2.parse(sen2.load_bytes(raw, name))


def test_it_reads_the_real_file_with_its_byte_order_mark(sen2_bytes):
    assert sen2_bytes.startswith(b"\xef\xbb\xbf")
    parsed = parse(sen2_bytes)
    assert parsed.rows_read == 12211
    assert len(parsed.records) == 12211
    assert parsed.years == [2019, 2020, 2021, 2022, 2023, 2024]
    assert sum(r["is_headline"] for r in parsed.records) == 970
    levels = {g["level"] for g in parsed.geographies.values()}
    assert levels == {"national", "regional", "local_authority"}
    assert sum(g["level"] == "regional" for g in parsed.geographies.values()) == 9
    assert sum(g["level"] == "local_authority" for g in parsed.geographies.values()) == 155


def test_it_finds_the_two_rows_whose_percentage_does_not_match_their_counts(sen2_bytes):
    flagged = parse(sen2_bytes).flagged
    assert [(f["geography"], f["year"], f["breakdown"], f["published"], f["computed"]) for f in flagged] == [
        ("Birmingham", 2024, "age 8", "28.7", "28.8"),
        ("Hertfordshire", 2024, "White - Any other White background", "51.2", "51.3"),
    ]


def test_columns_match_whatever_their_letter_case():
    lower = sen2_csv([sen2_row(2024, "National")], header=HEADER.replace("PC_plans", "pc_plans"))
    upper = sen2_csv([sen2_row(2024, "National")], header=HEADER.upper())
    for raw in (lower, upper):
        (record,) = parse(raw).records
        assert (record["issued"], record["within"], record["pct"]) == (100, 50, Decimal("50.0"))


def test_later_releases_headline_label_is_a_headline():
    parsed = parse(sen2_csv([sen2_row(2025, "National", topic="All EHC plans")]))
    assert parsed.records[0]["is_headline"]


def test_breakdown_rows_are_kept_but_are_not_headlines():
    rows = [
        sen2_row(2024, "Local authority", code="344", name="Wirral"),
        sen2_row(
            2024, "Local authority", code="344", name="Wirral", topic="Sex", breakdown="Female", issued="40", within="5"
        ),
    ]
    records = parse(sen2_csv(rows)).records
    assert [(r["breakdown_topic"], r["breakdown"], r["is_headline"]) for r in records] == [
        ("All EHC plans issued", "All EHC plans issued", True),
        ("Sex", "Female", False),
    ]


def test_x_and_z_are_no_value_never_zero():
    rows = [
        sen2_row(2022, "Local authority", code="926", name="Norfolk", issued="x", within="x", pct="x"),
        sen2_row(2022, "Local authority", code="344", name="Wirral", issued="z", within="z", pct="z"),
    ]
    norfolk, wirral = parse(sen2_csv(rows)).records
    assert (norfolk["issued"], norfolk["within"], norfolk["pct"], norfolk["pct_status"]) == (None, None, None, "x")
    assert (wirral["issued"], wirral["pct"], wirral["pct_status"]) == (None, None, "z")


def test_a_zero_denominator_is_no_plans_issued():
    row = sen2_row(2019, "Local authority", code="420", name="Isles of Scilly", issued="0", within="0", pct="x")
    (record,) = parse(sen2_csv([row])).records
    assert (record["issued"], record["within"], record["pct"], record["pct_status"]) == (0, 0, None, "no_plans")


def test_a_percentage_that_does_not_match_is_kept_as_published_and_flagged():
    row = sen2_row(
        2022, "Local authority", code="807", name="Redcar and Cleveland", issued="144", within="45", pct="31.2"
    )
    parsed = parse(sen2_csv([row]))
    assert parsed.records[0]["pct"] == Decimal("31.2")
    assert parsed.records[0]["pct_mismatch"]
    assert parsed.flagged[0]["computed"] == "31.3"


def test_a_file_without_a_byte_order_mark_reads_the_same():
    (record,) = parse(sen2_csv([sen2_row(2024, "National")], bom=False)).records
    assert record["geography_code"] == "E92000001"


def test_it_takes_the_file_out_of_dfes_release_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/caseload.csv", "time_period\n2024\n")
        archive.writestr("data/timeliness_20_week.csv", sen2_csv([sen2_row(2024, "National")]))
    assert len(parse(buffer.getvalue(), "ehcp_2025.zip").records) == 1


def test_a_zip_without_the_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data/caseload.csv", "time_period\n2024\n")
    with pytest.raises(UploadError, match="no timeliness_20_week.csv"):
        parse(buffer.getvalue(), "release.zip")


def test_a_file_that_is_not_this_dataset_is_refused_naming_what_is_missing():
    caseload = (
        "time_period,geographic_level,region_code,region_name,old_la_code,la_name,breakdown_topic,breakdown,ehcplans\n"
    )
    with pytest.raises(
        UploadError,
        match=r"it has no measure column\(s\) plans_issued_den_ex, plans_issued_20_weeks_ex",
    ) as error:
        parse((caseload + "201819,National,,,,,All EHC plans,All EHC plans,353995\n").encode())
    message = error.value.message
    assert "plans_issued_den_ex, plans_issued_20_weeks_ex, pc_plans_issued_20_weeks_ex" in message
    assert "Nothing was imported" in message


def test_a_file_without_geography_columns_is_refused_naming_them():
    header = (
        "time_period,breakdown_topic,breakdown,plans_issued_den_ex,plans_issued_20_weeks_ex,pc_plans_issued_20_weeks_ex"
    )
    with pytest.raises(
        UploadError,
        match=r"it has no geography and breakdown column\(s\) geographic_level, region_code, region_name",
    ) as error:
        parse(f"{header}\n2024,All EHC plans issued,All EHC plans issued,10,5,50\n".encode())
    assert "geographic_level, region_code, region_name, old_la_code, la_name" in error.value.message
    assert "measure" not in error.value.message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01binary\x00", "not a CSV"),
        (HEADER.encode() + b"\n", "no data rows"),
        (b"PK\x03\x04broken", "could not be opened"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(raw, message):
    with pytest.raises(UploadError, match=message):
        parse(raw)


def test_bad_rows_are_all_listed_with_their_row_numbers():
    rows = [
        sen2_row(2024, "National"),
        sen2_row(2024, "Local authority", code="344", name="Wirral", issued="ten", within="5", pct="50"),
        sen2_row(2024, "Local authority", code="34", name="Sefton"),
        sen2_row(2024, "Local authority", code="340", name="Knowsley", issued="10", within="12", pct="100"),
        sen2_row("24", "National"),
        sen2_row(2024, "Local authority", code="341", name="Liverpool", issued="10", within="5", pct="150"),
        sen2_row(2024, "Local authority", code="342", name="St. Helens", issued="-3", within="0", pct="0"),
        sen2_row(2024, "National"),
    ]
    with pytest.raises(RowErrors, match=r"^11 row error\(s\)$") as error:
        parse(sen2_csv(rows))
    found = {(e.row, e.column) for e in error.value.errors}
    assert (3, "plans_issued_den_ex") in found
    assert (4, "old_la_code") in found
    assert (5, "plans_issued_20_weeks_ex") in found
    assert (6, "time_period") in found
    assert (7, "pc_plans_issued_20_weeks_ex") in found
    assert (8, "plans_issued_den_ex") in found
    assert (9, "breakdown") in found  # repeats row 2
    assert any("repeats row 2" in e.message for e in error.value.errors)


def test_rows_by_academic_year_are_refused():
    row = sen2_row(2024, "National").replace("Calendar year", "Academic year")
    with pytest.raises(RowErrors, match="1 row error"):
        parse(sen2_csv([row]))


def test_new_numeric_columns_are_kept_and_text_columns_are_left_out_with_a_note():
    header = HEADER + ",avg_weeks_issue_plan,publication_note"
    rows = [sen2_row(2025, "National") + ",19.5,provisional", sen2_row(2025, "Regional") + ",x,final"]
    parsed = parse(sen2_csv(rows, header=header))
    assert parsed.records[0]["other_measures"] == {"avg_weeks_issue_plan": 19.5}
    assert parsed.records[1]["other_measures"] == {"avg_weeks_issue_plan": None}
    assert parsed.notes == ["Column(s) publication_note hold text, not figures, and were not stored."]


def test_rows_at_other_geographic_levels_are_left_out_and_said_so():
    rows = [sen2_row(2024, "National"), sen2_row(2024, "Local authority district", code="E07000001", name="X")]
    parsed = parse(sen2_csv(rows))
    assert len(parsed.records) == 1
    assert parsed.notes == ["1 row(s) at the geographic level “Local authority district” were not stored."]


def test_the_newest_years_name_of_an_authority_wins():
    rows = [
        sen2_row(2024, "Local authority", code="342", name="St. Helens"),
        sen2_row(2019, "Local authority", code="342", name="St Helens"),
    ]
    assert parse(sen2_csv(rows)).geographies["342"]["name"] == "St. Helens"


def test_columns_named_twice_in_different_letter_case_are_refused():
    header = HEADER + ",pc_plans_issued_20_weeks_ex"
    with pytest.raises(UploadError, match="twice"):
        parse(sen2_csv([sen2_row(2024, "National") + ",50"], header=header))


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_file_beyond_the_row_limit_is_refused_whatever_its_line_breaks(settings, newline):
    settings.UPLOAD_MAX_ROWS = 3
    rows = [sen2_row(year, "National") for year in (2019, 2020, 2021, 2022)]
    raw = sen2_csv(rows).decode().replace("\r\n", "\n").replace("\n", newline).encode()
    with pytest.raises(UploadError, match="more than 3 data rows"):
        parse(raw)
    settings.UPLOAD_MAX_ROWS = 4
    assert len(parse(raw).records) == 4


def test_a_file_beyond_the_cell_limit_is_refused(settings):
    settings.UPLOAD_MAX_CELLS = 50
    with pytest.raises(UploadError, match="more than 50 cells"):
        parse(sen2_csv([sen2_row(2024, "National"), sen2_row(2023, "National")]))
