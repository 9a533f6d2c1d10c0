"""Every staff route refuses anonymous visitors and the wrong roles."""

import pytest

from tests.conftest import post_form

READ_ROUTES = ["/inbox/", "/admin/plans/", "/admin/plans/{id}"]
WRITE_ROUTES = ["/admin/plans/new", "/admin/plans/{id}/edit"]


@pytest.fixture
def plan_id(make_plan):
    return make_plan().id


@pytest.mark.parametrize("route", READ_ROUTES + WRITE_ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, plan_id, route):
    response = client.get(route.format(id=plan_id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in?next=")


def test_anonymous_posts_change_nothing(client, plan_id, session):
    from app.plans.models import PlanItem

    page = client.get("/staff/sign-in")
    from tests.conftest import csrf_token

    response = client.post(
        f"/admin/plans/{plan_id}/status",
        data={"csrf_token": csrf_token(page.text), "action": "withdraw"},
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(PlanItem, plan_id).status == "published"


@pytest.mark.parametrize("route", READ_ROUTES)
@pytest.mark.parametrize("role", ["viewer", "commissioner", "administrator"])
def test_every_role_can_read(client, sign_in, plan_id, route, role):
    sign_in(role)
    assert client.get(route.format(id=plan_id)).status_code == 200


@pytest.mark.parametrize("route", WRITE_ROUTES)
def test_viewers_cannot_open_forms_that_change_things(client, sign_in, plan_id, route):
    sign_in("viewer")
    assert client.get(route.format(id=plan_id)).status_code == 403


def test_viewers_cannot_publish_or_withdraw(client, sign_in, plan_id, session):
    from app.plans.models import PlanItem

    sign_in("viewer")
    response = post_form(
        client,
        f"/admin/plans/{plan_id}/status",
        {"action": "withdraw"},
        form_url=f"/admin/plans/{plan_id}",
    )
    assert response.status_code == 403
    session.expire_all()
    assert session.get(PlanItem, plan_id).status == "published"


def test_viewers_do_not_see_buttons_they_cannot_use(client, sign_in, plan_id):
    sign_in("viewer")
    page = client.get(f"/admin/plans/{plan_id}")
    assert "Withdraw" not in page.text
    assert "/edit" not in page.text


@pytest.mark.parametrize("role", ["commissioner", "administrator"])
def test_commissioners_and_administrators_can_open_forms(client, sign_in, plan_id, role):
    sign_in(role)
    for route in WRITE_ROUTES:
        assert client.get(route.format(id=plan_id)).status_code == 200


def test_every_staff_route_is_guarded(app):
    """A new staff route without the guard fails this test."""
    public = {
        "static",
        "health.healthz",
        "i18n.choose_language",
        "accounts.sign_in",
        "accounts.sign_out",
        "accounts.accept_invite",
        "accounts.sso_start",
        "accounts.sso_callback",
        # Between the password and the second factor: they check the pending sign-in themselves.
        "accounts.second_step",
        "accounts.security_key_sign_in",
        "accounts.security_key_sign_in_options",
        # A forgotten password: before signing in, by definition.
        "accounts.forgotten_password",
        "accounts.reset_link_sent",
        "accounts.reset_password",
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint in public or rule.endpoint.startswith(
            (
                "pages.",
                "plans.",
                "consultations.",
                "challenges.",
                "suppliers.",
                "events.",
                "surveys.",
            )
        ):
            continue
        blueprint = rule.endpoint.split(".")[0]
        guarded = any(
            func.__name__ == "staff_only" for func in app.before_request_funcs.get(blueprint, [])
        ) or any(
            func.__name__ == "load_named_objects"
            for func in app.url_value_preprocessors.get(blueprint, [])
        )
        assert guarded, f"{rule.rule} ({rule.endpoint}) has no staff guard"


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("commissioner", 403), ("administrator", 200)]
)
def test_only_administrators_reach_administration(client, sign_in, role, status):
    sign_in(role)
    assert client.get("/admin/").status_code == status
    staff_bar = client.get("/inbox/").text
    assert ('href="/admin/"' in staff_bar) == (role == "administrator")


def test_anonymous_visitors_are_sent_from_administration_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
