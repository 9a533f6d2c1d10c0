"""Administrators manage staff at /admin/users: invite, change role and
service areas, deactivate and reactivate, never losing the last administrator."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.accounts.models import StaffInvite, StaffUser
from app.core.audit import AuditEvent
from app.core.models import ServiceArea
from app.core.outbox.models import OutboxMessage
from tests.conftest import TEST_PASSWORD, csrf_token, post_form, sign_in_with_password

LINK = re.compile(r"http://localhost(/staff/invite/[A-Za-z0-9_-]+)")


@pytest.fixture
def areas(session):
    found = [
        ServiceArea(slug="adult-social-care", name="Adult social care", name_cy="Gofal oedolion"),
        ServiceArea(slug="housing", name="Housing", name_cy="Tai"),
        ServiceArea(slug="waste", name="Waste and recycling", name_cy="Gwastraff ac ailgylchu"),
    ]
    session.add_all(found)
    session.commit()
    return found


@pytest.fixture
def admin(sign_in):
    return sign_in("administrator")


def invite(client, **overrides):
    data = {
        "name": "Rhian Evans",
        "email": "rhian.evans@elmsworth.gov.example",
        "role": "commissioner",
        **overrides,
    }
    return post_form(client, "/admin/users/invite", data)


def staff(session, email: str) -> StaffUser:
    session.expire_all()
    return session.scalar(select(StaffUser).where(StaffUser.email == email))


def audit_actions(session) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def outbox(session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def signed_in_client(app, email: str):
    """A second browser, signed in as someone else."""
    other = app.test_client()
    response = sign_in_with_password(other, email)
    assert response.status_code == 302
    return other


# Who can reach it ------------------------------------------------------------

GET_ROUTES = ["/admin/users", "/admin/users/invite", "/admin/users/{id}"]
POST_ROUTES = [
    "/admin/users/invite",
    "/admin/users/{id}",
    "/admin/users/{id}/deactivate",
    "/admin/users/{id}/reactivate",
    "/admin/users/{id}/resend-invite",
]


@pytest.mark.parametrize("route", GET_ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, make_staff, route):
    target = make_staff("viewer")
    response = client.get(route.format(id=target.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in?next=")


@pytest.mark.parametrize("route", POST_ROUTES)
def test_anonymous_posts_change_nothing(client, session, make_staff, route):
    target = make_staff("viewer")
    token = csrf_token(client.get("/staff/sign-in").text)
    response = client.post(
        route.format(id=target.id),
        data={"csrf_token": token, "name": "X", "email": "x@example.org", "role": "viewer"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
    assert staff(session, target.email).is_active_account
    assert session.scalar(select(func.count()).select_from(StaffUser)) == 1


@pytest.mark.parametrize("role", ["viewer", "commissioner"])
def test_only_administrators_manage_staff(client, session, sign_in, make_staff, role):
    target = make_staff("viewer", "target@elmsworth.gov.example")
    sign_in(role)
    for route in GET_ROUTES:
        assert client.get(route.format(id=target.id)).status_code == 403, route
    for route in POST_ROUTES:
        # A valid form token (from a page they can see): the role, not CSRF, refuses them.
        response = post_form(
            client,
            route.format(id=target.id),
            {"name": "X", "email": "x@example.org", "role": "administrator"},
            form_url="/inbox/",
        )
        assert response.status_code == 403, route
    found = staff(session, target.email)
    assert found.is_active_account
    assert found.role == "viewer"
    assert outbox(session) == []


# The list --------------------------------------------------------------------


def test_the_list_shows_each_person_their_role_areas_and_status(
    client, session, admin, make_staff, areas
):
    viewer = make_staff("viewer", "viewer@elmsworth.gov.example")
    viewer.service_areas = [areas[1]]
    gone = make_staff("commissioner", "gone@elmsworth.gov.example")
    gone.is_active_account = False
    session.commit()
    invite(client, email="new.starter@elmsworth.gov.example", service_areas=[str(areas[2].id)])

    page = BeautifulSoup(client.get("/admin/users").text, "html.parser")
    rows = {
        row.find_all("td")[1].text.strip(): [cell.get_text(" ", strip=True) for cell in row("td")]
        for row in page.select("tbody tr")
    }
    assert rows[admin.email][2:5] == ["Administrator", "All service areas", "Active"]
    assert rows[admin.email][5] != "Never"
    assert rows[admin.email][6] == "One-time codes"
    assert rows[viewer.email][2:] == ["Viewer", "Housing", "Active", "Never", "None"]
    assert rows[gone.email][4] == "Deactivated"
    assert rows["new.starter@elmsworth.gov.example"][2:] == [
        "Commissioner",
        "Waste and recycling",
        "Invited",
        "Never",
        "None",
    ]
    link = page.find("a", string="Invite a member of staff")
    assert link["href"] == "/admin/users/invite"


def test_the_list_takes_the_same_number_of_queries_for_any_number_of_staff(
    client, session, admin, make_staff, areas, count_queries
):
    make_staff("viewer", "one@elmsworth.gov.example").service_areas = areas[:2]
    session.commit()
    few = count_queries(lambda: client.get("/admin/users"))
    for number in range(12):
        user = make_staff("commissioner", f"person{number}@elmsworth.gov.example")
        user.service_areas = [areas[number % 3]]
        session.commit()
        invite(client, email=f"invited{number}@elmsworth.gov.example")
    many = count_queries(lambda: client.get("/admin/users"))
    assert many.count == few.count
    assert few.count <= 6


# Inviting --------------------------------------------------------------------


def test_inviting_creates_the_account_and_emails_a_link(client, session, admin, areas):
    response = invite(
        client,
        email="Rhian.Evans@Elmsworth.gov.example",
        service_areas=[str(areas[0].id), str(areas[1].id)],
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/users")
    page = client.get("/admin/users").text
    assert "Invitation sent to rhian.evans@elmsworth.gov.example." in page

    user = staff(session, "rhian.evans@elmsworth.gov.example")
    assert user.name == "Rhian Evans"
    assert user.role == "commissioner"
    assert user.is_active_account
    assert [area.slug for area in user.service_areas] == ["adult-social-care", "housing"]

    [message] = outbox(session)
    assert message.to_address == "rhian.evans@elmsworth.gov.example"
    assert message.locale == "en"
    assert message.status == "pending"
    assert "invited" in message.subject
    assert "Hello Rhian Evans," in message.body_text
    assert f"{admin.name} has invited you" in message.body_text
    link = LINK.search(message.body_text)
    assert link, message.body_text
    assert "The link works once, and only until" in message.body_text
    assert client.get(link.group(1)).status_code == 200

    assert audit_actions(session)[-1] == "staff.invite"


def test_the_invitation_is_written_in_the_administrators_language(client, session, admin):
    client.get("/language/cy?next=/admin/users")
    assert invite(client).status_code == 302
    [message] = outbox(session)
    assert message.locale == "cy"
    assert "Cyngor Bwrdeistref Elmsworth" in message.body_text
    assert LINK.search(message.body_text)


def test_an_invited_person_cannot_sign_in_before_setting_a_password(client, session, admin):
    invite(client)
    user = staff(session, "rhian.evans@elmsworth.gov.example")
    other = client.application.test_client()
    for guess in ("", TEST_PASSWORD, user.password_hash):
        response = post_form(
            other, "/staff/sign-in", {"email": user.email, "password": guess or "x"}
        )
        assert response.status_code == 400
    assert other.get("/inbox/").status_code == 302


def test_an_email_address_already_in_use_is_refused(client, session, admin, make_staff):
    existing = make_staff("viewer", "taken@elmsworth.gov.example")
    response = invite(client, email="TAKEN@elmsworth.gov.example", name="Someone Else")
    assert response.status_code == 400
    assert "A staff account already uses this email address." in response.text
    assert "govuk-error-summary" in response.text
    assert outbox(session) == []
    assert staff(session, existing.email).name == existing.name
    assert session.scalar(select(func.count()).select_from(StaffUser)) == 2


def test_the_invite_form_explains_what_is_missing(client, session, admin):
    response = post_form(client, "/admin/users/invite", {"name": "", "email": "not-an-address"})
    assert response.status_code == 400
    page = BeautifulSoup(response.text, "html.parser")
    summary = page.select_one(".govuk-error-summary")
    assert summary.select_one(".govuk-error-summary__title").text.strip() == "There is a problem"
    messages = [link.text.strip() for link in summary.select("a")]
    assert messages == [
        "Enter their full name",
        "Enter an email address in the correct format, like name@example.com",
        "Select a role",
    ]
    assert [link["href"] for link in summary.select("a")] == ["#name", "#email", "#role"]
    assert page.select_one("#name-error")
    assert outbox(session) == []


def test_the_invite_form_groups_its_choices_with_legends(client, admin, areas):
    page = BeautifulSoup(client.get("/admin/users/invite").text, "html.parser")
    legends = [legend.get_text(strip=True) for legend in page.select("legend")]
    assert legends == ["Role", "Service areas"]
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert page.find(id="send-invitation-button")


@pytest.mark.parametrize(
    "tampered",
    [
        {"role": "superuser"},
        {"role": ""},
        {"service_areas": ["not-a-number"]},
        {"service_areas": ["999999"]},
    ],
)
def test_tampered_invitations_are_refused_without_an_error_page(
    client, session, admin, areas, tampered
):
    response = invite(client, **tampered)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert outbox(session) == []
    assert staff(session, "rhian.evans@elmsworth.gov.example") is None


def test_every_page_has_unique_ids(client, session, admin, make_staff, areas):
    user = make_staff("viewer", "sam@elmsworth.gov.example")
    invite(client)
    invited = staff(session, "rhian.evans@elmsworth.gov.example")
    for url in (
        "/admin/users",
        "/admin/users/invite",
        f"/admin/users/{user.id}",
        f"/admin/users/{invited.id}",
        f"/admin/users/{admin.id}",
    ):
        page = BeautifulSoup(client.get(url).text, "html.parser")
        ids = [tag["id"] for tag in page.find_all(id=True)]
        assert len(ids) == len(set(ids)), url
        for form in page.select("main form"):
            assert form.find("input", {"name": "csrf_token"}), url


# Changing role and service areas ---------------------------------------------


def test_an_administrator_changes_role_and_service_areas(client, session, admin, make_staff, areas):
    user = make_staff("viewer", "sam@elmsworth.gov.example")
    url = f"/admin/users/{user.id}"
    page = BeautifulSoup(client.get(url).text, "html.parser")
    assert page.find("input", {"name": "role", "value": "viewer"}).has_attr("checked")

    response = post_form(
        client,
        url,
        {
            "name": "Sam  Patel",
            "role": "commissioner",
            "service_areas": [str(areas[0].id), str(areas[2].id)],
        },
    )
    assert response.status_code == 302
    found = staff(session, user.email)
    assert found.name == "Sam Patel"
    assert found.role == "commissioner"
    assert [area.slug for area in found.service_areas] == ["adult-social-care", "waste"]
    assert "Changes saved for Sam Patel." in client.get(url).text

    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "staff.update"
    assert event.actor_id == admin.id
    assert event.object_ref == user.email
    assert event.details["role"] == {"from": "viewer", "to": "commissioner"}
    assert event.details["service_areas"]["to"] == ["adult-social-care", "waste"]

    # Clearing every area means every area.
    post_form(client, url, {"name": "Sam Patel", "role": "commissioner"})
    assert staff(session, user.email).service_areas == []


def test_saving_without_changes_records_nothing(client, session, admin, make_staff):
    user = make_staff("viewer", "sam@elmsworth.gov.example")
    before = audit_actions(session)
    response = post_form(
        client,
        f"/admin/users/{user.id}",
        {"name": user.name, "role": "viewer"},
        follow_redirects=True,
    )
    assert "Nothing was changed." in response.text
    assert audit_actions(session) == before


@pytest.mark.parametrize(
    "tampered",
    [
        {"role": "root"},
        {"service_areas": ["abc"]},
        {"service_areas": ["424242"]},
        {"name": ""},
    ],
)
def test_tampered_changes_are_refused_without_an_error_page(
    client, session, admin, make_staff, areas, tampered
):
    user = make_staff("viewer", "sam@elmsworth.gov.example")
    response = post_form(
        client, f"/admin/users/{user.id}", {"name": "Sam", "role": "viewer", **tampered}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    found = staff(session, user.email)
    assert found.role == "viewer"
    assert found.service_areas == []


@pytest.mark.parametrize("route", ["/admin/users/999999", "/admin/users/abc", "/admin/users/-1"])
def test_an_unknown_person_is_not_found(client, admin, route):
    assert client.get(route).status_code == 404


@pytest.mark.parametrize("action", ["deactivate", "reactivate", "resend-invite"])
def test_actions_on_an_unknown_person_are_not_found(client, admin, action):
    response = post_form(client, f"/admin/users/999999/{action}", {}, form_url="/admin/users")
    assert response.status_code == 404
    assert client.post(f"/admin/users/abc/{action}").status_code == 404


@pytest.mark.parametrize("action", ["deactivate", "reactivate", "resend-invite"])
def test_actions_need_the_form_token(client, session, admin, make_staff, action):
    user = make_staff("viewer", "sam@elmsworth.gov.example")
    assert client.post(f"/admin/users/{user.id}/{action}").status_code == 400
    assert staff(session, user.email).is_active_account


# Deactivating and reactivating -----------------------------------------------


def test_deactivating_signs_the_person_out_and_stops_them_signing_in(
    app, client, session, admin, make_staff
):
    user = make_staff("commissioner", "leaver@elmsworth.gov.example")
    theirs = signed_in_client(app, user.email)
    assert theirs.get("/inbox/").status_code == 200

    url = f"/admin/users/{user.id}"
    response = post_form(client, f"{url}/deactivate", {}, form_url=url)
    assert response.status_code == 302
    page = client.get(url).text
    assert "is deactivated and has been signed out." in page
    assert "Reactivate account" in page

    after = theirs.get("/inbox/")
    assert after.status_code == 302
    assert after.headers["Location"].startswith("/staff/sign-in")
    again = post_form(theirs, "/staff/sign-in", {"email": user.email, "password": TEST_PASSWORD})
    assert again.status_code == 400
    assert audit_actions(session)[-2:] == ["staff.deactivate", "staff.sign_in_failed"]

    response = post_form(client, f"{url}/reactivate", {}, form_url=url)
    assert response.status_code == 302
    assert "can sign in again." in client.get(url).text
    assert staff(session, user.email).is_active_account
    back = post_form(theirs, "/staff/sign-in", {"email": user.email, "password": TEST_PASSWORD})
    assert back.status_code == 302
    assert theirs.get("/inbox/").status_code == 200
    assert audit_actions(session)[-1] == "staff.sign_in"
    assert "staff.reactivate" in audit_actions(session)


def test_an_administrator_can_deactivate_another_administrator(
    app, client, session, admin, make_staff
):
    other = make_staff("administrator", "second.admin@elmsworth.gov.example")
    url = f"/admin/users/{other.id}"
    assert post_form(client, f"{url}/deactivate", {}, form_url=url).status_code == 302
    assert not staff(session, other.email).is_active_account


# The last administrator ----------------------------------------------------------


def test_nobody_can_deactivate_their_own_account(client, session, admin, make_staff):
    make_staff("administrator", "second.admin@elmsworth.gov.example")
    url = f"/admin/users/{admin.id}"
    page = client.get(url).text
    assert "You cannot deactivate your own account." in page
    assert 'id="deactivate-button"' not in page
    response = post_form(client, f"{url}/deactivate", {}, form_url=url)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert "You cannot deactivate your own account." in response.text
    assert staff(session, admin.email).is_active_account
    assert client.get("/admin/users").status_code == 200


def test_the_last_administrator_cannot_demote_themselves(client, session, admin):
    url = f"/admin/users/{admin.id}"
    response = post_form(client, url, {"name": admin.name, "role": "commissioner"})
    assert response.status_code == 400
    assert "there must always be at least one active administrator" in response.text
    assert "govuk-error-summary" in response.text
    assert staff(session, admin.email).role == "administrator"
    assert "staff.update" not in audit_actions(session)


def test_an_invited_administrator_does_not_count_until_they_can_sign_in(client, session, admin):
    invite(client, email="future.admin@elmsworth.gov.example", role="administrator")
    response = post_form(client, f"/admin/users/{admin.id}", {"name": admin.name, "role": "viewer"})
    assert response.status_code == 400
    assert staff(session, admin.email).role == "administrator"


def test_a_deactivated_administrator_does_not_count(client, session, admin, make_staff):
    other = make_staff("administrator", "second.admin@elmsworth.gov.example")
    other.is_active_account = False
    session.commit()
    response = post_form(client, f"/admin/users/{admin.id}", {"name": admin.name, "role": "viewer"})
    assert response.status_code == 400
    assert staff(session, admin.email).role == "administrator"


def test_an_administrator_can_step_down_when_another_remains(client, session, admin, make_staff):
    make_staff("administrator", "second.admin@elmsworth.gov.example")
    response = post_form(
        client, f"/admin/users/{admin.id}", {"name": admin.name, "role": "commissioner"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/inbox/"
    assert staff(session, admin.email).role == "commissioner"
    assert client.get("/admin/users").status_code == 403


def test_the_other_administrator_can_be_demoted_but_not_the_last(
    app, client, session, admin, make_staff
):
    other = make_staff("administrator", "second.admin@elmsworth.gov.example")
    url = f"/admin/users/{other.id}"
    assert post_form(client, url, {"name": other.name, "role": "viewer"}).status_code == 302
    assert staff(session, other.email).role == "viewer"
    own = f"/admin/users/{admin.id}"
    assert post_form(client, own, {"name": admin.name, "role": "viewer"}).status_code == 400


# Sending a new invitation ----------------------------------------------------------


def test_a_new_invitation_replaces_the_old_link(client, session, admin):
    invite(client)
    user = staff(session, "rhian.evans@elmsworth.gov.example")
    first = LINK.search(outbox(session)[0].body_text).group(1)
    url = f"/admin/users/{user.id}"
    page = client.get(url).text
    assert "has not set a password yet" in page

    response = post_form(client, f"{url}/resend-invite", {}, form_url=url)
    assert response.status_code == 302
    assert "A new invitation has been sent to" in client.get(url).text
    messages = outbox(session)
    assert len(messages) == 2
    second = LINK.search(messages[1].body_text).group(1)
    assert second != first
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    assert audit_actions(session)[-1] == "staff.invite_resent"
    assert session.scalar(select(func.count()).select_from(StaffInvite)) == 2


def test_someone_with_a_password_needs_no_invitation(client, session, admin, make_staff):
    user = make_staff("viewer", "sam@elmsworth.gov.example")
    url = f"/admin/users/{user.id}"
    assert "Send a new invitation" not in client.get(url).text
    response = post_form(client, f"{url}/resend-invite", {}, form_url=url, follow_redirects=True)
    assert "does not need a new invitation." in response.text
    assert outbox(session) == []


def test_the_areas_chosen_here_are_what_the_inbox_helpers_apply(
    client, session, admin, make_staff, areas
):
    from app.accounts.areas import area_ids, can_see_area, limit_to_areas

    user = make_staff("viewer", "limited@elmsworth.gov.example")
    everything = select(ServiceArea.slug).order_by(ServiceArea.slug)
    assert area_ids(user) is None
    assert session.scalars(limit_to_areas(everything, user, ServiceArea.id)).all() == [
        "adult-social-care",
        "housing",
        "waste",
    ]

    post_form(
        client,
        f"/admin/users/{user.id}",
        {"name": user.name, "role": "viewer", "service_areas": [str(areas[1].id)]},
    )
    user = staff(session, user.email)
    assert area_ids(user) == {areas[1].id}
    assert session.scalars(limit_to_areas(everything, user, ServiceArea.id)).all() == ["housing"]
    assert can_see_area(user, areas[1].id)
    assert not can_see_area(user, areas[0].id)
    assert not can_see_area(user, None)

    user.is_active_account = False
    assert session.scalars(limit_to_areas(everything, user, ServiceArea.id)).all() == []
    session.rollback()
