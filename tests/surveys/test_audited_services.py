"""Staff changes to a survey wave record their own audit entries with no
page involved; the daily command's own work (through `waves`) does not."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.db import utcnow
from app.surveys import services, waves


def trail(session) -> list[tuple[str, str, dict | None]]:
    return [
        (event.action, event.summary, event.details)
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_a_waves_changes_are_audited_by_the_service(session):
    opens = utcnow() + timedelta(days=30)
    wave = services.create_wave(
        session, opens, opens + timedelta(days=21), confirmed=False, title="Spring survey"
    )
    services.update_wave(session, wave, {"title": "Spring survey 2027"})
    services.confirm_wave(session, wave)
    services.confirm_wave(session, wave)  # already confirmed: nothing to record
    services.save_summary(session, wave, "You said it.", "We did it.")
    session.commit()

    wid = wave.id
    assert trail(session) == [
        ("survey.wave_created", "Spring survey", {"id": wid}),
        ("survey.wave_changed", "Spring survey 2027", {"id": wid}),
        ("survey.wave_confirmed", "Spring survey 2027", {"id": wid}),
        ("survey.summary", "Changed “You said, we did”", {"id": wid}),
    ]
    entry = session.scalar(select(AuditEvent))
    assert (entry.object_type, entry.object_ref, entry.actor_id) == (
        "survey_wave",
        wave.slug,
        None,
    )


def test_the_systems_own_wave_work_is_not_a_staff_change(session):
    opens = utcnow() + timedelta(days=30)
    waves.create_wave(session, opens, opens + timedelta(days=21), confirmed=True)
    session.commit()
    assert trail(session) == []
