from click.testing import CliRunner

from app.accounts.models import StaffUser
from app.accounts.services import find_staff
from tests.conftest import TEST_PASSWORD, post_form


def test_staff_sign_in_and_out(client, make_staff):
    user = make_staff("commissioner")
    response = post_form(
        client, "/staff/sign-in", {"email": user.email.upper(), "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/inbox/"
    inbox = client.get("/inbox/")
    assert inbox.status_code == 200
    assert "Signed in as" in inbox.text

    signed_out = post_form(client, "/staff/sign-out", {}, form_url="/inbox/")
    assert signed_out.status_code == 302
    assert client.get("/inbox/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_staff):
    user = make_staff("viewer")
    response = post_form(client, "/staff/sign-in", {"email": user.email, "password": "nope"})
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.text
    assert "govuk-error-summary" in response.text
    unknown = post_form(
        client, "/staff/sign-in", {"email": "ghost@elmsworth.gov.example", "password": "nope"}
    )
    assert "Enter a correct email address and password" in unknown.text


def test_passwords_are_stored_hashed(session, make_staff):
    user = make_staff("viewer")
    assert TEST_PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_deactivated_staff_cannot_sign_in_and_are_signed_out(client, session, sign_in):
    user = sign_in("commissioner")
    assert client.get("/inbox/").status_code == 200
    session.get(StaffUser, user.id).is_active_account = False
    session.commit()
    assert client.get("/inbox/").status_code == 302
    response = post_form(client, "/staff/sign-in", {"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400


def test_sign_in_only_returns_to_pages_on_this_site(client, make_staff):
    user = make_staff("viewer")
    response = post_form(
        client,
        "/staff/sign-in?next=https://evil.example/",
        {"email": user.email, "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/inbox/"


def test_sign_in_returns_to_the_page_asked_for(client, make_staff):
    user = make_staff("viewer")
    first = client.get("/admin/plans/")
    assert first.status_code == 302
    assert "/staff/sign-in?next=" in first.headers["Location"]
    response = post_form(
        client, first.headers["Location"], {"email": user.email, "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/admin/plans/"


def test_create_staff_command_reads_the_password_from_stdin(app, session):
    runner = CliRunner()
    result = app.test_cli_runner().invoke(
        args=["create-staff", "Chief@Elmsworth.gov.example", "--role", "admin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = find_staff(session, "chief@elmsworth.gov.example")
    assert user.role == "administrator"
    assert user.check_password("a long enough password")
    assert runner is not None


def test_create_staff_refuses_a_short_password_and_a_bad_role(app, session):
    cli = app.test_cli_runner()
    short = cli.invoke(args=["create-staff", "x@elmsworth.gov.example"], input="short\n")
    assert short.exit_code != 0
    assert "at least 12" in short.output
    bad_role = cli.invoke(
        args=["create-staff", "x@elmsworth.gov.example", "--role", "owner"],
        input="long password!\n",
    )
    assert bad_role.exit_code != 0
    assert find_staff(session, "x@elmsworth.gov.example") is None


def test_repeated_sign_in_attempts_are_slowed_down(app, client):
    from app.core.extensions import limiter

    app.config["SIGN_IN_RATE_LIMIT"] = "10 per minute"
    try:
        statuses = [
            # A different address each time: this is the limit on the visitor, not the account.
            post_form(client, "/staff/sign-in", {"email": f"x{n}@y.example", "password": "guess"})
            for n in range(11)
        ]
        assert [r.status_code for r in statuses[:10]] == [400] * 10
        assert statuses[10].status_code == 429
        assert "Too many attempts" in statuses[10].text
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
