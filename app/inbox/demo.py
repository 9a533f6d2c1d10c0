"""Demo submissions for the kinds whose public forms are still to come, filed
through the same function those forms will call. Repeated runs add nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.models import ServiceArea
from app.inbox.models import InboxItem
from app.inbox.services import file_submission

DEMO_SUBMISSIONS = [
    {
        "kind": "challenge",
        "subject": "Expression of interest: running Hollinsby community library",
        "area": "communities-culture-and-leisure",
        "submitter_name": "Friends of Hollinsby Library (CIO)",
        "submitter_email": "chair@hollinsbylibraryfriends.example",
        "body_text": (
            "We are a charitable incorporated organisation of 40 volunteers. We would like "
            "to run the library from April 2028, keeping today's opening hours and adding "
            "Saturday homework clubs.\n\nOur reserves and a pledged community share offer "
            "would cover the first two years."
        ),
        "received_at": datetime(2026, 11, 9, 10, 15, tzinfo=UTC),
    },
    {
        "kind": "consultation_response",
        "subject": "Response: day opportunities for adults with learning disabilities",
        "area": "adult-social-care",
        "submitter_name": "Margaret Okafor",
        "submitter_email": "m.okafor@example.com",
        "body_text": (
            "My son has used the Brook Street centre for eleven years. Community activities "
            "sound good, but he needs the same faces every day. Please keep a quiet base."
        ),
        "received_at": datetime(2026, 11, 14, 19, 42, tzinfo=UTC),
    },
    {
        "kind": "young_people_response",
        "subject": "Young people’s response: youth service",
        "area": "children-and-families",
        "submitter_locale": "en",
        "body_text": "I want the youth club open on Fridays. There is nothing to do in Coldwater.",
        "received_at": datetime(2026, 11, 16, 16, 5, tzinfo=UTC),
    },
    {
        "kind": "supplier_registration",
        "subject": "Supplier registration: Carrow Bridge Community Transport CIC",
        "area": "highways-and-transport",
        "submitter_name": "Dev Mistry",
        "submitter_email": "dev@carrowbridgect.example",
        "body_text": "Community interest company, 12 staff and 30 volunteer drivers.",
        "received_at": datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
    },
    {
        "kind": "event_booking",
        "subject": "Booking: meet the buyer, home care (2 places)",
        "area": "adult-social-care",
        "submitter_name": "Gwen Parry",
        "submitter_email": "gwen@cartrefcare.example",
        "submitter_locale": "cy",
        "body_text": "Access needs: step-free access for one attendee.",
        "received_at": datetime(2026, 11, 19, 13, 30, tzinfo=UTC),
    },
    {
        "kind": "survey_response",
        "subject": "Third-sector survey, autumn 2026",
        "area": None,
        "submitter_name": "Elmsworth Food Partnership",
        "body_text": (
            "Payment terms of 30 days are hard for small groups: we had to borrow to "
            "cover staff wages while waiting for our last grant claim."
        ),
        "received_at": datetime(2026, 11, 20, 11, 12, tzinfo=UTC),
    },
]


def load_demo_inbox(session: Session) -> int:
    areas = {area.slug: area for area in session.scalars(select(ServiceArea))}
    existing = set(session.scalars(select(InboxItem.subject)))
    added = 0
    for spec in DEMO_SUBMISSIONS:
        if spec["subject"] in existing:
            continue
        fields = {key: value for key, value in spec.items() if key != "area"}
        file_submission(session, service_area=areas.get(spec["area"] or ""), **fields)
        added += 1
    return added
