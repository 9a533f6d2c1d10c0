"""Slowing down password guessing against one account, without locking it.

Failed sign-ins are counted per account, whichever addresses they come from
(the per-address limit is Flask-Limiter's, on the views). The first
FREE_FAILURES in a day cost nothing; after that each attempt has to wait,
1 minute, then 2, 4, 8, up to 15: guessing slows to a crawl, yet the real
member of staff is never shut out for longer than MAX_DELAY, and nobody can
lock them out for good by typing their address. While the wait lasts even
the right password is refused, so a guess cannot be tested by whether it
was let through. Signing in resets the count.

The count is kept by email address, hashed with the secret key, whether or
not such an account exists: the page, the status and the wait are the same
for an address nobody has. Only a real account holder is emailed, once for
each run of waits (an "episode"), which ends when they sign in or the day's
count runs out.

Counters live in the `limits` storage named by RATELIMIT_STORAGE_URI, so all
of the portal's processes share them when REDIS_URL is set.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from datetime import UTC, datetime

from flask import current_app, make_response
from flask_babel import ngettext
from limits.storage import Storage, storage_from_string
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from app.accounts.models import StaffUser
from app.accounts.services import find_staff
from app.core import audit
from app.core.form_pages import render_form
from app.core.i18n import current_language
from app.core.outbox import queue_email, render_email

FREE_FAILURES = 5
WINDOW_SECONDS = 24 * 60 * 60
FIRST_DELAY_SECONDS = 60
MAX_DELAY_SECONDS = 15 * 60
EMAIL_TEMPLATE = "accounts/email/sign_in_throttled.txt"
_EXTENSION = "portal_sign_in_throttle"
_creating = threading.Lock()


def now() -> float:
    """The clock every wait is measured by (tests replace it)."""
    return time.time()


def storage() -> Storage:
    """This app's counters. Not `limiter.storage`: the one Limiter serves every
    app built in the process, and each init_app replaces its storage."""
    app = current_app._get_current_object()
    found = app.extensions.get(_EXTENSION)
    if found is None:
        with _creating:  # two threads' first requests must not keep two counts
            found = app.extensions.get(_EXTENSION)
            if found is None:
                found = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
                app.extensions[_EXTENSION] = found
    return found


def delay_after(failures: int) -> int:
    """Seconds to wait after this many failures in a row."""
    if failures <= FREE_FAILURES:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** min(failures - FREE_FAILURES - 1, 20), MAX_DELAY_SECONDS)


def _account(email: str) -> str:
    normalised = (email or "").strip().lower().encode("utf-8")
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(secret, normalised, hashlib.sha256).hexdigest()[:32]


def _keys(email: str) -> tuple[str, str, str]:
    account = _account(email)
    return f"signin/failures/{account}", f"signin/until/{account}", f"signin/told/{account}"


def wait_seconds(email: str) -> int:
    """How long attempts for this email address must still wait; 0 if none."""
    failures_key, until_key, _told = _keys(email)
    store = storage()
    failures = store.get(failures_key)
    if failures <= FREE_FAILURES:
        return 0
    until = store.get(f"{until_key}/{failures}")
    return max(0, math.ceil(until - now()))


def too_many_attempts(seconds: int) -> str:
    """What the sign-in page says while attempts wait, account or not."""
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many attempts to sign in. Try again in %(num)d minute",
        "Too many attempts to sign in. Try again in %(num)d minutes",
        minutes,
    )


def waiting_page(template: str, form, field, wait: int, **context) -> Response:
    """The form again (429), saying on `field` how long to wait.

    For every step that checks something secret: the password, and the
    one-time or recovery code after it."""
    field.errors.append(too_many_attempts(wait))
    page, _status = render_form(template, form, failed=True, **context)
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(wait)
    return response


def counts_against_address(response) -> bool:
    """For the per-address limit: every attempt but one that got through."""
    return response.status_code != 302


def failed(session: Session, email: str) -> int:
    """Count a failed attempt; returns how long the next one must wait.

    The first failure that brings a wait starts an episode: it is audited and
    the account holder, if there is one, is emailed in the caller's transaction.
    """
    failures_key, until_key, told_key = _keys(email)
    store = storage()
    failures = store.incr(failures_key, WINDOW_SECONDS)
    delay = delay_after(failures)
    if not delay:
        return 0
    until = math.floor(now()) + delay
    # One key per failure, so two processes never add to each other's time;
    # a key left from before a reset is replaced, not added to.
    key = f"{until_key}/{failures}"
    if store.incr(key, delay + 60, amount=until) != until:
        store.clear(key)
        store.incr(key, delay + 60, amount=until)
    # The episode lasts as long as the count it belongs to.
    remaining = max(1, math.ceil(store.get_expiry(failures_key) - time.time()))
    if store.incr(told_key, remaining) == 1:
        _start_episode(session, find_staff(session, email), failures, delay)
    return delay


def succeeded(email: str) -> None:
    """Signed in: the count and the episode start again."""
    failures_key, until_key, told_key = _keys(email)
    store = storage()
    failures = store.get(failures_key)
    for number in range(FREE_FAILURES + 1, failures + 1):
        store.clear(f"{until_key}/{number}")
    store.clear(failures_key)
    store.clear(told_key)


def _start_episode(session: Session, user: StaffUser | None, failures: int, delay: int) -> None:
    audit.record(
        session,
        "staff.sign_in_throttled",
        actor=None,
        object_type="staff_user",
        # As with a failed sign-in: a mistyped address may be someone else's.
        object_ref=user.email if user is not None else None,
        summary=f"Sign-in attempts now wait, after {failures} failed in a row",
        details={"failures": failures, "wait_seconds": delay},
    )
    if user is None or not user.is_active:
        return
    # Staff have no saved language: the one the attempts were made in.
    locale = current_language()
    subject, body = render_email(
        EMAIL_TEMPLATE,
        locale,
        name=user.name,
        failures=failures,
        at=datetime.fromtimestamp(now(), UTC),
        max_minutes=MAX_DELAY_SECONDS // 60,
    )
    queue_email(session, to=user.email, subject=subject, body=body, locale=locale)
