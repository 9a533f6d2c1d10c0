"""Figures made safe to publish: no count under five is ever shown.

A count of 0 to 4 shows as "fewer than 5", and so does any percentage
worked out from it. Where a question's options exclude each other and only
one count in a column is hidden, the next smallest is hidden too, or it
could be worked out by subtracting the others from the total. A question
with fewer than five answers shows nothing but a note.

Staff pages use the same shapes with nothing hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.surveys.models import MULTIPLE, SCALE
from app.surveys.results import QuestionResult, percent
from app.surveys.trends import Cell, QuestionTrend

SMALL_COUNT = 5


@dataclass
class Shown:
    count: int | None = None
    percent: float | None = None
    suppressed: bool = False
    not_asked: bool = False


@dataclass
class ShownRow:
    key: str
    label: str
    cells: list[Shown]


@dataclass
class ShownTrend:
    trend: QuestionTrend
    # One per wave: the base, or suppressed when under five.
    bases: list[Shown]
    rows: list[ShownRow]
    means: list[Shown] = field(default_factory=list)
    good: list[Shown] = field(default_factory=list)


@dataclass
class ShownResult:
    result: QuestionResult
    too_few: bool
    rows: list[ShownRow]
    mean: float | None = None
    good: Shown | None = None


def hidden_cells(counts: list[int | None], exclusive: bool, suppress: bool) -> set[int]:
    """The positions of counts that must not be shown."""
    if not suppress:
        return set()
    hidden = {i for i, count in enumerate(counts) if count is not None and count < SMALL_COUNT}
    if exclusive and len(hidden) == 1:
        shown = [
            (count, i) for i, count in enumerate(counts) if count is not None and i not in hidden
        ]
        if shown:
            hidden.add(min(shown)[1])
    return hidden


def _column(cells: list[Cell | None], exclusive: bool, suppress: bool) -> list[Shown]:
    hidden = hidden_cells([c.count if c else None for c in cells], exclusive, suppress)
    shown = []
    for index, cell in enumerate(cells):
        if cell is None:
            shown.append(Shown(not_asked=True))
        elif index in hidden:
            shown.append(Shown(suppressed=True))
        else:
            shown.append(Shown(cell.count, cell.percent))
    return shown


def _good(count: int, base: int, suppress: bool) -> Shown:
    # The share rating 4 or 5 gives away the others' number too.
    if suppress and (count < SMALL_COUNT or base - count < SMALL_COUNT):
        return Shown(suppressed=True)
    return Shown(count, percent(count, base))


def show_trend(trend: QuestionTrend, suppress: bool) -> ShownTrend:
    exclusive = trend.kind != MULTIPLE
    waves = range(len(trend.waves))
    # Hide whole columns where the wave had too few answers to the question.
    too_few = [suppress and trend.bases[i] < SMALL_COUNT for i in waves]
    columns = []
    for index in waves:
        cells = [option.cells[index] for option in trend.options]
        if trend.asked[index] is None:
            columns.append([Shown(not_asked=True) for _ in cells])
        elif too_few[index]:
            columns.append([Shown(suppressed=True) for _ in cells])
        else:
            columns.append(_column(cells, exclusive, suppress))
    rows = [
        ShownRow(option.key, option.label, [columns[i][row] for i in waves])
        for row, option in enumerate(trend.options)
    ]
    bases = []
    for index in waves:
        if trend.asked[index] is None:
            bases.append(Shown(not_asked=True))
        elif too_few[index]:
            bases.append(Shown(suppressed=True))
        else:
            bases.append(Shown(trend.bases[index]))
    shown = ShownTrend(trend, bases, rows)
    if trend.kind == SCALE:
        for index in waves:
            good, mean = trend.good[index], trend.means[index]
            if trend.asked[index] is None:
                shown.means.append(Shown(not_asked=True))
                shown.good.append(Shown(not_asked=True))
            elif too_few[index]:
                shown.means.append(Shown(suppressed=True))
                shown.good.append(Shown(suppressed=True))
            else:
                shown.means.append(Shown(percent=mean))
                shown.good.append(_good(good.count, good.base, suppress))
    return shown


def show_result(result: QuestionResult, suppress: bool) -> ShownResult:
    too_few = suppress and result.base < SMALL_COUNT
    exclusive = result.question.kind != MULTIPLE
    cells = [Cell(row.count, result.base) for row in result.rows]
    column = _column(cells, exclusive, suppress) if not too_few else []
    rows = [
        ShownRow(row.key, row.label, [column[i]] if column else [])
        for i, row in enumerate(result.rows)
    ]
    shown = ShownResult(result, too_few, rows)
    if result.question.kind == SCALE and not too_few and result.base:
        shown.mean = result.mean
        shown.good = _good(result.good_count, result.base, suppress)
    return shown


def shown_count(count: int, suppress: bool = True) -> Shown:
    if suppress and count < SMALL_COUNT:
        return Shown(suppressed=True)
    return Shown(count)
