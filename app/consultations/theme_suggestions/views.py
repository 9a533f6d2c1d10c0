"""The suggested-themes page of a consultation question, under
/admin/consultations/<id>/questions/<id>/themes. Anyone who may read the
consultation sees it; commissioners ask for suggestions and decide on them.
The page itself is `app.core.themes.pages`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import role_required
from app.accounts.models import Role
from app.accounts.scoping import Loader, by_id, guard_staff_blueprint
from app.consultations.choices import FREE_TEXT, VERSIONS
from app.consultations.models import Consultation, ConsultationQuestion
from app.consultations.theme_suggestions import bp
from app.consultations.theme_suggestions.source import SOURCE
from app.core.db import db
from app.core.themes import pages, services
from app.core.themes.models import ACCEPTED, PROPOSED


def _free_text_question(session, value, loaded):
    question = by_id(ConsultationQuestion, parent="consultation")(session, value, loaded)
    return question if question is not None and question.kind == FREE_TEXT else None


guard_staff_blueprint(
    bp,
    {
        "consultation_id": Loader(
            "consultation", by_id(Consultation), area=lambda c: c.service_area_id
        ),
        "question_id": Loader(
            "question",
            _free_text_question,
            area=lambda q: db.session.get(Consultation, q.consultation_id).service_area_id,
        ),
    },
)


def _page(consultation: Consultation, question: ConsultationQuestion) -> pages.QuestionPage:
    ids = {"consultation_id": consultation.id, "question_id": question.id}

    def page_url(group: str) -> str:
        extra = {"group": group} if group in VERSIONS else {}
        return url_for("consultation_themes.suggestions", **ids, **extra)

    return pages.QuestionPage(
        source=SOURCE,
        question_id=question.id,
        caption=consultation.title,
        question_text=question.text,
        crumbs=[
            (url_for("consultations_admin.index"), _("Manage consultations"), None),
            (
                url_for("consultations_admin.show", consultation_id=consultation.id),
                consultation.title,
                "en",
            ),
        ],
        back_url=url_for("consultations_admin.analysis", consultation_id=consultation.id),
        back_text=_("Back to the analysis"),
        suggest_url=url_for("consultation_themes.suggest", **ids),
        decide_url=url_for("consultation_themes.decide", **ids),
        page_url=page_url,
        tagged_url=lambda theme: url_for("inbox.index", tag=theme.name.lower()),
        tagged_text=_("See them in the inbox"),
        groups=dict(VERSIONS),
        can_change=current_user.has_role(Role.COMMISSIONER),
    )


@bp.get("/<int:consultation_id>/questions/<int:question_id>/themes")
def suggestions(consultation: Consultation, question: ConsultationQuestion):
    return pages.render_page(_page(consultation, question))


@bp.post("/<int:consultation_id>/questions/<int:question_id>/themes/suggest")
@role_required(Role.COMMISSIONER)
def suggest(consultation: Consultation, question: ConsultationQuestion):
    return pages.suggest(_page(consultation, question))


@bp.post("/<int:consultation_id>/questions/<int:question_id>/themes/decide")
@role_required(Role.COMMISSIONER)
def decide(consultation: Consultation, question: ConsultationQuestion):
    return pages.decide(_page(consultation, question))


@dataclass
class AnalysisStatus:
    url: str
    # "none", "pending", "ready" or "failed"
    state: str
    themes: int = 0
    accepted: int = 0


def analysis_status(consultation: Consultation, question: ConsultationQuestion) -> AnalysisStatus:
    """What the analysis page says under a free-text question. Asks for a new
    run when the answers have grown by the set share; never waits for one."""
    if services.refresh_if_grown(db.session, SOURCE, question.id):
        db.session.commit()
    done, waiting = services.latest_runs(db.session, SOURCE, question.id)
    url = url_for(
        "consultation_themes.suggestions", consultation_id=consultation.id, question_id=question.id
    )
    if waiting is not None:
        return AnalysisStatus(url, "pending")
    if done is None:
        return AnalysisStatus(url, "none")
    return AnalysisStatus(
        url,
        done.status,
        themes=sum(1 for t in done.themes if t.status == PROPOSED),
        accepted=sum(1 for t in done.themes if t.status == ACCEPTED),
    )
