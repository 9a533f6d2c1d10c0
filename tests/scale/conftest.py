"""Two portal instances on one PostgreSQL database and one Redis, with an RQ
worker, as a council would run the portal on several hosts.

Run with ``pytest -m scale tests/scale`` (.ci/run does, after the PostgreSQL
suite). Other runs skip it: it starts five processes and takes a minute or two.
It skips with a reason when PostgreSQL or Redis is not reachable.

``SCALE_DATABASE_URL`` names the PostgreSQL server (default
postgresql+psycopg://postgres@127.0.0.1:5432/test; a fresh database is made
next to it and dropped afterwards) and ``SCALE_REDIS_URL`` the Redis database
(default redis://127.0.0.1:6379/13, flushed before and after). With
``SCALE_REQUIRED=1`` (.ci/run) an unreachable server fails the run instead.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATABASE_SERVER = os.environ.get(
    "SCALE_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/13")
# Both instances answer to one public address, as behind a load balancer.
PUBLIC_HOST = "portal.scale.test"
STAFF_EMAIL = "scale.commissioner@elmsworth.gov.example"
STAFF_PASSWORD = "scale test password, not for anything else"
PAGE_CACHE_TTL = 1.0
TRACK_LIMIT = 3
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _selected(config) -> bool:
    expression = (config.getoption("markexpr") or "").strip()
    return expression == "scale" or os.environ.get("PORTAL_SCALE_TESTS") == "1"


def _postgres_reachable() -> str | None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(DATABASE_SERVER, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        return f"PostgreSQL at {DATABASE_SERVER} is not reachable ({type(error).__name__})"
    return None


def _redis_reachable() -> str | None:
    from redis import Redis

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as error:
        return f"Redis at {REDIS_URL} is not reachable ({type(error).__name__})"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One visitor: a cookie jar that follows them from instance to instance."""

    def __init__(self, user_agent: str = "scale-test browser") -> None:
        self.cookies: dict[str, str] = {}
        self.user_agent = user_agent

    def request(self, instance: Instance, method: str, path: str, form=None):
        body = urllib.parse.urlencode(form or [], doseq=True) if method == "POST" else None
        headers = {"Host": PUBLIC_HOST, "User-Agent": self.user_agent}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in cookie and "expires=Thu, 01 Jan 1970" not in cookie:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response.status, response.headers, text

    def get(self, instance: Instance, path: str):
        return self.request(instance, "GET", path)

    def post_form(self, instance: Instance, path: str, page: str, fields, expect=(302,)):
        match = CSRF.search(page)
        assert match, f"no CSRF token on the page before POST {path}"
        status, headers, text = self.request(
            instance, "POST", path, [("csrf_token", match.group(1)), *fields]
        )
        assert status in expect, f"POST {path} on {instance.name} answered {status}: {text[:500]}"
        return status, headers, text


@dataclass
class Instance:
    name: str
    port: int
    process: subprocess.Popen


@dataclass
class Cluster:
    a: Instance
    b: Instance
    database_url: str
    mail_folder: Path
    env: dict

    def sql(self, statement: str, **params):
        from sqlalchemy import create_engine, text

        engine = create_engine(self.database_url)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(statement), params)
                return result.all() if result.returns_rows else None
        finally:
            engine.dispose()


def _flask(env: dict, *args: str, stdin: str | None = None) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}"


def _start_instance(name: str, env: dict, log: Path) -> Instance:
    port = free_port()
    with log.open("wb") as output:  # the child keeps its own copy of the file
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning", "wsgi:app"],
            cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    instance = Instance(name, port, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"instance {name} exited:\n{log.read_text()}")
        try:
            status, _headers, _text = Browser().get(instance, "/healthz")
            if status == 200:
                return instance
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"instance {name} did not start:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="session")
def cluster(request, tmp_path_factory):
    if not _selected(request.config):
        pytest.skip("the scale-out test runs with `-m scale` (.ci/run runs it)")
    for reason in (_postgres_reachable(), _redis_reachable()):
        if reason and os.environ.get("SCALE_REQUIRED") == "1":
            pytest.fail(f"{reason}, and SCALE_REQUIRED=1 (as in .ci/run)")
        if reason:
            pytest.skip(reason)
    from redis import Redis
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(DATABASE_SERVER)
    name = f"scale_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    workdir = tmp_path_factory.mktemp("scale")
    mail_folder = workdir / "mail"
    mail_folder.mkdir()
    database_url = server.set(database=name).render_as_string(hide_password=False)
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "PORTAL_ENV": "development",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "scale-out test secret shared by both instances, for nothing else",
        "PUBLIC_BASE_URL": f"http://{PUBLIC_HOST}",
        "MAIL_BACKEND": "file",
        "MAIL_FOLDER": str(mail_folder),
        "PAGE_CACHE_ENABLED": "1",
        "PAGE_CACHE_VERSION_TTL": str(PAGE_CACHE_TTL),
        "RATELIMIT_ENABLED": "1",
        "TRACK_RATE_LIMIT": f"{TRACK_LIMIT} per minute",
        "SIGN_IN_RATE_LIMIT": "100 per minute",
        "CONSULTATION_RATE_LIMIT": "200 per minute",
        "DEMO_STAFF_PASSWORD": "scale demo password, not for anything else",
    }
    processes: list[subprocess.Popen] = []
    try:
        _flask(env, "db", "upgrade")
        _flask(env, "demo-data")
        _flask(env, "create-staff", STAFF_EMAIL, "--role", "commissioner", stdin=STAFF_PASSWORD)
        with (workdir / "worker.log").open("wb") as output:
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "worker"],
                cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        processes.append(worker)
        a = _start_instance("A", env, workdir / "a.log")
        processes.append(a.process)
        b = _start_instance("B", env, workdir / "b.log")
        processes.append(b.process)
        yield Cluster(a=a, b=b, database_url=database_url, mail_folder=mail_folder, env=env)
    finally:
        for process in processes:
            _stop(process)
        redis.flushdb()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
