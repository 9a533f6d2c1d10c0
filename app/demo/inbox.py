"""Demo submissions for the kinds whose public forms are still to come, filed
through the same function those forms will call. Repeated runs add nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.admin.subject_access import KIND as SUBJECT_ACCESS
from app.admin.subject_access import log_request
from app.core.models import ServiceArea
from app.demo.content import read
from app.inbox.models import InboxItem, InboxReplyTemplate
from app.inbox.reply_templates import save_template
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
    _load_reply_templates(session)
    return added


# What the commissioning team most often says, in both languages; {name},
# {reference} and {consultation} are filled in from the item.
REPLY_TEMPLATES = [
    (
        "Thank you: we have your response",
        "Dear {name},\n\nThank you for your response to {consultation} (reference "
        "{reference}). Every response is read by the commissioning team, and we will "
        "publish what we heard and what we decided on the consultation's page.\n\n"
        "Elmsworth Borough Council commissioning team",
        "Annwyl {name},\n\nDiolch am eich ymateb i {consultation} (cyfeirnod "
        "{reference}). Mae’r tîm comisiynu yn darllen pob ymateb, a byddwn yn cyhoeddi "
        "beth glywson ni a beth benderfynon ni ar dudalen yr ymgynghoriad.\n\n"
        "Tîm comisiynu Cyngor Bwrdeistref Elmsworth",
    ),
    (
        "We need a little more information",
        "Dear {name},\n\nThank you for getting in touch (reference {reference}). To "
        "help us look at this properly, could you reply to this email with a little more "
        "detail about what you would like us to do?\n\n"
        "Elmsworth Borough Council commissioning team",
        "Annwyl {name},\n\nDiolch am gysylltu â ni (cyfeirnod {reference}). Er mwyn "
        "i ni edrych ar hyn yn iawn, a allech chi ateb yr e-bost hwn gydag ychydig mwy o "
        "fanylion am beth hoffech chi i ni ei wneud?\n\n"
        "Tîm comisiynu Cyngor Bwrdeistref Elmsworth",
    ),
]


def _load_reply_templates(session: Session) -> None:
    have = set(session.scalars(select(InboxReplyTemplate.name)))
    for name, body_en, body_cy in REPLY_TEMPLATES:
        if name not in have:
            save_template(session, None, name=name, body_en=body_en, body_cy=body_cy)
