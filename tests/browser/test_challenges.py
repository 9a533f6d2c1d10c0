"""The Right to Challenge from end to end in a real browser: a community
group sends an EOI with a consortium partner and a document; two employees
send one; a closed window and an excluded service are refused (a company is
taken and recorded, see test_statutory_rules);
a commissioner sets the decision date, rejects one on a statutory ground
and accepts the other with modifications after recorded agreement; /track
and the register show both."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.challenges.windows import council_today
from tests.browser import challenge_pages as rtc

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def click(page, selector: str = "#main-content form[method=post] button#submit"):
    with page.expect_navigation():
        page.click(selector)


def fill_long_steps(page) -> None:
    for fields in rtc.LONG.values():
        for selector, value in fields.items():
            page.fill(selector, value)
        click(page)


def send(page, body: dict, body_type: str, service: str, partner: bool, tmp_path) -> str:
    rtc.begin(page)
    rtc.answer_body(page, body_type, body)
    rtc.answer_contact(page)
    rtc.answer_service(page, service)
    fill_long_steps(page)
    if body_type == "employees":
        page.fill("#engagement", "Open meetings at every depot and a staff vote.")
        click(page)
    assert page.url.endswith("/apply/partners")
    if partner:
        with page.expect_navigation():
            page.click("text=Add a consortium member or subcontractor")
        page.fill("#name", "Brook Valley Café CIC")
        page.check("input[name=role][value=consortium]")
        page.fill("#financial_resources", "Turnover of £96,000.")
        page.fill("#capability", "Runs the café today.")
        click(page)
        assert "Brook Valley Café CIC" in page.content()
    click(page)  # partners: continue
    assert page.url.endswith("/apply/documents")
    if partner:
        document = tmp_path / "accounts.pdf"
        document.write_bytes(PDF)
        page.set_input_files("#document", str(document))
        click(page, "#main-content form button#upload")
        assert "accounts.pdf" in page.content()
    click(page)  # documents: continue
    assert page.url.endswith("/apply/check")
    page.check("#declaration")
    click(page)
    reference = re.search(r"RTC-\d{4}-[A-Z0-9]{6}", page.content()).group(0)
    assert "Expression of interest sent" in page.content()
    return reference


def refused(page, prepare) -> str:
    prepare(page)
    return page.locator(".govuk-error-summary").inner_text()


def decide(page, reference: str, path: str, fields: dict, checks=()) -> None:
    page.goto(f"/inbox/{reference}/challenge/{path}")
    for selector, value in fields.items():
        page.fill(selector, value)
    for selector in checks:
        page.check(selector)
    click(page)
    assert page.url.endswith(f"/inbox/{reference}"), page.url


def date_fields(name: str, value: date) -> dict:
    return {
        f"#{name}-day": str(value.day),
        f"#{name}-month": str(value.month),
        f"#{name}-year": str(value.year),
    }


def test_right_to_challenge_from_submission_to_published_decisions(open_context, tmp_path):
    context, journal = open_context()
    page = context.new_page()
    group = send(
        page,
        {"#body_name": "Riverside Residents Association"},
        "community",
        "Parks grounds maintenance (east)",
        partner=True,
        tmp_path=tmp_path,
    )

    employees_context, _ = open_context()
    employee_page = employees_context.new_page()
    employees = send(
        employee_page,
        {"#body_name": "Library Staff Group"},
        "employees",
        "Hollinsby community library",
        partner=False,
        tmp_path=tmp_path,
    )

    visitor, _ = open_context()
    other = visitor.new_page()
    message = refused(other, lambda p: rtc.refused_service("Coldwater youth centre")(p, ""))
    assert "The next window opens on" in message
    message = refused(
        other, lambda p: rtc.refused_service("Reablement and intermediate care")(p, "")
    )
    assert "excluded from the right to challenge" in message
    assert "NHS" in message

    staff, _ = open_context(staff=True)
    desk = staff.new_page()
    today = council_today()
    decide(desk, group, "decision-date", date_fields("decide_by", today + timedelta(days=60)))
    decide(desk, employees, "decision-date", date_fields("decide_by", today + timedelta(days=60)))
    decide(
        desk,
        group,
        "reject",
        {"#reasons": "The parks contract is already out to tender until 2028."},
        checks=["input[name=grounds][value=procurement]"],
    )
    decide(
        desk,
        employees,
        "modify",
        {"#change": "Keep the mobile library with the council.", "#reasons": "Van leases."},
    )
    decide(
        desk,
        employees,
        "agreement",
        {**date_fields("agreed_on", today), "#how": "Letter from the group, saved to the file"},
    )
    desk.goto(f"/inbox/{group}")
    assert "accounts.pdf" in desk.content()

    page.goto("/track")
    page.fill("#reference", group)
    page.fill("#email", rtc.CONTACT["#contact_email"])
    click(page)
    text = page.content()
    assert "Rejected" in text
    assert "already the subject of a procurement exercise" in text
    assert "already out to tender" in text

    page.goto("/right-to-challenge/register")
    register = page.locator("main").inner_text()
    assert "Riverside Residents Association" in register
    assert "Library Staff Group" in register
    assert "Accepted with modifications" in register
    assert "Keep the mobile library with the council." in register
    assert rtc.CONTACT["#contact_email"] not in register
    assert journal.problems() == []


@pytest.mark.parametrize("language", ["en", "cy"])
def test_keyboard_only_through_the_first_step(open_context, language):
    context, _journal = open_context(language)
    page = context.new_page()
    page.goto("/right-to-challenge/apply")
    page.focus("#main-content form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.focus("#body_name")
    page.keyboard.type("Keyboard Group")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # radios: the first is focused, arrows choose
    page.keyboard.press("Space")
    page.focus("#submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/apply/contact"), page.url


def test_keyboard_only_a_commissioner_records_the_procurement_outcome(open_context):
    """Localism Act 2011 s.83(8): the procurement exercise is recorded with
    the keyboard alone, and the register then shows its outcome."""
    staff, journal = open_context(staff=True)
    page = staff.new_page()
    page.goto("/inbox/?kind=challenge&status=accepted")
    href = page.locator("table a.govuk-link").first.get_attribute("href")
    page.goto(f"{href}/challenge/procurement")
    page.focus("input[name=outcome][value=running]")
    page.keyboard.press("ArrowDown")  # radios: arrows move the choice
    assert page.is_checked("input[name=outcome][value=awarded_body]")
    ended = council_today()
    page.focus("#ended_on-day")
    page.keyboard.type(str(ended.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(ended.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(ended.year))
    page.focus("#submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href), page.url
    page.goto("/right-to-challenge/register")
    assert "Contract awarded to the body that expressed interest" in page.content()
    assert journal.problems() == []
