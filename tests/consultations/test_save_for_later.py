"""Save and come back later: an emailed link that brings the answers back
and stops working when it expires or the response has been sent."""

import re
from datetime import timedelta

from sqlalchemy import select

from app.consultations.models import ResponseDraft
from app.consultations.respond_views import DRAFTS
from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from tests.consultations.conftest import question_ids
from tests.consultations.test_respond import post, submit


def _save_on_page_one(client, consultation):
    base = f"/consultations/{consultation.slug}/respond"
    q = question_ids(consultation)
    post(client, base, {"respondent_type": "individual", "email": "sam@example.com"})
    saved = post(
        client,
        f"{base}/questions/1",
        {q["single"]: "Marsh Lane", "save_for_later": "1"},  # required scale left for later
    )
    assert saved.headers["Location"] == f"{base}/save"
    page = client.get(f"{base}/save").text
    assert 'value="sam@example.com"' in page
    sent = post(client, f"{base}/save", {"email": "Sam@Example.com"})
    assert sent.status_code == 200
    assert "We have emailed a link to sam@example.com" in sent.text
    return base


def test_the_emailed_link_brings_the_answers_back_in_another_browser(
    app, client, session, make_consultation
):
    consultation = make_consultation()
    base = _save_on_page_one(client, consultation)
    email = session.scalar(select(OutboxMessage))
    assert email.to_address == "sam@example.com"
    link = re.search(r"https?://\S+/respond/resume/\S+", email.body_text).group(0)
    path = link.split("localhost", 1)[1]

    elsewhere = app.test_client()
    back = elsewhere.get(path)
    # The required question on page 1 is still to answer, so it starts there.
    assert back.headers["Location"] == f"{base}/questions/1"
    page = elsewhere.get(f"{base}/questions/1").text
    assert 'value="Marsh Lane" checked' in page


def test_the_link_stops_working_once_expired_or_used(app, client, session, make_consultation):
    consultation = make_consultation()
    _save_on_page_one(client, consultation)
    draft = session.scalar(select(ResponseDraft))
    link = re.search(
        r"https?://\S+/respond/resume/\S+", session.scalar(select(OutboxMessage)).body_text
    )
    path = link.group(0).split("localhost", 1)[1]
    draft.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    expired = app.test_client().get(path)
    assert expired.status_code == 410
    assert "This link has expired" in expired.text
    assert (
        app.test_client()
        .get(f"/consultations/{consultation.slug}/respond/resume/nonsense")
        .status_code
        == 410
    )


def test_a_sent_response_uses_up_its_link(app, client, session, make_consultation):
    from tests.consultations.test_respond import answer_everything

    consultation = make_consultation()
    base = answer_everything(client, consultation)
    # The browser's own token: the database holds only its hash.
    with client.session_transaction() as cookie:
        (token,) = cookie[DRAFTS].values()
    assert session.scalar(select(ResponseDraft.token_hash)) != token
    submit(client, base)
    gone = app.test_client().get(f"{base}/resume/{token}")
    assert gone.status_code == 410


def test_an_email_address_is_needed_to_save(client, make_consultation):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/respond"
    post(client, base, {"respondent_type": "individual"})
    refused = post(client, f"{base}/save", {"email": "not an email"})
    assert refused.status_code == 400
    assert "Enter an email address in the correct format" in refused.text
