"""Reply templates: the replies the team sends again and again, written once
in English and Welsh by administrators, with placeholders filled from the
item when a commissioner starts a reply from one.

Placeholders: {name} (the submitter's name), {reference} and
{consultation} (the title of the consultation answered; for other kinds,
the item's subject). Anything else in braces is left as it is."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.inbox.models import InboxItem, InboxReplyTemplate

PLACEHOLDERS = ("{name}", "{reference}", "{consultation}")
CONSULTATION_KINDS = frozenset({"consultation_response", "young_people_response"})


def all_templates(session: Session) -> list[InboxReplyTemplate]:
    return list(session.scalars(select(InboxReplyTemplate).order_by(InboxReplyTemplate.name)))


def consultation_title(item: InboxItem) -> str:
    """Responses are filed as "Response: <title>": the title is what follows."""
    if item.kind in CONSULTATION_KINDS and ": " in item.subject:
        return item.subject.split(": ", 1)[1]
    return item.subject


def fill(template: InboxReplyTemplate, item: InboxItem) -> str:
    """The template's text in the submitter's language (English when it has
    no Welsh), with the item's details in place of the placeholders."""
    text = (
        template.body_cy if item.submitter_locale == "cy" and template.body_cy else template.body_en
    )
    with force_locale(item.submitter_locale):
        name = item.submitter_name or _("Sir or Madam")
    values = {
        "{name}": name,
        "{reference}": item.reference,
        "{consultation}": consultation_title(item),
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def save_template(
    session: Session,
    template: InboxReplyTemplate | None,
    *,
    name: str,
    body_en: str,
    body_cy: str,
) -> InboxReplyTemplate:
    created = template is None
    if template is None:
        template = InboxReplyTemplate()
        session.add(template)
    template.name = " ".join(name.split())
    template.body_en = body_en.strip()
    template.body_cy = (body_cy or "").strip()
    session.flush()
    audit.record(
        session,
        "reply_template.update",
        object_type="inbox_reply_template",
        object_ref=str(template.id),
        summary=("Added" if created else "Changed") + f" reply template {template.name}",
    )
    return template


def delete_template(session: Session, template: InboxReplyTemplate) -> None:
    audit.record(
        session,
        "reply_template.update",
        object_type="inbox_reply_template",
        object_ref=str(template.id),
        summary=f"Deleted reply template {template.name}",
    )
    session.delete(template)
