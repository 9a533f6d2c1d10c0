"""A consultation whose free-text question has answers about a few clear subjects."""

from __future__ import annotations

import random

from app.consultations.models import ConsultationAnswer, ConsultationResponse
from app.inbox.services import file_submission

SUBJECTS = {
    "buses": [
        "The buses are late every morning and the route to town was cut",
        "Bus timetable is unreliable, buses late, route cut back",
        "Please bring back the evening bus route, buses are always late",
    ],
    "parks": [
        "The park needs better lighting and safer paths after dark",
        "Park paths are dark at night, more lighting would make it safer",
        "Fix the lighting in the park so the paths feel safer",
    ],
    "library": [
        "Library opening hours should be longer at weekends",
        "Open the library longer on Saturday, weekend hours are too short",
        "Longer library hours at weekends would help students",
    ],
}


def answer(session, consultation, question, text: str, version: str = "adult", n: int = 0):
    kind = "young_people_response" if version == "young_people" else "consultation_response"
    item = file_submission(
        session,
        kind=kind,
        subject=f"Response {n}",
        service_area=consultation.service_area,
        body_text=text,
    )
    response = ConsultationResponse(
        consultation_id=consultation.id,
        reference=item.reference,
        inbox_item_id=item.id,
        version=version,
        respondent_type=None if version == "young_people" else "individual",
        submission_key=f"key-{consultation.id}-{n}-{random.random()}",
        answers=[ConsultationAnswer(question_id=question.id, value=text)],
    )
    session.add(response)
    return response


def themed_answers(session, consultation, question, per_subject: int = 20, start: int = 0):
    """`per_subject` answers on each subject; every fourth one from a young person."""
    n = start
    for subject, texts in SUBJECTS.items():
        for i in range(per_subject):
            version = "young_people" if i % 4 == 0 else "adult"
            answer(
                session, consultation, question, texts[i % len(texts)] + f" ({subject})", version, n
            )
            n += 1
    session.commit()
    return n
