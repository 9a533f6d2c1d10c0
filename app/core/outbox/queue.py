"""The outbox on RQ, used when `REDIS_URL` is set.

A job carries only an outbox id; the row stays the truth. A lost job (Redis
down at commit, a flushed queue) therefore loses nothing: the worker's sweep
enqueues any row that is due and not already waiting in the queue.
"""

from __future__ import annotations

from flask import Flask
from redis import Redis
from rq import Queue

# Named, not imported: the job builds an app when a bare `rq worker` runs it,
# and core must not import the application factory that imports core.
SEND_JOB = "app.jobs.send_outbox_message"

_connections: dict[str, Redis] = {}


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
            SEND_JOB, message_id, job_id=job_id(message_id), result_ttl=0, failure_ttl=86400
        )
