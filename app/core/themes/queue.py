"""Suggestion runs on RQ, used when `REDIS_URL` is set.

A job carries only a run id; the row stays the truth, so a lost job loses
nothing: the worker's sweep enqueues any run still pending."""

from __future__ import annotations

from flask import Flask
from rq import Queue

from app.core.outbox.queue import _enqueue_connection

# Named, not imported: core must not import the application factory.
COMPUTE_JOB = "app.jobs.compute_theme_suggestions"


def queue_name(app: Flask) -> str:
    return app.config.get("THEME_QUEUE", "themes") or "themes"


def themes_queue(app: Flask, connection=None) -> Queue:
    connection = connection or _enqueue_connection(app.config["REDIS_URL"])
    return Queue(queue_name(app), connection=connection)


def job_id(run_id: int) -> str:
    return f"themes-{run_id}"


def enqueue(app: Flask, ids: list[int], queue: Queue | None = None) -> None:
    queue = queue or themes_queue(app)
    for run_id in ids:
        # 200,000 answers take well under a minute; ten is generous on a busy machine.
        queue.enqueue(
            COMPUTE_JOB,
            run_id,
            job_id=job_id(run_id),
            job_timeout=600,
            result_ttl=0,
            failure_ttl=86400,
        )
