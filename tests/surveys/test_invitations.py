"""Invitations go once to each registered VCS organisation that has not
opted out; reminders go once, in the last week, only to those that have
not answered; opting out works from the email and from the account."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.core.db import utcnow
from app.surveys.invitations import run_daily, send_invitations, send_reminders, set_opt_out
from app.surveys.models import SurveyInvitation, SurveyOptOut
from app.surveys.waves import create_wave
from tests.conftest import csrf_token, post_form
from tests.surveys.answering_fixtures import *  # noqa: F403  (fixtures)
from tests.surveys.answering_fixtures import emails_to, invite, link_in


def _invitations(session, wave) -> int:
    return session.scalar(
        select(func.count())
        .select_from(SurveyInvitation)
        .where(SurveyInvitation.wave_id == wave.id)
    )


def test_invitations_go_only_to_vcs_organisations_not_opted_out_and_only_once(
    session, make_org, open_wave
):
    larder = make_org("Riverside Larder", "ama@larder.example", "sam@larder.example")
    make_org("Poplar Builders Ltd", "raj@poplar.example", vcse=False)
    quiet = make_org("Quiet Club", "q@quiet.example")
    set_opt_out(session, quiet.id, True)
    session.commit()

    assert invite(session, open_wave) == 1

    assert len(emails_to(session, "ama@larder.example")) == 1
    assert len(emails_to(session, "sam@larder.example")) == 1
    assert emails_to(session, "raj@poplar.example") == []
    assert emails_to(session, "q@quiet.example") == []
    message = emails_to(session, "ama@larder.example")[0]
    assert "/survey/i/" in message.body_text
    assert "/survey/opt-out/" in message.body_text
    invitation = session.scalar(select(SurveyInvitation))
    assert invitation.supplier_id == larder.id
    # Only the hash of the token is kept.
    token = link_in(message).rsplit("/", 1)[1]
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64
    assert open_wave.invitations_sent_at is not None

    # Sending again invites nobody twice; a newcomer is invited.
    assert invite(session, open_wave) == 0
    make_org("Newcomers", "new@newcomers.example")
    assert invite(session, open_wave) == 1
    assert len(emails_to(session, "ama@larder.example")) == 1
    assert _invitations(session, open_wave) == 2


def test_invitations_are_written_in_each_contacts_language(session, make_org, open_wave):
    make_org("Cymdeithas Afon", "afon@example.cymru", locale="cy")
    invite(session, open_wave)
    message = emails_to(session, "afon@example.cymru")[0]
    assert message.locale == "cy"
    assert "Arolwg" in message.subject or "arolwg" in message.subject.lower()


def test_no_invitations_for_a_wave_that_is_not_open(session, make_org):
    make_org("Riverside Larder", "ama@larder.example")
    now = utcnow()
    proposed = create_wave(
        session, now - timedelta(days=1), now + timedelta(days=20), confirmed=False
    )
    later = create_wave(
        session, now + timedelta(days=200), now + timedelta(days=230), confirmed=True
    )
    with current_app.test_request_context("/"):
        assert send_invitations(session, proposed) == 0
        assert send_invitations(session, later) == 0
    assert emails_to(session, "ama@larder.example") == []


def _answer_all(session, wave, supplier):
    from app.surveys.answering import response_for_invitation, save_answer, submit

    invitation = session.scalar(
        select(SurveyInvitation).where(SurveyInvitation.supplier_id == supplier.id)
    )
    response = response_for_invitation(session, invitation)
    session.flush()
    for question in wave.questions:
        if question.required:
            save_answer(session, response, question, [question.choices[0]["key"]])
    with current_app.test_request_context("/"):
        submit(session, response)
    session.commit()


def test_reminders_go_once_in_the_last_week_only_to_those_who_have_not_answered(
    session, make_org, open_wave
):
    answered = make_org("Answered", "a@answered.example")
    make_org("Silent", "s@silent.example")
    make_org("Started", "st@started.example")
    invite(session, open_wave)
    _answer_all(session, open_wave, answered)

    # Three weeks out: not yet.
    with current_app.test_request_context("/"):
        assert send_reminders(session, open_wave, utcnow()) == 0
    assert open_wave.reminders_sent_at is None

    last_week = open_wave.closes_at - timedelta(days=6)
    with current_app.test_request_context("/"):
        assert send_reminders(session, open_wave, last_week) == 2
    session.commit()
    reminder = emails_to(session, "s@silent.example")[-1]
    assert "Reminder" in reminder.subject
    assert len(emails_to(session, "a@answered.example")) == 2  # invitation and receipt only
    assert all("Reminder" not in m.subject for m in emails_to(session, "a@answered.example"))
    assert open_wave.reminders_sent_at == last_week

    # Once only.
    with current_app.test_request_context("/"):
        assert send_reminders(session, open_wave, last_week + timedelta(days=1)) == 0
    assert len(emails_to(session, "s@silent.example")) == 2


def test_the_reminder_link_works_as_well_as_the_first(client, session, make_org, open_wave):
    make_org("Silent", "s@silent.example")
    invite(session, open_wave)
    with current_app.test_request_context("/"):
        send_reminders(session, open_wave, open_wave.closes_at - timedelta(days=2))
    session.commit()
    first, reminder = emails_to(session, "s@silent.example")
    for message in (first, reminder):
        response = client.get(link_in(message))
        assert response.status_code == 302
        assert "/survey/question/org_type" in response.headers["Location"]


def test_the_daily_command_invites_and_reminds(app, session, make_org, open_wave):
    make_org("Riverside Larder", "ama@larder.example")
    result = app.test_cli_runner().invoke(args=["send-survey-invitations"])
    assert result.exit_code == 0, result.output
    assert "Survey invitations sent: 1" in result.output
    session.expire_all()
    assert len(emails_to(session, "ama@larder.example")) == 1
    # Run again the same day: nothing more.
    result = app.test_cli_runner().invoke(args=["send-survey-invitations"])
    assert "Survey invitations sent: 0. Reminders sent: 0." in result.output

    with current_app.test_request_context("/"):
        invited, reminded = run_daily(session, open_wave.closes_at - timedelta(days=3))
    assert (invited, reminded) == (0, 1)


def test_one_click_opt_out_from_the_email(client, session, make_org, open_wave):
    larder = make_org("Riverside Larder", "ama@larder.example")
    invite(session, open_wave)
    path = link_in(emails_to(session, "ama@larder.example")[0], "opt-out")

    page = client.get(path)
    assert page.status_code == 200
    assert "Stop survey invitations" in page.text
    assert session.get(SurveyOptOut, larder.id) is None  # a GET changes nothing

    done = client.post(path, data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 200
    assert "Survey invitations stopped" in done.text
    session.expire_all()
    assert session.get(SurveyOptOut, larder.id) is not None

    # No reminder for an organisation that opted out.
    with current_app.test_request_context("/"):
        assert send_reminders(session, open_wave, open_wave.closes_at - timedelta(days=1)) == 0
    assert client.get("/survey/opt-out/not-a-token").status_code == 404


def test_the_account_page_shows_invitations_and_the_opt_out(
    client, session, make_org, open_wave, supplier_sign_in
):
    larder = make_org("Riverside Larder", "ama@larder.example")
    invite(session, open_wave)
    supplier_sign_in("ama@larder.example")

    account = client.get("/suppliers/account")
    assert "Survey invitations" in account.text
    assert f"/survey/account/answer/{open_wave.id}" in account.text

    started = client.get(f"/survey/account/answer/{open_wave.id}")
    assert started.status_code == 302
    assert "/survey/question/" in started.headers["Location"]

    post_form(client, "/survey/account/invitations", {"opted_out": "y"}, "/suppliers/account")
    session.expire_all()
    assert session.get(SurveyOptOut, larder.id) is not None
    account = client.get("/suppliers/account")
    assert (
        'id="survey-opted-out" name="opted_out" type="checkbox" value="y" checked' in account.text
    )

    post_form(client, "/survey/account/invitations", {}, "/suppliers/account")
    session.expire_all()
    assert session.get(SurveyOptOut, larder.id) is None
