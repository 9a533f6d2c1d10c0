"""The bulk "Change status to" list offers only the statuses the items on the
page can take, never one a capability's own workflow keeps for itself (a
Right to Challenge decision needs its grounds), and an item that cannot take
the chosen status is skipped with a reason."""

import json

from bs4 import BeautifulSoup

from app.inbox.kinds import bulk_statuses
from app.inbox.models import InboxItem
from app.inbox.services import file_submission
from tests.conftest import post_form


def _status_list(html: str) -> tuple[list[str], dict]:
    select = BeautifulSoup(html, "html.parser").find("select", id="bulk-status")
    return [option["value"] for option in select.find_all("option")], json.loads(
        select["data-app-status-kinds"]
    )


def test_a_page_of_consultation_responses_offers_only_their_statuses(client, session, sign_in):
    sign_in("commissioner")
    file_submission(session, kind="consultation_response", subject="About the youth club")
    session.commit()
    offered, kinds = _status_list(client.get("/inbox/").text)
    assert offered == ["new", "in_progress", "waiting", "closed"]
    assert kinds["closed"] == ["consultation_response"]


def test_a_mixed_page_offers_what_any_item_can_take_and_says_which_kinds(client, session, sign_in):
    sign_in("commissioner")
    file_submission(session, kind="consultation_response", subject="About the youth club")
    file_submission(session, kind="challenge", subject="Running the library")
    session.commit()
    offered, kinds = _status_list(client.get("/inbox/").text)
    # The challenge's own steps are offered; its decisions never are.
    assert "received" in offered
    assert "under_consideration" in offered
    for decision in ("accepted", "accepted_with_modifications", "rejected"):
        assert decision not in offered
    assert kinds["received"] == ["challenge"]
    assert kinds["new"] == ["challenge", "consultation_response"]


def test_reserved_statuses_are_never_offered_for_any_kind():
    offered = bulk_statuses(["challenge", "event_booking", "supplier_registration"])
    assert "cancelled" not in offered
    assert "accepted" not in offered
    assert offered["verified"] == ["supplier_registration"]


def test_a_status_one_selected_kind_cannot_take_skips_that_item_and_says_why(
    client, session, sign_in
):
    sign_in("commissioner")
    response = file_submission(session, kind="consultation_response", subject="Youth club")
    challenge = file_submission(session, kind="challenge", subject="Library")
    session.commit()
    post_form(
        client,
        "/inbox/bulk",
        {
            "items": [response.reference, challenge.reference],
            "action": "status",
            "status": "received",
        },
        form_url="/inbox/",
    )
    session.expire_all()
    assert session.get(InboxItem, challenge.id).status == "received"
    assert session.get(InboxItem, response.id).status == "new"
    page = client.get("/inbox/").text
    assert "1 item changed." in page
    assert "1 item was skipped: its kind cannot take that status here." in page


def test_a_decision_posted_in_bulk_is_refused_and_changes_nothing(client, session, sign_in):
    sign_in("commissioner")
    challenge = file_submission(session, kind="challenge", subject="Library")
    session.commit()
    post_form(
        client,
        "/inbox/bulk",
        {"items": [challenge.reference], "action": "status", "status": "accepted"},
        form_url="/inbox/",
    )
    session.expire_all()
    assert session.get(InboxItem, challenge.id).status == "new"
    assert "Select what to do with the selected items." in client.get("/inbox/").text
