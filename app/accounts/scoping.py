"""Every object a staff URL names is loaded here, and checked here, once.

A staff blueprint declares, for each argument its URLs carry, how to load
the object it names and which service area that object belongs to
(`guard_staff_blueprint`). Before any view runs, the blueprint's loader
checks the role, loads each named object (parents before children), and
answers "not found" when the object does not exist or lies outside the
reader's service areas, the same answer in both cases so a limited account
cannot learn what lies outside its areas. The view then receives the
checked object in place of the id, so it has no way to skip the check.

`tests/test_role_matrix.py` fails for any staff URL argument that has no
loader, and calls every route as a commissioner limited to another area.

Some things belong to the whole council rather than to a service area (the
third-sector survey, the safeguarding list): `council_wide_required` lets only
administrators and staff with no area limit change them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.access import check_role
from app.accounts.areas import area_ids, can_see_area, limit_to_areas
from app.accounts.models import Role
from app.core.db import db
from app.core.models import ServiceArea

# Passed as `area` for objects that belong to no service area (council-wide).
COUNCIL_WIDE = None


@dataclass(frozen=True)
class Loader:
    """How to turn one URL argument into the object a view works on.

    `load(session, value, loaded)` returns the object or None; `loaded` holds
    the objects loaded before it, so a child is found only under its parent.
    `area(obj)` gives the object's service area id; leave it out for
    council-wide objects, which every member of staff may read.
    """

    name: str
    load: Callable[[Session, Any, dict[str, Any]], Any]
    area: Callable[[Any], int | None] | None = COUNCIL_WIDE


@dataclass
class StaffUrls:
    """What a guarded blueprint declares: read by the role matrix test."""

    minimum: Role
    loaders: dict[str, Loader]
    # Arguments that name no object (an action, a one-use token): the view checks them.
    plain: frozenset[str] = field(default_factory=frozenset)


def by_id(model: type, parent: str | None = None, parent_key: str | None = None) -> Callable:
    """A loader function: `model` by primary key, optionally under a loaded parent."""

    def load(session: Session, value: Any, loaded: dict[str, Any]) -> Any:
        obj = session.get(model, value)
        if obj is not None and parent is not None:
            owner = loaded[parent]
            if getattr(obj, parent_key or f"{parent}_id") != owner.id:
                return None
        return obj

    return load


def guard_staff_blueprint(
    bp: Blueprint,
    loaders: dict[str, Loader] | None = None,
    *,
    minimum: Role = Role.VIEWER,
    plain: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Check the role and load every object the URL names, before any view of `bp`."""
    declared = StaffUrls(minimum=minimum, loaders=dict(loaders or {}), plain=frozenset(plain))
    bp.staff_urls = declared  # type: ignore[attr-defined]

    @bp.url_value_preprocessor
    def load_named_objects(endpoint: str | None, values: dict[str, Any] | None) -> None:
        # The role first: an anonymous visitor is sent to sign in, never told
        # whether an object exists.
        check_role(declared.minimum)
        if not values:
            return
        loaded: dict[str, Any] = {}
        for argument, loader in declared.loaders.items():
            if argument not in values:
                continue
            obj = loader.load(db.session, values.pop(argument), loaded)
            if obj is None:
                abort(404)
            if loader.area is not None and not can_see_area(current_user, loader.area(obj)):
                abort(404)
            loaded[loader.name] = obj
        values.update(loaded)


def is_area_limited(user: Any = None) -> bool:
    """Is this member of staff limited to some service areas?"""
    user = current_user if user is None else user
    return area_ids(user) is not None


def may_change_council_wide(user: Any = None) -> bool:
    user = current_user if user is None else user
    return bool(
        user.is_authenticated and (user.has_role(Role.ADMINISTRATOR) or not is_area_limited(user))
    )


def check_council_wide() -> None:
    """Refuse a change to council-wide content from staff limited to some areas."""
    if not may_change_council_wide():
        abort(403)


def council_wide_required(view: Callable) -> Callable:
    """For views that change what belongs to the whole council."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        check_council_wide()
        return view(*args, **kwargs)

    wrapped.council_wide = True  # type: ignore[attr-defined]
    return wrapped


def areas_for(session: Session, user: Any = None) -> list[ServiceArea]:
    """The service areas `user` may file things in: their own, or every one.

    Form choices use the very rule the lists use (`limit_to_areas`), so a
    member of staff can never file something where they could not then see it.
    """
    user = current_user if user is None else user
    stmt = limit_to_areas(select(ServiceArea).order_by(ServiceArea.name), user, ServiceArea.id)
    return list(session.scalars(stmt))
