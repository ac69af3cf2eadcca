"""Pure computations: BRAG, risk bands, milestones, counts, code order."""

import re
from datetime import date

import pytest

from improvement import calculations as calc


@pytest.mark.parametrize(
    ("status", "brag"),
    [
        ("beyond_milestone", "red"),
        ("delayed", "amber"),
        ("not_started", "amber"),
        ("in_progress", "green"),
        ("complete", "blue"),
        ("complete_embedded", "blue"),
        ("closed", "blue"),
    ],
)
def test_brag_follows_domain_md(status, brag):
    assert calc.brag_for_status(status) == brag


def test_it_refuses_an_unknown_status():
    with pytest.raises(ValueError, match="not an action status"):
        calc.brag_for_status("on hold")


def test_statuses_for_brag_invert_the_mapping():
    assert calc.statuses_for_brag("red") == ["beyond_milestone"]
    assert calc.statuses_for_brag("amber") == ["not_started", "delayed"]
    assert calc.statuses_for_brag("blue") == ["complete", "complete_embedded", "closed"]
    with pytest.raises(ValueError, match=r"'purple' is not one of blue, red, amber, green\."):
        calc.statuses_for_brag("purple")


def test_walsalls_current_period_reads_as_brag():
    counts = dict(zip(calc.STATUS_ORDER, [2, 14, 3, 27, 89, 42, 7], strict=True))
    assert calc.brag_counts(counts) == {"blue": 138, "red": 14, "amber": 5, "green": 27}
    assert sum(counts.values()) == 184


def test_status_counts_include_every_status_and_refuse_unknown_ones():
    assert calc.status_counts(["delayed", "delayed", "closed"]) == {
        "not_started": 0,
        "beyond_milestone": 0,
        "delayed": 2,
        "in_progress": 0,
        "complete": 0,
        "complete_embedded": 0,
        "closed": 1,
    }
    with pytest.raises(ValueError, match="Unknown"):
        calc.status_counts(["paused"])


def test_status_change_is_none_without_a_previous_period():
    assert calc.status_change(14, 8) == 6
    assert calc.status_change(3, 5) == -2
    assert calc.status_change(3, None) is None


def test_only_delayed_and_beyond_milestone_need_a_reason():
    assert calc.requires_reason("delayed") and calc.requires_reason("beyond_milestone")
    assert not any(calc.requires_reason(s) for s in ("not_started", "in_progress", "complete", "closed"))


def test_close_marks_an_incomplete_action_whose_milestone_has_passed():
    end = date(2020, 9, 30)
    assert calc.marks_beyond_milestone_at_close(status="in_progress", milestone=date(2020, 9, 30), period_end=end)
    assert calc.marks_beyond_milestone_at_close(status="not_started", milestone=date(2020, 6, 1), period_end=end)
    assert calc.marks_beyond_milestone_at_close(status="delayed", milestone=date(2020, 6, 1), period_end=end)
    assert not calc.marks_beyond_milestone_at_close(status="in_progress", milestone=date(2020, 10, 1), period_end=end)
    assert not calc.marks_beyond_milestone_at_close(status="complete", milestone=date(2020, 6, 1), period_end=end)
    assert not calc.marks_beyond_milestone_at_close(status="closed", milestone=date(2020, 6, 1), period_end=end)
    # already marked: not marked again (idempotent)
    assert not calc.marks_beyond_milestone_at_close(
        status="beyond_milestone", milestone=date(2020, 6, 1), period_end=end
    )
    assert not calc.marks_beyond_milestone_at_close(status="in_progress", milestone=None, period_end=end)


def test_an_action_is_overdue_the_day_after_its_milestone():
    milestone = date(2022, 6, 30)
    assert not calc.is_past_milestone(status="in_progress", milestone=milestone, on=date(2022, 6, 30))
    assert calc.is_past_milestone(status="in_progress", milestone=milestone, on=date(2022, 7, 1))
    assert not calc.is_past_milestone(status="complete_embedded", milestone=milestone, on=date(2023, 1, 1))


def test_action_codes_sort_as_people_read_them():
    codes = ["2.1.a", "1.10.a", "1.2.b", "1.2.a", "10.1", "DBV2", "1.1.A"]
    assert sorted(codes, key=calc.action_sort_key) == ["1.1.A", "1.2.a", "1.2.b", "1.10.a", "2.1.a", "10.1", "DBV2"]
    assert calc.action_sort_key("1.10.a") == "000001.000010.a"


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "band", "rag", "escalated"),
    [
        (1, 1, 1, "Low", "green", False),
        (2, 2, 4, "Low", "green", False),
        (1, 5, 5, "Medium", "amber", False),
        (3, 3, 9, "Medium", "amber", False),
        (2, 5, 10, "High", "red", False),
        (3, 4, 12, "High", "red", False),
        (4, 4, 16, "Very high", "red", True),
        (3, 5, 15, "Very high", "red", True),
        (5, 5, 25, "Very high", "red", True),
    ],
)
def test_risk_score_and_band_follow_domain_md(likelihood, impact, score, band, rag, escalated):
    assert calc.risk_score(likelihood, impact) == score
    result = calc.risk_band(score)
    assert (result.label, result.rag, result.escalated) == (band, rag, escalated)


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, None, "3", True])
def test_it_refuses_a_likelihood_or_impact_outside_1_to_5(value):
    with pytest.raises(ValueError, match="1 to 5"):
        calc.risk_score(value, 3)
    with pytest.raises(ValueError, match="1 to 5"):
        calc.risk_score(3, value)


@pytest.mark.parametrize("score", [0, 26, 9.5])
def test_it_refuses_a_score_outside_1_to_25(score):
    with pytest.raises(ValueError, match=re.escape(f"A risk score is 1 to 25, not {score}.")):
        calc.risk_band(score)


def test_the_heat_map_puts_likelihood_5_on_the_top_row():
    grid = calc.heat_map_counts([(5, 1), (5, 1), (1, 5), (3, 3)])
    assert grid[0] == [2, 0, 0, 0, 0]
    assert grid[4] == [0, 0, 0, 0, 1]
    assert grid[2][2] == 1
    assert sum(map(sum, grid)) == 4


def test_a_review_is_overdue_only_after_its_date():
    assert calc.is_review_overdue(date(2025, 1, 1), date(2025, 1, 2))
    assert not calc.is_review_overdue(date(2025, 1, 1), date(2025, 1, 1))
    assert not calc.is_review_overdue(None, date(2025, 1, 1))


def test_a_milestone_before_approval_is_flagged():
    approved = date(2022, 3, 28)
    assert calc.milestone_before_approval(date(2022, 3, 1), approved)
    assert not calc.milestone_before_approval(date(2022, 3, 28), approved)
    assert not calc.milestone_before_approval(date(2022, 3, 1), None)


def test_dates_and_months_are_written_in_full():
    assert calc.long_date(date(2022, 3, 8)) == "8 March 2022"
    assert calc.month_label(date(2020, 9, 1)) == "September 2020"
    assert calc.iso_month(date(2020, 9, 1)) == "2020-09"


@pytest.mark.parametrize(
    ("score", "band"), [(4, "Low"), (5, "Medium"), (9, "Medium"), (10, "High"), (14, "High"), (15, "Very high")]
)
def test_band_boundaries(score, band):
    assert calc.risk_band(score).label == band
