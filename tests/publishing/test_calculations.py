"""The pure side of publishing: the suppression rule on worked examples, the
snapshot of scorecard rows, and the words a figure is read in."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from performance.publishing.calculations import (
    CSV_COLUMNS,
    PROTECTED,
    SHOWN,
    SMALL,
    SnapshotError,
    Sum,
    SuppressionError,
    build_snapshot,
    change_in_words,
    csv_rows,
    hidden_words,
    period_label,
    rag_words,
    suppress,
)


def rate_cells(numerator, denominator):
    cells = {"n": numerator, "d": denominator, "k": denominator - numerator}
    return cells, [Sum("d", ("n", "k"))]


class TestSuppress:
    @pytest.mark.parametrize(("value", "hidden"), [(0, False), (1, True), (4, True), (5, False), (250, False)])
    def test_it_hides_a_count_from_1_to_4_and_never_zero(self, value, hidden):
        assert ("x" in suppress({"x": value}).small) is hidden

    def test_it_hides_the_numerator_of_a_rate_with_few_in_it(self):
        cells, sums = rate_cells(3, 40)
        result = suppress(cells, sums, unpublished={"k"})
        assert result.small == {"n"} and result.protected == set()

    def test_it_hides_the_numerator_when_few_are_left_out(self):
        # 38 of 40: the 2 not counted would follow from 40 − 38.
        cells, sums = rate_cells(38, 40)
        result = suppress(cells, sums, unpublished={"k"})
        assert result.small == set() and result.protected == {"n"}

    def test_it_hides_the_whole_rate_when_the_denominator_is_small(self):
        cells, sums = rate_cells(2, 4)
        result = suppress(cells, sums, unpublished={"k"})
        assert result.small == {"n", "d"}

    def test_it_hides_the_denominator_when_hiding_the_numerator_would_not_be_enough(self):
        # 5 of 6: a hidden 5 ("at least 5") and one left out ("1 to 4") adding
        # to 6 can only be 5 and 1; with the 6 hidden instead, 5 out of "c"
        # gives nothing away.
        cells, sums = rate_cells(5, 6)
        result = suppress(cells, sums, unpublished={"k"})
        assert result.protected == {"d"} and result.small == set()

    def test_it_shows_none_of_ten_as_it_is(self):
        cells, sums = rate_cells(0, 10)
        assert suppress(cells, sums, unpublished={"k"}).hidden == set()

    def test_it_hides_the_next_smallest_part_when_one_part_of_a_published_total_is_hidden(self):
        cells = {"total": 20, "a": 10, "b": 3, "c": 7}
        result = suppress(cells, [Sum("total", ("a", "b", "c"))])
        assert result.small == {"b"} and result.protected == {"c"}
        assert "total" not in result.hidden and "a" not in result.hidden

    def test_it_hides_a_third_part_when_two_ones_would_add_up_to_what_is_left(self):
        # 12 − 10 = 2 shared by two "c" cells of at least 1 each: both are 1.
        cells = {"total": 12, "a": 1, "b": 1, "c": 10}
        result = suppress(cells, [Sum("total", ("a", "b", "c"))])
        assert result.small == {"a", "b"} and result.protected == {"c"}

    def test_it_protects_through_nested_totals(self):
        cells = {"all": 30, "north": 12, "south": 18, "n1": 2, "n2": 10, "s1": 9, "s2": 9}
        sums = [Sum("all", ("north", "south")), Sum("north", ("n1", "n2")), Sum("south", ("s1", "s2"))]
        result = suppress(cells, sums)
        assert result.small == {"n1"} and result.protected == {"n2"}

    def test_it_skips_a_zero_when_choosing_the_next_part(self):
        cells = {"total": 13, "a": 3, "b": 0, "c": 10}
        result = suppress(cells, [Sum("total", ("a", "b", "c"))])
        assert result.protected == {"c"} and "b" not in result.hidden

    def test_the_limit_is_a_setting(self):
        assert suppress({"x": 9}, limit=9).small == {"x"}
        assert suppress({"x": 9}).small == set()
        with pytest.raises(SuppressionError, match=r"The small-number limit must be at least 2\."):
            suppress({"x": 1}, limit=1)

    def test_it_refuses_sums_that_do_not_add_up(self):
        with pytest.raises(SuppressionError, match="add up to 7"):
            suppress({"t": 8, "a": 3, "b": 4}, [Sum("t", ("a", "b"))])

    def test_it_hides_what_spreads_least_rather_than_a_month_many_windows_share(self):
        # Rolling 12-month totals r11, r12, r13 over months m0..m13; m12 is 2.
        months = {("m", i): 10 for i in range(14)}
        months[("m", 12)] = 2
        sums = [Sum(("r", i), tuple(("m", j) for j in range(i - 11, i + 1))) for i in (11, 12, 13)]
        cells = {**months, **{s.total: sum(months[p] for p in s.parts) for s in sums}}
        result = suppress(cells, sums)
        assert result.small == {("m", 12)}
        # The rolling total r12, and m13, which only r13 holds: no month that several windows share.
        assert result.protected == {("r", 12), ("m", 13)}

    def test_it_is_the_same_every_time(self):
        cells = {"total": 40, "a": 2, "b": 9, "c": 9, "d": 20}
        sums = [Sum("total", ("a", "b", "c", "d"))]
        assert {suppress(cells, sums).protected for _ in range(5)} == {frozenset({"b"})}


def ehcp_row(**overrides):
    """Sefton's July 2024: 45% of new plans within 20 weeks, down from June's 56.9%."""
    row = {
        "code": "EHCP20",
        "name": "New EHC plans issued within 20 weeks (excluding exceptions)",
        "description": "Share of new plans issued within the 20-week statutory limit",
        "unit": "percent",
        "polarity": "higher",
        "service_area": "EHCP",
        "period": "2024-07",
        "value": Decimal("45.0"),
        "numerator": 18,
        "denominator": 40,
        "target": Decimal("60"),
        "rag": "red",
        "previous": Decimal("56.9"),
        "change": Decimal("-11.9"),
        "change_unit": "pp",
        "direction": "worsening",
        "commentary": "Recovery plan in place; the new panel meets weekly.",
        "benchmarks": {"england": Decimal("46.4"), "region": Decimal("52.1"), "neighbours": None},
        "history": [
            {"period": "2024-05", "value": Decimal("50.0"), "numerator": 20, "denominator": 40, "target": 60},
            {"period": "2024-06", "value": Decimal("56.9"), "numerator": 33, "denominator": 58, "target": 60},
            {"period": "2024-07", "value": Decimal("45.0"), "numerator": 18, "denominator": 40, "target": 60},
        ],
    }
    row.update(overrides)
    return row


def count_row(**overrides):
    row = {
        "code": "EHCPACT",
        "name": "Active EHC plans",
        "description": "Children and young people with an EHC plan",
        "unit": "count",
        "polarity": "neutral",
        "service_area": "EHCP",
        "period": "2024-07",
        "value": 3492,
        "numerator": None,
        "denominator": None,
        "target": None,
        "rag": "grey",
        "previous": 3434,
        "change": Decimal("1.7"),
        "change_unit": "%",
        "direction": "up",
        "commentary": "",
        "benchmarks": {},
        "history": [],
    }
    row.update(overrides)
    return row


class TestBuildSnapshot:
    def test_it_publishes_a_row_whose_numbers_are_not_small_as_it_is(self):
        snapshot = build_snapshot([ehcp_row()])
        (indicator,) = snapshot.indicators
        assert indicator.value.value == Decimal("45.0") and indicator.value.state == SHOWN
        assert indicator.numerator.value == 18 and indicator.denominator.value == 40
        assert indicator.rag.value == "red"
        assert indicator.change.value == Decimal("-11.9") and indicator.direction == "worsening"
        assert indicator.previous.value == Decimal("56.9") and indicator.previous_period == "2024-06"
        assert indicator.benchmark_england == Decimal("46.4") and indicator.benchmark_neighbours is None
        assert [p.period for p in indicator.history] == ["2024-05", "2024-06", "2024-07"]
        assert indicator.commentary.startswith("Recovery plan")

    def test_a_rate_of_few_children_is_hidden_with_its_rating_and_change(self):
        history = ehcp_row()["history"][:2] + [
            {"period": "2024-07", "value": Decimal("75.0"), "numerator": 3, "denominator": 4, "target": 60}
        ]
        row = ehcp_row(value=Decimal("75.0"), numerator=3, denominator=4, rag="green", change=Decimal("18.1"))
        row["history"] = history
        (indicator,) = build_snapshot([row]).indicators
        assert indicator.value == indicator.history[-1].value
        assert indicator.value.value is None and indicator.value.state == SMALL
        assert indicator.numerator.state == SMALL and indicator.denominator.state == SMALL
        assert indicator.rag.value is None and indicator.rag.state == SMALL
        assert indicator.change.value is None and indicator.change.state == PROTECTED
        assert indicator.direction == ""
        assert indicator.history[1].value.value == Decimal("56.9")

    def test_a_rate_with_few_left_out_hides_its_numerator_as_protection(self):
        row = ehcp_row(value=Decimal("95.0"), numerator=38, denominator=40, history=[])
        (indicator,) = build_snapshot([row]).indicators
        assert indicator.numerator.state == PROTECTED and indicator.numerator.value is None
        assert indicator.denominator.value == 40
        # The rate rests on the 2 left out: hidden as a small number.
        assert indicator.value.state == SMALL

    def test_a_change_from_a_hidden_month_is_hidden(self):
        row = ehcp_row()
        row["history"][1] = {"period": "2024-06", "value": Decimal("50.0"), "numerator": 2, "denominator": 4}
        (indicator,) = build_snapshot([row]).indicators
        assert indicator.value.value == Decimal("45.0")
        assert indicator.previous.state == SMALL
        assert indicator.change.state == PROTECTED and indicator.direction == ""

    def test_a_count_from_a_small_previous_count_hides_the_change(self):
        (indicator,) = build_snapshot([count_row(value=12, previous=3, change=Decimal("300"))]).indicators
        assert indicator.value.value == 12
        assert indicator.previous.state == SMALL and indicator.change.state == PROTECTED

    def test_a_small_count_is_hidden_and_zero_is_shown(self):
        small, zero = build_snapshot([count_row(value=4), count_row(code="TRIB", value=0)]).indicators
        assert small.value.state == SMALL and small.value.value is None
        assert zero.value.state == SHOWN and zero.value.value == 0

    def test_a_mean_over_few_children_is_hidden_whole(self):
        row = count_row(code="SALTFC", unit="weeks", value=Decimal("23.1"), numerator=Decimal("69.3"), denominator=3)
        (indicator,) = build_snapshot([row]).indicators
        assert indicator.value.state == SMALL
        assert indicator.numerator.value is None and indicator.denominator.value is None

    def test_a_longest_wait_has_no_count_behind_it_and_is_shown(self):
        row = count_row(code="SALTLW", unit="weeks", value=38, previous=40, change=Decimal("-2.0"))
        (indicator,) = build_snapshot([row]).indicators
        assert indicator.value.value == 38 and indicator.change.value == Decimal("-2.0")

    def test_a_hidden_month_cannot_be_recovered_from_the_rolling_total(self):
        months = [f"2024-{m:02d}" for m in range(1, 13)]
        history = [{"period": p, "value": None, "numerator": 10, "denominator": 40} for p in months]
        history[5]["numerator"] = 3
        monthly = ehcp_row(period="2024-12", value=Decimal("25.0"), numerator=10, denominator=40, history=history)
        rolling = ehcp_row(
            code="EHCP20R", period="2024-12", value=Decimal("23.5"), numerator=113, denominator=480, history=[]
        )
        snapshot = build_snapshot([monthly, rolling], rolling={"EHCP20R": ("EHCP20", 12)})
        hidden = [p.period for p in snapshot.indicators[0].history if p.numerator.hidden]
        assert "2024-06" in hidden and len(hidden) == 2
        # Without the link the rolling total would give June's 3 away.
        unlinked = build_snapshot([monthly, rolling])
        assert [p.period for p in unlinked.indicators[0].history if p.numerator.hidden] == ["2024-06"]

    def test_a_trend_keeps_the_period_and_the_twelve_before_it(self):
        history = [
            {
                "period": f"{2023 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}",
                "value": None,
                "numerator": 20,
                "denominator": 40,
            }
            for m in range(1, 25)
        ]
        row = ehcp_row(period="2024-12", numerator=20, denominator=40, history=history)
        (indicator,) = build_snapshot([row]).indicators
        assert [p.period for p in indicator.history][:1] == ["2023-12"] and len(indicator.history) == 13
        assert indicator.history[-1].period == "2024-12"

    def test_the_snapshot_holds_no_hidden_number_anywhere(self):
        row = ehcp_row(value=Decimal("77.7"), numerator=7, denominator=9, history=[], previous=None, change=None)
        snapshot = build_snapshot([row])
        assert "77.7" not in repr(snapshot) and "=7," not in repr(snapshot) and "=9," not in repr(snapshot)

    def test_commentary_on_a_missing_figure_is_not_published(self):
        row = ehcp_row(value=None, numerator=None, denominator=None, history=[], commentary="draft note")
        (indicator,) = build_snapshot([row]).indicators
        assert indicator.commentary == "" and indicator.value.value is None and not indicator.value.hidden

    def test_it_lists_every_row_that_cannot_be_published(self):
        rows = [
            ehcp_row(numerator=41, denominator=40, history=[]),
            count_row(value=Decimal("12.5")),
            count_row(code="X", unit="furlongs"),
        ]
        with pytest.raises(
            SnapshotError, match=r"EHCP20 in 2024-07: the numerator 41 is greater than the denominator 40\."
        ) as error:
            build_snapshot(rows)
        assert error.value.problems == [
            "EHCP20 in 2024-07: the numerator 41 is greater than the denominator 40.",
            "EHCPACT in 2024-07: the count must be a whole number of at least 0, not 12.5.",
            "X: unknown unit 'furlongs'.",
        ]

    def test_it_keeps_the_plan_summaries(self):
        plans = [
            {
                "plan": "Improvement Notice 2023",
                "kind": "Improvement Notice",
                "number": "3",
                "title": "Local offer",
                "status": "Moved to business as usual",
                "bau_date": None,
                "public_summary": "SENDLO has 13,000 to 15,000 visits a month.",
            }
        ]
        (plan,) = build_snapshot([], plans).plan_summaries
        assert plan.number == "3" and plan.status == "Moved to business as usual"


class TestWords:
    def test_sefton_s_twenty_weeks_fell_twelve_points(self):
        words = change_in_words(
            change=Decimal("-11.9"),
            change_unit="pp",
            direction="worsening",
            previous=Decimal("56.9"),
            previous_period="2024-06",
            unit="percent",
        )
        assert words == "Down 11.9 percentage points from 56.9% in June 2024: worsening."

    def test_active_plans_rose_without_a_better_direction(self):
        words = change_in_words(
            change=Decimal("1.7"), change_unit="%", direction="up", previous=3434, previous_period="", unit="count"
        )
        assert words == "Up 1.7% from 3,434."

    def test_the_longest_wait_fell_two_weeks(self):
        words = change_in_words(
            change=Decimal("-2"),
            change_unit="weeks",
            direction="improving",
            previous=40,
            previous_period="2024-06",
            unit="weeks",
        )
        assert words == "Down 2.0 weeks from 40.0 weeks in June 2024: improving."

    def test_no_change_and_no_earlier_figure(self):
        assert (
            change_in_words(
                change=0, change_unit="pp", direction="no change", previous=50, previous_period="", unit="percent"
            )
            == "No change from 50.0%."
        )
        assert (
            change_in_words(change=None, change_unit="", direction="", previous=None, previous_period="", unit="count")
            == "There is no earlier figure to compare with."
        )

    def test_periods_and_ratings_read_as_words(self):
        assert period_label("2025-01") == "January 2025"
        assert period_label("2024-Q2") == "April to June 2024"
        assert period_label("2024-T3") == "Autumn term 2024"
        assert period_label("2024") == "2024"
        assert period_label("last spring") == "last spring"
        assert rag_words("amber") == "Amber: close to the target"
        assert rag_words(None) == "No rating: no target or no figure"
        assert hidden_words(SMALL) == "fewer than 5"
        assert hidden_words(SMALL, is_count=False) == "based on a number smaller than 5"
        assert hidden_words(PROTECTED) == "hidden so that a small number cannot be worked out"


class TestCsvRows:
    def test_it_writes_c_for_hidden_cells_and_the_rating_on_the_headline_row(self):
        points = [
            SimpleNamespace(
                period="2024-06",
                value=None,
                value_state=SMALL,
                numerator=None,
                numerator_state=SMALL,
                denominator=Decimal("4"),
                denominator_state=SHOWN,
                target=Decimal("60"),
            ),
            SimpleNamespace(
                period="2024-07",
                value=Decimal("45"),
                value_state=SHOWN,
                numerator=Decimal("18"),
                numerator_state=SHOWN,
                denominator=Decimal("40"),
                denominator_state=SHOWN,
                target=Decimal("60"),
            ),
        ]
        indicator = SimpleNamespace(
            code="EHCP20",
            name="Plans within 20 weeks",
            unit="percent",
            period="2024-07",
            value_state=SHOWN,
            rag="red",
            change=None,
            change_state=PROTECTED,
            direction="",
            trend=points,
        )
        rows = list(csv_rows([indicator]))
        assert list(rows[0]) == list(CSV_COLUMNS)
        assert [list(r.values()) for r in rows] == [
            ["EHCP20", "Plans within 20 weeks", "percent", "2024-06", "c", "c", "4", "60.0", "", "", ""],
            ["EHCP20", "Plans within 20 weeks", "percent", "2024-07", "45.0", "18", "40", "60.0", "red", "c", "c"],
        ]
