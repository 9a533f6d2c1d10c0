"""How the method reads a consultation question's answers and tags them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.consultations.models import ConsultationAnswer, ConsultationResponse
from app.core.themes.services import Answer, ThemeSource, register_source
from app.inbox.services import tag_items

SOURCE = "consultation"


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _rows(session: Session, where):
    return session.execute(
        select(ConsultationAnswer.id, ConsultationAnswer.value, ConsultationResponse.version)
        .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
        .where(where)
        .order_by(ConsultationAnswer.id)
    )


def answers(session: Session, question_id: int) -> list[Answer]:
    """Every answer with words in it, adults' and young people's together."""
    return [
        Answer(row.id, _text(row.value), row.version)
        for row in _rows(session, ConsultationAnswer.question_id == question_id)
        if _text(row.value)
    ]


def count(session: Session, question_id: int) -> int:
    # Anonymised answers lose their words but keep their row: counted all the
    # same, a cheap upper bound is all the recompute rule needs.
    return session.scalar(
        select(func.count(ConsultationAnswer.id)).where(
            ConsultationAnswer.question_id == question_id
        )
    )


def texts(session: Session, ids: Iterable[int]) -> dict[int, Answer]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return {
        row.id: Answer(row.id, _text(row.value), row.version)
        for row in _rows(session, ConsultationAnswer.id.in_(ids))
    }


def tag(session: Session, question_id: int, answer_ids: list[int], name: str) -> int:
    item_ids = set()
    for start in range(0, len(answer_ids), 1000):
        item_ids.update(
            session.scalars(
                select(ConsultationResponse.inbox_item_id)
                .join(ConsultationAnswer, ConsultationAnswer.response_id == ConsultationResponse.id)
                .where(
                    ConsultationAnswer.question_id == question_id,
                    ConsultationAnswer.id.in_(answer_ids[start : start + 1000]),
                    ConsultationResponse.inbox_item_id.is_not(None),
                )
            )
        )
    return tag_items(session, sorted(item_ids), name, change="suggested theme")


def register() -> None:
    register_source(ThemeSource(name=SOURCE, answers=answers, count=count, texts=texts, tag=tag))
