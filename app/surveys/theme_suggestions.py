"""Suggested themes for the survey's free-text answers, one wave's question
at a time, under /admin/surveys/<wave>/questions/<question>/themes.

Accepting a theme adds it to each answer's own survey themes (the ones the
results page shows, filters by and lets staff change one by one) and tags the
response's inbox item with it, as the inbox's ordinary theme tag. The survey
belongs to the whole council: every member of staff reads the page, and only
staff who may change the survey ask for suggestions or decide on them.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Flask, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.access import role_required
from app.accounts.models import Role
from app.accounts.scoping import Loader, by_id, council_wide_required, guard_staff_blueprint
from app.core.themes import pages
from app.core.themes.services import Answer, ThemeSource, register_source
from app.inbox.services import tag_items
from app.surveys.models import (
    SUBMITTED,
    TEXT,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyWave,
)
from app.surveys.publication import MAX_THEME_LENGTH, MAX_THEMES
from app.surveys.staff_pages import can_change_survey

SOURCE = "survey"
bp = Blueprint("survey_themes", __name__)


def _text_question(session, value, loaded):
    question = by_id(SurveyQuestion, parent="wave")(session, value, loaded)
    return question if question is not None and question.kind == TEXT else None


# No `area`: the survey is council-wide, as on every other survey page.
guard_staff_blueprint(
    bp,
    {
        "wave_id": Loader("wave", by_id(SurveyWave)),
        "survey_question_id": Loader("question", _text_question),
    },
)


# --- the source -----------------------------------------------------------------


def _sent(stmt):
    return stmt.join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id).where(
        SurveyResponse.state == SUBMITTED
    )


def answers(session: Session, question_id: int) -> list[Answer]:
    rows = session.execute(
        _sent(select(SurveyAnswer.id, SurveyAnswer.text))
        .where(SurveyAnswer.question_id == question_id)
        .order_by(SurveyAnswer.id)
    )
    return [Answer(row.id, row.text.strip(), "") for row in rows if (row.text or "").strip()]


def count(session: Session, question_id: int) -> int:
    return session.scalar(
        _sent(select(func.count(SurveyAnswer.id))).where(
            SurveyAnswer.question_id == question_id, SurveyAnswer.text.is_not(None)
        )
    )


def texts(session: Session, ids: Iterable[int]) -> dict[int, Answer]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = session.execute(
        select(SurveyAnswer.id, SurveyAnswer.text).where(SurveyAnswer.id.in_(ids))
    )
    return {row.id: Answer(row.id, (row.text or "").strip(), "") for row in rows}


def tag(session: Session, question_id: int, answer_ids: list[int], name: str) -> int:
    theme = " ".join(name.split())[:MAX_THEME_LENGTH]
    tagged, items = 0, set()
    for start in range(0, len(answer_ids), 1000):
        for answer in session.scalars(
            select(SurveyAnswer).where(
                SurveyAnswer.question_id == question_id,
                SurveyAnswer.id.in_(answer_ids[start : start + 1000]),
            )
        ):
            have = list(answer.themes or [])
            if theme.casefold() not in {t.casefold() for t in have} and len(have) < MAX_THEMES:
                # A new list, so the JSON column sees the change.
                answer.themes = [*have, theme]
                tagged += 1
            items.add(answer.response_id)
    item_ids = session.scalars(
        select(SurveyResponse.inbox_item_id).where(
            SurveyResponse.id.in_(sorted(items)), SurveyResponse.inbox_item_id.is_not(None)
        )
    ).all()
    tag_items(session, sorted(item_ids), theme, change="suggested theme")
    return tagged


# --- the pages ------------------------------------------------------------------


def _page(wave: SurveyWave, question: SurveyQuestion) -> pages.QuestionPage:
    from app.surveys.text import question_text, wave_title

    ids = {"wave_id": wave.id, "survey_question_id": question.id}
    return pages.QuestionPage(
        source=SOURCE,
        question_id=question.id,
        caption=wave_title(wave),
        question_text=question_text(question),
        crumbs=[(url_for("surveys_admin.index"), _("Third-sector survey"), None)],
        back_url=url_for("surveys_admin.results", wave_id=wave.id),
        back_text=_("Back to the results"),
        suggest_url=url_for("survey_themes.suggest", **ids),
        decide_url=url_for("survey_themes.decide", **ids),
        page_url=lambda group: url_for("survey_themes.suggestions", **ids),
        tagged_url=lambda theme: url_for(
            "surveys_admin.results", wave_id=wave.id, theme=theme.name[:MAX_THEME_LENGTH]
        ),
        tagged_text=_("See the answers with this theme"),
        groups={},
        can_change=can_change_survey(),
    )


@bp.get("/<int:wave_id>/questions/<int:survey_question_id>/themes")
def suggestions(wave: SurveyWave, question: SurveyQuestion):
    return pages.render_page(_page(wave, question))


@bp.post("/<int:wave_id>/questions/<int:survey_question_id>/themes/suggest")
@role_required(Role.COMMISSIONER)
@council_wide_required
def suggest(wave: SurveyWave, question: SurveyQuestion):
    return pages.suggest(_page(wave, question))


@bp.post("/<int:wave_id>/questions/<int:survey_question_id>/themes/decide")
@role_required(Role.COMMISSIONER)
@council_wide_required
def decide(wave: SurveyWave, question: SurveyQuestion):
    return pages.decide(_page(wave, question))


def init_app(app: Flask) -> None:
    register_source(ThemeSource(name=SOURCE, answers=answers, count=count, texts=texts, tag=tag))
    app.register_blueprint(bp, url_prefix="/admin/surveys")
