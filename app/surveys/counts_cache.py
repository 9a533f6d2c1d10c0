"""Answer counts of closed waves, kept in each process.

A closed wave takes no more answers, yet its counts are read on every
results and trends page, and counting a programme of 16,000 responses takes
a few hundred milliseconds. So counts are kept per (wave, filters), next to a
fingerprint of the wave's sent responses (how many, the newest id): one
cheap indexed query tells whether they still hold, so a response added or
removed (by retention, or by a test reusing ids) is never missed.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.surveys.counting import Filters, answer_counts
from app.surveys.models import CLOSED, SUBMITTED, SurveyResponse, SurveyWave

LIMIT = 512

_entries: OrderedDict = OrderedDict()
_lock = Lock()


def clear() -> None:
    with _lock:
        _entries.clear()


def _fingerprints(session: Session, wave_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = session.execute(
        select(SurveyResponse.wave_id, func.count(SurveyResponse.id), func.max(SurveyResponse.id))
        .where(SurveyResponse.wave_id.in_(wave_ids), SurveyResponse.state == SUBMITTED)
        .group_by(SurveyResponse.wave_id)
    ).all()
    found = {wave_id: (count, newest) for wave_id, count, newest in rows}
    return {wave_id: found.get(wave_id, (0, 0)) for wave_id in wave_ids}


def _filter_key(filters: Filters | None) -> tuple:
    if filters is None:
        return (None, None)
    return (filters.org_type, filters.income_band)


def counts_for(
    session: Session, waves: list[SurveyWave], filters: Filters | None, *, core_only: bool
) -> dict:
    """What `answer_counts` gives for these waves, closed ones from memory."""
    now = utcnow()
    closed = [wave.id for wave in waves if wave.status_at(now) == CLOSED]
    live = [wave.id for wave in waves if wave.id not in set(closed)]
    result: dict = {}
    to_count = list(live)
    keys = {}
    if closed:
        prints = _fingerprints(session, closed)
        for wave_id in closed:
            key = (wave_id, prints[wave_id], _filter_key(filters), core_only)
            keys[wave_id] = key
            with _lock:
                hit = _entries.get(key)
                if hit is not None:
                    _entries.move_to_end(key)
            if hit is None:
                to_count.append(wave_id)
            else:
                result.update(hit)
    if to_count:
        fresh = answer_counts(session, to_count, filters, core_only)
        result.update(fresh)
        with _lock:
            for wave_id in to_count:
                if wave_id in keys:
                    _entries[keys[wave_id]] = {
                        key: value for key, value in fresh.items() if key[0] == wave_id
                    }
                    _entries.move_to_end(keys[wave_id])
            while len(_entries) > LIMIT:
                _entries.popitem(last=False)
    return result
