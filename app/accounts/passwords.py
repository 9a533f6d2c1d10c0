"""What makes a staff password acceptable, in one place.

Every way a password is set (an invitation, `create-staff`, changing it on
the account page, a reset link) asks `password_problem`, so the rules cannot
drift apart. The rules follow the NCSC's advice: length rather than
composition rules, and no password that attackers try first, which is what
the list of common passwords shipped in `data/` is for.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources
from typing import Protocol

from flask import has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _

MIN_PASSWORD_LENGTH = 12
# Hashing is deliberately slow: a megabyte of "password" would tie a worker up.
MAX_PASSWORD_LENGTH = 500
COMMON_PASSWORDS_FILE = "common-passwords.txt.gz"


class Holder(Protocol):
    email: str
    name: str


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, folded to lower case; read once per process."""
    data = resources.files("app.accounts").joinpath("data", COMMON_PASSWORDS_FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(_fold(line) for line in lines if line.strip())


def _fold(text: str) -> str:
    return text.strip().casefold()


def is_common(password: str) -> bool:
    return _fold(password) in common_passwords()


def _personal_words(user: Holder | None) -> set[str]:
    """The account's own details, which anyone who knows the person can guess."""
    if user is None:
        return set()
    words = set()
    email = _fold(getattr(user, "email", "") or "")
    if email:
        words |= {email, email.partition("@")[0]}
    name = _fold(getattr(user, "name", "") or "")
    if name:
        words |= {name, "".join(name.split())}
    words.discard("")
    return words


def password_problem(password: str | None, user: Holder | None) -> str | None:
    """Why `password` will not do for `user`, in words for them; None if it will.

    `user` is the account the password is for (or anything with `email` and
    `name`, for an account not yet made). Outside a request (`create-staff`,
    the demo data) the words are English.
    """
    if not has_request_context():
        with force_locale("en"):
            return _problem(password, user)
    return _problem(password, user)


def _problem(password: str | None, user: Holder | None) -> str | None:
    if not password:
        return _("Enter a password")
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Your password must be at least %(min)d characters", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Your password must be 500 characters or fewer")
    folded = _fold(password)
    if folded in _personal_words(user) or "".join(folded.split()) in _personal_words(user):
        return _(
            "Choose a password that is harder to guess: do not use your email address or your name"
        )
    if is_common(password):
        return _(
            "Choose a password that is harder to guess: this one is on a list of common passwords"
        )
    return None


class WeakPasswordError(ValueError):
    """The password was refused; the message says why, in the reader's words."""
