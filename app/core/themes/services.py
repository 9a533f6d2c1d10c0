"""Asking for suggestions, working them out, and what staff decide about them.

Every change works in the caller's transaction and records its audit entry
there. Working out a run (`compute`) happens in the worker, or in a thread
of its own when there is no worker queue, in a session of its own: a page
only ever adds a pending run and says "suggestions are being prepared".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import db, utcnow
from app.core.themes.engine import MIN_ANSWERS, MIN_SHARE, suggest
from app.core.themes.models import (
    ACCEPTED,
    DISCARDED,
    FAILED,
    MERGED,
    PENDING,
    PROPOSED,
    READY,
    RUNNING,
    SuggestedTheme,
    ThemeSuggestionRun,
)

log = logging.getLogger(__name__)

# The shares staff may choose between: "tag answers at least this much about the theme".
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
DEFAULT_THRESHOLD = 0.3
# Recompute once the answers have grown by this share of those the last run read.
DEFAULT_RECOMPUTE_SHARE = 0.2
# A run claimed this long ago by a worker that never finished is handed out again.
STALE_AFTER = timedelta(minutes=15)
MAX_NAME_LENGTH = 60
_QUEUED = "theme_suggestion_runs"


@dataclass(frozen=True)
class Answer:
    id: int
    text: str
    # Which group of respondents gave it ("adult", "young_people", ...), for filtering.
    group: str


@dataclass(frozen=True)
class ThemeSource:
    """How one capability's free-text answers are read and tagged.

    `answers(session, question_id)` lists every non-empty answer;
    `count(session, question_id)` counts them cheaply; `texts(session, ids)`
    gives {answer id: Answer} for the typical answers shown;
    `tag(session, question_id, answer_ids, name)` gives those answers the
    capability's ordinary theme tag and returns how many it newly tagged.
    """

    name: str
    answers: Callable[[Session, int], list[Answer]]
    count: Callable[[Session, int], int]
    texts: Callable[[Session, Iterable[int]], dict[int, Answer]]
    tag: Callable[[Session, int, list[int], str], int]


SOURCES: dict[str, ThemeSource] = {}


def register_source(source: ThemeSource) -> None:
    SOURCES[source.name] = source


# --- asking -----------------------------------------------------------------


def latest_runs(
    session: Session, source: str, question_id: int
) -> tuple[ThemeSuggestionRun | None, ThemeSuggestionRun | None]:
    """(the newest finished run, a run waiting or under way if there is one)."""
    runs = session.scalars(
        select(ThemeSuggestionRun)
        .where(ThemeSuggestionRun.source == source, ThemeSuggestionRun.question_id == question_id)
        .order_by(ThemeSuggestionRun.id.desc())
        .limit(5)
    ).all()
    waiting = next((r for r in runs if r.status in (PENDING, RUNNING)), None)
    done = next((r for r in runs if r.status in (READY, FAILED)), None)
    return done, waiting


def recompute_share() -> float:
    if has_app_context():
        return float(
            current_app.config.get("THEME_SUGGESTIONS_RECOMPUTE_SHARE", DEFAULT_RECOMPUTE_SHARE)
        )
    return DEFAULT_RECOMPUTE_SHARE


def is_stale(run: ThemeSuggestionRun | None, answers_now: int, share: float | None = None) -> bool:
    """Have the answers grown by the set share since `run` read them?"""
    if run is None or run.status != READY:
        return False
    share = recompute_share() if share is None else share
    return answers_now > run.answer_count and answers_now >= run.answer_count * (1 + share)


def request_run(session: Session, source: str, question_id: int) -> ThemeSuggestionRun:
    """A pending run (the one already waiting, if any); worked out after commit."""
    _done, waiting = latest_runs(session, source, question_id)
    if waiting is not None:
        return waiting
    run = ThemeSuggestionRun(
        source=source,
        question_id=question_id,
        status=PENDING,
        requested_count=SOURCES[source].count(session, question_id),
    )
    session.add(run)
    session.flush()
    audit.record(
        session,
        "themes.suggest",
        object_type=f"{source}_question",
        object_ref=question_id,
        summary="Asked for suggested themes",
        details={"run_id": run.id, "answers": run.requested_count},
    )
    session.info.setdefault(_QUEUED, []).append(run.id)
    return run


def refresh_if_grown(session: Session, source: str, question_id: int) -> bool:
    """Ask for a new run when the answers have grown by the set share; never blocks."""
    done, waiting = latest_runs(session, source, question_id)
    if waiting is not None or done is None:
        return False
    if not is_stale(done, SOURCES[source].count(session, question_id)):
        return False
    request_run(session, source, question_id)
    return True


@event.listens_for(Session, "after_commit")
def _dispatch_committed(session: Session) -> None:
    ids = session.info.pop(_QUEUED, None)
    if not ids or not has_app_context():
        return
    app = current_app._get_current_object()
    # The request has committed: nothing here may break it. A run not handed
    # on stays pending and the worker's next look finds it.
    try:
        if app.config.get("REDIS_URL"):
            from app.core.themes.queue import enqueue

            enqueue(app, ids)
        elif app.config.get("THEME_SUGGESTIONS_IN_PROCESS", False):
            for run_id in ids:
                threading.Thread(target=_compute_in_thread, args=(app, run_id), daemon=True).start()
    except Exception:
        log.exception("Theme suggestion runs %s not handed on; the worker will find them", ids)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_QUEUED, None)


def _compute_in_thread(app, run_id: int) -> None:
    with app.app_context():
        compute(run_id)


# --- working out --------------------------------------------------------------


def claim(session: Session, run_id: int) -> bool:
    result = session.execute(
        update(ThemeSuggestionRun)
        .where(ThemeSuggestionRun.id == run_id, ThemeSuggestionRun.status == PENDING)
        .values(status=RUNNING, started_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def compute(run_id: int) -> str:
    """Claim a pending run, theme its question's answers and store the themes.
    Returns the run's status afterwards, or "skipped" when it was not ours."""
    with Session(db.engine, expire_on_commit=False) as session:
        if not claim(session, run_id):
            return "skipped"
        run = session.get(ThemeSuggestionRun, run_id)
        started = time.perf_counter()
        try:
            answers = SOURCES[run.source].answers(session, run.question_id)
            store_themes(session, run, answers)
        except Exception:
            session.rollback()
            log.exception("Suggesting themes for run %s failed", run_id)
            run = session.get(ThemeSuggestionRun, run_id)
            run.status = FAILED
            run.finished_at = utcnow()
        run.seconds = round(time.perf_counter() - started, 2)
        session.commit()
        return run.status


def store_themes(session: Session, run: ThemeSuggestionRun, answers: list[Answer]) -> None:
    found = suggest([answer.text for answer in answers])
    for position, theme in enumerate(found):
        typical = [answers[i].id for i in theme.typical]
        session.add(
            SuggestedTheme(
                run=run,
                position=position,
                name=", ".join(theme.words[:3])[:MAX_NAME_LENGTH],
                words=theme.words,
                typical=typical,
                loadings={
                    "ids": [answers[i].id for i in theme.members],
                    "shares": theme.shares,
                    "groups": [answers[i].group for i in theme.members],
                },
            )
        )
    run.answer_count = len(answers)
    run.status = READY
    run.finished_at = utcnow()


def waiting_run_ids(session: Session, limit: int = 20) -> list[int]:
    """For the worker: runs to work out, after handing back ones left half done."""
    session.execute(
        update(ThemeSuggestionRun)
        .where(
            ThemeSuggestionRun.status == RUNNING,
            ThemeSuggestionRun.started_at < utcnow() - STALE_AFTER,
        )
        .values(status=PENDING, started_at=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return list(
        session.scalars(
            select(ThemeSuggestionRun.id)
            .where(ThemeSuggestionRun.status == PENDING)
            .order_by(ThemeSuggestionRun.id)
            .limit(limit)
        )
    )


def compute_waiting(limit: int = 20) -> int:
    """The poller's pass: work out every run waiting. Returns how many it finished."""
    with Session(db.engine) as session:
        ids = waiting_run_ids(session, limit)
    return sum(1 for run_id in ids if compute(run_id) in (READY, FAILED))


# --- what staff decide --------------------------------------------------------


class ThemeDecisionError(ValueError):
    """A decision the theme's state does not allow."""


def tidy_name(name: str) -> str:
    return " ".join((name or "").split())[:MAX_NAME_LENGTH]


def _decided(session: Session, theme: SuggestedTheme, change: str, **details: Any) -> None:
    theme.decided_at = utcnow()
    audit.record(
        session,
        "themes.decide",
        object_type=f"{theme.run.source}_question",
        object_ref=theme.run.question_id,
        summary=f"Suggested theme: {change}",
        details={"change": change, "theme_id": theme.id, "name": theme.name, **details},
    )


def _check_open(theme: SuggestedTheme) -> None:
    if theme.status != PROPOSED:
        raise ThemeDecisionError(theme.status)


def accept(session: Session, theme: SuggestedTheme, threshold: float, name: str = "") -> int:
    """Tag every answer at least `threshold` about the theme with its name.
    Returns how many answers were newly tagged."""
    _check_open(theme)
    if threshold < MIN_SHARE - 1e-9 or threshold > 1:
        raise ThemeDecisionError("threshold")
    if tidy_name(name):
        theme.name = tidy_name(name)
    chosen = [
        answer_id for answer_id, share in theme.answer_shares().items() if share >= threshold - 1e-9
    ]
    tagged = SOURCES[theme.run.source].tag(session, theme.run.question_id, chosen, theme.name)
    theme.status = ACCEPTED
    theme.threshold = threshold
    theme.tagged_count = len(chosen)
    _decided(session, theme, "accept", threshold=threshold, answers=len(chosen), tagged=tagged)
    return tagged


def rename(session: Session, theme: SuggestedTheme, name: str) -> None:
    _check_open(theme)
    name = tidy_name(name)
    if not name:
        raise ThemeDecisionError("name")
    old, theme.name = theme.name, name
    _decided(session, theme, "rename", old=old)


def discard(session: Session, theme: SuggestedTheme) -> None:
    _check_open(theme)
    theme.status = DISCARDED
    _decided(session, theme, "discard")


def merge(session: Session, theme: SuggestedTheme, into: SuggestedTheme) -> None:
    """Fold `theme` into `into`: an answer's shares add up (at most 1), the
    words and typical answers of both are kept, `into`'s name stays."""
    _check_open(theme)
    _check_open(into)
    if theme.id == into.id or theme.run_id != into.run_id:
        raise ThemeDecisionError("merge")
    shares = into.answer_shares()
    groups = dict(zip(into.loadings.get("ids", []), into.loadings.get("groups", []), strict=False))
    for answer_id, group in zip(
        theme.loadings.get("ids", []), theme.loadings.get("groups", []), strict=False
    ):
        groups.setdefault(answer_id, group)
    for answer_id, share in theme.answer_shares().items():
        shares[answer_id] = round(min(1.0, shares.get(answer_id, 0.0) + share), 3)
    ids = sorted(shares)
    into.loadings = {
        "ids": ids,
        "shares": [shares[i] for i in ids],
        "groups": [groups.get(i, "") for i in ids],
    }
    into.words = list(dict.fromkeys([*into.words, *theme.words]))
    into.typical = list(dict.fromkeys(_interleave(into.typical, theme.typical)))
    theme.status = MERGED
    theme.merged_into_id = into.id
    _decided(session, theme, "merge", into=into.id, into_name=into.name)


def _interleave(first: list[int], second: list[int]) -> list[int]:
    out = []
    for index in range(max(len(first), len(second))):
        out.extend(part[index] for part in (first, second) if index < len(part))
    return out


def theme_in_run(session: Session, run: ThemeSuggestionRun, theme_id: Any) -> SuggestedTheme | None:
    try:
        theme = session.get(SuggestedTheme, int(theme_id))
    except (TypeError, ValueError):
        return None
    return theme if theme is not None and theme.run_id == run.id else None


def theme_of_question(session: Session, source: str, question_id: int, theme_id: Any) -> bool:
    """Whether the theme came from any run, old or new, for this question."""
    try:
        theme = session.get(SuggestedTheme, int(theme_id))
    except (TypeError, ValueError):
        return False
    if theme is None:
        return False
    run = session.get(ThemeSuggestionRun, theme.run_id)
    return run is not None and run.source == source and run.question_id == question_id


__all__ = [
    "ACCEPTED",
    "DEFAULT_THRESHOLD",
    "DISCARDED",
    "MIN_ANSWERS",
    "THRESHOLDS",
    "Answer",
    "ThemeDecisionError",
    "ThemeSource",
    "accept",
    "compute",
    "discard",
    "merge",
    "register_source",
    "rename",
    "request_run",
]
