"""Requests served the way a WSGI server (gunicorn) serves them.

The test client runs inside the test's application context (fixtures such
as `session` hold one open), so a response body produced lazily, after the
view has returned, still finds the application there. A real server reads
the body after Flask has popped every context. Serving the request from
another thread, which has no context of its own, reproduces that.
"""

from __future__ import annotations

import threading

from werkzeug.test import EnvironBuilder, run_wsgi_app


def serve(app, url: str, client=None) -> tuple[int, dict[str, str], bytes]:
    """GET `url` with `client`'s cookies (its signed-in session); the status,
    headers and the whole body, read as a server would send it."""
    headers = {}
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]) if client else None
    if cookie is not None:
        headers["Cookie"] = f"{cookie.key}={cookie.value}"
    # The client's address and browser, which a signed-in session is bound to.
    base = dict(client.environ_base) if client is not None else {}
    environ = EnvironBuilder(path=url, headers=headers, environ_base=base).get_environ()
    outcome: dict = {}

    def run() -> None:
        try:
            body, status, response_headers = run_wsgi_app(app, environ, buffered=True)
            outcome["response"] = (int(status.split()[0]), dict(response_headers), b"".join(body))
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]
