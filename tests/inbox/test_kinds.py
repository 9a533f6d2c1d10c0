"""A capability takes over its kind of submission: how it is shown and the
statuses of its own, without touching the inbox's code."""

import pytest
from jinja2 import DictLoader

from app.inbox.kinds import KINDS, Kind, register_kind, statuses_for
from app.inbox.models import InboxItem
from app.inbox.services import file_submission
from tests.conftest import post_form


@pytest.fixture
def challenge_kind(app):
    original = KINDS["challenge"]
    partial = DictLoader(
        {"test/challenge_item.html": '<p class="test-partial">Decision due: {{ item.subject }}</p>'}
    )
    app.jinja_loader.loaders.insert(0, partial)
    register_kind(
        Kind(
            "challenge",
            "RTC",
            original.label,
            template="test/challenge_item.html",
            statuses=(("decision_due", "Decision due"), ("accepted", "Accepted")),
        )
    )
    yield
    KINDS["challenge"] = original
    app.jinja_loader.loaders.remove(partial)


def test_a_kind_shows_its_own_partial_and_statuses(client, session, sign_in, challenge_kind):
    sign_in("commissioner")
    item = file_submission(session, kind="challenge", subject="Hollinsby library")
    other = file_submission(session, kind="survey_response", subject="Survey")
    session.commit()
    url = f"/inbox/{item.reference}"
    page = client.get(url).text
    assert '<p class="test-partial">Decision due: Hollinsby library</p>' in page
    assert 'value="accepted"' in page
    response = post_form(client, f"{url}/status", {"status": "accepted"}, form_url=url)
    assert response.status_code == 302
    session.expire_all()
    assert session.get(InboxItem, item.id).status == "accepted"
    other_url = f"/inbox/{other.reference}"
    assert 'value="accepted"' not in client.get(other_url).text
    refused = post_form(client, f"{other_url}/status", {"status": "accepted"}, form_url=other_url)
    assert refused.status_code == 400
    assert "Accepted: 1" in client.get("/inbox/").text


def test_statuses_keep_their_order_with_closed_last(challenge_kind):
    assert list(statuses_for("challenge")) == [
        "new",
        "in_progress",
        "waiting",
        "decision_due",
        "accepted",
        "closed",
    ]


def test_a_kind_cannot_take_another_kinds_prefix():
    with pytest.raises(ValueError, match="already belongs"):
        register_kind(Kind("complaint", "RTC", "Complaint"))
    with pytest.raises(ValueError, match="not a reference prefix"):
        register_kind(Kind("complaint", "XYZ", "Complaint"))
