"""The council's published words about a challenge, in Welsh."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.challenges.conftest import post, submit
from tests.challenges.test_decisions import eoi_for


@pytest.fixture
def sent(app, make_service):
    """An expression of interest sent by a member of the public."""

    def send(**kwargs) -> str:
        return submit(app.test_client(), make_service(**kwargs))

    return send


CY = {"Accept-Language": "cy"}
REASONS = "The group's plan keeps the library open six days a week."
REASONS_CY = "Mae cynllun y grŵp yn cadw'r llyfrgell ar agor chwe diwrnod yr wythnos."


def register(client, headers=None):
    return BeautifulSoup(
        client.get("/right-to-challenge/register", headers=headers or {}).text, "html.parser"
    )


def accepted(client, session, sent, sign_in) -> str:
    reference = sent()
    sign_in("commissioner")
    response = post(client, f"/inbox/{reference}/challenge/accept", {"reasons": REASONS})
    assert response.status_code == 302
    return reference


def test_register_falls_back_to_english_marked_until_welsh_is_written(
    app,
    client,
    session,
    sent,
    sign_in,
):
    reference = accepted(client, session, sent, sign_in)
    page = register(app.test_client(), CY)
    reasons = page.find("p", string=REASONS)
    assert reasons is not None
    assert reasons.get("lang") == "en"
    assert page.select(".app-welsh-note")
    assert eoi_for(session, reference).welsh_state == "missing"

    # The translator writes the Welsh from the inbox item.
    item_page = client.get(f"/inbox/{reference}").text
    assert f"/inbox/{reference}/challenge/welsh" in item_page
    form = client.get(f"/inbox/{reference}/challenge/welsh")
    assert form.status_code == 200
    html = BeautifulSoup(form.text, "html.parser")
    assert html.find(attrs={"name": "decision_reasons_cy"}).get("lang") == "cy"
    # Only the words the council published: no late reason, modification or note yet.
    assert html.find(attrs={"name": "late_reason_cy"}) is None
    response = post(
        client, f"/inbox/{reference}/challenge/welsh", {"decision_reasons_cy": REASONS_CY}
    )
    assert response.status_code == 302
    eoi = eoi_for(session, reference)
    assert eoi.decision_reasons_cy == REASONS_CY
    assert eoi.welsh_state == "done"

    page = register(app.test_client(), CY)
    welsh = page.find("p", string=REASONS_CY)
    assert welsh is not None
    assert welsh.get("lang") is None
    assert not page.find("p", string=REASONS)
    # English readers still read the English.
    assert register(app.test_client()).find("p", string=REASONS) is not None


def test_welsh_for_nothing_published_sends_staff_back(client, session, sent, sign_in):
    reference = sent()
    sign_in("commissioner")
    response = client.get(f"/inbox/{reference}/challenge/welsh")
    assert response.status_code == 302


def test_a_viewer_cannot_write_the_welsh(app, client, session, sent, sign_in):
    reference = accepted(client, session, sent, sign_in)
    viewer = app.test_client()
    from app.accounts.models import Role
    from app.accounts.services import create_or_update_staff
    from tests.conftest import TEST_PASSWORD, sign_in_with_password

    create_or_update_staff(session, "viewer@elmsworth.gov.example", Role.VIEWER, TEST_PASSWORD)
    session.commit()
    sign_in_with_password(viewer, "viewer@elmsworth.gov.example")
    assert viewer.get(f"/inbox/{reference}/challenge/welsh").status_code == 403
