"""Builders for consultations with questions, open by default."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.db import utcnow


def consultation_data(area_id: int, **overrides) -> dict:
    now = utcnow()
    data = {
        "title": "Changes to library opening hours",
        "summary": "We propose to open branch libraries later on weekdays and longer on Saturdays.",
        "background_html": "<p>Visits have <strong>changed</strong>.</p><script>alert(1)</script>",
        "service_area_id": area_id,
        "opens_at": now - timedelta(days=7),
        "closes_at": now + timedelta(days=21),
        "contact_name": "Libraries team",
        "contact_email": "libraries@elmsworth.gov.example",
        "postal_address": "Libraries, Town Hall, Elmsworth EL1 1AA",
        "young_people_version": True,
        "young_people_intro": "We want to know when you use the library.",
        "plan_slugs": [],
    }
    data.update(overrides)
    return data


QUESTIONS = [
    {
        "kind": "scale",
        "text": "Do you agree with the proposed opening hours?",
        "young_text": "Do you like the new library times?",
        "required": True,
        "page": 1,
    },
    {
        "kind": "single",
        "text": "Which library do you use most?",
        "choices": ["Central", "Hollinsby", "Marsh Lane"],
        "required": False,
        "page": 1,
    },
    {
        "kind": "multiple",
        "text": "When would you visit?",
        "choices": ["Weekday mornings", "Weekday evenings", "Saturdays"],
        "required": False,
        "page": 2,
    },
    {
        "kind": "ranking",
        "text": "Rank these services",
        "choices": ["Books", "Computers", "Events"],
        "required": False,
        "page": 2,
    },
    {"kind": "yes_no", "text": "Do you have a library card?", "required": False, "page": 3},
    {
        "kind": "free_text",
        "text": "Anything else you want to tell us?",
        "young_text": "Is there anything else?",
        "required": False,
        "max_length": 500,
        "page": 3,
    },
]


def question_data(**values) -> dict:
    data = {
        "help_text": "",
        "choices": [],
        "max_length": None,
        "young_text": "",
        "young_help_text": "",
        "required": False,
        "page": 1,
    }
    data.update(values)
    return data


@pytest.fixture
def make_consultation(session, area):
    from app.consultations.services import (
        add_question,
        create_consultation,
        set_published,
    )

    def build(published: bool = True, questions=QUESTIONS, **overrides):
        consultation = create_consultation(session, consultation_data(area.id, **overrides))
        for values in questions:
            add_question(session, consultation, question_data(**values))
        if published:
            set_published(session, consultation, True)
        session.commit()
        return consultation

    return build


def question_ids(consultation) -> dict[str, str]:
    """Each question's form field name, keyed by its kind."""
    return {q.kind: f"q{q.id}" for q in consultation.questions}
