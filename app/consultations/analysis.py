"""What people said: counts and percentages for each question, free-text
answers with their inbox themes, and every response for export.

Each page of analysis costs a fixed number of queries however many
responses there are: the database counts the answers to the closed
questions, grouped by answer, and counts each different free-text answer
too, handing back only the first few who sent it. The same answer from
thousands of people is therefore read a few times, not thousands, and the
campaigns (identical and near-identical answers) are still gathered over
every answer.
"""

from __future__ import annotations

import bisect
import difflib
import json
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from app.consultations.choices import (
    AGE_BANDS,
    FREE_TEXT,
    MULTIPLE,
    RANKING,
    SCALE,
    SCALE_POINTS,
    SINGLE,
    YES_NO,
    YES_NO_POINTS,
)
from app.consultations.models import Consultation, ConsultationAnswer, ConsultationResponse
from app.consultations.responding import YOUNG
from app.core.london_time import in_london
from app.core.text import clean_json
from app.inbox.models import InboxTag, inbox_item_tag

VERSIONS = ("adult", "young_people")
RESPONDENT_TYPES = ("individual", "organisation")


@dataclass
class Filters:
    version: str = ""
    respondent: str = ""
    date_from: date | None = None
    date_to: date | None = None
    # "respondent" or "age_band": the closed questions are cross-tabulated by it.
    group_by: str = ""
    # Which page of each free-text question's different answers to show.
    text_page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.version or self.respondent or self.date_from or self.date_to)

    def query_args(self) -> dict:
        args = {}
        if self.version:
            args["version"] = self.version
        if self.respondent:
            args["respondent"] = self.respondent
        if self.group_by:
            args["group_by"] = self.group_by
        return args


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    # How many were asked it: fewer than all when it is asked only after
    # a certain earlier answer.
    shown: int = 0
    # (code, label, count, percent) for choice questions
    rows: list[tuple] = field(default_factory=list)
    # Free text: this page of its campaigns (identical and near-identical
    # answers together, the largest first), gathered over every answer.
    campaigns: list[Campaign] = field(default_factory=list)
    # How many campaigns (different answers) there are on every page.
    different: int = 0
    # False when there were too many different answers to look for nearly
    # identical ones (only identical ones are grouped).
    near_compared: bool = True
    text_offset: int = 0
    text_pages: int = 1
    text_page: int = 1

    @property
    def texts(self) -> list[tuple]:
        """(reference, version, text, themes) of the answers listed on this
        page, campaign by campaign."""
        return [answer for campaign in self.campaigns for answer in campaign.answers]


def _london_start(day: date) -> datetime:
    return in_london(day)


def response_filter(stmt, consultation: Consultation, filters: Filters):
    stmt = stmt.where(ConsultationResponse.consultation_id == consultation.id)
    if filters.version in VERSIONS:
        stmt = stmt.where(ConsultationResponse.version == filters.version)
    if filters.respondent in RESPONDENT_TYPES:
        stmt = stmt.where(ConsultationResponse.respondent_type == filters.respondent)
    if filters.date_from:
        stmt = stmt.where(ConsultationResponse.submitted_at >= _london_start(filters.date_from))
    if filters.date_to:
        end = _london_start(filters.date_to + timedelta(days=1))
        stmt = stmt.where(ConsultationResponse.submitted_at < end)
    return stmt


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _answers_joined(*columns):
    return select(*columns).join(
        ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id
    )


def _grouped_answers(session: Session, consultation: Consultation, filters: Filters, ids):
    """{question id: [(version, value, count), ...]}: the database counts each
    distinct answer, so a consultation's size costs no Python time here."""
    if not ids:
        return {}
    value = cast(ConsultationAnswer.value, Text)
    rows = session.execute(
        response_filter(
            _answers_joined(
                ConsultationAnswer.question_id, ConsultationResponse.version, value, func.count()
            ).where(ConsultationAnswer.question_id.in_(sorted(ids))),
            consultation,
            filters,
        ).group_by(ConsultationAnswer.question_id, ConsultationResponse.version, value)
    ).all()
    grouped: dict[int, list] = defaultdict(list)
    for question_id, version, raw, number in rows:
        grouped[question_id].append((version, json.loads(raw) if raw else None, number))
    return grouped


def _written(session: Session, consultation: Consultation, filters: Filters, ids):
    """{question id: [(text, how many gave it, [(response id, reference,
    version, inbox item id, text), ...]), ...]}: each different free-text
    answer (as stored) once, in the order it was first given, with the first
    MEMBERS_SHOWN who gave it. The database counts the rest, so a campaign
    of thousands is read as a few rows."""
    if not ids:
        return {}
    raw = cast(ConsultationAnswer.value, Text)
    same = {"partition_by": (ConsultationAnswer.question_id, raw)}
    given = response_filter(
        _answers_joined(
            ConsultationAnswer.question_id,
            raw.label("raw"),
            ConsultationAnswer.response_id,
            ConsultationResponse.reference,
            ConsultationResponse.version,
            ConsultationResponse.inbox_item_id,
            func.row_number().over(order_by=ConsultationAnswer.response_id, **same).label("place"),
            func.count().over(**same).label("times"),
        ).where(ConsultationAnswer.question_id.in_(sorted(ids))),
        consultation,
        filters,
    ).subquery()
    distinct: dict[tuple[int, str | None], tuple] = {}
    for row in session.execute(select(given).where(given.c.place <= MEMBERS_SHOWN)):
        found = distinct.get((row.question_id, row.raw))
        if found is None:
            # As the ORM would read it: the JSON, cleaned, then as text.
            text = str(clean_json(json.loads(row.raw)) if row.raw is not None else None)
            found = distinct[(row.question_id, row.raw)] = (text, row.times, [])
        found[2].append((row.response_id, row.reference, row.version, row.inbox_item_id, found[0]))
    written: dict[int, list] = defaultdict(list)
    for (question_id, _raw), (text, times, members) in distinct.items():
        members.sort()
        written[question_id].append((text, times, members))
    for answers in written.values():
        answers.sort(key=lambda answer: answer[2][0][0])  # by who gave it first
    return written


def analyse(session: Session, consultation: Consultation, filters: Filters):
    """(number of responses, [QuestionResult, ...]) for the filtered responses."""
    total = session.scalar(
        response_filter(select(func.count(ConsultationResponse.id)), consultation, filters)
    )
    questions = consultation.questions
    free_ids = [q.id for q in questions if q.kind == FREE_TEXT]
    grouped = _grouped_answers(
        session, consultation, filters, [q.id for q in questions if q.kind != FREE_TEXT]
    )
    written = _written(session, consultation, filters, free_ids)
    # Each free-text question's campaigns, over every answer; then the page
    # of them to show.
    gathered: dict[int, tuple[list[Campaign], bool]] = {
        question_id: _gather(answers) for question_id, answers in written.items()
    }
    pages: dict[int, tuple[int, int, int]] = {}
    for question_id, (campaigns, _compared) in gathered.items():
        count = max(1, -(-len(campaigns) // TEXT_PAGE_SIZE))
        page = min(max(filters.text_page, 1), count)
        pages[question_id] = (page, count, (page - 1) * TEXT_PAGE_SIZE)
    shown_campaigns = {
        question_id: campaigns[pages[question_id][2] :][:TEXT_PAGE_SIZE]
        for question_id, (campaigns, _compared) in gathered.items()
    }
    # A campaign of several different texts lists the first who sent any.
    for campaigns in shown_campaigns.values():
        for campaign in campaigns:
            campaign.answers = sorted(campaign.answers)[:MEMBERS_SHOWN]
    # Each campaign shows its first answer's themes: only those are read.
    item_ids = {
        campaign.answers[0][3]
        for campaigns in shown_campaigns.values()
        for campaign in campaigns
        if campaign.answers[0][3]
    }
    themes: dict[int, list[str]] = defaultdict(list)
    if item_ids:
        for item_id, name in session.execute(
            select(inbox_item_tag.c.item_id, InboxTag.name)
            .join(InboxTag, InboxTag.id == inbox_item_tag.c.tag_id)
            .where(inbox_item_tag.c.item_id.in_(sorted(item_ids)))
            .order_by(InboxTag.name)
        ):
            themes[item_id].append(name)
    for campaigns in shown_campaigns.values():
        for campaign in campaigns:
            campaign.answers = [
                (reference, version, text, themes.get(item_id, []) if number == 0 else [])
                for number, (_id, reference, version, item_id, text) in enumerate(campaign.answers)
            ]

    asked_ids = {q.id for q in questions}
    results = []
    for question in questions:
        given = grouped.get(question.id, [])
        answered = (
            sum(times for _text, times, _members in written.get(question.id, []))
            if question.kind == FREE_TEXT
            else sum(number for _version, _value, number in given)
        )
        shown = total
        if question.show_if_id in asked_ids:
            # Only those asked it: their earlier answer was the chosen one.
            earlier = grouped.get(question.show_if_id, [])
            shown = sum(n for _v, value, n in earlier if value == question.show_if_answer)
        result = QuestionResult(question=question, answered=answered, shown=shown)

        if question.kind == FREE_TEXT and question.id in gathered:
            campaigns, result.near_compared = gathered[question.id]
            result.different = len(campaigns)
            result.text_page, result.text_pages, result.text_offset = pages[question.id]
            result.campaigns = shown_campaigns[question.id]
        elif question.kind == RANKING:
            # Adults rank every option; young people pick their top few,
            # which is counted apart (it is not a ranking).
            first = Counter()
            rank_sum = Counter()
            picked = Counter()
            ranked = sum(number for version, _value, number in given if version != YOUNG)
            for version, value, number in given:
                if not (isinstance(value, list) and value):
                    continue
                if version == YOUNG:
                    for option in value:
                        picked[option] += number
                    continue
                first[value[0]] += number
                for rank, option in enumerate(value, 1):
                    rank_sum[option] += rank * number
            # Counted by key: answers given in Welsh and English count together.
            for option in question.options:
                key = option["key"]
                average = round(rank_sum[key] / ranked, 1) if ranked else None
                result.rows.append(
                    (
                        key,
                        option["en"],
                        first[key],
                        _percent(first[key], shown),
                        average,
                        picked[key],
                    )
                )
        else:
            counts = Counter()
            for _version, value, number in given:
                values = value if question.kind == MULTIPLE else [value]
                for one in values if isinstance(values, list) else []:
                    if isinstance(one, str | int | bool):
                        counts[one] += number
            for code, label in _options(question):
                result.rows.append((code, label, counts[code], _percent(counts[code], shown)))
            missed = shown - answered
            result.rows.append(("", None, missed, _percent(missed, shown)))
        results.append(result)
    return total, results


def _options(question) -> list[tuple[str, object]]:
    if question.kind == SCALE:
        return list(SCALE_POINTS.items())
    if question.kind == YES_NO:
        return list(YES_NO_POINTS.items())
    # By key, labelled in English for staff, whichever language people answered in.
    return [(option["key"], option["en"]) for option in question.options]


# Counts smaller than this are shown as "fewer than 5", so a small group of
# respondents cannot be picked out from the equality totals.
SMALL_NUMBER = 5


def equality_totals(session: Session, consultation: Consultation) -> list[tuple]:
    """[(field, question label, [(answer label, count or None)]), ...] where
    None means a count too small to show."""
    from app.consultations.choices import EQUALITY_QUESTIONS, PREFER_NOT
    from app.consultations.models import EqualityMonitoring

    records = session.execute(
        select(*(getattr(EqualityMonitoring, name) for name in EQUALITY_QUESTIONS)).where(
            EqualityMonitoring.consultation_id == consultation.id
        )
    ).all()
    totals = []
    for index, (name, (label, options)) in enumerate(EQUALITY_QUESTIONS.items()):
        counts = Counter(row[index] for row in records if row[index])
        shown = []
        for code, option_label in [*options, PREFER_NOT]:
            count = counts[code]
            shown.append((option_label, count if count == 0 or count >= SMALL_NUMBER else None))
        totals.append((name, label, shown))
    return totals


# ---------------------------------------------------------------------------
# Cross-tabulation
# ---------------------------------------------------------------------------

GROUPINGS = ("respondent", "age_band")
# The closed questions whose answers are one or more option keys.
CROSS_TABULATED = (SINGLE, MULTIPLE, SCALE, YES_NO)
NO_AGE_BAND = "unknown"


@dataclass
class CrossTab:
    question: object
    # [(code, label)] the groups, in order, each with its number of responses
    groups: list[tuple[str, object, int]] = field(default_factory=list)
    # [(option label, [(count, percent) per group])]
    rows: list[tuple[object, list[tuple[int, float]]]] = field(default_factory=list)


def _group_column(grouping: str):
    if grouping == "age_band":
        return ConsultationResponse.age_band
    # A young person is asked no respondent type: their version is their group.
    return func.coalesce(ConsultationResponse.respondent_type, ConsultationResponse.version)


def _groups(grouping: str) -> list[tuple[str, object]]:
    from app.consultations.choices import RESPONDENT_TYPES as TYPES
    from app.consultations.choices import VERSIONS as VERSION_LABELS

    if grouping == "age_band":
        return list(AGE_BANDS.items())
    return [*TYPES.items(), (YOUNG, VERSION_LABELS[YOUNG])]


def cross_tabulate(session: Session, consultation: Consultation, filters: Filters):
    """A table per closed question: how many in each group chose each option
    (by its key, so Welsh and English answers count together), and what share
    of the group that is. Counted in the database: two queries, however many
    responses there are. By age band, only the young people's version counts."""
    grouping = filters.group_by
    if grouping not in GROUPINGS:
        return []
    questions = [q for q in consultation.questions if q.kind in CROSS_TABULATED]
    if not questions:
        return []
    group = _group_column(grouping).label("grp")

    def scoped(stmt):
        stmt = response_filter(stmt, consultation, filters)
        if grouping == "age_band":
            stmt = stmt.where(ConsultationResponse.version == YOUNG)
        return stmt

    sizes = dict(
        session.execute(
            scoped(select(group, func.count(ConsultationResponse.id))).group_by(group)
        ).all()
    )
    # The answer's JSON as text: a key, or a list of keys for multiple choice.
    value = cast(ConsultationAnswer.value, Text).label("value")
    counted = session.execute(
        scoped(
            select(ConsultationAnswer.question_id, group, value, func.count())
            .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
            .where(ConsultationAnswer.question_id.in_([q.id for q in questions]))
        ).group_by(ConsultationAnswer.question_id, group, value)
    ).all()
    counts: dict[tuple[int, str, str], int] = Counter()
    answered: dict[tuple[int, str], int] = Counter()
    for question_id, code, raw, number in counted:
        try:
            given = json.loads(raw) if raw is not None else None
        except ValueError:
            given = raw
        keys = [k for k in (given if isinstance(given, list) else [given]) if k not in (None, "")]
        if keys:
            answered[(question_id, code or NO_AGE_BAND)] += number
        for key in keys:
            counts[(question_id, code or NO_AGE_BAND, str(key))] += number

    everyone = [(code, label, sizes.get(code, 0)) for code, label in _groups(grouping)]
    routed = {q.id for q in questions}
    tables = []
    for question in questions:
        groups = everyone
        if question.show_if_id in routed:
            # Each group counts only those of it who were asked the question.
            groups = [
                (code, label, counts[(question.show_if_id, code, question.show_if_answer)])
                for code, label, _size in everyone
            ]
        table = CrossTab(question=question, groups=groups)
        for key, label in _options(question):
            cells = []
            for code, _label, size in groups:
                number = counts[(question.id, code, key)]
                cells.append((number, _percent(number, size)))
            table.rows.append((label, cells))
        missed = [size - answered[(question.id, code)] for code, _label, size in groups]
        table.rows.append(
            (
                None,
                [
                    (number, _percent(number, size))
                    for number, (_c, _l, size) in zip(missed, groups, strict=True)
                ],
            )
        )
        tables.append(table)
    return tables


# ---------------------------------------------------------------------------
# Campaigns: the same answer sent by many people
# ---------------------------------------------------------------------------

# Two answers whose normalised words match at least this closely (difflib's
# ratio: twice the matching characters over both lengths) count as one.
SIMILAR_ENOUGH = 0.9


class _Spaces(dict):
    """Punctuation and symbols to a space, every other character kept: each
    character's category is looked up once, the first time it is met."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        self[code] = " " if unicodedata.category(character).startswith(("P", "S")) else character
        return self[code]


_SPACES = _Spaces()


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces: "Save  our LIBRARY!" and
    "save our library" are the same answer."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_SPACES).split())


def similar(one: str, other: str) -> bool:
    """True when two normalised answers are near enough to be one campaign."""
    if one == other:
        return True
    if not one or not other:
        return False
    # The ratio can be no higher than this: skip the comparison when too low.
    if 2 * min(len(one), len(other)) / (len(one) + len(other)) < SIMILAR_ENOUGH:
        return False
    matcher = difflib.SequenceMatcher(None, one, other, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SIMILAR_ENOUGH
        and matcher.quick_ratio() >= SIMILAR_ENOUGH
        and matcher.ratio() >= SIMILAR_ENOUGH
    )


@dataclass
class Campaign:
    text: str
    # (reference, version, text, themes) of the answers in the group: every
    # one, or on the analysis page the first MEMBERS_SHOWN of them
    answers: list[tuple] = field(default_factory=list)
    # False when some answers differ a little from the first
    identical: bool = True
    # How many answers are in the group
    count: int = 0


# Lengths whose ratio could reach SIMILAR_ENOUGH: 2 * short / (short + long).
LENGTH_SPREAD = SIMILAR_ENOUGH / (2 - SIMILAR_ENOUGH)
# Comparing every different answer with every other grows with the square of
# their number: past this many, only identical answers are grouped.
MOST_COMPARED = 1000
# The analysis page shows this many campaigns of a question at a time, each
# listing the references of up to MEMBERS_SHOWN of the answers in it.
TEXT_PAGE_SIZE = 50
MEMBERS_SHOWN = 100


def group_answers(texts: list[tuple]) -> list[Campaign]:
    """Identical answers (once normalised) go together at once; an answer
    near enough to an earlier group's first answer joins the earliest such
    group (only groups of a length that could be near enough are tried)."""
    return _gather((entry[2], 1, [entry]) for entry in texts)[0]


def _gather(given: Iterable[tuple[str, int, list]]) -> tuple[list[Campaign], bool]:
    """group_answers for answers given as (text, how many gave it, [their
    answers]) in the order each was first given: the same text is looked at
    once however many sent it. Also whether near-identical answers were
    looked for (not when there are more than MOST_COMPARED different ones)."""
    given = [(normalise(text), text, times, answers) for text, times, answers in given]
    compare = len({key for key, _text, _times, _answers in given}) <= MOST_COMPARED
    exact: dict[str, Campaign] = {}
    campaigns: list[Campaign] = []
    lengths: list[int] = []  # each group's first answer's length, in order
    by_length: list[tuple[int, str]] = []  # (group number, its first answer)
    compared = _Comparer()
    for key, text, times, answers in given:
        found = exact.get(key)
        if found is None:
            found = (
                _nearest(key, lengths, by_length, campaigns, compared) if key and compare else None
            )
            if found is None:
                found = Campaign(text=text)
                place = bisect.bisect_right(lengths, len(key))
                lengths.insert(place, len(key))
                by_length.insert(place, (len(campaigns), key))
                campaigns.append(found)
            else:
                found.identical = False
            exact[key] = found
        found.answers.extend(answers)
        found.count += times
    # The largest first; otherwise in the order they came.
    return sorted(campaigns, key=lambda c: -c.count), compare


def _nearest(key: str, lengths, by_length, campaigns, compared: _Comparer) -> Campaign | None:
    low = bisect.bisect_left(lengths, math.ceil(len(key) * LENGTH_SPREAD - 1e-9))
    high = bisect.bisect_right(lengths, math.floor(len(key) / LENGTH_SPREAD + 1e-9))
    best = None
    for number, other in by_length[low:high]:
        if (best is None or number < best) and compared.similar(key, other):
            best = number
    return None if best is None else campaigns[best]


class _Comparer:
    """similar(), answer for answer, for one answer compared with many: each
    group's first answer is prepared for difflib once (not once a
    comparison), and difflib's quick_ratio (how many letters the two have in
    common, in any order) is worked out from each answer's letter counts."""

    def __init__(self) -> None:
        # Each letter met so far, numbered; each answer's count of each.
        self._letters: dict[str, int] = {}
        self._counts: dict[str, list[int]] = {}
        self._matchers: dict[str, difflib.SequenceMatcher] = {}

    def _counted(self, text: str) -> list[int]:
        counts = self._counts.get(text)
        if counts is None:
            letters = Counter(text)
            for letter in letters:
                self._letters.setdefault(letter, len(self._letters))
            counts = [0] * len(self._letters)
            for letter, number in letters.items():
                counts[self._letters[letter]] = number
            self._counts[text] = counts
        return counts

    def similar(self, one: str, other: str) -> bool:
        if one == other:
            return True
        if not one or not other:
            return False
        length = len(one) + len(other)
        # real_quick_ratio: no higher than the shorter over both.
        if 2 * min(len(one), len(other)) / length < SIMILAR_ENOUGH:
            return False
        # quick_ratio: the letters in common, in any order. A letter past
        # the end of the shorter list is one that answer does not have.
        common = sum(map(min, self._counted(one), self._counted(other)))
        if 2.0 * common / length < SIMILAR_ENOUGH:
            return False
        matcher = self._matchers.get(other)
        if matcher is None:
            matcher = difflib.SequenceMatcher(None, "", other, autojunk=False)
            self._matchers[other] = matcher
        matcher.set_seq1(one)
        return matcher.ratio() >= SIMILAR_ENOUGH
