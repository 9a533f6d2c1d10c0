"""Erasing someone who has used every part of the portal (a consultation
response, the Right to Challenge, the supplier register and an event, the
survey, a reply from the inbox): afterwards no column of any table holds
their name or email, and Omar, in some of the same places, keeps
everything."""

from __future__ import annotations

from pathlib import Path

from app.core.db import db
from app.core.erasure import erase
from app.core.offline import offline_request_context
from app.core.personal_data import parse_needle
from tests.privacy.traces import traces_in_database, traces_on_disk
from tests.subject_people import *  # noqa: F403  (fixtures)
from tests.subject_people import OMAR, RUTH

# (Not the phone number: the fixtures give Omar the same one.)
RUTHS = (RUTH.lower(), "ruth adeyemi", "adeyemi")
OMARS = (OMAR, "omar haddad")


def test_nothing_of_ruth_is_left_and_omar_keeps_his(app, session, ruth, omar):
    assert traces_in_database(RUTHS)
    with offline_request_context():
        done = erase(session, parse_needle(RUTH), reason="She asked us to", actor=None)
    session.commit()
    assert set(ruth.references.values()) <= {*done.references, *done.held} | {
        # Her young people's response never held her details.
        ruth.references["young"]
    }
    db.session.remove()
    assert traces_in_database(RUTHS) == []
    assert traces_on_disk(Path(app.instance_path), RUTHS) == []
    assert len(traces_in_database(OMARS)) >= 4


def test_past_every_period_nothing_of_either_is_left(app, session, ruth, omar):
    """Every record reaches the end it is counted from (the challenge is
    decided, the emails are sent), then the run is made ten years on."""
    from datetime import timedelta

    from sqlalchemy import update

    from app.challenges.models import ExpressionOfInterest
    from app.core.db import utcnow
    from app.core.london_time import london_today
    from app.core.outbox.models import OutboxMessage
    from app.core.retention import run

    assert traces_in_database(RUTHS)
    assert traces_in_database(OMARS)
    session.execute(update(ExpressionOfInterest).values(decided_at=utcnow(), decision="accept"))
    session.execute(update(OutboxMessage).values(status="sent", sent_at=utcnow()))
    session.commit()
    with offline_request_context():
        outcome = run(session, as_of=london_today() + timedelta(days=3660))
    assert outcome.errors == []
    db.session.remove()
    assert traces_in_database(RUTHS) == []
    assert traces_in_database(OMARS) == []
    assert traces_on_disk(Path(app.instance_path), RUTHS + OMARS) == []
