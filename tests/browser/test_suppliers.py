"""A charity and a small firm register in a real browser and sign in by the
link emailed to them; axe-core checks the signed-in pages on the way."""

from __future__ import annotations

import email
import email.policy
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.reflow import reflow_problems
from tests.browser.test_accessibility import AXE_OPTIONS, axe, describe_violations

pytestmark = pytest.mark.browser


def emailed(folder: Path, to: str, pattern: str, timeout: float = 10) -> str:
    """The first match of `pattern` in the newest email to `to` that holds one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] != to:
                continue
            body = message.get_body(("plain",)).get_content()
            match = re.search(pattern, body)
            if match:
                return match.group(0)
        time.sleep(0.2)
    pytest.fail(f"nothing like {pattern!r} was emailed to {to}", pytrace=False)


def emailed_link(folder: Path, to: str) -> str:
    """The sign-in link in the newest email to `to` that the portal wrote."""
    return emailed(folder, to, r"http://\S+/suppliers/sign-in/[A-Za-z0-9_\-]+")


def check_axe(page) -> None:
    results = axe.run(page, options=AXE_OPTIONS)
    assert describe_violations(results.response["violations"]) == []
    assert reflow_problems(page) == []


def register(page, details: dict[str, str], ticks: list[str]) -> None:
    page.goto("/suppliers/register")
    for selector in ticks:
        page.check(selector)
    for selector, value in details.items():
        page.fill(selector, value)
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")


def sign_in_by_link(page, address: str, mail_folder: Path) -> None:
    page.goto("/suppliers/sign-in")
    page.fill("#email", address)
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")
    assert "Check your email" in page.locator("h1").inner_text()
    link = emailed_link(mail_folder, address)
    page.goto(urlsplit(link).path)
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")
    assert urlsplit(page.url).path == "/suppliers/account"


def test_a_charity_and_a_small_firm_register_and_sign_in(open_context, mail_folder):
    context, journal = open_context("en")
    page = context.new_page()
    stamp = str(int(time.time() * 1000))[-6:]

    charity = f"larder-{stamp}@example.org"
    register(
        page,
        {
            "#name": "Riverside Community Larder",
            "#charity_number": f"11{stamp[:5]}",
            "#staff_count": "3",
            "#volunteer_count": "40",
            "#postcode": "ew2 5tq",
            "#contact_name": "Ama Mensah",
            "#contact_email": charity,
        },
        ["#legal_form-2", "#turnover_band", "#vcse", "#cpv_divisions"],
    )
    assert "Registration received" in page.locator("h1").inner_text()
    # The page reads the same for a new and a known address; the reference
    # goes only to the mailbox that registered.
    assert "SUP-" not in page.content()
    assert emailed(mail_folder, charity, r"SUP-[0-9A-Z-]+").startswith("SUP-")
    check_axe(page)

    firm = f"ops-{stamp}@hartley-catering.example"
    register(
        page,
        {
            "#name": "Hartley Catering Ltd",
            "#company_number": f"0{stamp}1",
            "#staff_count": "18",
            "#volunteer_count": "0",
            "#postcode": "B33 8TH",
            "#contact_name": "Joe Hartley",
            "#contact_email": firm,
        },
        ["#legal_form-5", "#turnover_band-3"],
    )
    assert "Registration received" in page.locator("h1").inner_text()

    sign_in_by_link(page, charity, mail_folder)
    assert "Riverside Community Larder" in page.content()
    check_axe(page)

    page.click("text=Change your details and alerts")
    check_axe(page)
    page.check("#alert_frequency-2")
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")
    assert "Daily digest" in page.content()

    page.click("text=Sign out")
    sign_in_by_link(page, firm, mail_folder)
    assert "Hartley Catering Ltd" in page.content()
    assert journal.problems() == []


def test_ask_for_a_sign_in_link_by_keyboard(open_context):
    from tests.browser.test_keyboard import active_element, tab_to

    context, journal = open_context("cy")
    page = context.new_page()
    page.goto("/suppliers/sign-in")
    tab_to(page, "input#email")
    page.keyboard.type("keyboard-user@example.org")
    tab_to(page, "#main-content form button[type=submit]")
    assert "Anfon dolen mewngofnodi ataf" in active_element(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/suppliers/sign-in/check-your-email"
    assert "Gwiriwch eich e-bost" in page.locator("h1").inner_text()
    assert journal.problems() == []
