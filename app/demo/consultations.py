"""Demo consultations for the fictional Elmsworth Borough Council: one open
with a young people's version, one closed with its outcome published, one
forthcoming. Dates are set from the day they are first loaded, and a
consultation already there is left alone, so repeated runs change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.consultations.models import Consultation, SafeguardingPhrase
from app.consultations.services import add_question, create_consultation, set_published
from app.core.db import utcnow
from app.core.models import ServiceArea
from app.demo.content import read


def _at_day(days: int, hour: int) -> datetime:
    day = (utcnow() + timedelta(days=days)).date()
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _demo_responses(session: Session, consultation: Consultation, responses) -> None:
    from app.consultations.responding import start_draft, submit_response

    for version, about, values in responses:
        draft, _token = start_draft(session, consultation, version)
        answers = {
            str(question.id): value
            for question, value in zip(consultation.questions, values, strict=True)
            if value is not None
        }
        about = dict(about)
        locale = about.pop("locale", "en")
        draft.data = {"about": about, "answers": answers, "equality": {}}
        submit_response(session, consultation, draft, locale=locale)


def load_demo_consultations(session: Session) -> int:
    areas = {area.slug: area for area in session.scalars(select(ServiceArea))}
    existing = set(session.scalars(select(Consultation.slug)))
    added = 0
    for spec in read("consultations")["consultations"]:
        if spec["slug"] in existing or spec["area"] not in areas:
            continue
        consultation = create_consultation(
            session,
            {
                "title": spec["title"],
                "summary": spec["summary"],
                "background_html": spec["background_html"],
                "service_area_id": areas[spec["area"]].id,
                "opens_at": _at_day(spec["opens_in_days"], 9),
                "closes_at": _at_day(spec["closes_in_days"], 23),
                "contact_name": spec["contact_name"],
                "contact_email": spec["contact_email"],
                "postal_address": spec["postal_address"],
                "young_people_version": spec["young"],
                "young_people_intro": spec["young_intro"],
                "plan_slugs": spec["plans"],
                # The demo council writes everything it shows in Welsh too.
                "title_cy": spec.get("title_cy", ""),
                "summary_cy": spec.get("summary_cy", ""),
                "background_html_cy": spec.get("background_html_cy", ""),
                "young_people_intro_cy": spec.get("young_intro_cy", ""),
            },
        )
        consultation.slug = spec["slug"]
        for question in spec["questions"]:
            add_question(
                session,
                consultation,
                {
                    "help_text": "",
                    "young_text": "",
                    "young_help_text": "",
                    "choices": [],
                    "max_length": None,
                    "required": False,
                    **question,
                },
            )
        outcome = spec.get("outcome")
        if outcome:
            consultation.outcome_asked = outcome["asked"]
            consultation.outcome_said = outcome["said"]
            consultation.outcome_did = outcome["did"]
            consultation.outcome_next = outcome["next"]
            consultation.outcome_young_summary = outcome["young"]
            for name in ("asked", "said", "did", "next"):
                setattr(consultation, f"outcome_{name}_cy", outcome.get(f"{name}_cy", ""))
            consultation.outcome_young_summary_cy = outcome.get("young_cy", "")
            consultation.outcome_response_count = outcome["count"]
            consultation.outcome_published_at = consultation.closes_at + timedelta(days=30)
        set_published(session, consultation, True)
        if spec.get("responses"):
            session.flush()
            _demo_responses(session, consultation, spec["responses"])
        added += 1
    known = set(session.scalars(select(SafeguardingPhrase.phrase)))
    for phrase in read("consultations")["safeguarding_phrases"]:
        if phrase not in known:
            session.add(SafeguardingPhrase(phrase=phrase))
    session.flush()
    return added
