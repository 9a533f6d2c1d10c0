"""The outbox on RQ, used when `REDIS_URL` is set.

A job carries only an outbox id; the row stays the truth. A lost job (Redis
down at commit, a flushed queue) therefore loses nothing: the worker's sweep
enqueues any row that is due and not already waiting in the queue.
"""

from __future__ import annotations

from flask import Flask, has_app_context
from redis import Redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy.orm import Session

from app.core.db import db
from app.core.outbox.services import deliver, due_ids, fail_stale

_connections: dict[str, Redis] = {}
_WAITING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def queue_name(app: Flask) -> str:
    return app.config.get("MAIL_QUEUE", "outbox") or "outbox"


def _enqueue_connection(url: str) -> Redis:
    # Short timeouts: enqueueing runs after a visitor's request has committed
    # and must not keep them waiting on a Redis that is not answering.
    if url not in _connections:
        _connections[url] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return _connections[url]


def outbox_queue(app: Flask, connection: Redis | None = None) -> Queue:
    connection = connection or _enqueue_connection(app.config["REDIS_URL"])
    return Queue(queue_name(app), connection=connection)


def job_id(message_id: int) -> str:
    return f"outbox-{message_id}"


def enqueue(app: Flask, ids: list[int], queue: Queue | None = None) -> None:
    queue = queue or outbox_queue(app)
    for message_id in ids:
        # result_ttl=0: a finished job leaves nothing behind, so the sweep's
        # "already waiting?" check only ever sees live jobs.
        queue.enqueue(
            send_one, message_id, job_id=job_id(message_id), result_ttl=0, failure_ttl=86400
        )


def enqueue_due(app: Flask, queue: Queue, limit: int = 500) -> int:
    """The sweep: retries that have come due, and anything whose job was lost."""
    with Session(db.engine) as session:
        fail_stale(session)
        ids = due_ids(session, limit)
    missing = [message_id for message_id in ids if not _waiting(queue, message_id)]
    enqueue(app, missing, queue)
    return len(missing)


def _waiting(queue: Queue, message_id: int) -> bool:
    try:
        job = Job.fetch(job_id(message_id), connection=queue.connection)
    except NoSuchJobError:
        return False
    return job.get_status(refresh=False) in _WAITING


_job_app: Flask | None = None


def send_one(message_id: int) -> str:
    """The RQ job. `flask worker` runs it inside its own app context; a bare
    `rq worker` gets an app built once per process."""
    if has_app_context():
        return deliver(message_id)
    global _job_app
    if _job_app is None:
        from app import create_app

        _job_app = create_app()
    with _job_app.app_context():
        return deliver(message_id)
