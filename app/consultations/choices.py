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

PREFER_NOT = ("prefer_not", _l("Prefer not to say"))

# Equality monitoring: every question optional, every one with "prefer not to say".
EQUALITY_QUESTIONS = {
    "age_band": (
        _l("What is your age?"),
        [
            ("under_18", _l("Under 18")),
            ("18_24", _l("18 to 24")),
            ("25_34", _l("25 to 34")),
            ("35_44", _l("35 to 44")),
            ("45_54", _l("45 to 54")),
            ("55_64", _l("55 to 64")),
            ("65_74", _l("65 to 74")),
            ("75_plus", _l("75 or over")),
        ],
    ),
    "sex": (
        _l("What is your sex?"),
        [("female", _l("Female")), ("male", _l("Male"))],
    ),
    "gender_identity": (
        _l("Is the gender you identify with the same as your sex registered at birth?"),
        [("yes", _l("Yes")), ("no", _l("No"))],
    ),
    "disability": (
        _l("Do you consider yourself to be disabled?"),
        [("yes", _l("Yes")), ("no", _l("No"))],
    ),
    "ethnicity": (
        _l("What is your ethnic group?"),
        [
            ("asian", _l("Asian or Asian British")),
            ("black", _l("Black, Black British, Caribbean or African")),
            ("mixed", _l("Mixed or multiple ethnic groups")),
            ("white", _l("White")),
            ("other", _l("Another ethnic group")),
        ],
    ),
    "religion": (
        _l("What is your religion or belief?"),
        [
            ("none", _l("No religion")),
            ("buddhist", _l("Buddhist")),
            ("christian", _l("Christian")),
            ("hindu", _l("Hindu")),
            ("jewish", _l("Jewish")),
            ("muslim", _l("Muslim")),
            ("sikh", _l("Sikh")),
            ("other", _l("Another religion or belief")),
        ],
    ),
    "sexual_orientation": (
        _l("What is your sexual orientation?"),
        [
            ("straight", _l("Straight or heterosexual")),
            ("gay_lesbian", _l("Gay or lesbian")),
            ("bisexual", _l("Bisexual")),
            ("other", _l("Another sexual orientation")),
        ],
    ),
    "carer": (
        _l("Do you give unpaid care to anyone because of illness, disability or old age?"),
        [("yes", _l("Yes")), ("no", _l("No"))],
    ),
}
