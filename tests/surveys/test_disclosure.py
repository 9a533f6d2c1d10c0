"""What the public survey results may show: no count under five, nor one
that could be worked out from the others, nor any figure for a question or
wave with fewer than five answers. Staff see everything."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.surveys.disclosure import (
    Shown,
    ShownRow,
    hidden_cells,
    show_result,
    show_trend,
    shown_count,
)
from app.surveys.models import MULTIPLE, SCALE, SINGLE
from app.surveys.results import OptionRow, QuestionResult
from app.surveys.trends import Cell, QuestionTrend, TrendOption

HIDDEN = Shown(suppressed=True)
NOT_ASKED = Shown(not_asked=True)


def test_four_is_hidden_and_five_is_shown():
    assert hidden_cells([4, 5, 30], exclusive=False, suppress=True) == {0}
    assert hidden_cells([0, 5, 30], exclusive=False, suppress=True) == {0}
    assert hidden_cells([5, 5, 30], exclusive=True, suppress=True) == set()


def test_a_lone_hidden_count_hides_the_next_smallest_not_another():
    # 4 + 9 + 30 = 43: showing 9 and 30 beside the total would give the 4 away.
    assert hidden_cells([30, 4, 9], exclusive=True, suppress=True) == {1, 2}
    assert hidden_cells([9, 30, 4], exclusive=True, suppress=True) == {0, 2}


def test_two_hidden_counts_already_protect_each_other():
    assert hidden_cells([3, 2, 10, 12], exclusive=True, suppress=True) == {0, 1}


def test_where_several_options_may_be_chosen_only_small_counts_are_hidden():
    assert hidden_cells([30, 4, 9], exclusive=False, suppress=True) == {1}


def test_an_option_a_wave_did_not_offer_is_neither_hidden_nor_hides_another():
    assert hidden_cells([None, 3, 10, 8], exclusive=True, suppress=True) == {1, 3}
    assert hidden_cells([None, 10, 8], exclusive=True, suppress=True) == set()


def test_a_lone_small_count_with_nothing_else_shown_is_simply_hidden():
    assert hidden_cells([None, 3], exclusive=True, suppress=True) == {1}


def test_staff_see_every_count():
    assert hidden_cells([30, 4, 0], exclusive=True, suppress=False) == set()


def question_result(kind: str, counts: list[int], **kwargs) -> QuestionResult:
    base = kwargs.pop("base", sum(counts))
    rows = [
        OptionRow(f"o{i}", f"Option {i}", count, 100 * count / base if base else 0)
        for i, count in enumerate(counts)
    ]
    return QuestionResult(question=SimpleNamespace(kind=kind), base=base, rows=rows, **kwargs)


def test_public_results_hide_a_small_count_and_the_next_smallest():
    shown = show_result(question_result(SINGLE, [30, 4, 9, 12]), suppress=True)
    assert not shown.too_few
    assert [row.cells for row in shown.rows] == [
        [Shown(30, 54.5)],
        [HIDDEN],
        [HIDDEN],
        [Shown(12, 21.8)],
    ]
    assert [(row.key, row.label) for row in shown.rows] == [
        ("o0", "Option 0"),
        ("o1", "Option 1"),
        ("o2", "Option 2"),
        ("o3", "Option 3"),
    ]


def test_public_results_of_a_tick_all_question_hide_only_the_small_count():
    shown = show_result(question_result(MULTIPLE, [30, 4, 9], base=35), suppress=True)
    assert [row.cells for row in shown.rows] == [[Shown(30, 85.7)], [HIDDEN], [Shown(9, 25.7)]]


def test_staff_results_show_every_count():
    shown = show_result(question_result(SINGLE, [30, 4, 9]), suppress=False)
    assert [row.cells[0].count for row in shown.rows] == [30, 4, 9]


def test_a_question_with_four_answers_shows_nothing_but_a_note_and_five_shows_counts():
    four = show_result(question_result(SINGLE, [3, 1]), suppress=True)
    assert four.too_few
    assert four.rows == [ShownRow("o0", "Option 0", []), ShownRow("o1", "Option 1", [])]
    five = show_result(question_result(SINGLE, [3, 2]), suppress=True)
    assert not five.too_few
    assert [row.cells for row in five.rows] == [[HIDDEN], [HIDDEN]]
    assert not show_result(question_result(SINGLE, [3, 1]), suppress=False).too_few


def rating(counts: list[int], good: int, mean: float = 3.2) -> QuestionResult:
    return question_result(SCALE, counts, good_count=good, mean=mean)


def test_a_rating_shows_its_mean_and_share_rating_4_or_5():
    shown = show_result(rating([5, 5, 10, 5, 5], good=10), suppress=True)
    assert shown.mean == 3.2
    assert shown.good == Shown(10, 33.3)


@pytest.mark.parametrize(("good", "base"), [(4, 30), (26, 30)])
def test_the_share_rating_4_or_5_is_hidden_when_it_or_the_rest_is_under_five(good, base):
    shown = show_result(rating([base - good, 0, 0, 0, good], good=good), suppress=True)
    assert shown.good == HIDDEN
    assert show_result(rating([base - good, 0, 0, 0, good], good=good), suppress=False).good == (
        Shown(good, round(100 * good / base, 1))
    )


def test_the_share_rating_4_or_5_shows_when_both_parts_are_five_or_more():
    assert show_result(rating([5, 0, 0, 0, 5], good=5), suppress=True).good == Shown(5, 50.0)


def test_a_rating_with_too_few_answers_shows_no_mean():
    shown = show_result(rating([2, 0, 0, 0, 2], good=2), suppress=True)
    assert shown.mean is None
    assert shown.good is None


def test_a_rating_nobody_answered_shows_no_mean_even_to_staff():
    shown = show_result(rating([0, 0, 0, 0, 0], good=0, mean=None), suppress=False)
    assert shown.mean is None
    assert shown.good is None


def test_a_choice_question_has_no_mean():
    shown = show_result(question_result(SINGLE, [10, 10], mean=1.5), suppress=True)
    assert shown.mean is None
    assert shown.good is None


def trend(kind: str, columns: list[list[int] | None], good=None, means=None) -> QuestionTrend:
    """columns: each wave's counts per option, or None where it was not asked."""
    waves = [SimpleNamespace(id=i) for i in range(len(columns))]
    options = [
        TrendOption(
            f"o{row}",
            f"Option {row}",
            [Cell(column[row], sum(column)) if column else None for column in columns],
        )
        for row in range(len(next(column for column in columns if column)))
    ]
    return QuestionTrend(
        code="q",
        kind=kind,
        question=None,
        waves=waves,
        asked=[object() if column else None for column in columns],
        bases=[sum(column) if column else 0 for column in columns],
        options=options,
        means=means or [None] * len(columns),
        good=good or [None] * len(columns),
    )


def test_a_trend_hides_small_counts_wave_by_wave():
    shown = show_trend(trend(SINGLE, [[30, 4, 9], [20, 20, 20]]), suppress=True)
    assert [row.cells for row in shown.rows] == [
        [Shown(30, 69.8), Shown(20, 33.3)],
        [HIDDEN, Shown(20, 33.3)],
        [HIDDEN, Shown(20, 33.3)],
    ]
    assert shown.bases == [Shown(43), Shown(60)]
    assert [(row.key, row.label) for row in shown.rows] == [
        ("o0", "Option 0"),
        ("o1", "Option 1"),
        ("o2", "Option 2"),
    ]


def test_a_tick_all_trend_hides_only_the_small_count():
    shown = show_trend(trend(MULTIPLE, [[30, 4, 9]]), suppress=True)
    assert [row.cells[0] for row in shown.rows] == [Shown(30, 69.8), HIDDEN, Shown(9, 20.9)]


def test_a_wave_with_four_answers_shows_no_figure_and_five_does():
    shown = show_trend(trend(SINGLE, [[3, 1], [3, 2], [30, 30]]), suppress=True)
    assert shown.bases == [HIDDEN, Shown(5), Shown(60)]
    assert [row.cells[0] for row in shown.rows] == [HIDDEN, HIDDEN]
    assert [row.cells[1] for row in shown.rows] == [HIDDEN, HIDDEN]
    assert [row.cells[2] for row in shown.rows] == [Shown(30, 50.0), Shown(30, 50.0)]
    staff = show_trend(trend(SINGLE, [[3, 1]]), suppress=False)
    assert staff.bases == [Shown(4)]
    assert [row.cells[0] for row in staff.rows] == [Shown(3, 75.0), Shown(1, 25.0)]


def test_a_wave_that_did_not_ask_the_question_says_so():
    shown = show_trend(trend(SINGLE, [None, [30, 30]]), suppress=True)
    assert shown.bases == [NOT_ASKED, Shown(60)]
    assert [row.cells[0] for row in shown.rows] == [NOT_ASKED, NOT_ASKED]


def test_an_option_a_wave_did_not_offer_says_so():
    offered = trend(SINGLE, [[30, 30], [30, 30]])
    offered.options[1].cells[0] = None
    shown = show_trend(offered, suppress=True)
    assert shown.rows[1].cells == [NOT_ASKED, Shown(30, 50.0)]


def test_a_rating_trend_shows_means_and_good_shares_where_safe():
    columns = [None, [1, 1, 0, 1, 1], [5, 0, 0, 0, 25], [10, 0, 0, 0, 10]]
    good = [None, Cell(2, 4), Cell(25, 30), Cell(10, 20)]
    shown = show_trend(trend(SCALE, columns, good=good, means=[None, 3.0, 4.3, 3.0]), True)
    assert shown.means == [NOT_ASKED, HIDDEN, Shown(percent=4.3), Shown(percent=3.0)]
    assert shown.good == [NOT_ASKED, HIDDEN, Shown(25, 83.3), Shown(10, 50.0)]
    guarded = show_trend(trend(SCALE, [[2, 0, 0, 0, 28]], good=[Cell(28, 30)]), True)
    assert guarded.good == [HIDDEN]


def test_a_choice_trend_has_no_means():
    shown = show_trend(trend(SINGLE, [[30, 30]]), suppress=True)
    assert shown.means == []
    assert shown.good == []


def test_a_count_on_its_own_is_hidden_under_five():
    assert shown_count(4) == HIDDEN
    assert shown_count(5) == Shown(5)
    assert shown_count(0, suppress=False) == Shown(0)
