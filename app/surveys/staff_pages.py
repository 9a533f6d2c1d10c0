"""What every staff survey page shares: finding the wave and auditing a
change to it."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from app.core.audit import record
from app.core.db import db
from app.surveys.models import SurveyWave


def wave_or_404(wave_id: int) -> SurveyWave:
    wave = db.session.get(SurveyWave, wave_id)
    if wave is None:
        abort(404)
    return wave


def audit_wave(action: str, wave: SurveyWave, summary: str, **details) -> None:
    record(
        db.session,
        action,
        actor=current_user,
        object_type="survey_wave",
        object_ref=wave.slug,
        summary=summary,
        details={"id": wave.id, **details},
        request=request,
    )
