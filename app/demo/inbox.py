"""Demo submissions for the kinds whose public forms are still to come, filed
through the same function those forms will call. Repeated runs add nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.admin.subject_access import KIND as SUBJECT_ACCESS
from app.admin.subject_access import log_request
from app.core.models import ServiceArea
from app.demo.content import read
from app.inbox.models import InboxItem
from app.inbox.services import file_submission


def load_demo_inbox(session: Session) -> int:
    areas = {area.slug: area for area in session.scalars(select(ServiceArea))}
    existing = set(session.scalars(select(InboxItem.subject)))
    added = 0
    for spec in read("inbox")["submissions"]:
        if spec["subject"] in existing:
            continue
        if spec["kind"] == SUBJECT_ACCESS:
            # Logged by an administrator, so it takes the same path and gets
            # its statutory due date.
            log_request(session, spec["submitter_email"], spec["received_at"].date())
        else:
            fields = {key: value for key, value in spec.items() if key != "area"}
            file_submission(session, service_area=areas.get(spec["area"] or ""), **fields)
        added += 1
    return added
