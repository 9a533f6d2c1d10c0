"""The accessibility statement says exactly what the list of known problems
(app/pages/accessibility_issues.py) says, in English and in Welsh, and the
list itself stays honest."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from flask_babel import force_locale, format_date

from app.core.db import utcnow
from app.pages import accessibility_issues
from app.pages.accessibility_issues import KNOWN_ISSUES, REVIEWED_ON, KnownIssue

# Every WCAG 2.2 success criterion at level A or AA.
WCAG_22_A_AA = {
    *(f"1.1.{n}" for n in [1]),
    *(f"1.2.{n}" for n in range(1, 6)),
    *(f"1.3.{n}" for n in range(1, 6)),
    *(f"1.4.{n}" for n in [1, 2, 3, 4, 5, 10, 11, 12, 13]),
    *(f"2.1.{n}" for n in [1, 2, 4]),
    *(f"2.2.{n}" for n in [1, 2]),
    *(f"2.3.{n}" for n in [1]),
    *(f"2.4.{n}" for n in [1, 2, 3, 4, 5, 6, 7, 11]),
    *(f"2.5.{n}" for n in [1, 2, 3, 4, 7, 8]),
    *(f"3.1.{n}" for n in [1, 2]),
    *(f"3.2.{n}" for n in [1, 2, 3, 4, 6]),
    *(f"3.3.{n}" for n in [1, 2, 3, 4, 7, 8]),
    *(f"4.1.{n}" for n in [2, 3]),
}


def _list(page: str, list_id: str) -> list[str]:
    """The items of one list on the statement, as plain text."""
    match = re.search(rf'<ul[^>]*id="{list_id}"[^>]*>(.*?)</ul>', page, re.S)
    if not match:
        return []
    items = re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]


def _statement(client, language: str) -> str:
    client.set_cookie("language", language)
    page = client.get("/accessibility")
    assert page.status_code == 200
    return page.text


def _day(app, value: date, language: str) -> str:
    with app.test_request_context(), force_locale(language):
        return format_date(value, "d MMMM y")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_open_problem_is_stated_with_its_criterion_and_fix_date(app, client, language):
    page = _statement(client, language)
    stated = _list(page, "non-accessible-content")
    open_issues = accessibility_issues.open_issues()
    assert open_issues, "the list has open problems; this test must see them"
    for issue in open_issues:
        with app.test_request_context(), force_locale(language):
            problem = " ".join(str(issue.problem).split())
            name = str(issue.criterion_name)
        matching = [line for line in stated if line.startswith(problem)]
        assert len(matching) == 1, f"{issue.criterion} is not stated once: {stated}"
        assert issue.criterion in matching[0]
        assert f"({name})" in matching[0]
        assert _day(app, issue.fix_by, language) in matching[0]
    # Each open problem, plus the two notes (attached documents, Welsh still to write).
    assert len(stated) == len(open_issues) + 2
    assert page.count('data-criterion="') == len(KNOWN_ISSUES)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_fixed_problems_are_listed_as_fixed_with_the_date(app, client, language):
    page = _statement(client, language)
    fixed = _list(page, "fixed-problems")
    open_stated = " ".join(_list(page, "non-accessible-content"))
    assert len(fixed) == len(accessibility_issues.fixed_issues())
    for issue in accessibility_issues.fixed_issues():
        with app.test_request_context(), force_locale(language):
            problem = " ".join(str(issue.problem).split())
        line = next((line for line in fixed if line.startswith(problem)), None)
        assert line is not None, f"{issue.criterion} is not listed as fixed: {fixed}"
        assert issue.criterion in line
        assert _day(app, issue.fixed_on, language) in line
        assert problem not in open_stated


def test_the_statement_no_longer_claims_consultations_are_english_only(app, client):
    page = _statement(client, "en")
    assert "consultation titles" not in page
    assert "Partially compliant".lower() in page.lower()
    assert _day(app, REVIEWED_ON, "en") in page


def test_the_list_is_honest():
    assert utcnow().date() >= REVIEWED_ON, "the review date is in the future"
    for issue in KNOWN_ISSUES:
        assert issue.criterion in WCAG_22_A_AA, f"{issue.criterion}: not a WCAG 2.2 A/AA criterion"
        if issue.is_open:
            # A promise already broken when the list was reviewed is not a plan.
            assert issue.fix_by >= REVIEWED_ON, f"{issue.criterion}: fix date {issue.fix_by} passed"
        else:
            assert issue.fixed_on <= REVIEWED_ON


def test_a_problem_marked_fixed_leaves_the_non_accessible_list(app, client, monkeypatch):
    """What happens when someone fixes one: set fixed_on, and the statement follows."""
    first = KNOWN_ISSUES[0]
    changed = (KnownIssue(**{**first.__dict__, "fixed_on": REVIEWED_ON}), *KNOWN_ISSUES[1:])
    monkeypatch.setattr(accessibility_issues, "KNOWN_ISSUES", changed)
    page = _statement(client, "en")
    problem = " ".join(str(first.problem).split())
    assert not any(line.startswith(problem) for line in _list(page, "non-accessible-content"))
    assert any(line.startswith(problem) for line in _list(page, "fixed-problems"))
