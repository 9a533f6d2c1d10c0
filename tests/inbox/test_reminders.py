"""Assignment emails, the daily digest and the escalation to the team lead."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app.core.outbox.backends import build_email
from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxReminderRun
from app.inbox.reminders import run_if_due, send_reminders
from app.inbox.services import assign, change_status, file_submission, reply
from app.inbox.settings import TEAM_EMAIL, TEAM_LEAD, set_setting
from tests.conftest import post_form

TODAY = date(2026, 12, 7)


def _emails_to(session, address):
    return session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
    ).all()


def _item(session, *, due, kind="consultation_response", subject="Bus routes", assignee=None):
    item = file_submission(session, kind=kind, subject=subject)
    item.due_on = due
    item.assignee = assignee
    session.flush()
    return item


def test_assigning_an_item_emails_the_assignee_in_their_language(
    client, session, sign_in, make_staff
):
    me = sign_in("commissioner")
    colleague = make_staff("commissioner", email="dewi@elmsworth.gov.example")
    colleague.locale = "cy"
    item = file_submission(session, kind="challenge", subject="Running the library")
    session.commit()
    response = post_form(
        client,
        f"/inbox/{item.reference}/assign",
        {"assignee": str(colleague.id)},
        form_url=f"/inbox/{item.reference}",
    )
    assert response.status_code == 302
    [email] = _emails_to(session, colleague.email)
    assert email.locale == "cy"
    assert item.reference in email.subject
    assert "wedi ei neilltuo i chi" in email.subject
    assert me.name in email.body_text
    assert f"/inbox/{item.reference}" in email.body_text


def test_taking_an_item_yourself_sends_no_email(session, make_staff):
    me = make_staff("commissioner")
    item = file_submission(session, kind="challenge", subject="Running the library")
    assign(session, item, me, actor=me)
    session.commit()
    assert _emails_to(session, me.email) == []


def test_the_digest_lists_due_today_and_overdue_statutory_first(app, session, make_staff):
    person = make_staff("commissioner")
    later = _item(session, due=TODAY + timedelta(days=1), subject="Not yet", assignee=person)
    overdue = _item(session, due=TODAY - timedelta(days=3), subject="Late one", assignee=person)
    today = _item(session, due=TODAY, subject="Due now", assignee=person)
    statutory = _item(
        session, due=TODAY, kind="challenge", subject="Challenge decision", assignee=person
    )
    closed = _item(session, due=TODAY - timedelta(days=9), subject="Done", assignee=person)
    change_status(session, closed, "closed", person)
    session.commit()
    with app.test_request_context():
        digests, escalations = send_reminders(session, TODAY)
    session.commit()
    assert (digests, escalations) == (1, 0)  # no team lead set: nobody to escalate to
    [email] = _emails_to(session, person.email)
    body = email.body_text
    assert "3 inbox items due today or overdue" in email.subject
    assert later.reference not in body
    assert closed.reference not in body
    assert body.index(statutory.reference) < body.index(overdue.reference)
    assert body.index(overdue.reference) < body.index(today.reference)
    assert "Overdue: was due 4 December 2026" in body
    # Each item's kind, its due state and its link are on lines of their own.
    lines = [line.strip() for line in body.splitlines()]
    assert "Overdue: was due 4 December 2026" in lines
    assert "Due today" in lines
    assert any(line.endswith("(statutory date)") for line in lines)


def test_overdue_items_escalate_to_the_team_lead_but_items_due_today_do_not(
    app, session, make_staff
):
    lead = make_staff("administrator", email="lead@elmsworth.gov.example")
    lead.locale = "cy"
    worker = make_staff("commissioner")
    late = _item(session, due=TODAY - timedelta(days=1), subject="Late", assignee=worker)
    unassigned = _item(session, due=TODAY - timedelta(days=2), subject="Nobody has it")
    due_today = _item(session, due=TODAY, subject="Today", assignee=worker)
    set_setting(session, TEAM_LEAD, str(lead.id))
    session.commit()
    with app.test_request_context():
        assert send_reminders(session, TODAY) == (1, 1)
    session.commit()
    [email] = _emails_to(session, lead.email)
    assert email.locale == "cy"
    assert late.reference in email.body_text
    assert unassigned.reference in email.body_text
    assert due_today.reference not in email.body_text


def test_the_worker_sends_reminders_once_a_london_day(app, session, make_staff):
    person = make_staff("commissioner")
    _item(session, due=TODAY, assignee=person)
    session.commit()
    morning = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    with app.test_request_context():
        first = run_if_due(session, now=morning)
        again = run_if_due(session, now=morning + timedelta(hours=3))
        next_day = run_if_due(session, now=morning + timedelta(days=1))
    assert first is not None
    assert first.digests == 1
    assert again is None
    assert next_day is not None
    assert next_day.as_of == date(2026, 12, 8)
    assert session.scalar(select(InboxReminderRun.id).where(InboxReminderRun.as_of == TODAY))
    assert len(_emails_to(session, person.email)) == 2


def test_the_reminders_command_sends_for_the_day_given(app, session, make_staff):
    person = make_staff("commissioner")
    _item(session, due=TODAY, assignee=person)
    session.commit()
    result = app.test_cli_runner().invoke(args=["inbox-reminders", "--as-of", "2026-12-07"])
    assert result.exit_code == 0, result.output
    assert "1 digests" in result.output
    assert len(_emails_to(session, person.email)) == 1


def test_replies_carry_the_teams_reply_to_address(app, session, make_staff):
    me = make_staff("commissioner")
    item = file_submission(
        session, kind="challenge", subject="Library", submitter_email="friends@example.org"
    )
    set_setting(session, TEAM_EMAIL, "commissioning-team@elmsworth.gov.example")
    with app.test_request_context():
        sent = reply(session, item, me, "Thank you")
    session.commit()
    message = session.get(OutboxMessage, sent.outbox_message_id)
    email = build_email(message, "Council <noreply@elmsworth.gov.example>", cte="8bit")
    assert email["Reply-To"] == "commissioning-team@elmsworth.gov.example"
    assert "Please do not reply" not in message.body_text
    assert "You can reply to this email" in message.body_text


def test_administrators_set_the_team_lead_and_address(client, session, sign_in, make_staff):
    admin = sign_in("administrator")
    response = post_form(
        client,
        "/admin/settings",
        {"team_lead": str(admin.id), "team_email": "team@elmsworth.gov.example"},
    )
    assert response.status_code == 302
    page = client.get("/admin/settings").text
    assert 'value="team@elmsworth.gov.example"' in page
    bad = post_form(client, "/admin/settings", {"team_lead": "", "team_email": "not an address"})
    assert bad.status_code == 400


def test_commissioners_cannot_change_the_team_settings(client, sign_in):
    sign_in("commissioner")
    assert client.get("/admin/settings").status_code == 403


def test_staff_choose_the_language_of_their_emails(client, session, sign_in):
    user = sign_in("viewer")
    response = post_form(
        client, "/staff/account/email-language", {"locale": "cy"}, "/staff/account/"
    )
    assert response.status_code == 302
    session.refresh(user)
    assert user.locale == "cy"
    bad = post_form(client, "/staff/account/email-language", {"locale": "fr"}, "/staff/account/")
    assert bad.status_code == 400


def test_each_look_of_the_worker_runs_the_days_reminders(app, session, make_staff):
    from app.core.outbox.worker import run_daily_tasks

    person = make_staff("commissioner")
    _item(session, due=date(2020, 1, 1), assignee=person)
    session.commit()
    run_daily_tasks()
    run_daily_tasks()
    assert session.scalar(select(InboxReminderRun.digests)) == 1
    assert len(_emails_to(session, person.email)) == 1
