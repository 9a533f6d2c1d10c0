"""What every staff survey page shares: the loader that finds the wave, the
question and the answer a URL names, and who may change the survey.

The survey belongs to the whole council, not to a service area: every
member of staff reads every wave, its results and downloads, but only
administrators and staff with no area limit change it (`council_wide_required`
on every view that changes something).
"""

from __future__ import annotations

from app.accounts.access import has_role
from app.accounts.models import Role
from app.accounts.scoping import Loader, by_id, guard_staff_blueprint, may_change_council_wide
from app.surveys import admin_bp
from app.surveys.models import SurveyQuestion, SurveyWave
from app.surveys.publication import answer_in_wave

# No `area`: council-wide, so any member of staff may read them.
guard_staff_blueprint(
    admin_bp,
    {
        "wave_id": Loader("wave", by_id(SurveyWave)),
        "survey_question_id": Loader("question", by_id(SurveyQuestion, parent="wave")),
        "survey_answer_id": Loader(
            "answer", lambda session, value, loaded: answer_in_wave(session, loaded["wave"], value)
        ),
    },
)


def can_change_survey() -> bool:
    """Whether the reader may change the survey: the pages show the buttons only then."""
    return has_role(Role.COMMISSIONER) and may_change_council_wide()


def show_who_changes_survey() -> bool:
    """A commissioner limited to some areas is told why the buttons are missing."""
    return has_role(Role.COMMISSIONER) and not may_change_council_wide()


@admin_bp.app_context_processor
def survey_permissions() -> dict:
    # Functions, called only by the pages that show survey buttons; app-wide,
    # so the survey partials work wherever a page includes them.
    return {
        "can_change_survey": can_change_survey,
        "show_who_changes_survey": show_who_changes_survey,
    }
