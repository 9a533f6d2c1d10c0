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
from collections.abc import Callable

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

# Capabilities' once-a-day work (the inbox's reminders), run at each look
# like the retention run: each task takes a session, decides itself whether
# today's run is due, and returns a line to print or None.
_DAILY_TASKS: list[Callable[[Session], str | None]] = []


def register_daily_task(task: Callable[[Session], str | None]) -> None:
    if task not in _DAILY_TASKS:
        _DAILY_TASKS.append(task)


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
        run_daily_tasks()
        outcomes = send_due(stop=stopping.is_set)
        outcomes.update(suggest_themes_waiting())
        if outcomes:
            click.echo(", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items())))
        if once or stopping.wait(interval):
            return


def run_rq(app: Flask, *, once: bool, interval: float) -> None:
    from redis import Redis
    from rq import SimpleWorker

    from app.core.outbox.queue import outbox_queue
    from app.core.themes.queue import themes_queue

    # Not the enqueue connection: the worker blocks on Redis for long spells.
    connection = Redis.from_url(app.config["REDIS_URL"])
    queue = outbox_queue(app, connection)
    themes = themes_queue(app, connection)
    # SimpleWorker runs jobs in this process, inside this app context, rather
    # than forking one child per job that would inherit the database pool.
    worker = SimpleWorker([queue, themes], connection=connection)
    if once:
        enqueue_due(app, queue)
        enqueue_waiting_themes(app)
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
                run_daily_tasks()
                enqueue_due(app, queue)
                enqueue_waiting_themes(app)
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


def run_daily_tasks() -> None:
    """Each registered daily task; one failing is logged and tried again at
    the next look, and never stops the others or email going out."""
    from app.core.offline import offline_request_context

    for task in _DAILY_TASKS:
        try:
            with Session(db.engine) as session, offline_request_context():
                line = task(session)
            if line:
                click.echo(line)
        except Exception:
            log.exception("A daily task failed; trying again at the next look")


def suggest_themes_waiting() -> dict[str, int]:
    """Suggested themes asked for while no queue was there to take them (no
    Redis): worked out here, between sends. A failure never stops email."""
    from app.core.themes.services import compute_waiting

    try:
        done = compute_waiting()
    except Exception:
        log.exception("Suggesting themes failed; trying again at the next look")
        return {}
    return {"theme suggestions": done} if done else {}


def enqueue_waiting_themes(app: Flask) -> int:
    """The sweep for suggested themes: runs still pending whose job was lost."""
    from app.core.themes.queue import job_id as theme_job_id
    from app.core.themes.queue import themes_queue
    from app.core.themes.services import waiting_run_ids

    queue = themes_queue(app)
    with Session(db.engine) as session:
        ids = waiting_run_ids(session)
    missing = [run_id for run_id in ids if not _job_waiting(queue, theme_job_id(run_id))]
    if missing:
        from app.core.themes.queue import enqueue as enqueue_themes

        enqueue_themes(app, missing, queue)
    return len(missing)


def _job_waiting(queue: Queue, name: str) -> bool:
    try:
        job = Job.fetch(name, connection=queue.connection)
    except NoSuchJobError:
        return False
    return job.get_status(refresh=False) in _WAITING


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
