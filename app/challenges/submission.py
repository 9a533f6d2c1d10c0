"""Sending an expression of interest: one transaction files the inbox item,
keeps the immutable copy, moves the documents and queues the acknowledgement."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from flask import render_template, url_for
from flask_babel import force_locale
from sqlalchemy.orm import Session

from app.challenges.choices import BODY_TYPES, PARTNER_ROLES, is_relevant_body
from app.challenges.drafts import digest
from app.challenges.models import ChallengeDraft, ChallengeService, ExpressionOfInterest
from app.challenges.steps import UNCHECKED, first_incomplete
from app.challenges.windows import availability, decision_period_ends, notify_by
from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.inbox.models import InboxStatusChange
from app.inbox.services import file_submission


class NotReady(Exception):
    """The draft lacks an answer the regulations require."""

    def __init__(self, step) -> None:
        super().__init__(step.slug)
        self.step = step


class ServiceRefused(Exception):
    """The service is excluded, or its window is closed."""


OTHER_SERVICE = 0  # the "another service" answer: any service the council provides


def service_label(answers: dict, service: ChallengeService | None) -> str:
    if service is not None:
        return service.name
    return f"{answers.get('other_service_name', '')} (not listed)"


def plain_text(answers: dict, service: ChallengeService | None) -> str:
    """The submission as the inbox reads and searches it."""
    lines = [
        f"Body: {answers['body_name']} ({BODY_TYPES[answers['body_type']]})",
        f"Service: {service_label(answers, service)}",
        f"Area: {answers['area']}",
        "",
        f"Financial resources:\n{answers['financial_resources']}",
        f"Capability:\n{answers['capability']}",
        f"Who would deliver the service:\n{answers['delivered_by']}",
        f"Outcomes:\n{answers['outcomes']}",
        f"Well-being of the area:\n{answers['wellbeing']}",
        f"Users' needs:\n{answers['users_needs']}",
    ]
    if service is None and answers.get("other_service_description"):
        lines.insert(3, f"About the service:\n{answers['other_service_description']}")
    if not is_relevant_body(answers["body_type"]):
        lines.insert(1, "Not one of the relevant bodies in Localism Act 2011 s.81(6)")
    if answers.get("engagement"):
        lines.append(f"Engaging other employees:\n{answers['engagement']}")
    for partner in answers.get("partners", []):
        lines.append(
            f"{PARTNER_ROLES[partner['role']]}: {partner['name']}\n"
            f"Financial resources: {partner['financial_resources']}\n"
            f"Capability: {partner['capability']}"
        )
    return "\n\n".join(lines)


def render_copy(
    answers: dict,
    service: ChallengeService | None,
    reference: str,
    submitted_at: datetime,
    documents: list,
    locale: str,
) -> str:
    """A complete HTML document of what was sent, in the sender's language."""
    with force_locale(locale):
        return render_template(
            "challenges/copy.html",
            answers=answers,
            service=service,
            reference=reference,
            submitted_at=submitted_at,
            documents=documents,
            locale=locale,
            body_types=BODY_TYPES,
            partner_roles=PARTNER_ROLES,
        )


def submit(
    session: Session, draft: ChallengeDraft, today: date, token: str
) -> ExpressionOfInterest:
    """Turn a complete draft into an expression of interest; the caller commits."""
    if draft.token_hash != digest(token):
        raise ValueError("the token does not open this draft")
    answers = dict(draft.answers)
    missing = first_incomplete(answers)
    if missing is not None:
        raise NotReady(missing)
    service = None
    window = None
    if answers["service_id"] != OTHER_SERVICE:
        service = session.get(ChallengeService, answers["service_id"])
        if service is None:
            raise ServiceRefused()
        open_now = availability(service, today)
        if not open_now.accepting:
            raise ServiceRefused()
        window = open_now.window

    received_at = utcnow()
    item = file_submission(
        session,
        kind="challenge",
        subject=f"{answers['body_name']}: {service_label(answers, service)}",
        # A service the council does not list has no area yet: the whole
        # council's staff see it until someone files it.
        service_area=service.service_area if service is not None else None,
        source_key=f"service:{service.id}" if service is not None else None,
        submitter_name=answers["contact_name"],
        submitter_email=answers["contact_email"],
        submitter_locale=draft.locale,
        body_text=plain_text(answers, service),
        received_at=received_at,
    )
    deadline = notify_by(today, window)
    item.status = "received"
    item.due_on = deadline
    session.add(
        InboxStatusChange(
            item_id=item.id,
            from_status="new",
            to_status="received",
            note="Acknowledgement sent",
            created_at=received_at,
        )
    )
    documents = list(draft.documents)
    answers.pop("partners_seen", None)
    answers.pop(UNCHECKED, None)
    copy_html = render_copy(answers, service, item.reference, received_at, documents, draft.locale)
    eoi = ExpressionOfInterest(
        inbox_item=item,
        reference=item.reference,
        service=service,
        other_service_name=answers.get("other_service_name", "") if service is None else "",
        other_service_description=(
            answers.get("other_service_description", "") if service is None else ""
        ),
        decision_period_ends_on=decision_period_ends(service, today, window),
        body_name=answers["body_name"],
        body_type=answers["body_type"],
        contact_email=answers["contact_email"],
        submitted_at=received_at,
        answers=answers,
        copy_html=copy_html,
        copy_sha256=hashlib.sha256(copy_html.encode()).hexdigest(),
        notify_by=deadline,
    )
    session.add(eoi)
    session.flush()
    for document in documents:
        document.eoi_id = eoi.id
        document.draft_id = None
    subject, body = render_email(
        "challenges/email/acknowledgement.txt",
        draft.locale,
        reference=item.reference,
        body_name=answers["body_name"],
        service_name=eoi.service_name(draft.locale),
        notify_by=deadline,
        decision_period_ends_on=eoi.decision_period_ends_on,
        track_url=url_for("pages.track", _external=True),
    )
    queue_email(
        session,
        to=answers["contact_email"],
        subject=subject,
        body=body,
        locale=draft.locale,
        reference=item.reference,
    )
    session.delete(draft)
    return eoi
