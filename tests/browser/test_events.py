"""The meet-the-buyer journey in a real browser: staff set up an event with
two places, two organisations fill it, a third joins the waiting list and is
promoted when one cancels by the link in its email; staff mark attendance."""

from __future__ import annotations

import email
import email.policy
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.browser.test_suppliers import check_axe, register, sign_in_by_link

pytestmark = pytest.mark.browser


def newest_email(folder: Path, to: str, subject_has: str, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            subject = str(message["Subject"])
            if message["To"] == to and subject_has in subject:
                return message.get_body(("plain",)).get_content()
        time.sleep(0.2)
    pytest.fail(f"no email to {to} about {subject_has!r}", pytrace=False)


def create_event(page, title: str) -> str:
    today = datetime.now(ZoneInfo("Europe/London")).date()
    day = today + timedelta(days=20)
    page.goto("/admin/events/new")
    page.fill("#title", title)
    page.fill("#description_html", "<p>Two places only.</p>")
    page.select_option("#service_area_id", label="Adult social care")
    for prefix, value in (("event_date", day), ("booking_opens", today), ("booking_closes", day)):
        page.fill(f"#{prefix}-day", str(value.day))
        page.fill(f"#{prefix}-month", str(value.month))
        page.fill(f"#{prefix}-year", str(value.year))
    page.fill("#start_time", "10:00")
    page.fill("#end_time", "12:00")
    page.check("#format")
    page.fill("#venue", "Elmsworth Civic Centre")
    page.fill("#capacity", "2")
    page.fill("#places_per_organisation", "1")
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")
    with page.expect_navigation():
        page.click("#status-publish")
    return urlsplit(page.url).path


def book_place(page, slug_path: str, name: str) -> str:
    page.goto(slug_path)
    page.click("#main-content a.govuk-button")
    page.fill("#names", name)
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")
    return page.locator("h1").inner_text()


def test_book_to_capacity_wait_and_be_promoted(open_context, mail_folder, live_server):
    stamp = str(int(time.time() * 1000))[-6:]
    staff, staff_journal = open_context("en", staff=True)
    staff_page = staff.new_page()
    title = f"Meet the buyer: small grants {stamp}"
    admin_path = create_event(staff_page, title)
    staff_page.goto("/events/")
    event_path = staff_page.locator(f"a:text('{title}')").get_attribute("href")

    people = []
    for n, (org, person) in enumerate(
        [
            ("Ashby Lane Lunch Club", "Sue Ashby"),
            ("Poplar Builders Ltd", "Raj Poplar"),
            ("Mill Street Arts CIC", "Ffion Mill"),
        ]
    ):
        context, journal = open_context("en")
        page = context.new_page()
        address = f"org{n}-{stamp}@example.org"
        register(
            page,
            {
                "#name": org,
                "#staff_count": "2",
                "#volunteer_count": "5",
                "#postcode": "EW5 1AA",
                "#contact_name": person,
                "#contact_email": address,
            },
            ["#legal_form-7", "#turnover_band"],
        )
        sign_in_by_link(page, address, mail_folder)
        people.append((page, journal, address, person))

    assert book_place(people[0][0], event_path, "Sue Ashby") == "Booking confirmed"
    assert book_place(people[1][0], event_path, "Raj Poplar") == "Booking confirmed"
    third = people[2][0]
    third.goto(event_path)
    assert "Join the waiting list" in third.locator("#main-content a.govuk-button").inner_text()
    assert book_place(third, event_path, "Ffion Mill") == "You are on the waiting list"
    check_axe(third)

    # The calendar file parses.
    ics = third.request.get(event_path + ".ics")
    [entry] = Calendar.from_ical(ics.body()).walk("VEVENT")
    assert str(entry["SUMMARY"]) == title

    # The firm cancels from the link in its confirmation email, signed out.
    body = newest_email(mail_folder, people[1][2], "Booking confirmed")
    cancel_link = re.search(r"http://\S+/events/bookings/\S+/cancel", body).group(0)
    firm = people[1][0]
    firm.context.clear_cookies()
    firm.goto(urlsplit(cancel_link).path)
    check_axe(firm)
    with firm.expect_navigation():
        firm.click("#main-content form button[type=submit]")

    promoted = newest_email(mail_folder, people[2][2], "A place came free")
    assert "your booking is now confirmed" in promoted
    third.goto(event_path)
    assert "confirmed" in third.locator("#main-content").inner_text()

    # Staff mark attendance on a phone-sized screen.
    staff_page.set_viewport_size({"width": 375, "height": 800})
    staff_page.goto(admin_path)
    check_axe(staff_page)
    staff_page.locator("button:has-text('Attended')").first.click()
    staff_page.wait_for_load_state("load")
    assert staff_page.locator(".govuk-tag--green").count() == 1

    for _page, journal, _address, _person in people:
        assert journal.problems() == []
    assert staff_journal.problems() == []
