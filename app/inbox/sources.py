"""The inbox's "Came from" filter: the consultations, events, survey waves
and Right to Challenge services that items the reader may see came from,
named in the reader's language. Five queries, however many items."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.bilingual import in_language
from app.inbox.models import InboxItem
from app.inbox.search import area_limit

GROUPS = {
    "consultation": _l("Consultations"),
    "event": _l("Events"),
    "wave": _l("Survey waves"),
    "service": _l("Right to Challenge services"),
}


def _named(session: Session, kind: str, ids: list[int]) -> dict[int, str]:
    # Imported here: each capability imports the inbox to file its items.
    from app.challenges.models import ChallengeService
    from app.consultations.models import Consultation
    from app.events.models import Event
    from app.surveys.models import SurveyWave

    model, english, welsh = {
        "consultation": (Consultation, Consultation.title, Consultation.title_cy),
        "event": (Event, Event.title, Event.title_cy),
        "wave": (SurveyWave, SurveyWave.title, SurveyWave.title_cy),
        "service": (ChallengeService, ChallengeService.name, ChallengeService.name_cy),
    }[kind]
    rows = session.execute(select(model.id, english, welsh).where(model.id.in_(ids))).all()
    return {row[0]: in_language(row[1], row[2]) for row in rows}


def source_choices(
    session: Session, limit_areas: frozenset[int] | None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group label, [(source key, title), ...]), ...] for the select."""
    keys = session.scalars(
        select(InboxItem.source_key)
        .where(InboxItem.source_key.is_not(None), *area_limit(limit_areas))
        .distinct()
    ).all()
    wanted: dict[str, list[int]] = {kind: [] for kind in GROUPS}
    for key in keys:
        kind, _, number = key.partition(":")
        if kind in wanted and number.isdigit():
            wanted[kind].append(int(number))
    groups = []
    for kind, ids in wanted.items():
        if not ids:
            continue
        names = _named(session, kind, ids)
        options = sorted(
            ((f"{kind}:{n}", names[n]) for n in ids if n in names), key=lambda o: o[1].lower()
        )
        groups.append((str(GROUPS[kind]), options))
    return groups
