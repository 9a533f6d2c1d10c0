"""The one guard every staff route goes through."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from app.accounts.models import Role
from app.core.extensions import login_manager


def has_role(minimum: Role) -> bool:
    return bool(current_user.is_authenticated and current_user.has_role(minimum))


def check_role(minimum: Role) -> None:
    """Send anonymous visitors to sign in; refuse staff without the role."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not current_user.has_role(minimum):
        abort(403)


def role_required(minimum: Role) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            check_role(minimum)
            return view(*args, **kwargs)

        wrapped.required_role = minimum
        return wrapped

    return decorator
