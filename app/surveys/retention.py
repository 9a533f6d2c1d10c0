"""How third-sector survey responses are anonymised: 3 years after the wave
closes (so each year can be compared with the two before), or when the
person who answered asks for erasure.

The answers' choices and ratings stay, with the organisation type and
income band every results filter uses, so published figures and trends do
not change. Who answered (the organisation's name, the contact's email, the
link to the register) and free-text answers go."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from app.core.copies import REMOVED, Copies, scrub_copies
from app.core.erasure import Eraser, register_eraser
from app.core.personal_data import Needle
from app.core.retention import Due, Handler, register_handler
from app.inbox.models import InboxItem
from app.suppliers.retention import register_before_delete
from app.surveys.models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyOptOut,
    SurveyResponse,
    SurveyWave,
)


def anonymise(
    session: Session, response: SurveyResponse, reference: str | None, reason: str
) -> None:
    copies = Copies()
    copies.add(reference, response.contact_email, response.organisation_name)
    session.execute(
        update(SurveyAnswer)
        .where(SurveyAnswer.response_id == response.id, SurveyAnswer.text.is_not(None))
        .values(text=REMOVED)
    )
    response.contact_email = ""
    response.organisation_name = ""
    response.may_identify = False
    response.supplier_id = None
    scrub_copies(session, copies, reason=reason)


def _anonymised():
    return SurveyResponse.contact_email == ""


def _scrubbing(session: Session, responses: list[SurveyResponse]) -> list[Due]:
    references = dict(
        session.execute(
            select(InboxItem.id, InboxItem.reference).where(
                InboxItem.id.in_({r.inbox_item_id for r in responses if r.inbox_item_id})
            )
        ).all()
    )
    found = []
    for response in responses:
        reference = references.get(response.inbox_item_id) or f"survey-response-{response.id}"

        def scrub(session: Session, reason: str, response=response, reference=reference) -> None:
            anonymise(session, response, reference, reason)

        identifiers = {v for v in (response.contact_email, response.organisation_name) if v}
        found.append(Due(reference, scrub, identifiers))
    return found


def closed_due(session: Session, before: datetime) -> list[Due]:
    responses = list(
        session.scalars(
            select(SurveyResponse)
            .join(SurveyWave, SurveyWave.id == SurveyResponse.wave_id)
            .where(
                SurveyWave.closes_at < before,
                or_(SurveyResponse.contact_email != "", SurveyResponse.supplier_id.is_not(None)),
            )
            .order_by(SurveyResponse.id)
        )
    )
    return _scrubbing(session, responses)


def for_person(session: Session, needle: Needle) -> list[Due]:
    if needle.email is None:
        return []
    responses = list(
        session.scalars(
            select(SurveyResponse)
            .where(func.lower(SurveyResponse.contact_email) == needle.email)
            .order_by(SurveyResponse.id)
        )
    )
    return _scrubbing(session, responses)


def before_supplier_deleted(session: Session, supplier_ids: list[int], copies: Copies) -> None:
    """Its invitations and opt-out go; its answers stay, unlinked, for the figures."""
    invitations = select(SurveyInvitation.id).where(SurveyInvitation.supplier_id.in_(supplier_ids))
    session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.invitation_id.in_(invitations))
        .values(invitation_id=None)
    )
    session.execute(delete(SurveyInvitation).where(SurveyInvitation.supplier_id.in_(supplier_ids)))
    session.execute(delete(SurveyOptOut).where(SurveyOptOut.supplier_id.in_(supplier_ids)))
    session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.supplier_id.in_(supplier_ids))
        .values(supplier_id=None, may_identify=False)
    )


def register() -> None:
    register_before_delete("surveys", before_supplier_deleted)
    register_handler(Handler("survey_responses", closed_due))
    register_eraser(Eraser("survey", for_person))
