"""What the third-sector survey holds about a person: responses their
organisation sent (or started), invitations to it and any request not to
be asked again."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.core.personal_data import Holding, Needle, Source, any_of, register_source, rows_by
from app.inbox.models import InboxItem
from app.suppliers.personal_data import matching_suppliers
from app.surveys.answering import answer_label
from app.surveys.models import SurveyAnswer, SurveyInvitation, SurveyOptOut, SurveyResponse


def find(session: Session, needle: Needle) -> list[Holding]:
    suppliers = matching_suppliers(needle)
    by_reference = needle.reference_is(InboxItem.reference)
    condition = any_of(
        needle.email_is(SurveyResponse.contact_email),
        needle.name_in(SurveyResponse.organisation_name),
        SurveyResponse.supplier_id.in_(suppliers) if suppliers is not None else None,
        SurveyResponse.inbox_item_id.in_(select(InboxItem.id).where(by_reference))
        if by_reference is not None
        else None,
    )
    if condition is None:
        return []
    responses = list(
        session.scalars(
            select(SurveyResponse)
            .where(condition)
            .options(joinedload(SurveyResponse.wave))
            .order_by(SurveyResponse.started_at)
        )
    )
    answers = rows_by(
        session.scalars(
            select(SurveyAnswer)
            .where(SurveyAnswer.response_id.in_([r.id for r in responses]))
            .options(joinedload(SurveyAnswer.question))
            .order_by(SurveyAnswer.id)
        ),
        "response_id",
    )
    references = dict(
        session.execute(
            select(InboxItem.id, InboxItem.reference).where(
                InboxItem.id.in_([r.inbox_item_id for r in responses if r.inbox_item_id])
            )
        ).all()
    )
    holdings = [
        _response(r, answers.get(r.id, []), references.get(r.inbox_item_id)) for r in responses
    ]
    if suppliers is not None:
        holdings += _invitations(session, suppliers)
    return holdings


def _response(response: SurveyResponse, rows: list[SurveyAnswer], reference) -> Holding:
    by_question: dict = {}
    for row in rows:
        values = by_question.setdefault(row.question, [])
        values.append(
            row.text if row.choice is None and row.text is not None else row.choice or row.number
        )
    return Holding(
        kind="survey",
        reference=reference or f"survey-response-{response.id}",
        when=response.submitted_at or response.started_at,
        summary=response.wave.title,
        link=url_for("inbox.item", reference=reference) if reference else None,
        data={
            "survey": response.wave.title,
            "state": response.state,
            "organisation": response.organisation_name,
            "contact_email": response.contact_email,
            "may_be_named_to_staff": response.may_identify,
            "organisation_type": response.org_type,
            "income": response.income_band,
            "language": response.locale,
            "started_at": response.started_at,
            "submitted_at": response.submitted_at,
            "answers": [
                {
                    "question": question.text,
                    "answer": answer_label(question, [str(v) for v in values], "en")
                    or ", ".join(str(v) for v in values),
                    "themes": sorted(
                        {t for row in rows if row.question is question for t in row.themes}
                    ),
                }
                for question, values in sorted(by_question.items(), key=lambda i: i[0].position)
            ],
        },
    )


def _invitations(session: Session, suppliers) -> list[Holding]:
    invitations = session.scalars(
        select(SurveyInvitation)
        .where(SurveyInvitation.supplier_id.in_(suppliers))
        .options(joinedload(SurveyInvitation.wave))
        .order_by(SurveyInvitation.created_at)
    )
    holdings = [
        Holding(
            kind="survey",
            reference=f"survey-invitation-{invitation.id}",
            when=invitation.created_at,
            summary=str(_l("Invitation: %(survey)s", survey=invitation.wave.title)),
            data={
                "survey": invitation.wave.title,
                "invited_at": invitation.created_at,
                "reminded_at": invitation.reminded_at,
                "responded_at": invitation.responded_at,
            },
        )
        for invitation in invitations
    ]
    opt_outs = session.scalars(select(SurveyOptOut).where(SurveyOptOut.supplier_id.in_(suppliers)))
    holdings += [
        Holding(
            kind="survey",
            reference=f"survey-opt-out-{opt_out.supplier_id}",
            when=opt_out.created_at,
            summary=str(_l("Asked not to be invited again")),
            data={"asked_at": opt_out.created_at},
        )
        for opt_out in opt_outs
    ]
    return holdings


def register() -> None:
    register_source(Source("survey", _l("Third-sector survey"), find, order=50))
