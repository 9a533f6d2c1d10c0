"""Which service areas a member of staff may see.

A member of staff with no service areas sees every area; one with areas sees
only items in them, and nothing without an area. Apply `limit_to_areas` to
every query that lists or fetches inbox items (lists, counts, exports,
single items), so a limited account never learns what lies outside its areas.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, true

from app.accounts.models import StaffUser

S = TypeVar("S", bound=Select)


def _is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def area_ids(user: StaffUser) -> frozenset[int] | None:
    """The ids `user` is limited to, or None for every area."""
    areas = user.service_areas
    return frozenset(area.id for area in areas) if areas else None


def area_condition(user: StaffUser | Any, column: ColumnElement[int | None]) -> ColumnElement[bool]:
    """A WHERE condition on `column` (a service_area_id) for `user`.

    Anyone who is not a signed-in, active member of staff sees nothing.
    """
    if not _is_staff(user):
        return false()
    ids = area_ids(user)
    if ids is None:
        return true()
    return column.in_(sorted(ids))


def limit_to_areas(stmt: S, user: StaffUser | Any, column: ColumnElement[int | None]) -> S:
    """`stmt` narrowed to the service areas `user` may see (unchanged for all areas)."""
    if _is_staff(user) and area_ids(user) is None:
        return stmt
    return stmt.where(area_condition(user, column))


def can_see_area(user: StaffUser | Any, area_id: int | None) -> bool:
    """For a single item already loaded: may `user` see an item in `area_id`?"""
    if not _is_staff(user):
        return False
    ids = area_ids(user)
    return ids is None or area_id in ids
