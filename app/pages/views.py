from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from app.core.db import db
from app.core.page_cache import cached_page
from app.pages import bp
from app.plans.models import PlanItem
from app.plans.services import CONTENT as PLANS


@bp.get("/")
@cached_page(PLANS)
def home():
    published = db.session.scalar(
        select(func.count(PlanItem.id)).where(PlanItem.status == "published")
    )
    return render_template("pages/home.html", published=published)


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")


@bp.get("/cookies")
def cookies():
    return render_template("pages/cookies.html")
