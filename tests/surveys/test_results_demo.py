"""The demo survey: four past waves six months apart and one open, with
realistic, repeatable answers, loaded once however often demo-data runs."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select

from app.core.db import utcnow
from app.demo.surveys import load_demo_surveys
from app.surveys.models import (
    CLOSED,
    OPEN,
    SUBMITTED,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    SurveyWave,
)
from app.surveys.results import Filters, question_results, wave_summary
from app.surveys.trends import core_trends, trend_waves


def _state(session):
    return (
        sorted(session.execute(select(SurveyWave.slug, SurveyWave.updated_at)).all()),
        session.scalar(select(func.count(SurveyResponse.id))),
        session.scalar(select(func.count(SurveyAnswer.id))),
        session.scalar(select(func.count(SurveyInvitation.id))),
    )


def test_demo_surveys_load_once_and_tell_a_story(app, session):
    with app.test_request_context("/"):
        waves, responses = load_demo_surveys(session)
        session.commit()
        assert waves == 5
        assert responses > 100
        before = _state(session)
        assert load_demo_surveys(session) == (0, 0)
        session.commit()
        assert _state(session) == before

        all_waves = list(session.scalars(select(SurveyWave).order_by(SurveyWave.opens_at)))
        now = utcnow()
        assert [wave.status_at(now) for wave in all_waves] == [CLOSED] * 4 + [OPEN]
        # Six months apart, about four weeks each.
        for earlier, later in itertools.pairwise(all_waves[:4]):
            assert 178 <= (later.opens_at - earlier.opens_at).days <= 186
        for wave in all_waves[:4]:
            assert 25 <= (wave.closes_at - wave.opens_at).days <= 31
        # The open wave has no invitations: they are sent when it opens.
        open_now = all_waves[4]
        assert open_now.confirmed
        assert wave_summary(session, open_now).invitations == 0
        assert 1 <= wave_summary(session, open_now).total <= 10

        published = [wave.summary_published_at is not None for wave in all_waves]
        assert published == [True, True, True, False, False]
        for wave in all_waves[:4]:
            summary = wave_summary(session, wave)
            assert 25 <= summary.total <= 45
            assert 20 <= summary.response_rate <= 70
            _total, results = question_results(session, wave, Filters())
            texts = next(r for r in results if r.question.code == "what_change").texts
            assert texts
            assert any(answer.themes for answer in texts)
            assert any(answer.organisation is None for answer in texts)

        trends = {t.code: t for t in core_trends(session, trend_waves(session))}
        assert [change.wave.slug for change in trends["forward_plan"].changes] == [
            all_waves[2].slug
        ]
        assert all(not trends[code].changes for code in trends if code != "forward_plan")
        means = trends["relationship"].means[:4]
        assert means[0] < means[3]
        assert (
            session.scalar(
                select(func.count(SurveyResponse.id)).where(SurveyResponse.state != SUBMITTED)
            )
            > 0
        )
