"""Suggested themes are worked out by the worker, never by the page: pending
runs are found by the poller, runs a dead worker left half done are handed
out again, and with Redis the run is queued only once the request commits."""

from __future__ import annotations

import os
import signal
import uuid
from datetime import timedelta

import pytest

from app.core.db import utcnow
from app.core.outbox.worker import suggest_themes_waiting
from app.core.themes import services
from app.core.themes.models import PENDING, READY, RUNNING, ThemeSuggestionRun
from tests.consultations.theme_builders import themed_answers

REDIS_URL = os.environ.get("OUTBOX_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def question(session, make_consultation):
    consultation = make_consultation()
    question = next(q for q in consultation.questions if q.kind == "free_text")
    themed_answers(session, consultation, question, per_subject=8)
    return question


def test_the_poller_works_out_pending_runs_and_nothing_else(app, session, question):
    run = services.request_run(session, "consultation", question.id)
    session.commit()
    assert run.status == PENDING
    assert suggest_themes_waiting() == {"theme suggestions": 1}
    session.expire_all()
    run = session.get(ThemeSuggestionRun, run.id)
    assert run.status == READY
    assert run.answer_count == 24
    assert 5 <= len(run.themes) <= 15
    assert suggest_themes_waiting() == {}
    # A second worker that finds it claimed leaves it alone.
    assert services.compute(run.id) == "skipped"


def test_a_run_a_dead_worker_left_is_handed_out_again_after_a_while(app, session, question):
    fresh = ThemeSuggestionRun(
        source="consultation", question_id=question.id, status=RUNNING, started_at=utcnow()
    )
    stale = ThemeSuggestionRun(
        source="consultation",
        question_id=question.id,
        status=RUNNING,
        started_at=utcnow() - services.STALE_AFTER - timedelta(seconds=1),
    )
    session.add_all([fresh, stale])
    session.commit()
    assert services.waiting_run_ids(session) == [stale.id]
    session.expire_all()
    assert session.get(ThemeSuggestionRun, fresh.id).status == RUNNING


def test_a_rolled_back_request_queues_nothing(app, session, question):
    services.request_run(session, "consultation", question.id)
    session.rollback()
    assert session.query(ThemeSuggestionRun).count() == 0
    assert services._QUEUED not in session.info


@pytest.fixture
def themes_queue(app, monkeypatch):
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq import Queue

    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not running at {REDIS_URL}")
    name = f"themes-test-{uuid.uuid4().hex}"
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "THEME_QUEUE", name)
    queue = Queue(name, connection=connection)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield queue
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    queue.delete(delete_jobs=True)
    connection.close()


def test_with_redis_the_run_is_queued_after_commit_and_the_worker_does_it(
    app, session, question, themes_queue
):
    from rq import SimpleWorker

    run = services.request_run(session, "consultation", question.id)
    assert themes_queue.count == 0  # not before commit
    session.commit()
    assert themes_queue.count == 1
    SimpleWorker([themes_queue], connection=themes_queue.connection).work(burst=True)
    session.expire_all()
    assert session.get(ThemeSuggestionRun, run.id).status == READY
