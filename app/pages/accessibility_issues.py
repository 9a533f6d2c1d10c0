"""What is known not to meet WCAG 2.2 AA: the list the accessibility statement
(/accessibility) is made from, every time it is shown.

When a problem is found, add it here with the success criterion it fails and
the date it will be fixed by. When it is fixed, do not delete it: set
`fixed_on`, and the statement moves it to "Fixed since the last review" with
that date. Set `REVIEWED_ON` to the day the list was last checked against the
portal. tests/pages/test_accessibility_statement.py checks that the statement
says exactly what this list says, and that no open problem's fix date has
passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

# The day this list was last checked against the portal.
REVIEWED_ON = date(2026, 12, 5)
# The day the statement was first prepared.
PREPARED_ON = date(2026, 11, 23)


@dataclass(frozen=True)
class KnownIssue:
    # What does not work, in a sentence a visitor understands.
    problem: str
    # The WCAG 2.2 success criterion it fails, with its name.
    criterion: str
    criterion_name: str
    # The date we plan to fix it by.
    fix_by: date
    # The date it was fixed; None while it is still a problem.
    fixed_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.fixed_on is None


KNOWN_ISSUES: tuple[KnownIssue, ...] = (
    KnownIssue(
        problem=_l(
            "A form expires 8 hours after the page was opened, with no warning and no way "
            "to ask for more time; you have to go back and fill in that page again."
        ),
        criterion="2.2.1",
        criterion_name=_l("Timing adjustable"),
        fix_by=date(2027, 3, 31),
    ),
    KnownIssue(
        problem=_l(
            "On the Welsh pages, English text written by council staff was not marked as "
            "English, so a screen reader read it with Welsh pronunciation. Where no Welsh "
            "has been written yet, the English is now marked as English, with a note in Welsh."
        ),
        criterion="3.1.2",
        criterion_name=_l("Language of parts"),
        fix_by=date(2027, 3, 31),
        fixed_on=date(2026, 12, 5),
    ),
    KnownIssue(
        problem=_l(
            "At 320 pixels wide, the public register of challenges showed one letter a "
            "line, and several tables and long addresses made the page scroll sideways."
        ),
        criterion="1.4.10",
        criterion_name=_l("Reflow"),
        fix_by=date(2027, 3, 31),
        fixed_on=date(2026, 12, 5),
    ),
    KnownIssue(
        problem=_l(
            "On a phone, or with your own wider spacing between letters, words and lines, "
            "the reference number on a confirmation page, the survey results and several "
            "staff tables (the audit log, an item's history, signed-in browsers, reply "
            "templates) made the page scroll sideways or broke words in the middle."
        ),
        criterion="1.4.12",
        criterion_name=_l("Text spacing"),
        fix_by=date(2027, 3, 31),
        fixed_on=date(2026, 12, 5),
    ),
)


def open_issues() -> list[KnownIssue]:
    return [issue for issue in KNOWN_ISSUES if issue.is_open]


def fixed_issues() -> list[KnownIssue]:
    return [issue for issue in KNOWN_ISSUES if not issue.is_open]
