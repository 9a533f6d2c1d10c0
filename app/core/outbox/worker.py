"""`flask --app wsgi worker`: sends the outbox.

Without `REDIS_URL` it polls the outbox table every `--interval` seconds.
With `REDIS_URL` it runs an RQ worker on the outbox queue, and a sweep
thread enqueues, every `--interval` seconds, the rows that are due but have
no job waiting (retries after their backoff, and jobs lost while Redis was
down). `--once` sends what is due now and stops.
"""

from __future__ import annotations

import logging
import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy.orm import Session

from app.core.db import db
from app.core.outbox.queue import enqueue, job_id
from app.core.outbox.services import due_ids, fail_stale, send_due

log = logging.getLogger(__name__)
_WAITING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


@click.command("worker")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Seconds between looks at the outbox for messages that are due.",
)
@with_appcontext
def worker_command(once: bool, interval: float) -> None:
    """Send queued email, retrying failures with backoff."""
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        run_rq(app, once=once, interval=interval)
    else:
        run_poller(app, once=once, interval=interval)


def run_poller(app: Flask, *, once: bool, interval: float) -> None:
    stopping = threading.Event()
    if not once:
        # Finish the message in hand on SIGTERM: killed mid-send, a row is
        # left "sending" and needs an administrator.
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        click.echo(f"Sending the outbox every {interval:g} seconds. Press Ctrl+C to stop.")
    while True:
        run_retention_if_due()
        outcomes = send_due(stop=stopping.is_set)
        if outcomes:
            click.echo(", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items())))
        if once or stopping.wait(interval):
            return


def run_rq(app: Flask, *, once: bool, interval: float) -> None:
    from redis import Redis
    from rq import SimpleWorker

    from app.core.outbox.queue import outbox_queue

    # Not the enqueue connection: the worker blocks on Redis for long spells.
    connection = Redis.from_url(app.config["REDIS_URL"])
    queue = outbox_queue(app, connection)
    # SimpleWorker runs jobs in this process, inside this app context, rather
    # than forking one child per job that would inherit the database pool.
    worker = SimpleWorker([queue], connection=connection)
    if once:
        enqueue_due(app, queue)
        worker.work(burst=True)
        return
    stopping = threading.Event()
    threading.Thread(
        target=_sweep, args=(app, queue, interval, stopping), name="outbox-sweep", daemon=True
    ).start()
    try:
        worker.work(with_scheduler=True)
    finally:
        stopping.set()


def _sweep(app: Flask, queue, interval: float, stopping: threading.Event) -> None:

    with app.app_context():
        while True:
            try:
                run_retention_if_due()
                enqueue_due(app, queue)
            except Exception:
                log.exception("The outbox sweep failed; trying again in %s seconds", interval)
            if stopping.wait(interval):
                return


def run_retention_if_due() -> None:
    """The retention policy, once a London day, from whichever worker looks
    first. A failure is logged and tried again at the next look: it must
    never stop email going out."""
    from app.core.offline import offline_request_context
    from app.core.retention import run_if_due

    try:
        with Session(db.engine) as session, offline_request_context():
            outcome = run_if_due(session)
        if outcome is not None:
            click.echo(f"Retention run for {outcome.as_of}: {len(outcome.errors)} errors")
    except Exception:
        log.exception("The daily retention run failed; trying again at the next look")


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
