"""Varied, realistic free-text answers about the youth club proposal, made
from parts, so the demo consultation has enough words to suggest themes from
and the benchmark can make 200,000 of them. Deterministic: the same seed
always gives the same answers."""

from __future__ import annotations

import random
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.consultations.models import Consultation, ConsultationResponse

DEMO_SLUG = "youth-club-evenings-and-weekends"
# Enough answers for suggestions (and few enough to load in seconds).
DEMO_ANSWERS = 300

# What people raise, each in several wordings an adult or a young person might use.
SUBJECTS: dict[str, list[str]] = {
    "saturday": [
        "Saturday afternoons would suit us much better than Monday evenings",
        "Saturdays are when there is nothing to do, so open the clubs then",
        "12 till 5 on a Saturday fits around weekend jobs and football",
        "weekend sessions would be great because school nights are busy",
    ],
    "transport": [
        "the free bus from Marsh Lane is essential, there is no other bus on a Saturday",
        "we live out in the villages and the bus only runs every two hours",
        "a minibus pick up would help children who cannot walk to the hub",
        "bus fares are too expensive for families with three or four children",
    ],
    "safety": [
        "the walk home from Northgate is dark and the streets feel unsafe in winter",
        "better lighting on the path by the river so young people feel safe walking home",
        "parents worry about children travelling alone after dark",
        "there have been fights near the bus station so we need youth workers there",
    ],
    "activities": [
        "more music, art and drama sessions, not just football and pool",
        "a gaming night and coding club would bring older teenagers back",
        "cooking sessions teach real skills and everyone gets a hot meal",
        "trips to the seaside and climbing wall were the best thing last summer",
    ],
    "homework": [
        "homework help and quiet space with computers and wifi would really help",
        "some of us have nowhere quiet to revise, the club could have a study room",
        "internet access and laptops for coursework would make a big difference",
    ],
    "staff": [
        "the youth workers are brilliant and know every young person by name",
        "please keep the same staff, young people trust them and open up to them",
        "more youth workers are needed because sessions are too crowded",
    ],
    "cost": [
        "keep the clubs free, many families here cannot afford paid activities",
        "snacks and trips should stay free or cost very little",
        "paid activities would stop the children who need the club most",
    ],
    "inclusion": [
        "my son has autism and needs a calm quiet room and staff who understand",
        "wheelchair access at Hollinsby is poor, the toilets are upstairs",
        "a girls only session would help girls feel comfortable coming",
        "young carers can only come on certain days so keep some evenings",
    ],
    "evenings": [
        "Monday evenings are the only night my daughter can go, please do not cut it",
        "keep the weekday evening sessions, working parents cannot drive on Saturdays",
        "Thursday evening at Marsh Lane is a lifeline for our estate",
    ],
    "welsh": [
        "mae angen mwy o sesiynau clwb ieuenctid ar ddydd Sadwrn",
        "byddai bws am ddim i’r clwb ieuenctid yn help mawr i’r plant",
        "hoffwn i weld mwy o gerddoriaeth a chelf yn y clwb",
    ],
}
OPENERS = [
    "",
    "I think ",
    "Honestly, ",
    "As a parent, ",
    "As a youth worker, ",
    "From what my kids say, ",
    "For me ",
    "Speaking for our street, ",
]
YOUNG_OPENERS = ["", "I think ", "Me and my friends think ", "tbh ", "I reckon "]
CLOSERS = [
    "",
    ".",
    ". Thank you for asking.",
    ". Please listen to young people on this.",
    ". It would make a real difference.",
    "!",
    ". That is all.",
]


def answers(count: int, *, seed: int = 2026) -> Iterator[tuple[str, str]]:
    """(version, text) pairs: about one in four from a young person, most on one
    subject, some on two."""
    rng = random.Random(seed)  # noqa: S311  (demo text, deterministic on purpose)
    subjects = list(SUBJECTS)
    weights = [9, 8, 6, 7, 4, 5, 4, 3, 4, 1]
    for _ in range(count):
        young = rng.random() < 0.25
        first, *more = rng.choices(subjects, weights, k=2 if rng.random() < 0.3 else 1)
        parts = [rng.choice(SUBJECTS[first])]
        for subject in more:
            if subject != first:
                parts.append(rng.choice(SUBJECTS[subject]))
        opener = rng.choice(YOUNG_OPENERS if young else OPENERS)
        if first == "welsh":
            opener = ""
        text = opener + ", and ".join(parts) + rng.choice(CLOSERS)
        yield ("young_people" if young else "adult"), text[0].upper() + text[1:]


def load_demo_free_text(session: Session, total: int = DEMO_ANSWERS) -> int:
    """Top the youth club consultation up to `total` responses through the real
    services (each one an inbox item), so staff can ask for suggested themes.
    Adds nothing when it already has that many. Returns how many it added."""
    from app.consultations.responding import start_draft, submit_response

    consultation = session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
    if consultation is None or consultation.status != "open":
        return 0
    have = session.scalar(
        select(func.count(ConsultationResponse.id)).where(
            ConsultationResponse.consultation_id == consultation.id
        )
    )
    if have >= total:
        return 0

    def keys(question) -> list[str]:
        # Stored as option keys, so Welsh and English answers count together.
        return [option["key"] for option in question.options]

    rng = random.Random(7)  # noqa: S311  (demo answers, deterministic on purpose)
    questions = consultation.questions
    added = 0
    for version, text in list(answers(total, seed=2026))[have:]:
        values: dict[str, object] = {}
        for question in questions:
            if question.kind == "scale":
                values[str(question.id)] = rng.choice(
                    ["strongly_agree", "agree", "agree", "neither", "disagree"]
                )
            elif question.kind == "single":
                values[str(question.id)] = rng.choice(keys(question))
            elif question.kind == "multiple":
                values[str(question.id)] = rng.sample(keys(question), rng.randint(1, 2))
            elif question.kind == "ranking":
                # Young people pick their top three rather than rank them all.
                picks = min(3, len(question.options)) if version == "young_people" else None
                values[str(question.id)] = rng.sample(
                    keys(question), picks or len(question.options)
                )
            elif question.kind == "yes_no":
                values[str(question.id)] = rng.choice(["yes", "yes", "no"])
            elif question.kind == "free_text":
                values[str(question.id)] = text
        about = (
            {"age_band": rng.choice(["11_13", "14_15", "16_17"])}
            if version == "young_people"
            else {"respondent_type": "individual"}
        )
        draft, _token = start_draft(session, consultation, version)
        draft.data = {"about": about, "answers": values, "equality": {}}
        submit_response(session, consultation, draft, locale="en")
        added += 1
    session.flush()
    return added
