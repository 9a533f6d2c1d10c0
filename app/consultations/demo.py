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

SAFEGUARDING_PHRASES = [
    "hurts me",
    "hit me",
    "hits me",
    "not safe at home",
    "don't feel safe",
    "scared to go home",
    "kill myself",
    "hurt myself",
    "self harm",
    "touched me",
    "no food at home",
    "being bullied",
]

YOUTH_CLUBS = {
    "slug": "youth-club-evenings-and-weekends",
    "title": "Youth club evenings and weekends",
    "area": "children-and-families",
    "summary": (
        "We want to move two of our four youth club sessions from weekday evenings to "
        "Saturday afternoons. Tell us which times would work for you."
    ),
    "background_html": (
        "<p>Elmsworth's youth service runs clubs at Hollinsby, Marsh Lane, Northgate and "
        "the Riverside hub. Last year 1,140 young people aged 11 to 17 came at least once.</p>"
        "<p>Attendance on Monday and Tuesday evenings has fallen by a third since 2024, while "
        "young people keep asking us for somewhere to go at weekends. We propose to:</p>"
        "<ul><li>keep Wednesday and Thursday evening sessions at every club</li>"
        "<li>replace Monday and Tuesday evenings with Saturday sessions from 12:00 to 17:00</li>"
        "<li>run a free bus from Marsh Lane to the Riverside hub on Saturdays</li></ul>"
        "<p>The budget stays the same. No youth worker posts would be lost.</p>"
    ),
    "opens_in_days": -10,
    "closes_in_days": 25,
    "young": True,
    "young_intro": (
        "We run youth clubs. We might change the days they are open. "
        "We want to know what you think."
    ),
    "contact_name": "Youth service engagement team",
    "contact_email": "youth.voice@elmsworth.gov.example",
    "postal_address": "Youth Service, Elmsworth Town Hall, Market Square, Elmsworth EL1 1AA",
    "plans": ["youth-service-in-house"],
    "questions": [
        {
            "kind": "scale",
            "text": "To what extent do you agree with moving two evening sessions to Saturdays?",
            "young_text": "Should some youth club sessions move to Saturdays?",
            "required": True,
            "page": 1,
        },
        {
            "kind": "single",
            "text": "Which youth club is nearest to you?",
            "young_text": "Which youth club is nearest to you?",
            "choices": ["Hollinsby", "Marsh Lane", "Northgate", "Riverside hub", "I don't know"],
            "page": 1,
        },
        {
            "kind": "multiple",
            "text": "When could the young people you know go to a youth club?",
            "young_text": "When could you go to youth club?",
            "help_text": "Select all that apply.",
            "young_help_text": "You can pick more than one.",
            "choices": ["Weekday evenings", "Saturday afternoons", "Sunday afternoons"],
            "page": 2,
        },
        {
            "kind": "ranking",
            "text": "Rank these youth club activities by how much they matter to you",
            "young_text": "Put these youth club activities in order. 1 is the best.",
            "choices": ["Sport", "Music and art", "Homework help", "Trips"],
            "page": 2,
        },
        {
            "kind": "yes_no",
            "text": "Would a free Saturday bus make it easier to get to a club?",
            "young_text": "Would a free bus on Saturdays help you get to youth club?",
            "page": 3,
        },
        {
            "kind": "free_text",
            "text": "Is there anything else you would like to tell us about the proposal?",
            "young_text": "Is there anything else you want to tell us?",
            "max_length": 2000,
            "page": 3,
        },
    ],
}

LIBRARIES = {
    "slug": "library-opening-hours-2026",
    "title": "Library opening hours 2026",
    "area": "communities-and-leisure",
    "summary": (
        "We asked how branch libraries should open from April 2026, after visits changed "
        "since the pandemic."
    ),
    "background_html": (
        "<p>We proposed opening the five branch libraries an hour later on weekdays and "
        "staying open until 16:00 on Saturdays.</p>"
    ),
    "opens_in_days": -120,
    "closes_in_days": -60,
    "young": True,
    "young_intro": "We asked when you want to use the library.",
    "contact_name": "Libraries and information service",
    "contact_email": "libraries@elmsworth.gov.example",
    "postal_address": "",
    "plans": ["library-service-review"],
    "questions": [
        {
            "kind": "scale",
            "text": "To what extent do you agree with the proposed opening hours?",
            "young_text": "Do you like the new library times?",
            "required": True,
            "page": 1,
        },
        {
            "kind": "free_text",
            "text": "How would the change affect you?",
            "young_text": "How would this change things for you?",
            "page": 1,
        },
    ],
    "outcome": {
        "asked": (
            "Whether branch libraries should open an hour later on weekdays and stay open "
            "until 16:00 on Saturdays."
        ),
        "said": (
            "Most people supported longer Saturday hours. Parents and carers told us a later "
            "weekday start would clash with rhyme-time sessions, and students asked for quiet "
            "study space after school."
        ),
        "did": (
            "Saturday hours are extended from April 2026. Weekday opening stays at 09:30 on "
            "Tuesdays and Thursdays so rhyme time can continue, and Hollinsby and Northgate "
            "open until 19:00 on weekdays in term time for study."
        ),
        "next": "We will count visits again in March 2027 and report the results here.",
        "young": (
            "You told us you want somewhere quiet to do homework. Two libraries will now stay "
            "open until 7pm on school days."
        ),
        "count": 412,
    },
}

PARKS = {
    "slug": "play-parks-investment-plan",
    "title": "Play parks investment plan",
    "area": "environment-and-waste",
    "summary": (
        "We will ask which of the borough's 38 play parks should be refurbished first over "
        "the next five years."
    ),
    "background_html": (
        "<p>A survey of play equipment found 11 play parks that will need major work by 2030. "
        "We will publish the survey and a shortlist when the consultation opens.</p>"
    ),
    "opens_in_days": 14,
    "closes_in_days": 70,
    "young": False,
    "young_intro": "",
    "contact_name": "Parks and open spaces",
    "contact_email": "parks@elmsworth.gov.example",
    "postal_address": "",
    "plans": [],
    "questions": [
        {
            "kind": "free_text",
            "text": "Which play park do you use most, and what would you change about it?",
            "page": 1,
        }
    ],
}

# Answers by question position; filed through the same function the form uses.
YOUTH_CLUBS["responses"] = [
    (
        "adult",
        {"respondent_type": "individual", "name": "Dawn Pritchard"},
        ["agree", "Marsh Lane", ["Saturday afternoons"], ["Sport", "Trips", "Music and art",
         "Homework help"], "yes", "My two lads both have Saturday jobs in the morning, so "
         "12 till 5 works. Please keep the Thursday session at Marsh Lane."],
    ),
    (
        "adult",
        {"respondent_type": "organisation", "organisation_name": "Northgate Residents' Forum"},
        ["disagree", "Northgate", ["Weekday evenings"], None, "no",
         "Northgate families rely on Monday evenings. A bus to Riverside does not help "
         "children who are not allowed to travel on their own."],
    ),
    (
        "young_people",
        {"age_band": "11_13"},
        ["strongly_agree", "Riverside hub", ["Saturday afternoons", "Sunday afternoons"],
         ["Music and art", "Sport", "Trips", "Homework help"], "yes",
         "Saturdays are boring and there is nowhere to go. More music please."],
    ),
    (
        "young_people",
        {"age_band": "14_15"},
        ["neither", "I don't know", None, None, "yes", "Can there be wifi at the clubs"],
    ),
]  # fmt: skip

DEMO_CONSULTATIONS = [YOUTH_CLUBS, LIBRARIES, PARKS]


def _at_day(days: int, hour: int) -> datetime:
    day = (utcnow() + timedelta(days=days)).date()
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _demo_responses(session: Session, consultation: Consultation, responses) -> None:
    from app.consultations.responding import start_draft, submit_response

    for version, about, values in responses:
        draft = start_draft(session, consultation, version)
        answers = {
            str(question.id): value
            for question, value in zip(consultation.questions, values, strict=True)
            if value is not None
        }
        draft.data = {"about": about, "answers": answers, "equality": {}}
        submit_response(session, consultation, draft, locale="en")


def load_demo_consultations(session: Session) -> int:
    areas = {area.slug: area for area in session.scalars(select(ServiceArea))}
    existing = set(session.scalars(select(Consultation.slug)))
    added = 0
    for spec in DEMO_CONSULTATIONS:
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
            consultation.outcome_response_count = outcome["count"]
            consultation.outcome_published_at = consultation.closes_at + timedelta(days=30)
        set_published(session, consultation, True)
        if spec.get("responses"):
            session.flush()
            _demo_responses(session, consultation, spec["responses"])
        added += 1
    known = set(session.scalars(select(SafeguardingPhrase.phrase)))
    for phrase in SAFEGUARDING_PHRASES:
        if phrase not in known:
            session.add(SafeguardingPhrase(phrase=phrase))
    session.flush()
    return added
