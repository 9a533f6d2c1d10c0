"""Changes staff make to the services open to challenge and their windows.
Every function works in the caller's transaction."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.challenges.models import ChallengeService, ChallengeWindow
from app.core import audit
from app.core.db import utcnow


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100] or "service"


def _unused_slug(session: Session, name: str) -> str:
    base = slugify(name)
    slug, number = base, 1
    while session.scalar(select(exists().where(ChallengeService.slug == slug))):
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_service(session: Session, data: dict) -> ChallengeService:
    service = ChallengeService(slug=_unused_slug(session, data["name"]), **data)
    session.add(service)
    session.flush()
    audit.record(
        session,
        "challenge_service.create",
        obj=service,
        summary="Added a service open to challenge",
    )
    return service


def update_service(session: Session, service: ChallengeService, data: dict) -> list[str]:
    changed = [name for name, value in data.items() if getattr(service, name) != value]
    for name in changed:
        setattr(service, name, data[name])
    if changed:
        service.updated_at = utcnow()
        audit.record(
            session,
            "challenge_service.update",
            obj=service,
            summary="Changed a service",
            details={"fields": changed},
        )
    return changed


def overlapping(service: ChallengeService, opens_on: date, closes_on: date) -> bool:
    return any(w.opens_on <= closes_on and opens_on <= w.closes_on for w in service.windows)


def add_window(
    session: Session, service: ChallengeService, opens_on: date, closes_on: date
) -> ChallengeWindow:
    window = ChallengeWindow(opens_on=opens_on, closes_on=closes_on)
    service.windows.append(window)
    service.updated_at = utcnow()
    session.flush()
    _audit_window(session, service, window, "Added a submission window")
    return window


def remove_window(session: Session, service: ChallengeService, window: ChallengeWindow) -> None:
    _audit_window(session, service, window, "Removed a submission window")
    service.windows.remove(window)
    service.updated_at = utcnow()


def _audit_window(
    session: Session, service: ChallengeService, window: ChallengeWindow, summary: str
) -> None:
    audit.record(
        session,
        "challenge_service.update",
        obj=service,
        summary=summary,
        details={"opens_on": str(window.opens_on), "closes_on": str(window.closes_on)},
    )
