"""The fixed lists consultations use, stored as codes and shown translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

FREE_TEXT, SINGLE, MULTIPLE, SCALE, RANKING, YES_NO = (
    "free_text",
    "single",
    "multiple",
    "scale",
    "ranking",
    "yes_no",
)

QUESTION_KINDS = {
    FREE_TEXT: _l("Free text"),
    SINGLE: _l("Single choice"),
    MULTIPLE: _l("Multiple choice"),
    SCALE: _l("Agree–disagree scale"),
    RANKING: _l("Ranking"),
    YES_NO: _l("Yes or no"),
}
# Kinds whose answers come from a list of options the staff write.
WITH_CHOICES = {SINGLE, MULTIPLE, RANKING}

SCALE_POINTS = {
    "strongly_agree": _l("Strongly agree"),
    "agree": _l("Agree"),
    "neither": _l("Neither agree nor disagree"),
    "disagree": _l("Disagree"),
    "strongly_disagree": _l("Strongly disagree"),
}
YOUNG_SCALE_POINTS = {
    "strongly_agree": _l("I really agree"),
    "agree": _l("I agree"),
    "neither": _l("I’m not sure"),
    "disagree": _l("I disagree"),
    "strongly_disagree": _l("I really disagree"),
}
YES_NO_POINTS = {"yes": _l("Yes"), "no": _l("No")}

STATUS_LABELS = {
    "open": _l("Open"),
    "forthcoming": _l("Forthcoming"),
    "closed": _l("Closed"),
    "draft": _l("Draft"),
}
STATUS_TAGS = {
    "open": "govuk-tag--green",
    "forthcoming": "govuk-tag--blue",
    "closed": "govuk-tag--grey",
    "draft": "govuk-tag--yellow",
}

RESPONDENT_TYPES = {
    "individual": _l("As an individual"),
    "organisation": _l("On behalf of an organisation"),
}

AGE_BANDS = {
    "under_11": _l("Under 11"),
    "11_13": _l("11 to 13"),
    "14_15": _l("14 to 15"),
    "16_17": _l("16 to 17"),
}

VERSIONS = {"adult": _l("Adult"), "young_people": _l("Young people")}
