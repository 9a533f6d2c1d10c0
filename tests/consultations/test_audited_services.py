"""Each change to a consultation, its questions, documents and outcome, and
to the safeguarding list, records its own audit entry with no page involved."""

from __future__ import annotations

from sqlalchemy import select

from app.consultations import services
from app.core.audit import AuditEvent
from tests.consultations.conftest import consultation_data, question_data
from tests.consultations.test_documents import PDF


def trail(session, ref: str) -> list[tuple[str, str, dict | None]]:
    return [
        (event.action, event.summary, event.details)
        for event in session.scalars(
            select(AuditEvent).where(AuditEvent.object_ref == ref).order_by(AuditEvent.id)
        )
    ]


def test_a_consultations_changes_are_audited_by_its_services(session, area):
    consultation = services.create_consultation(session, consultation_data(area.id))
    first = services.add_question(
        session, consultation, question_data(kind="yes_no", text="First?")
    )
    second = services.add_question(
        session, consultation, question_data(kind="yes_no", text="Second?")
    )
    services.move_question(session, second, -1)
    services.remove_question(session, first)
    document = services.add_document(session, consultation, "Proposal", "proposal.pdf", PDF)
    document_id = document.id
    services.remove_document(session, consultation, document)
    services.set_published(session, consultation, True)
    session.commit()

    cid = consultation.id
    assert trail(session, consultation.slug) == [
        ("consultation.create", "Created a draft consultation", {"id": cid}),
        ("consultation.question", "Added a question", {"id": cid, "question": first.id}),
        ("consultation.question", "Added a question", {"id": cid, "question": second.id}),
        ("consultation.question", "Moved a question", {"id": cid, "question": second.id}),
        ("consultation.question", "Removed a question", {"id": cid, "question": first.id}),
        ("consultation.update", "Added a document", {"id": cid, "document": document_id}),
        ("consultation.update", "Removed a document", {"id": cid, "document": document_id}),
        ("consultation.publish", "Published a consultation", {"id": cid}),
    ]


def test_the_safeguarding_list_audits_its_changes(session):
    phrase = services.add_phrase(session, "  Hurt  Myself ")
    session.commit()
    services.remove_phrase(session, phrase)
    session.commit()
    assert trail(session, "hurt myself") == [
        ("consultation.phrase_add", "Changed the safeguarding list", None),
        ("consultation.phrase_remove", "Changed the safeguarding list", None),
    ]
