"""The public survey results: each wave's "You said, we did" once staff
publish it, and the core questions' figures and trends. Aggregates only,
with small counts hidden (see disclosure.py); free text is never shown."""

from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from app.core.db import db, utcnow
from app.core.page_cache import cached_page
from app.surveys import bp
from app.surveys.disclosure import show_result, show_trend, shown_count
from app.surveys.models import TEXT, SurveyWave
from app.surveys.publication import PUBLIC_RESULTS, summary_html
from app.surveys.results import Filters, question_results, submitted_counts
from app.surveys.trends import core_trends, trend_waves


def _published(slug: str | None = None):
    stmt = select(SurveyWave).where(
        SurveyWave.confirmed.is_(True),
        SurveyWave.closes_at <= utcnow(),
        SurveyWave.summary_published_at.is_not(None),
    )
    if slug is not None:
        stmt = stmt.where(SurveyWave.slug == slug)
    return stmt.order_by(SurveyWave.opens_at.desc())


@bp.get("/survey/results")
@cached_page(PUBLIC_RESULTS)
def public_results():
    waves = list(db.session.scalars(_published()))
    counts = submitted_counts(db.session, [wave.id for wave in waves])
    trend_over = trend_waves(db.session, published_only=True)
    return render_template(
        "surveys/results/index.html",
        waves=[
            (
                wave,
                shown_count(counts.get(wave.id, 0)),
                summary_html(wave.you_said),
                summary_html(wave.we_did),
            )
            for wave in waves
        ],
        trend_waves=trend_over,
        trends=[show_trend(trend, suppress=True) for trend in core_trends(db.session, trend_over)],
    )


@bp.get("/survey/results/<slug>")
@cached_page(PUBLIC_RESULTS)
def public_wave_results(slug: str):
    wave = db.session.scalar(_published(slug))
    if wave is None:
        abort(404)
    # Free text is never published, so it is not even read.
    total, results = question_results(db.session, wave, Filters(), with_texts=False)
    return render_template(
        "surveys/results/wave.html",
        wave=wave,
        total=shown_count(total),
        results=[
            show_result(result, suppress=True)
            for result in results
            if result.question.core and result.question.kind != TEXT
        ],
        you_said=summary_html(wave.you_said),
        we_did=summary_html(wave.we_did),
    )
