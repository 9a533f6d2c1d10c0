from app.core.references import REFERENCE_PATTERN
from app.inbox.models import InboxItem
from app.inbox.services import UnknownKindError, file_submission


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
