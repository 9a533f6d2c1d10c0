from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import func, select

from app.consultations.services import CONTENT as CONSULTATIONS
from app.core.db import db, utcnow
from app.core.i18n import current_language
from app.core.page_cache import cached_page
from app.core.retention_policy import ACTION_LABELS, KINDS, describe, period
from app.core.retention_policy import CONTENT as RETENTION
from app.pages import accessibility_issues, bp
from app.pages.privacy import SECTIONS, retention_rows
from app.pages.whats_open import open_now
from app.plans.models import PlanItem
from app.plans.services import CONTENT as PLANS
from app.surveys.publication import PUBLIC_RESULTS as SURVEYS

# Events and challenge windows keep no content version, and what is open
# changes as the clock moves: the home page is rendered afresh every minute.
HOME_LIFETIME = 60


@bp.get("/")
@cached_page(PLANS, CONSULTATIONS, SURVEYS, lifetime=HOME_LIFETIME)
def home():
    published = db.session.scalar(
        select(func.count(PlanItem.id)).where(PlanItem.status == "published")
    )
    return render_template(
        "pages/home.html",
        published=published,
        open_now=open_now(db.session, utcnow()),
        language=current_language(),
    )


@bp.get("/privacy")
@cached_page(RETENTION)
def privacy():
    config = current_app.config
    return render_template(
        "pages/privacy.html",
        sections=SECTIONS,
        kinds=KINDS,
        action_labels=ACTION_LABELS,
        describe=lambda code: describe(db.session, code),
        retention=retention_rows(db.session),
        controller=config["DATA_CONTROLLER_NAME"] or None,
    )


@bp.get("/privacy/young-people")
@cached_page(RETENTION)
def privacy_young_people():
    return render_template(
        "pages/privacy_young_people.html",
        how_long=period(db.session, "young_peoples_responses").text(),
    )


@bp.get("/accessibility")
def accessibility():
    return render_template(
        "pages/accessibility.html",
        open_issues=accessibility_issues.open_issues(),
        fixed_issues=accessibility_issues.fixed_issues(),
        prepared_on=accessibility_issues.PREPARED_ON,
        reviewed_on=accessibility_issues.REVIEWED_ON,
    )


@bp.get("/cookies")
def cookies():
    return render_template("pages/cookies.html")
