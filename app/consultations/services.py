"""Every change to a consultation, its questions, documents and outcome, and
to the safeguarding list, goes through here, and records its audit entry.

Once the first response has come in, a question's kind and options are
fixed and it cannot be removed, so every answer given still means what
it meant when it was given.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from app.consultations.choices import WITH_CHOICES
from app.consultations.documents import (
    DocumentError,
    add_document,
    remove_document,
    retitle_document,
)
from app.consultations.models import (
    CLOSED,
    FORTHCOMING,
    OPEN,
    Consultation,
    ConsultationQuestion,
    ConsultationResponse,
    option_entry,
)
from app.consultations.responding import (
    commit_response,
    save_to_draft,
    send_resume_link,
    start_draft,
    submit_response,
)
from app.consultations.safeguarding import add_phrase, raise_safeguarding_flag, remove_phrase
from app.core import audit
from app.core.db import utcnow
from app.core.page_cache import bump_version
from app.core.sanitise import clean_html, plain_text

CONTENT = "consultations"

EDITABLE_FIELDS = (
    "title",
    "summary",
    "background_html",
    "service_area_id",
    "opens_at",
    "closes_at",
    "contact_name",
    "contact_email",
    "postal_address",
    "young_people_version",
    "young_people_intro",
    "plan_slugs",
    "title_cy",
    "summary_cy",
    "background_html_cy",
    "young_people_intro_cy",
)


class QuestionsLockedError(Exception):
    """The change would break answers already given."""


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100].rstrip("-") or "consultation"


def _unused_slug(session: Session, title: str) -> str:
    base = slugify(title)
    slug, number = base, 2
    while session.scalar(select(exists().where(Consultation.slug == slug))):
        slug, number = f"{base}-{number}", number + 1
    return slug


def _search_text(consultation: Consultation) -> str:
    """English and Welsh words alike: either finds the consultation."""
    words = " ".join(
        (
            consultation.title,
            consultation.summary,
            plain_text(consultation.background_html),
            consultation.title_cy or "",
            consultation.summary_cy or "",
            plain_text(consultation.background_html_cy or ""),
        )
    )
    return " ".join(words.lower().split())


def create_consultation(session: Session, data: dict) -> Consultation:
    consultation = Consultation(slug=_unused_slug(session, data["title"]), published=False)
    for name in EDITABLE_FIELDS:
        setattr(consultation, name, data.get(name, "" if name.endswith("_cy") else None))
    consultation.background_html = clean_html(data.get("background_html"))
    consultation.background_html_cy = clean_html(data.get("background_html_cy") or "")
    consultation.search_text = _search_text(consultation)
    session.add(consultation)
    session.flush()
    bump_version(session, CONTENT)
    audit.record(
        session, "consultation.create", obj=consultation, summary="Created a draft consultation"
    )
    return consultation


def update_consultation(session: Session, consultation: Consultation, data: dict) -> list[str]:
    data = {**data, "background_html": clean_html(data.get("background_html"))}
    if "background_html_cy" in data:
        data["background_html_cy"] = clean_html(data.get("background_html_cy") or "")
    changed = []
    for name in EDITABLE_FIELDS:
        if name in data and getattr(consultation, name) != data[name]:
            setattr(consultation, name, data[name])
            changed.append(name)
    if changed:
        consultation.search_text = _search_text(consultation)
        consultation.updated_at = utcnow()
        bump_version(session, CONTENT)
        audit.record(
            session,
            "consultation.update",
            obj=consultation,
            summary="Changed a consultation",
            details={"fields": changed},
        )
    return changed


def set_published(session: Session, consultation: Consultation, published: bool) -> bool:
    if consultation.published == published:
        return False
    consultation.published = published
    consultation.updated_at = utcnow()
    bump_version(session, CONTENT)
    audit.record(
        session,
        "consultation.publish" if published else "consultation.unpublish",
        obj=consultation,
        summary="Published a consultation" if published else "Returned a consultation to draft",
    )
    return True


def response_count(session: Session, consultation: Consultation) -> int:
    return (
        session.scalar(
            select(func.count(ConsultationResponse.id)).where(
                ConsultationResponse.consultation_id == consultation.id
            )
        )
        or 0
    )


def has_responses(session: Session, consultation: Consultation) -> bool:
    return bool(
        session.scalar(
            select(exists().where(ConsultationResponse.consultation_id == consultation.id))
        )
    )


def status_condition(status: str, now: datetime):
    """The WHERE clause for published consultations in `status` at `now`."""
    published = Consultation.published.is_(True)
    if status == OPEN:
        return and_(published, Consultation.opens_at <= now, Consultation.closes_at > now)
    if status == FORTHCOMING:
        return and_(published, Consultation.opens_at > now)
    if status == CLOSED:
        return and_(published, Consultation.closes_at <= now)
    return false()


# ---------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------

QUESTION_FIELDS = (
    "kind",
    "text",
    "help_text",
    "required",
    "choices",
    "max_length",
    "page",
    "young_text",
    "young_help_text",
    "text_cy",
    "help_text_cy",
    "young_text_cy",
    "young_help_text_cy",
)
# Changing these once answers exist would make old answers mean something else.
# An option's Welsh words may change at any time: answers hold its key.
LOCKED_FIELDS = ("kind", "choices")


def build_options(english, welsh=(), existing=()) -> list[dict]:
    """Options as {"key", "en", "cy"} from the English and (line by line)
    Welsh words. An option keeps its key while its English stays the same;
    a new one's key is its English, which cannot change once answered."""
    welsh = list(welsh or [])
    keys = {entry["en"]: entry["key"] for entry in map(option_entry, existing or [])}
    options = []
    for index, item in enumerate(english or []):
        entry = option_entry(item)
        if not isinstance(item, dict):
            entry["key"] = keys.get(entry["en"], entry["en"])
        if index < len(welsh) and welsh[index]:
            entry["cy"] = welsh[index]
        options.append(entry)
    return options


def _english_options(options) -> list[tuple[str, str]]:
    return [(entry["key"], entry["en"]) for entry in map(option_entry, options or [])]


def _tidy_question(data: dict, existing=()) -> dict:
    data = dict(data)
    for name in ("text_cy", "help_text_cy", "young_text_cy", "young_help_text_cy"):
        data[name] = data.get(name) or ""
    if data.get("kind") not in WITH_CHOICES:
        data["choices"] = []
    else:
        data["choices"] = build_options(data.get("choices"), data.pop("choices_cy", None), existing)
    data.pop("choices_cy", None)
    if data.get("kind") != "free_text":
        data["max_length"] = None
    return data


def _mark_options(question: ConsultationQuestion, old: list) -> None:
    """Keep the translator's flag and change stamps right for the options,
    which the Bilingual mixin cannot see inside the JSON."""
    options = question.options
    question.options_need_welsh = any(o["en"].strip() and not o["cy"].strip() for o in options)
    previous = [option_entry(o) for o in old or []]
    now = utcnow()
    english_changed = _english_options(previous) != _english_options(options)
    if previous and english_changed:
        question.english_changed_at = now
    if [o["cy"] for o in previous] != [o["cy"] for o in options] and any(o["cy"] for o in options):
        question.welsh_changed_at = now


def add_question(session: Session, consultation: Consultation, data: dict) -> ConsultationQuestion:
    data = _tidy_question(data)
    last = max((q.position for q in consultation.questions if q.page == data["page"]), default=-1)
    question = ConsultationQuestion(position=last + 1)
    for name in QUESTION_FIELDS:
        setattr(question, name, data.get(name))
    _mark_options(question, [])
    consultation.questions.append(question)
    session.flush()
    bump_version(session, CONTENT)
    _audit_question(session, consultation, "Added a question", question.id)
    return question


def update_question(session: Session, question: ConsultationQuestion, data: dict) -> list[str]:
    data = _tidy_question(data, question.choices)
    locked = has_responses(session, question.consultation)
    changed = [name for name in QUESTION_FIELDS if getattr(question, name) != data.get(name)]
    breaking = [name for name in changed if name in LOCKED_FIELDS]
    if "choices" in breaking and _english_options(question.choices) == _english_options(
        data["choices"]
    ):
        breaking.remove("choices")  # only the Welsh words changed
    if locked and breaking:
        raise QuestionsLockedError
    # A shorter limit would leave longer answers already given invalid.
    shorter = data.get("max_length") is not None and (
        question.max_length is None or data["max_length"] < question.max_length
    )
    if locked and "max_length" in changed and shorter:
        raise QuestionsLockedError
    old_options = question.choices
    for name in changed:
        setattr(question, name, data.get(name))
    if "choices" in changed:
        _mark_options(question, old_options)
    if "page" in changed:
        siblings = [q for q in question.consultation.questions if q.page == question.page]
        question.position = max((q.position for q in siblings if q is not question), default=-1) + 1
    if changed:
        bump_version(session, CONTENT)
        _audit_question(
            session, question.consultation, "Changed a question", question.id, fields=changed
        )
    return changed


def remove_question(session: Session, question: ConsultationQuestion) -> None:
    consultation = question.consultation
    if has_responses(session, consultation):
        raise QuestionsLockedError
    question_id = question.id
    consultation.questions.remove(question)
    bump_version(session, CONTENT)
    _audit_question(session, consultation, "Removed a question", question_id)


def move_question(session: Session, question: ConsultationQuestion, direction: int) -> bool:
    """Swap the question with its neighbour in the whole running order.

    Crossing onto another page takes the question to that page, so staff
    can reorder without thinking about page numbers."""
    ordered = list(question.consultation.questions)
    index = ordered.index(question)
    target = index + direction
    if not 0 <= target < len(ordered):
        return False
    other = ordered[target]
    if other.page != question.page:
        question.page = other.page
        question.position = other.position + (1 if direction > 0 else -1)
    else:
        question.position, other.position = other.position, question.position
    _renumber(question.consultation)
    bump_version(session, CONTENT)
    _audit_question(session, question.consultation, "Moved a question", question.id)
    return True


def _audit_question(
    session: Session, consultation: Consultation, summary: str, question_id: int, **details
) -> None:
    audit.record(
        session,
        "consultation.question",
        obj=consultation,
        summary=summary,
        details={"question": question_id, **details},
    )


def _renumber(consultation: Consultation) -> None:
    ordered = sorted(consultation.questions, key=lambda q: (q.page, q.position))
    for position, question in enumerate(ordered):
        question.position = position


def search_public(session: Session, *, q: str, areas: set[int], statuses: set[str], now):
    stmt = select(Consultation).where(Consultation.published.is_(True))
    if statuses:
        stmt = stmt.where(or_(*(status_condition(s, now) for s in statuses)))
    if areas:
        stmt = stmt.where(Consultation.service_area_id.in_(sorted(areas)))
    for word in q.lower().split()[:10]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Consultation.search_text.like(f"%{escaped}%", escape="\\"))
    return list(session.scalars(stmt.order_by(Consultation.closes_at.desc(), Consultation.id)))


def publish_outcome(session: Session, consultation: Consultation, data: dict) -> None:
    for name in Consultation.OUTCOME_FIELDS:
        setattr(consultation, name, (data.get(name) or "").strip())
        if f"{name}_cy" in data:
            setattr(consultation, f"{name}_cy", (data.get(f"{name}_cy") or "").strip())
    consultation.outcome_response_count = data["response_count"]
    consultation.outcome_published_at = utcnow()
    consultation.updated_at = utcnow()
    bump_version(session, CONTENT)
    audit.record(session, "consultation.outcome", obj=consultation, summary="Published the outcome")


# Documents, the safeguarding list and responding live in their own modules
# (which audit what staff change); the pages reach them through here like
# every other change.
__all__ = [
    "DocumentError",
    "QuestionsLockedError",
    "add_document",
    "add_phrase",
    "add_question",
    "commit_response",
    "create_consultation",
    "move_question",
    "publish_outcome",
    "raise_safeguarding_flag",
    "remove_document",
    "remove_phrase",
    "remove_question",
    "retitle_document",
    "save_to_draft",
    "send_resume_link",
    "set_published",
    "start_draft",
    "submit_response",
    "update_consultation",
    "update_question",
]
