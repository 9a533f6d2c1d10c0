"""Every change to a consultation, its questions, documents and outcome, and
to the safeguarding list, goes through here, and records its audit entry.

Once the first response has come in, a question's kind and options are
fixed and it cannot be removed, so every answer given still means what
it meant when it was given.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from app.consultations.choices import SINGLE, WITH_CHOICES, YES_NO, YES_NO_POINTS
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
    ConsultationDocument,
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


class RoutingError(ValueError):
    """A "show only if" condition that cannot work."""


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


def unknown_plans(session: Session, slugs: list[str]) -> list[str]:
    """The plan item addresses given that match no plan item (draft or published)."""
    from app.plans.models import PlanItem

    if not slugs:
        return []
    known = set(session.scalars(select(PlanItem.slug).where(PlanItem.slug.in_(slugs))))
    return [slug for slug in slugs if slug not in known]


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


class NotOpenError(Exception):
    """Only an open consultation can be closed early."""


def close_now(session: Session, consultation: Consultation) -> datetime:
    """Stop taking responses at once: the closing time becomes now (UTC).

    A response being sent is refused from this moment: the closing time is
    checked on the server as each response is made."""
    now = utcnow()
    if consultation.status_at(now) != OPEN:
        raise NotOpenError
    previous = consultation.closes_at
    consultation.closes_at = now
    consultation.updated_at = now
    bump_version(session, CONTENT)
    audit.record(
        session,
        "consultation.close",
        obj=consultation,
        summary="Closed a consultation early",
        details={"was_closing_at": previous.isoformat(), "closed_at": now.isoformat()},
    )
    return now


COPY_PREFIX = "Copy of "
COPY_PREFIX_CY = "Copi o "
# A copy opens a week from now and runs as long as the one it came from.
COPY_OPENS_IN = timedelta(days=7)


def copy_consultation(
    session: Session, source: Consultation, *, with_documents: bool = False
) -> Consultation:
    """A new draft with the source's words, questions and options (Welsh and
    young people's wording too), never its responses or its outcome."""
    title = (COPY_PREFIX + source.title)[:200]
    title_cy = (COPY_PREFIX_CY + source.title_cy)[:200] if source.title_cy.strip() else ""
    now = utcnow().replace(second=0, microsecond=0)
    opens_at = now + COPY_OPENS_IN
    copy = Consultation(
        slug=_unused_slug(session, title),
        published=False,
        title=title,
        title_cy=title_cy,
        opens_at=opens_at,
        closes_at=opens_at + max(source.closes_at - source.opens_at, timedelta(days=1)),
    )
    for name in EDITABLE_FIELDS:
        if name not in ("title", "title_cy", "opens_at", "closes_at"):
            setattr(copy, name, getattr(source, name))
    copy.plan_slugs = list(source.plan_slugs or [])
    copy.search_text = _search_text(copy)
    for question in source.questions:
        twin = ConsultationQuestion(position=question.position)
        for name in QUESTION_FIELDS:
            value = getattr(question, name)
            if name == "choices":
                value = [option_entry(option) for option in value or []]
            setattr(twin, name, value)
        twin.options_need_welsh = question.options_need_welsh
        copy.questions.append(twin)
    if with_documents:
        for document in source.documents:
            copy.documents.append(
                ConsultationDocument(
                    title=document.title,
                    title_cy=document.title_cy,
                    filename=document.filename,
                    file_type=document.file_type,
                    size=document.size,
                    content=document.content,
                )
            )
    session.add(copy)
    session.flush()
    _copy_routes(source, copy)
    bump_version(session, CONTENT)
    audit.record(
        session,
        "consultation.copy",
        obj=copy,
        summary="Copied a consultation as a new draft",
        details={
            "from": source.id,
            "questions": len(source.questions),
            "documents": len(source.documents) if with_documents else 0,
        },
    )
    return copy


def _copy_routes(source: Consultation, copy: Consultation) -> None:
    """Point any "show only if" condition at the copy's own question."""
    twins = {old.id: new.id for old, new in zip(source.questions, copy.questions, strict=True)}
    for question in copy.questions:
        if question.show_if_id is not None:
            question.show_if_id = twins.get(question.show_if_id)
            if question.show_if_id is None:
                question.show_if_answer = None


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
    "show_if_id",
    "show_if_answer",
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


# The questions whose one answer can decide whether a later one is asked.
ROUTING_KINDS = (SINGLE, YES_NO)


def route_answers(question: ConsultationQuestion) -> list[tuple[str, str]]:
    """(key, English label) of each answer a condition can name."""
    if question.kind == YES_NO:
        return [(key, str(label)) for key, label in YES_NO_POINTS.items()]
    return [(o["key"], o["en"]) for o in question.options]


def parse_route(value: str | None) -> tuple[int | None, str | None]:
    """ "12:Central" -> (12, "Central"); "" -> (None, None)."""
    if not value:
        return None, None
    number, _sep, key = str(value).partition(":")
    if not number.isdigit() or not key:
        raise RoutingError("unknown")
    return int(number), key


def check_route(
    consultation: Consultation,
    page: int,
    show_if_id: int | None,
    answer: str | None,
    question: ConsultationQuestion | None = None,
) -> None:
    """Raise RoutingError unless the condition names a single-choice
    question on an earlier page, and one of its answers."""
    if show_if_id is None:
        return
    controlling = next((q for q in consultation.questions if q.id == show_if_id), None)
    if controlling is None or controlling is question or controlling.kind not in ROUTING_KINDS:
        raise RoutingError("unknown")
    if controlling.page >= page:
        raise RoutingError("not_earlier")
    if answer not in {key for key, _label in route_answers(controlling)}:
        raise RoutingError("unknown")


def _route_works(consultation: Consultation, question: ConsultationQuestion) -> bool:
    try:
        check_route(
            consultation, question.page, question.show_if_id, question.show_if_answer, question
        )
    except RoutingError:
        return False
    return True


def drop_broken_routes(consultation: Consultation, removed: int | None = None) -> list[int]:
    """Clear the conditions that no longer work (their question was moved
    after, removed or changed); the questions are then always asked."""
    dropped = []
    for question in consultation.questions:
        if question.show_if_id is None:
            continue
        if question.show_if_id == removed or not _route_works(consultation, question):
            question.show_if_id = None
            question.show_if_answer = None
            dropped.append(question.id)
    return dropped


def _tidy_question(data: dict, existing=()) -> dict:
    data = dict(data)
    if "show_if" in data:
        data["show_if_id"], data["show_if_answer"] = parse_route(data.pop("show_if"))
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
    check_route(consultation, data["page"], data.get("show_if_id"), data.get("show_if_answer"))
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
    if "show_if_id" not in data:
        data["show_if_id"], data["show_if_answer"] = question.show_if_id, question.show_if_answer
    check_route(
        question.consultation,
        data["page"],
        data.get("show_if_id"),
        data.get("show_if_answer"),
        question,
    )
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
        dropped = drop_broken_routes(question.consultation)
        bump_version(session, CONTENT)
        _audit_question(
            session,
            question.consultation,
            "Changed a question",
            question.id,
            fields=changed,
            **({"conditions_dropped": dropped} if dropped else {}),
        )
    return changed


def remove_question(session: Session, question: ConsultationQuestion) -> None:
    consultation = question.consultation
    if has_responses(session, consultation):
        raise QuestionsLockedError
    question_id = question.id
    consultation.questions.remove(question)
    dropped = drop_broken_routes(consultation, removed=question_id)
    session.flush()
    bump_version(session, CONTENT)
    _audit_question(
        session,
        consultation,
        "Removed a question",
        question_id,
        **({"conditions_dropped": dropped} if dropped else {}),
    )


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
    dropped = drop_broken_routes(question.consultation)
    bump_version(session, CONTENT)
    _audit_question(
        session,
        question.consultation,
        "Moved a question",
        question.id,
        **({"conditions_dropped": dropped} if dropped else {}),
    )
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
