"""Events in Welsh: pages, calendar files and booking emails in the reader's language."""

from bs4 import BeautifulSoup
from icalendar import Calendar

from app.events.services import book
from tests.events.test_booking_emails import calendar_of, sent_emails, summer_event

WELSH = {
    "title_cy": "Cwrdd â'r prynwr: gofal cartref a chymorth",
    "description_html_cy": "<p>Clywch am ein cynlluniau ar gyfer gofal cartref.</p>",
    "venue_cy": "Canolfan Ddinesig Elmsworth, Stryd y Farchnad, Elmsworth EW1 1AA",
    "accessibility_cy": "Mynediad heb risiau o Stryd y Farchnad; dolen sain yn y neuadd.",
    "buyers_attending_cy": "Sam Patel, Gofal oedolion",
}
CY = {"Accept-Language": "cy"}


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def test_welsh_event_page_shows_the_welsh_with_no_english_marks(client, make_event):
    event = make_event(**WELSH)
    page = soup(client.get(f"/events/{event.slug}", headers=CY))
    assert page.find("h1").get_text(strip=True) == WELSH["title_cy"]
    body = page.select_one("main").get_text(" ", strip=True)
    for welsh in ("Canolfan Ddinesig", "dolen sain", "Gofal oedolion", "ein cynlluniau"):
        assert welsh in body
    assert "Civic Centre" not in body
    assert not page.select("main [lang=en]")
    assert not page.select(".app-welsh-note")


def test_missing_welsh_event_words_are_english_marked_with_one_note(client, make_event):
    event = make_event(title_cy=WELSH["title_cy"])
    page = soup(client.get(f"/events/{event.slug}", headers=CY))
    marked = [tag.get_text(" ", strip=True) for tag in page.select("main [lang=en]")]
    assert any("Civic Centre" in text for text in marked)
    assert any("Step-free access" in text for text in marked)
    assert any("Sam Patel" in text for text in marked)
    assert len(page.select(".app-welsh-note")) == 1
    # The list of events: the Welsh title, unmarked.
    listing = soup(client.get("/events/", headers=CY))
    link = listing.find("a", string=WELSH["title_cy"])
    assert link is not None
    assert link.get("lang") is None


def test_calendar_download_is_in_the_readers_language(client, make_event):
    event = make_event(**WELSH)
    [entry] = Calendar.from_ical(client.get(f"/events/{event.slug}.ics", headers=CY).data).walk(
        "VEVENT"
    )
    assert str(entry["SUMMARY"]) == WELSH["title_cy"]
    assert entry["SUMMARY"].params["LANGUAGE"] == "cy"
    assert str(entry["LOCATION"]) == WELSH["venue_cy"]
    [english] = Calendar.from_ical(client.get(f"/events/{event.slug}.ics").data).walk("VEVENT")
    assert str(english["SUMMARY"]) == event.title
    assert english["SUMMARY"].params["LANGUAGE"] == "en"


def test_a_welsh_speaking_booker_gets_the_welsh_in_email_and_calendar(
    session, tmp_path, make_event, make_supplier
):
    event = summer_event(make_event, **WELSH)
    welsh_contact = make_supplier("Pantri Glan yr Afon", "ama@glan.example").contacts[0]
    welsh_contact.locale = "cy"
    english_contact = make_supplier("Riverside Larder", "sam@riverside.example").contacts[0]
    session.commit()
    book(session, event.id, welsh_contact, names=["Ama Mensah"], locale="cy")
    book(session, event.id, english_contact, names=["Sam Jones"])
    session.commit()

    [welsh] = sent_emails(session, tmp_path, "ama@glan.example")[-1:]
    assert WELSH["title_cy"] in welsh["Subject"]
    body = welsh.get_body(("plain",)).get_content()
    assert WELSH["venue_cy"] in body
    _calendar, entry = calendar_of(welsh)
    assert str(entry["SUMMARY"]) == WELSH["title_cy"]

    [english] = sent_emails(session, tmp_path, "sam@riverside.example")[-1:]
    assert event.title in english["Subject"]
    assert "Civic Centre" in english.get_body(("plain",)).get_content()


def test_a_welsh_booker_gets_the_english_where_the_welsh_is_not_written(
    session, tmp_path, make_event, make_supplier
):
    event = summer_event(make_event)
    contact = make_supplier("Pantri Glan yr Afon", "ama@glan.example").contacts[0]
    contact.locale = "cy"
    session.commit()
    book(session, event.id, contact, names=["Ama Mensah"], locale="cy")
    session.commit()
    [email] = sent_emails(session, tmp_path, "ama@glan.example")[-1:]
    assert event.title in email["Subject"]
    _calendar, entry = calendar_of(email)
    assert entry["SUMMARY"].params["LANGUAGE"] == "en"


def test_staff_save_the_welsh_of_an_event(client, sign_in, session, make_event):
    from app.events.forms import EventForm

    event = make_event()
    sign_in("commissioner")
    page = client.get(f"/admin/events/{event.id}/edit")
    assert page.status_code == 200
    html = soup(page)
    for name in EventForm.__dict__:
        if name.endswith("_cy"):
            assert html.find(attrs={"name": name}).get("lang") == "cy", name
    assert "Welsh missing" in client.get(f"/admin/events/{event.id}").text
