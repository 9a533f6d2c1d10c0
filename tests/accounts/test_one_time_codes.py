"""One-time codes from an authenticator app, and recovery codes.

Codes are real pyotp codes at a time the test controls: the portal's clock
(`one_time_codes.now`) is stopped, so a slow machine cannot carry a code
over a 30-second boundary.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from app.accounts import one_time_codes
from app.accounts.models import StaffRecoveryCode, StaffSecurityKey, StaffUser
from app.core.audit.models import AuditEvent
from app.core.outbox.models import OutboxMessage
from tests.conftest import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    post_form,
    sign_in_with_password,
)

# Fifteen seconds into a 30-second step, well away from either edge.
NOON = datetime(2026, 12, 4, 12, 0, 15, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        moment = NOON

        def advance(self, **kwargs) -> None:
            self.moment += timedelta(**kwargs)

    stopped = Clock()
    monkeypatch.setattr(one_time_codes, "now", lambda: stopped.moment)
    return stopped


def code_at(moment: datetime, secret: str = TEST_TOTP_SECRET) -> str:
    return pyotp.TOTP(secret).at(moment)


def password_step(client, email: str):
    """The password only; returns where the portal sends the browser next."""
    response = post_form(client, "/staff/sign-in", {"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.text
    step = client.get(response.headers["Location"])
    return step.headers["Location"]


def is_signed_in(client) -> bool:
    return client.get("/inbox/").status_code == 200


def actions(session) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def fresh(session, user: StaffUser) -> StaffUser:
    session.expire_all()
    return session.get(StaffUser, user.id)


# Administrators set codes up before they are signed in ----------------------


def secret_on(page_text: str) -> str:
    match = re.search(r'<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>', page_text)
    assert match, "the set-up page shows no key to type"
    return match.group(1).replace(" ", "")


def recovery_codes_on(page_text: str) -> list[str]:
    return re.findall(r"<code>([a-z]{4}-[a-z]{4}-[a-z]{4})</code>", page_text)


def test_an_administrator_without_codes_sets_them_up_before_being_signed_in(
    app, client, session, make_staff, clock
):
    admin = make_staff("administrator", one_time_codes=False)
    assert password_step(client, admin.email) == "/staff/account/one-time-codes/set-up"
    assert not is_signed_in(client)

    page = client.get("/staff/account/one-time-codes/set-up")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert 'src="data:image/png;base64,' in page.text
    secret = secret_on(page.text)
    assert len(secret) == 32
    # Reloading shows the same key, so a half-scanned QR code still works.
    assert secret_on(client.get("/staff/account/one-time-codes/set-up").text) == secret
    assert fresh(session, admin).totp_enabled_at is None

    wrong = post_form(client, "/staff/account/one-time-codes/set-up", {"code": "000000"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.text
    assert not is_signed_in(client)

    done = post_form(
        client, "/staff/account/one-time-codes/set-up", {"code": code_at(clock.moment, secret)}
    )
    assert done.status_code == 200
    assert done.headers["Cache-Control"] == "no-store"
    codes = recovery_codes_on(done.text)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert "I have saved these codes" in done.text
    assert 'href="/inbox/"' in done.text
    assert is_signed_in(client)
    user = fresh(session, admin)
    assert user.totp_enabled_at is not None
    assert user.last_sign_in_method.startswith("password+totp")
    assert "staff.totp_enabled" in actions(session)
    # Only hashes are kept.
    hashes = session.scalars(select(StaffRecoveryCode.code_hash)).all()
    assert len(hashes) == 10
    assert not any(code.replace("-", "") in h or code in h for code in codes for h in hashes)


def test_set_up_is_not_open_to_someone_who_has_not_given_a_password(client, make_staff):
    make_staff("administrator", one_time_codes=False)
    response = client.get("/staff/account/one-time-codes/set-up")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")


def test_a_viewer_without_codes_signs_in_with_the_password_alone(client, make_staff):
    viewer = make_staff("viewer")
    response = post_form(
        client, "/staff/sign-in", {"email": viewer.email, "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/inbox/"
    assert is_signed_in(client)


# The code step ---------------------------------------------------------------


def test_a_wrong_code_is_refused_with_an_error_and_recorded(client, session, make_staff, clock):
    admin = make_staff("administrator")
    assert password_step(client, admin.email) == "/staff/sign-in/code"
    page = client.get("/staff/sign-in/code")
    assert 'autocomplete="one-time-code"' in page.text
    assert 'inputmode="numeric"' in page.text
    assert 'href="/staff/sign-in/recovery-code"' in page.text

    right = code_at(clock.moment)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = post_form(client, "/staff/sign-in/code", {"code": wrong})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert "That code is not right" in response.text
    assert not is_signed_in(client)
    failed = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "staff.sign_in_failed")
    ).all()
    assert [(event.object_ref, event.summary) for event in failed] == [
        (admin.email, "Wrong one-time code")
    ]

    response = post_form(client, "/staff/sign-in/code", {"code": right})
    assert response.status_code == 302
    assert response.headers["Location"] == "/inbox/"
    assert is_signed_in(client)
    assert actions(session)[-1] == "staff.sign_in"


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-60, False), (-30, True), (30, True), (60, False)]
)
def test_codes_from_the_steps_either_side_work_and_no_further(
    client, session, make_staff, clock, offset, accepted
):
    admin = make_staff("administrator")
    password_step(client, admin.email)
    response = post_form(
        client, "/staff/sign-in/code", {"code": code_at(clock.moment + timedelta(seconds=offset))}
    )
    assert (response.status_code == 302) is accepted
    assert is_signed_in(client) is accepted


def test_a_code_works_once(app, client, session, make_staff, clock):
    admin = make_staff("administrator")
    code = code_at(clock.moment)
    password_step(client, admin.email)
    assert post_form(client, "/staff/sign-in/code", {"code": code}).status_code == 302

    # Seen over a shoulder and typed in another browser in the same 30 seconds.
    other = app.test_client()
    password_step(other, admin.email)
    again = post_form(other, "/staff/sign-in/code", {"code": code})
    assert again.status_code == 400
    assert not is_signed_in(other)
    # Nor may an older code come back once a later one has been used.
    clock.advance(seconds=30)
    assert post_form(other, "/staff/sign-in/code", {"code": code}).status_code == 400
    fresh_code = post_form(other, "/staff/sign-in/code", {"code": code_at(clock.moment)})
    assert fresh_code.status_code == 302


def test_guessing_codes_is_slowed_down_like_guessing_passwords(
    client, session, make_staff, clock, monkeypatch
):
    from app.accounts import throttle

    monkeypatch.setattr(throttle, "now", lambda: clock.moment.timestamp())
    admin = make_staff("administrator")
    password_step(client, admin.email)
    right = code_at(clock.moment)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    statuses = [
        post_form(client, "/staff/sign-in/code", {"code": wrong}).status_code
        for _ in range(throttle.FREE_FAILURES + 1)
    ]
    assert statuses == [400] * throttle.FREE_FAILURES + [429]
    # While the wait lasts, even the right code is not checked.
    waiting = post_form(client, "/staff/sign-in/code", {"code": right})
    assert waiting.status_code == 429
    assert "Too many attempts" in waiting.text
    assert not is_signed_in(client)


def test_spaces_in_a_typed_code_are_ignored(client, make_staff, clock):
    admin = make_staff("administrator")
    password_step(client, admin.email)
    code = code_at(clock.moment)
    response = post_form(client, "/staff/sign-in/code", {"code": f" {code[:3]} {code[3:]} "})
    assert response.status_code == 302


def test_the_code_page_needs_the_password_first(client, make_staff, clock):
    make_staff("administrator")
    response = post_form(
        client, "/staff/sign-in/code", {"code": code_at(clock.moment)}, form_url="/staff/sign-in"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/sign-in"
    assert not is_signed_in(client)


# Recovery codes ----------------------------------------------------------------


@pytest.fixture
def with_recovery_codes(session, make_staff, clock):
    """An administrator and the ten recovery codes they were shown."""
    admin = make_staff("administrator")
    codes = one_time_codes.regenerate_recovery_codes(session, admin)
    session.commit()
    return admin, codes


def recover(client, email: str, code: str):
    password_step(client, email)
    return post_form(client, "/staff/sign-in/recovery-code", {"code": code})


def test_a_recovery_code_works_once_in_any_case_with_or_without_dashes(
    app, client, session, with_recovery_codes
):
    admin, codes = with_recovery_codes
    response = recover(client, admin.email, codes[0].upper().replace("-", " "))
    assert response.status_code == 302
    assert is_signed_in(client)
    assert fresh(session, admin).last_sign_in_method.startswith("password+recovery")
    assert "staff.recovery_code_used" in actions(session)

    other = app.test_client()
    again = recover(other, admin.email, codes[0])
    assert again.status_code == 400
    assert "has been used already" in again.text
    assert not is_signed_in(other)
    assert recover(other, admin.email, codes[1].replace("-", "")).status_code == 302


def test_a_wrong_recovery_code_is_refused(client, session, with_recovery_codes):
    admin, _codes = with_recovery_codes
    response = recover(client, admin.email, "abcd-efgh-jkmn")
    assert response.status_code == 400
    assert not is_signed_in(client)
    assert actions(session)[-1] == "staff.sign_in_failed"


def test_with_three_recovery_codes_left_the_member_of_staff_is_told(
    app, session, with_recovery_codes
):
    admin, codes = with_recovery_codes
    for used, code in enumerate(codes[:7], start=1):
        browser = app.test_client()
        response = recover(browser, admin.email, code)
        assert response.status_code == 302
        inbox = browser.get("/inbox/").text
        left = 10 - used
        warned = f"You have {left} recovery codes left" in inbox
        assert warned is (left <= 3), (left, warned)
        account = browser.get("/staff/account/").text
        assert ("Make new ones so you can still sign in" in account) is (left <= 3)
        assert f"{left} recovery codes left" in account


def test_new_recovery_codes_end_the_old_ones(app, client, session, with_recovery_codes, clock):
    admin, old = with_recovery_codes
    sign_in_with_password(client, admin.email)
    wrong = post_form(client, "/staff/account/recovery-codes/new", {"answer": "not my password"})
    assert wrong.status_code == 400
    response = post_form(client, "/staff/account/recovery-codes/new", {"answer": TEST_PASSWORD})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    new = recovery_codes_on(response.text)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert "staff.recovery_codes_regenerated" in actions(session)

    other = app.test_client()
    assert recover(other, admin.email, old[5]).status_code == 400
    assert recover(other, admin.email, new[5]).status_code == 302


# Turning codes on and off from the account page --------------------------------


def test_a_viewer_sets_up_codes_and_then_needs_them_to_sign_in(
    app, client, session, make_staff, clock
):
    viewer = make_staff("viewer")
    sign_in_with_password(client, viewer.email)
    account = client.get("/staff/account/")
    assert 'href="/staff/account/one-time-codes/set-up"' in account.text
    page = client.get("/staff/account/one-time-codes/set-up")
    secret = secret_on(page.text)
    done = post_form(
        client, "/staff/account/one-time-codes/set-up", {"code": code_at(clock.moment, secret)}
    )
    assert len(recovery_codes_on(done.text)) == 10
    assert 'href="/staff/account/"' in done.text

    other = app.test_client()
    assert password_step(other, viewer.email) == "/staff/sign-in/code"
    assert not is_signed_in(other)
    clock.advance(seconds=30)
    response = post_form(other, "/staff/sign-in/code", {"code": code_at(clock.moment, secret)})
    assert response.status_code == 302
    assert is_signed_in(other)


def test_a_viewer_can_turn_codes_off_with_their_password(client, session, make_staff, clock):
    viewer = make_staff("viewer", one_time_codes=True)
    one_time_codes.regenerate_recovery_codes(session, viewer)
    session.commit()
    sign_in_with_password(client, viewer.email)
    assert 'href="/staff/account/one-time-codes/turn-off"' in client.get("/staff/account/").text

    wrong = post_form(client, "/staff/account/one-time-codes/turn-off", {"answer": "guess"})
    assert wrong.status_code == 400
    assert fresh(session, viewer).totp_enabled_at is not None

    done = post_form(client, "/staff/account/one-time-codes/turn-off", {"answer": TEST_PASSWORD})
    assert done.status_code == 302
    user = fresh(session, viewer)
    assert user.totp_secret is None
    assert user.totp_enabled_at is None
    assert session.scalars(select(StaffRecoveryCode)).all() == []
    assert "staff.totp_disabled" in actions(session)


def test_a_current_code_also_proves_it_is_them(client, session, make_staff, clock):
    viewer = make_staff("viewer", one_time_codes=True)
    sign_in_with_password(client, viewer.email)
    clock.advance(seconds=30)
    done = post_form(
        client, "/staff/account/one-time-codes/turn-off", {"answer": code_at(clock.moment)}
    )
    assert done.status_code == 302
    assert fresh(session, viewer).totp_enabled_at is None


def test_administrators_cannot_turn_codes_off(client, session, make_staff, clock):
    admin = make_staff("administrator")
    sign_in_with_password(client, admin.email)
    assert "/staff/account/one-time-codes/turn-off" not in client.get("/staff/account/").text
    response = post_form(
        client,
        "/staff/account/one-time-codes/turn-off",
        {"answer": TEST_PASSWORD},
        form_url="/staff/account/",
    )
    assert response.status_code == 400
    assert "Administrators cannot turn off one-time codes" in response.text
    assert fresh(session, admin).totp_enabled_at is not None
    assert "staff.totp_disabled" not in actions(session)
    with pytest.raises(one_time_codes.OneTimeCodesRefused):
        one_time_codes.turn_off(session, admin)


# What administrators see and do -----------------------------------------------


def test_administrators_see_each_accounts_factors_and_last_sign_in(
    app, client, session, make_staff, clock
):
    viewer = make_staff("viewer", one_time_codes=True)
    codes = one_time_codes.regenerate_recovery_codes(session, viewer)
    session.commit()
    recover(app.test_client(), viewer.email, codes[0])
    # Added after signing in: the security key sign-in step is not this test's.
    session.add(
        StaffSecurityKey(
            staff_user_id=viewer.id, name="Blue key", credential_id=b"k1", public_key=b"p"
        )
    )
    session.commit()
    make_staff("commissioner")
    sign_in_with_password(client, make_staff("administrator").email)

    listing = client.get("/admin/users").text
    row = re.search(
        rf'<tr class="govuk-table__row" id="staff-{viewer.id}">(.*?)</tr>', listing, re.S
    )
    assert "One-time codes, 1 security key" in " ".join(row.group(1).split())
    page = client.get(f"/admin/users/{viewer.id}").text
    assert re.search(r'id="factor-one-time-codes">\s*On', page)
    assert re.search(r'id="factor-recovery-codes">\s*9<', page)
    assert re.search(r'id="factor-security-keys">\s*1<', page)
    assert "with password, recovery code" in page
    commissioner = session.scalar(select(StaffUser).where(StaffUser.role == "commissioner"))
    page = client.get(f"/admin/users/{commissioner.id}").text
    assert re.search(r'id="factor-one-time-codes">\s*Off', page)
    assert f"/admin/users/{commissioner.id}/reset-sign-in" not in page


def test_an_administrator_resets_anothers_factors_which_signs_them_out_and_emails_them(
    app, client, session, make_staff, clock
):
    other_admin = make_staff("administrator", "other.admin@elmsworth.gov.example")
    one_time_codes.regenerate_recovery_codes(session, other_admin)
    session.commit()
    theirs = app.test_client()
    assert sign_in_with_password(theirs, other_admin.email).status_code == 302
    assert is_signed_in(theirs)
    session.add(
        StaffSecurityKey(
            staff_user_id=other_admin.id, name="Key", credential_id=b"k2", public_key=b"p"
        )
    )
    session.commit()
    admin = make_staff("administrator")
    sign_in_with_password(client, admin.email)

    url = f"/admin/users/{other_admin.id}/reset-sign-in"
    assert url in client.get(f"/admin/users/{other_admin.id}").text
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Reset sign-in factors" in confirm.text
    assert post_form(client, url, {}, form_url=url).status_code == 302

    user = fresh(session, other_admin)
    assert user.totp_secret is None
    assert user.totp_enabled_at is None
    assert session.scalars(select(StaffRecoveryCode)).all() == []
    assert session.scalars(select(StaffSecurityKey)).all() == []
    assert not is_signed_in(theirs)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "staff.factors_reset"))
    assert (event.actor_email, event.object_ref) == (admin.email, other_admin.email)
    (email,) = session.scalars(select(OutboxMessage)).all()
    assert email.to_address == other_admin.email
    assert "has been reset" in email.subject
    assert "set up one-time codes again" in email.body_text
    # An administrator so reset must set codes up again at the next sign-in.
    assert password_step(theirs, other_admin.email) == "/staff/account/one-time-codes/set-up"


def test_the_reset_email_is_in_the_administrators_language(client, session, make_staff):
    viewer = make_staff("viewer", one_time_codes=True)
    sign_in_with_password(client, make_staff("administrator").email)
    client.set_cookie("language", "cy", domain="localhost")
    url = f"/admin/users/{viewer.id}/reset-sign-in"
    assert post_form(client, url, {}, form_url=url).status_code == 302
    (email,) = session.scalars(select(OutboxMessage)).all()
    assert email.locale == "cy"


def test_nobody_resets_their_own_factors_from_administration(client, session, make_staff):
    admin = make_staff("administrator")
    sign_in_with_password(client, admin.email)
    url = f"/admin/users/{admin.id}/reset-sign-in"
    assert url not in client.get(f"/admin/users/{admin.id}").text
    response = post_form(client, url, {}, form_url=f"/admin/users/{admin.id}")
    assert response.status_code == 302
    assert fresh(session, admin).totp_enabled_at is not None
    assert "staff.factors_reset" not in actions(session)


def test_the_reset_needs_the_forms_token(client, session, make_staff):
    viewer = make_staff("viewer", one_time_codes=True)
    sign_in_with_password(client, make_staff("administrator").email)
    response = client.post(f"/admin/users/{viewer.id}/reset-sign-in")
    assert response.status_code in (200, 400)
    assert fresh(session, viewer).totp_enabled_at is not None


# create-staff --totp-secret ----------------------------------------------------


def test_create_staff_can_provision_a_secret(app, client, session, clock):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-staff",
            "robot@elmsworth.gov.example",
            "--role",
            "admin",
            "--totp-secret",
            "jbsw y3dp ehpk 3pxp jbsw y3dp",
        ],
        input=TEST_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(StaffUser).where(StaffUser.email == "robot@elmsworth.gov.example"))
    assert user.totp_secret == "JBSWY3DPEHPK3PXPJBSWY3DP"
    assert user.totp_enabled_at is not None
    assert password_step(client, user.email) == "/staff/sign-in/code"
    response = post_form(
        client, "/staff/sign-in/code", {"code": code_at(clock.moment, "JBSWY3DPEHPK3PXPJBSWY3DP")}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "secret",
    ["JBSWY3DPEHPK3PXPJBSWY3", "JBSWY3DPEHPK3PXPJBSWY3D1", "not base32 at all, not at all"],
)
def test_create_staff_refuses_a_secret_that_is_too_short_or_not_base32(app, session, secret):
    result = app.test_cli_runner().invoke(
        args=["create-staff", "robot@elmsworth.gov.example", "--totp-secret", secret],
        input=TEST_PASSWORD + "\n",
    )
    assert result.exit_code == 2
    assert "--totp-secret" in result.output
    assert "base32" in result.output
    assert session.scalar(select(StaffUser)) is None
