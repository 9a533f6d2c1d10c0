"""Stopping alerts from the link in an email, in a real browser: opening the
link shows a page with a button and changes nothing; the button stops the
alerts; a broken link gets a clear page. axe-core checks each page, in
English and Welsh."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.reflow import reflow_problems
from tests.browser.test_accessibility import AXE_OPTIONS, axe, describe_violations
from tests.browser.test_suppliers import register

pytestmark = pytest.mark.browser


def check_axe(page) -> None:
    results = axe.run(page, options=AXE_OPTIONS)
    assert describe_violations(results.response["violations"]) == []
    assert reflow_problems(page) == []


def _token_for(run_flask, live_server, name: str) -> str:
    code = (
        "from sqlalchemy import select\n"
        "from app.core.db import db\n"
        "from app.suppliers.alerts import unsubscribe_token\n"
        "from app.suppliers.models import Supplier\n"
        f"s = db.session.scalar(select(Supplier).where(Supplier.name == {name!r}))\n"
        "print('TOKEN=' + unsubscribe_token(s) + '=END')\n"
    )
    output = run_flask(live_server, "shell", stdin=code)
    return re.search(r"TOKEN=(\S+)=END", output).group(1)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_unsubscribe_page_asks_before_it_stops_alerts(
    open_context, live_server, run_flask, language
):
    context, journal = open_context(language)
    page = context.new_page()
    stamp = str(int(time.time() * 1000))[-6:]
    name = f"Unsubscribe Check Group {language} {stamp}"
    register(
        page,
        {
            "#name": name,
            "#staff_count": "0",
            "#volunteer_count": "12",
            "#postcode": "ew3 1aa",
            "#contact_name": "Sam Jones",
            "#contact_email": f"group-{language}-{stamp}@example.org",
        },
        ["#legal_form-7", "#turnover_band", "#alert_frequency-3"],
    )
    link = f"/suppliers/unsubscribe/{_token_for(run_flask, live_server, name)}"

    page.goto(link)
    heading = page.locator("h1").inner_text()
    assert heading == (
        "Stop opportunity alerts" if language == "en" else "Atal hysbysiadau am gyfleoedd"
    )
    check_axe(page)
    page.goto(link)  # opened again, as a mail scanner would: still asking
    assert page.locator("h1").inner_text() == heading

    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")
    assert page.locator("h1").inner_text() == (
        "Alerts stopped" if language == "en" else "Hysbysiadau wedi’u hatal"
    )
    assert name in page.content()
    check_axe(page)

    broken = link[:-4] + "abcd"  # cut short when copied from the email
    response = page.goto(broken)
    assert response.status == 404
    assert page.locator("h1").inner_text() == (
        "This link does not work" if language == "en" else "Nid yw’r ddolen hon yn gweithio"
    )
    check_axe(page)
    assert journal.problems(expected=(404, live_server + broken)) == []
