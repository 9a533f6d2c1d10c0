from datetime import timedelta

from sqlalchemy import select

from app.consultations.models import SafeguardingPhrase
from app.core.db import utcnow
from tests.conftest import post_form

OUTCOME = {
    "outcome_asked": "When libraries should open.",
    "response_count": "57",
    "outcome_said": "Most people wanted longer Saturdays.",
    "outcome_did": "Saturday hours are longer from April.",
    "outcome_next": "We will count visits again next year.",
    "outcome_young_summary": "You asked for more time at weekends. We said yes.",
}


def _closed(make_consultation):
    now = utcnow()
    return make_consultation(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))


def test_staff_publish_we_asked_you_said_we_did_after_closing(client, sign_in, make_consultation):
    consultation = _closed(make_consultation)
    public_url = f"/consultations/{consultation.slug}/outcome"
    assert "Outcome to follow" in client.get(public_url).text
    sign_in("commissioner")
    url = f"/admin/consultations/{consultation.id}/outcome"
    refused = post_form(client, url, {**OUTCOME, "outcome_young_summary": ""})
    assert refused.status_code == 400
    assert "Enter a summary for the young people" in refused.text
    assert post_form(client, url, OUTCOME).status_code == 302
    page = client.get(public_url).text
    assert "57 responses." in page
    assert "Saturday hours are longer from April." in page
    assert "We said yes." in page


def test_the_outcome_waits_for_the_closing_date(client, sign_in, make_consultation):
    consultation = make_consultation()
    sign_in("commissioner")
    url = f"/admin/consultations/{consultation.id}/outcome"
    page = post_form(client, url, OUTCOME)
    assert "once the consultation has closed" in page.text
    assert "Outcome to follow" not in client.get(f"/consultations/{consultation.slug}/outcome").text


def test_staff_keep_the_safeguarding_list(client, session, sign_in):
    sign_in("commissioner")
    added = post_form(client, "/admin/consultations/safeguarding", {"phrase": "  Hurts   ME "})
    assert added.status_code == 302
    assert session.scalars(select(SafeguardingPhrase.phrase)).all() == ["hurts me"]
    again = post_form(client, "/admin/consultations/safeguarding", {"phrase": "hurts me"})
    assert again.status_code == 400
    assert "already on the list" in again.text
    phrase = session.scalar(select(SafeguardingPhrase))
    post_form(
        client,
        f"/admin/consultations/safeguarding/{phrase.id}/remove",
        {},
        form_url="/admin/consultations/safeguarding",
    )
    session.expire_all()
    assert session.scalars(select(SafeguardingPhrase)).all() == []


def test_viewers_cannot_change_the_safeguarding_list(client, sign_in):
    sign_in("viewer")
    assert client.get("/admin/consultations/safeguarding").status_code == 403
