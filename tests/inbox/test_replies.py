"""Replies: their delivery state, templates in English and Welsh, bulk reply and close."""

from bs4 import BeautifulSoup
from sqlalchemy import select, update

from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxItem, InboxReply, InboxReplyTemplate
from app.inbox.services import file_submission
from tests.conftest import post_form


def _item(session, **kwargs):
    defaults = {
        "kind": "consultation_response",
        "subject": "Response: Buses in Elmsworth",
        "submitter_name": "Ann Jones",
        "submitter_email": "ann@example.org",
    }
    item = file_submission(session, **{**defaults, **kwargs})
    session.commit()
    return item


def _template(session):
    template = InboxReplyTemplate(
        name="Thank you",
        body_en="Dear {name}, thank you for answering {consultation} ({reference}).",
        body_cy="Annwyl {name}, diolch am ateb {consultation} ({reference}).",
    )
    session.add(template)
    session.commit()
    return template


def test_a_reply_is_queued_not_sent_until_the_outbox_sends_it(client, session, sign_in):
    sign_in("commissioner")
    item = _item(session)
    response = post_form(
        client,
        f"/inbox/{item.reference}/reply",
        {"message": "We have read it."},
        form_url=f"/inbox/{item.reference}",
        follow_redirects=True,
    )
    assert "is queued to send" in response.text
    assert "Reply sent" not in response.text
    replies = BeautifulSoup(response.text, "html.parser").find("h2", string="Replies")
    listed = replies.find_next("ul").get_text(" ", strip=True)
    assert "Queued" in listed
    message_id = session.scalar(select(InboxReply.outbox_message_id))
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(status="sent")
    )
    session.commit()
    page = client.get(f"/inbox/{item.reference}").text
    listed = BeautifulSoup(page, "html.parser").find("h2", string="Replies").find_next("ul")
    assert "Sent" in listed.get_text()
    assert "Queued" not in listed.get_text()
    session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(status="failed")
    )
    session.commit()
    page = client.get(f"/inbox/{item.reference}").text
    assert "could not be delivered" in page


def test_a_template_fills_the_reply_in_the_submitters_language(client, session, sign_in):
    sign_in("commissioner")
    template = _template(session)
    english = _item(session)
    welsh = _item(session, submitter_locale="cy", submitter_name="Dafydd")
    page = client.get(f"/inbox/{english.reference}?template={template.id}").text
    box = BeautifulSoup(page, "html.parser").find("textarea", attrs={"name": "message"})
    assert box.text.strip() == (
        f"Dear Ann Jones, thank you for answering Buses in Elmsworth ({english.reference})."
    )
    page = client.get(f"/inbox/{welsh.reference}?template={template.id}").text
    box = BeautifulSoup(page, "html.parser").find("textarea", attrs={"name": "message"})
    assert box.text.strip().startswith("Annwyl Dafydd, diolch am ateb Buses in Elmsworth")
    # A template that does not exist leaves the box empty rather than failing.
    page = client.get(f"/inbox/{english.reference}?template=999").text
    box = BeautifulSoup(page, "html.parser").find("textarea", attrs={"name": "message"})
    assert box.text.strip() == ""


def test_bulk_reply_sends_each_their_own_and_skips_those_without_email(client, session, sign_in):
    sign_in("commissioner")
    template = _template(session)
    first = _item(session)
    welsh = _item(session, submitter_locale="cy", submitter_name="Dafydd")
    anonymous = _item(session, submitter_email=None, submitter_name=None)
    response = post_form(
        client,
        "/inbox/bulk",
        {
            "items": [first.reference, welsh.reference, anonymous.reference],
            "action": "reply",
            "template": str(template.id),
        },
        form_url="/inbox/",
        follow_redirects=True,
    )
    assert "2 items changed" in response.text
    assert "1 item was skipped: it has no email address" in response.text
    messages = {m.reference: m for m in session.scalars(select(OutboxMessage))}
    assert set(messages) == {first.reference, welsh.reference}
    assert "Dear Ann Jones" in messages[first.reference].body_text
    assert "Annwyl Dafydd" in messages[welsh.reference].body_text
    assert messages[welsh.reference].locale == "cy"


def test_bulk_close_needs_an_outcome_and_skips_finished_items(client, session, sign_in):
    sign_in("commissioner")
    one = _item(session)
    two = _item(session)
    refused = post_form(
        client,
        "/inbox/bulk",
        {"items": [one.reference], "action": "close", "outcome": " "},
        form_url="/inbox/",
        follow_redirects=True,
    )
    assert "Enter the outcome" in refused.text
    session.refresh(one)
    assert one.status == "new"
    post_form(
        client,
        "/inbox/bulk",
        {"items": [one.reference], "action": "close", "outcome": "Answered in the report"},
        form_url="/inbox/",
    )
    response = post_form(
        client,
        "/inbox/bulk",
        {"items": [one.reference, two.reference], "action": "close", "outcome": "Done"},
        form_url="/inbox/",
        follow_redirects=True,
    )
    assert "1 item changed" in response.text
    assert "already closed or decided" in response.text
    session.expire_all()
    assert session.get(InboxItem, one.id).outcome == "Answered in the report"
    assert session.get(InboxItem, two.id).status == "closed"


def test_administrators_manage_reply_templates(client, session, sign_in):
    sign_in("administrator")
    missing = post_form(
        client, "/admin/reply-templates/new", {"name": "", "body_en": "", "body_cy": ""}
    )
    assert missing.status_code == 400
    assert "Enter the template’s name" in missing.text
    saved = post_form(
        client,
        "/admin/reply-templates/new",
        {"name": "Thank you", "body_en": "Thanks {name}", "body_cy": "Diolch {name}"},
    )
    assert saved.status_code == 302
    template = session.scalar(select(InboxReplyTemplate))
    assert template.body_cy == "Diolch {name}"
    assert "Thank you" in client.get("/admin/reply-templates").text
    template_id = template.id
    post_form(
        client,
        f"/admin/reply-templates/{template_id}/delete",
        {},
        form_url="/admin/reply-templates",
    )
    session.expire_all()
    assert session.scalar(select(InboxReplyTemplate)) is None
    assert client.get(f"/admin/reply-templates/{template_id}").status_code == 404


def test_commissioners_cannot_manage_reply_templates(client, sign_in):
    sign_in("commissioner")
    assert client.get("/admin/reply-templates").status_code == 403
