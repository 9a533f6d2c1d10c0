from datetime import timedelta

from app.consultations.models import Consultation
from app.core.db import utcnow


def test_the_list_groups_open_forthcoming_and_closed_and_hides_drafts(client, make_consultation):
    now = utcnow()
    make_consultation(title="Open one")
    make_consultation(
        title="Coming one", opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=30)
    )
    make_consultation(
        title="Closed one", opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1)
    )
    make_consultation(title="Secret draft", published=False)

    page = client.get("/consultations/").text
    assert "3 consultations" in page
    assert page.index("Open now") < page.index("Open one") < page.index("Not open yet")
    assert page.index("Not open yet") < page.index("Coming one") < page.index("Closed one")
    assert "Secret draft" not in page


def test_the_list_filters_by_status_area_and_keyword(client, session, make_consultation):
    from app.core.models import ServiceArea

    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    now = utcnow()
    make_consultation(title="Library hours")
    make_consultation(title="Homeless hostels", service_area_id=housing.id)
    make_consultation(
        title="Old library plan",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )

    assert "Homeless hostels" not in client.get("/consultations/?area=adult-social-care").text
    assert "Library hours" not in client.get("/consultations/?area=housing").text
    closed = client.get("/consultations/?status=closed").text
    assert "Old library plan" in closed
    assert "Library hours" not in closed
    found = client.get("/consultations/?q=LIBRARY+hours").text
    assert "Library hours" in found
    assert "Old library plan" not in found
    # Nonsense in the query string is ignored, not an error.
    assert client.get("/consultations/?status=nonsense&area=nowhere&q=%25_").status_code == 200


def test_the_detail_page_explains_how_to_respond_and_links_the_young_peoples_version(
    client, make_consultation
):
    consultation = make_consultation()
    page = client.get(f"/consultations/{consultation.slug}").text
    assert "Respond online" in page
    assert f"/consultations/{consultation.slug}/young-people" in page
    assert "libraries@elmsworth.gov.example" in page
    assert "Town Hall" in page
    assert "<strong>changed</strong>" in page
    assert "alert(1)" not in page


def test_a_draft_or_unknown_consultation_is_not_found(client, make_consultation):
    draft = make_consultation(published=False)
    assert client.get(f"/consultations/{draft.slug}").status_code == 404
    assert client.get(f"/consultations/{draft.slug}/respond").status_code == 404
    assert client.get("/consultations/nothing-here").status_code == 404


def test_a_closed_consultation_says_the_outcome_is_to_follow(client, make_consultation):
    now = utcnow()
    closed = make_consultation(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1))
    page = client.get(f"/consultations/{closed.slug}").text
    assert "has closed" in page
    assert "Respond online" not in page
    assert "Outcome to follow" in client.get(f"/consultations/{closed.slug}/outcome").text
    assert "has closed" in client.get(f"/consultations/{closed.slug}/respond").text


def test_the_status_follows_the_dates(session, make_consultation):
    consultation = make_consultation()
    now = utcnow()
    assert consultation.status_at(now) == "open"
    assert consultation.status_at(consultation.opens_at - timedelta(seconds=1)) == "forthcoming"
    assert consultation.status_at(consultation.closes_at) == "closed"
    consultation.published = False
    assert consultation.status_at(now) == "draft"
    assert isinstance(consultation, Consultation)


def test_the_list_makes_the_same_number_of_queries_however_many_there_are(
    client, make_consultation, count_queries
):
    make_consultation(title="One")
    few = count_queries(lambda: client.get("/consultations/")).count
    for number in range(6):
        make_consultation(title=f"More {number}")
    many = count_queries(lambda: client.get("/consultations/")).count
    assert many == few
