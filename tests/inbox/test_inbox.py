from bs4 import BeautifulSoup

from app.core.references import REFERENCE_PATTERN
from app.inbox.models import InboxItem
from app.inbox.services import UnknownKindError, add_note, change_status, file_submission
from tests.conftest import post_form


def test_filing_a_submission_gives_an_unguessable_reference(session, area):
    item = file_submission(
        session,
        kind="challenge",
        subject="Running the Greenway community centre",
        service_area=area,
        submitter_name="Friends of Greenway",
        submitter_email="hello@greenway.example",
        submitter_locale="cy",
    )
    session.commit()
    assert REFERENCE_PATTERN.match(item.reference)
    assert item.reference.startswith("RTC-")
    stored = session.get(InboxItem, item.id)
    assert stored.status == "new"
    assert stored.submitter_locale == "cy"
    assert stored.received_at.tzinfo is not None


def test_references_are_unique_across_many_submissions(session):
    references = {
        file_submission(session, kind="survey_response", subject=f"Survey {n}").reference
        for n in range(300)
    }
    session.commit()
    assert len(references) == 300


def test_unknown_kinds_are_refused(session):
    try:
        file_submission(session, kind="complaint", subject="x")
    except UnknownKindError:
        pass
    else:
        raise AssertionError("an unknown kind was filed")


def test_the_inbox_lists_submissions_for_staff_newest_first(client, session, area, sign_in):
    older = file_submission(session, kind="consultation_response", subject="Older response")
    newer = file_submission(
        session, kind="event_booking", subject="Newer booking", service_area=area
    )
    session.commit()
    sign_in("viewer")
    page = client.get("/inbox/").text
    assert older.reference in page
    assert newer.reference in page
    assert page.index("Newer booking") < page.index("Older response")
    assert "Adult social care" in page
    assert "2 submissions" in page


def test_an_empty_inbox_says_so(client, sign_in):
    sign_in("viewer")
    assert "There are no submissions yet" in client.get("/inbox/").text


def _filed(session, **kwargs):
    defaults = {"kind": "challenge", "subject": "Running the Greenway centre"}
    item = file_submission(session, **{**defaults, **kwargs})
    session.commit()
    return item


def test_filters_combine_and_counts_follow_them(client, session, area, sign_in, make_staff):
    user = sign_in("commissioner")
    mine = _filed(session, subject="Mine to do", service_area=area)
    mine.assignee_id = user.id
    _filed(session, kind="survey_response", subject="Survey answer")
    _filed(session, kind="challenge", subject="Unassigned challenge", body_text="library hours")
    session.commit()

    page = client.get("/inbox/?assignee=me").text
    assert "Mine to do" in page
    assert "Survey answer" not in page
    unassigned = client.get("/inbox/?assignee=unassigned&kind=challenge").text
    assert "Unassigned challenge" in unassigned
    assert "Mine to do" not in unassigned
    assert "Unassigned challenge" in client.get("/inbox/?q=LIBRARY").text
    assert "Mine to do" in client.get("/inbox/?area=adult-social-care").text
    assert "New: 3" in client.get("/inbox/").text
    for bad in ("?status=<x>", "?assignee=-1", "?after=nonsense", "?after=99999999999999999999-1"):
        assert client.get("/inbox/" + bad).status_code == 200


def test_pages_run_oldest_last_without_gaps_or_repeats(client, session, sign_in):
    from datetime import UTC, datetime, timedelta

    from app.inbox.search import PER_PAGE

    sign_in("viewer")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(PER_PAGE + 5):
        _filed(session, subject=f"Item {number:03d}", received_at=start + timedelta(minutes=number))
    seen, url = [], "/inbox/"
    while url:
        page = BeautifulSoup(client.get(url).text, "html.parser")
        seen += [row.select("td")[1].get_text(strip=True) for row in page.select("tbody tr")]
        link = page.select_one(".govuk-pagination__next a")
        url = link["href"] if link else None
    assert seen == [f"Item {n:03d}" for n in reversed(range(PER_PAGE + 5))]


def test_a_commissioner_works_an_item(client, session, sign_in, make_staff):
    colleague = make_staff("commissioner", email="colleague@elmsworth.gov.example")
    sign_in("commissioner")
    item = _filed(session, submitter_name="Friends of Greenway", body_text="We would run it.")
    url = f"/inbox/{item.reference}"
    page = client.get(url)
    assert page.status_code == 200
    assert "We would run it." in page.text
    assert "Friends of Greenway" in page.text

    post_form(client, f"{url}/assign", {"assignee": str(colleague.id)}, form_url=url)
    post_form(
        client,
        f"{url}/status",
        {"status": "in_progress", "note": "Checking eligibility"},
        form_url=url,
    )
    post_form(client, f"{url}/notes", {"text": "Called them back."}, form_url=url)
    post_form(client, f"{url}/due", {"due_on": ["15", "1", "2027"]}, form_url=url)

    session.expire_all()
    stored = session.get(InboxItem, item.id)
    assert stored.assignee_id == colleague.id
    assert stored.status == "in_progress"
    assert stored.due_on.isoformat() == "2027-01-15"
    text = client.get(url).text
    assert "Checking eligibility" in text
    assert "Called them back." in text
    assert "15 January 2027" in text


def test_bad_input_on_an_item_is_explained_and_nothing_changes(client, session, sign_in):
    sign_in("commissioner")
    item = _filed(session)
    url = f"/inbox/{item.reference}"
    empty_note = post_form(client, f"{url}/notes", {"text": "  "}, form_url=url)
    assert empty_note.status_code == 400
    assert "Enter a note" in empty_note.text
    bad_date = post_form(client, f"{url}/due", {"due_on": ["31", "2", "2027"]}, form_url=url)
    assert bad_date.status_code == 400
    assert "govuk-error-summary" in bad_date.text
    bad_status = post_form(client, f"{url}/status", {"status": "deleted"}, form_url=url)
    assert bad_status.status_code == 400
    session.expire_all()
    assert session.get(InboxItem, item.id).status == "new"


def test_viewers_read_items_but_cannot_change_them(client, session, sign_in):
    sign_in("viewer")
    item = _filed(session)
    url = f"/inbox/{item.reference}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Work on this item" not in page.text
    response = post_form(client, f"{url}/status", {"status": "closed"}, form_url="/inbox/")
    assert response.status_code == 403
    session.expire_all()
    assert session.get(InboxItem, item.id).status == "new"


def test_unknown_references_are_not_found(client, sign_in):
    sign_in("viewer")
    assert client.get("/inbox/RTC-2026-ZZZZZZ").status_code == 404


def test_inbox_pages_cost_the_same_queries_however_much_they_show(
    client, session, sign_in, count_queries, make_staff
):
    user = sign_in("commissioner")
    item = _filed(session)
    item.assignee_id = user.id
    change_status(session, item, "in_progress", user, "first")
    add_note(session, item, user, "First note")
    session.commit()
    list_few = count_queries(lambda: client.get("/inbox/"))
    item_few = count_queries(lambda: client.get(f"/inbox/{item.reference}"))
    for number in range(30):
        other = _filed(session, subject=f"More {number}")
        other.assignee_id = user.id
        change_status(session, item, "in_progress" if number % 2 else "new", user, f"note {number}")
        add_note(session, item, user, f"Note {number}")
    session.commit()
    list_many = count_queries(lambda: client.get("/inbox/"))
    item_many = count_queries(lambda: client.get(f"/inbox/{item.reference}"))
    assert list_many.count == list_few.count, list_many.statements
    assert item_many.count == item_few.count


def test_flags_dates_and_the_dashboard(client, session, sign_in):
    from datetime import UTC, datetime, timedelta

    from app.inbox.search import today

    sign_in("viewer")
    now = datetime.now(UTC)
    late = _filed(session, subject="Late one", received_at=now - timedelta(days=20))
    late.due_on = today() - timedelta(days=3)
    _filed(session, subject="Urgent one", urgent=True, received_at=now - timedelta(days=2))
    _filed(session, subject="Old one", received_at=datetime(2025, 5, 1, 12, tzinfo=UTC))
    closed_late = _filed(session, subject="Closed late", received_at=now - timedelta(days=30))
    closed_late.due_on = today() - timedelta(days=10)
    closed_late.status = "closed"
    session.commit()

    overdue = client.get("/inbox/?flag=overdue").text
    assert "Late one" in overdue
    assert "Closed late" not in overdue
    assert "Urgent one" not in overdue
    assert "Urgent one" in client.get("/inbox/?flag=urgent").text
    in_may = client.get("/inbox/?from=2025-05-01&to=2025-05-01").text
    assert "Old one" in in_may
    assert "Late one" not in in_may
    assert client.get("/inbox/?from=31/02/2025&to=never").status_code == 200

    page = BeautifulSoup(client.get("/inbox/").text, "html.parser")
    figures = [f.get_text() for f in page.select(".app-dashboard__figure")]
    assert figures == ["1", "1", "1", "0"]


def test_due_date_order_pages_without_gaps(client, session, sign_in):
    from datetime import date, timedelta

    from app.inbox.search import PER_PAGE

    sign_in("viewer")
    for number in range(PER_PAGE + 3):
        item = _filed(session, subject=f"Due {number:03d}")
        item.due_on = date(2027, 1, 1) + timedelta(days=number // 2) if number % 5 else None
    session.commit()
    seen, url = [], "/inbox/?sort=due"
    while url:
        page = BeautifulSoup(client.get(url).text, "html.parser")
        seen += [row.select("td")[1].get_text(strip=True) for row in page.select("tbody tr")]
        link = page.select_one(".govuk-pagination__next a")
        url = link["href"] if link else None
    assert sorted(seen) == sorted(f"Due {n:03d}" for n in range(PER_PAGE + 3))
    assert len(seen) == len(set(seen))
    undated = [n for n in range(PER_PAGE + 3) if n % 5 == 0]
    assert seen[-len(undated) :] == [f"Due {n:03d}" for n in undated]


def test_viewing_and_changing_an_item_is_audited(client, session, sign_in):
    from sqlalchemy import select

    from app.core.audit import AuditEvent

    user = sign_in("commissioner")
    item = _filed(session)
    url = f"/inbox/{item.reference}"
    client.get(url)
    post_form(client, f"{url}/status", {"status": "in_progress"}, form_url=url)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.object_ref == item.reference).order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_email) for e in events] == [
        ("inbox.view", user.email),
        ("inbox.view", user.email),
        ("inbox.update", user.email),
    ]
    assert events[-1].details == {"change": "status", "old": "new", "new": "in_progress"}


def test_replies_go_through_the_outbox_in_the_submitters_language(client, session, sign_in):
    from sqlalchemy import select

    from app.core.outbox.models import OutboxMessage

    sign_in("commissioner")
    item = _filed(
        session,
        subject="Booking for the home care event",
        submitter_name="Gwen Parry",
        submitter_email="gwen@cartrefcare.example",
        submitter_locale="cy",
    )
    url = f"/inbox/{item.reference}"
    empty = post_form(client, f"{url}/reply", {"message": ""}, form_url=url)
    assert empty.status_code == 400
    assert "Enter a message" in empty.text
    response = post_form(
        client, f"{url}/reply", {"message": "Mae gennym ddau le i chi."}, form_url=url
    )
    assert response.status_code == 302
    email = session.scalars(select(OutboxMessage)).one()
    assert email.to_address == "gwen@cartrefcare.example"
    assert email.locale == "cy"
    assert email.reference == item.reference
    assert item.reference in email.subject
    assert "Mae gennym ddau le i chi." in email.body_text
    assert "Cyngor Bwrdeistref Elmsworth" in email.body_text
    page = client.get(url).text
    assert "Mae gennym ddau le i chi." in page
    assert "No replies yet." not in page


def test_a_reply_cannot_go_to_a_submitter_without_an_address(client, session, sign_in):
    sign_in("commissioner")
    item = _filed(session, submitter_email=None)
    url = f"/inbox/{item.reference}"
    assert "Reply to" not in client.get(url).text
    assert post_form(client, f"{url}/reply", {"message": "Hi"}, form_url=url).status_code == 400


def test_closing_needs_an_outcome_and_keeps_it(client, session, sign_in):
    sign_in("commissioner")
    item = _filed(session)
    url = f"/inbox/{item.reference}"
    refused = post_form(client, f"{url}/close", {"outcome": " "}, form_url=url)
    assert refused.status_code == 400
    assert "Enter the outcome" in refused.text
    post_form(client, f"{url}/close", {"outcome": "Accepted; procurement to follow."}, form_url=url)
    session.expire_all()
    stored = session.get(InboxItem, item.id)
    assert stored.status == "closed"
    assert stored.closed_at is not None
    assert stored.outcome == "Accepted; procurement to follow."
    assert "Accepted; procurement to follow." in client.get(url).text


def test_themes_are_tagged_tidied_and_filterable(client, session, sign_in):
    sign_in("commissioner")
    item = _filed(session, subject="About buses")
    _filed(session, subject="About bins")
    url = f"/inbox/{item.reference}"
    post_form(
        client, f"{url}/tags", {"tags": " Transport, cost of  living,transport "}, form_url=url
    )
    session.expire_all()
    assert [t.name for t in session.get(InboxItem, item.id).tags] == ["cost of living", "transport"]
    tagged = client.get("/inbox/?tag=Transport").text
    assert "About buses" in tagged
    assert "About bins" not in tagged
    post_form(client, f"{url}/tags", {"tags": ""}, form_url=url)
    session.expire_all()
    assert session.get(InboxItem, item.id).tags == []


def test_bulk_actions_change_only_the_ticked_items(client, session, sign_in, make_staff):
    colleague = make_staff("commissioner", email="colleague@elmsworth.gov.example")
    sign_in("commissioner")
    first, second, untouched = (_filed(session, subject=f"Item {n}") for n in range(3))
    refs = [first.reference, second.reference]
    assign_all = post_form(
        client,
        "/inbox/bulk?kind=challenge",
        {"items": refs, "action": "assign", "assignee": str(colleague.id), "status": "new"},
        form_url="/inbox/",
    )
    assert assign_all.status_code == 302
    assert assign_all.headers["Location"] == "/inbox/?kind=challenge"
    post_form(
        client,
        "/inbox/bulk",
        {"items": refs, "action": "status", "status": "waiting"},
        form_url="/inbox/",
    )
    post_form(
        client,
        "/inbox/bulk",
        {"items": refs, "action": "tag", "tags": "libraries", "status": "new"},
        form_url="/inbox/",
    )
    session.expire_all()
    for item in (first, second):
        stored = session.get(InboxItem, item.id)
        assert stored.assignee_id == colleague.id
        assert stored.status == "waiting"
        assert [t.name for t in stored.tags] == ["libraries"]
    other = session.get(InboxItem, untouched.id)
    assert other.assignee_id is None
    assert other.status == "new"
    assert other.tags == []
    nothing = post_form(client, "/inbox/bulk", {"action": "status"}, form_url="/inbox/")
    assert nothing.status_code == 302
    assert "Select at least one item" in client.get("/inbox/").text


def test_viewers_cannot_use_bulk_actions(client, session, sign_in):
    sign_in("viewer")
    item = _filed(session)
    assert 'name="items"' not in client.get("/inbox/").text
    response = post_form(
        client,
        "/inbox/bulk",
        {"items": [item.reference], "action": "status", "status": "closed"},
        form_url="/inbox/",
    )
    assert response.status_code == 403
    session.expire_all()
    assert session.get(InboxItem, item.id).status == "new"


def test_the_item_page_shows_its_audit_trail(client, session, sign_in):
    user = sign_in("commissioner")
    item = _filed(session)
    url = f"/inbox/{item.reference}"
    post_form(client, f"{url}/status", {"status": "in_progress"}, form_url=url)
    page = BeautifulSoup(client.get(url).text, "html.parser")
    trail = page.find("caption", string="Audit trail").find_parent("table")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in trail.select("tbody tr")]
    assert rows[0][1] == user.email
    assert rows[0][2] == "Viewed an inbox item"
    assert [r[2] for r in rows if "Changed" in r[2]] == ["Changed an inbox item (status)"]


def test_counts_stop_at_the_cap_and_say_so(client, session, sign_in, monkeypatch):
    import app.inbox.search as search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    sign_in("viewer")
    for number in range(5):
        _filed(session, subject=f"Challenge {number}")
    _filed(session, kind="survey_response", subject="Survey answer")
    page = client.get("/inbox/").text
    assert "New: more than 3" in page
    assert "More than 3 submissions" in page
    survey = client.get("/inbox/?kind=survey_response").text
    assert "New: 1" in survey
    assert "1 submission<" in survey
    # A text search whose matches fill the page counts them from it.
    assert "New: 5" in client.get("/inbox/?q=challenge").text
    # One with more matches than a page, and than its own cap, has statuses without numbers.
    monkeypatch.setattr(search, "PER_PAGE", 2)
    monkeypatch.setattr(search, "SEARCH_COUNT_CAP", 4)
    searched = client.get("/inbox/?q=challenge").text
    assert "More than 4 submissions" in searched
    assert ">New</a>" in searched
    assert "New: 1" in client.get("/inbox/?q=survey").text
    monkeypatch.setattr(search, "SEARCH_COUNT_CAP", 10)
    assert "New: 5" in client.get("/inbox/?q=challenge").text
