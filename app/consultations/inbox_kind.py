"""How a consultation response shows on its inbox item page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.consultations import bp
from app.consultations.models import ConsultationResponse
from app.core.db import db
from app.inbox.kinds import Kind, register_kind


def register_kinds() -> None:
    register_kind(
        Kind(
            "consultation_response",
            "CON",
            _l("Consultation response"),
            template="consultations/inbox_item.html",
        )
    )
    register_kind(
        Kind(
            "young_people_response",
            "CYP",
            _l("Young people’s response"),
            template="consultations/inbox_item.html",
        )
    )


@bp.app_template_global()
def consultation_response_for(item) -> ConsultationResponse | None:
    return db.session.scalar(
        select(ConsultationResponse).where(ConsultationResponse.inbox_item_id == item.id)
    )
