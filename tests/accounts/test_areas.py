"""Which inbox items a member of staff may see: every area's with no areas
of their own, only their areas' with some (and nothing without an area),
and nothing at all when not a signed-in, active member of staff."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from app.accounts.areas import area_ids, can_see_area, limit_to_areas
from app.core.models import ServiceArea
from app.inbox.models import InboxItem
from app.inbox.services import file_submission


@pytest.fixture
def areas(session, area):
    children = ServiceArea(slug="childrens-services", name="Children's services", name_cy="Plant")
    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add_all([children, housing])
    session.commit()
    return {"adults": area, "children": children, "housing": housing}


@pytest.fixture
def inbox(session, areas):
    """One item in each area, and one that reached the council with no area."""
    items = {
        name: file_submission(
            session, kind="supplier_registration", subject=f"About {name}", service_area=where
        )
        for name, where in [*areas.items(), ("no area", None)]
    }
    session.commit()
    return items


def subjects(session, user) -> set[str]:
    stmt = limit_to_areas(select(InboxItem.subject), user, InboxItem.service_area_id)
    return set(session.scalars(stmt))


def count(session, user) -> int:
    stmt = limit_to_areas(select(func.count(InboxItem.id)), user, InboxItem.service_area_id)
    return session.scalar(stmt)


def test_staff_with_no_areas_of_their_own_see_every_area_and_items_without_one(
    session, make_staff, inbox
):
    user = make_staff("commissioner")
    assert area_ids(user) is None
    assert subjects(session, user) == {
        "About adults",
        "About children",
        "About housing",
        "About no area",
    }
    assert count(session, user) == 4
    # Unchanged, not narrowed by a condition that is always true.
    stmt = select(InboxItem)
    assert limit_to_areas(stmt, user, InboxItem.service_area_id) is stmt
    assert all(can_see_area(user, item.service_area_id) for item in inbox.values())


def test_staff_limited_to_one_area_see_only_its_items(session, make_staff, areas, inbox):
    user = make_staff("commissioner")
    user.service_areas = [areas["children"]]
    session.commit()
    assert area_ids(user) == frozenset({areas["children"].id})
    assert subjects(session, user) == {"About children"}
    assert count(session, user) == 1
    assert can_see_area(user, areas["children"].id)
    assert not can_see_area(user, areas["adults"].id)


def test_staff_limited_to_two_areas_see_both_and_not_the_third(session, make_staff, areas, inbox):
    user = make_staff("viewer")
    user.service_areas = [areas["housing"], areas["adults"]]
    session.commit()
    assert area_ids(user) == frozenset({areas["housing"].id, areas["adults"].id})
    assert subjects(session, user) == {"About adults", "About housing"}
    assert can_see_area(user, areas["housing"].id)
    assert can_see_area(user, areas["adults"].id)
    assert not can_see_area(user, areas["children"].id)


def test_staff_limited_to_areas_never_see_an_item_without_one(session, make_staff, areas, inbox):
    user = make_staff("commissioner")
    user.service_areas = [areas["adults"]]
    session.commit()
    assert "About no area" not in subjects(session, user)
    assert not can_see_area(user, None)


def test_a_deactivated_account_sees_nothing_even_with_every_area(session, make_staff, inbox):
    user = make_staff("administrator")
    user.is_active_account = False
    session.commit()
    assert subjects(session, user) == set()
    assert count(session, user) == 0
    assert not can_see_area(user, inbox["adults"].service_area_id)
    assert not can_see_area(user, None)


def test_a_deactivated_account_limited_to_an_area_sees_nothing_in_it(
    session, make_staff, areas, inbox
):
    user = make_staff("commissioner")
    user.service_areas = [areas["adults"]]
    user.is_active_account = False
    session.commit()
    assert subjects(session, user) == set()
    assert not can_see_area(user, areas["adults"].id)


@pytest.mark.parametrize("visitor", [AnonymousUserMixin(), None, object()])
def test_someone_not_signed_in_sees_nothing(session, inbox, visitor):
    assert subjects(session, visitor) == set()
    assert count(session, visitor) == 0
    assert not can_see_area(visitor, inbox["adults"].service_area_id)
    assert not can_see_area(visitor, None)


@pytest.mark.parametrize(
    "half",
    [
        SimpleNamespace(is_authenticated=True, is_active=False, service_areas=[]),
        SimpleNamespace(is_authenticated=False, is_active=True, service_areas=[]),
        SimpleNamespace(is_authenticated=True, service_areas=[]),
        SimpleNamespace(is_active=True, service_areas=[]),
    ],
    ids=["signed-in-not-active", "active-not-signed-in", "signed-in-only", "active-only"],
)
def test_a_user_who_is_signed_in_or_active_but_not_both_sees_nothing(session, inbox, half):
    assert subjects(session, half) == set()
    assert not can_see_area(half, inbox["adults"].service_area_id)
