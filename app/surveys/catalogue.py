"""The core questions every wave asks, so waves can be compared.

Each wave copies these into its own questions, in English and Welsh, when
it is created. Changing a wording here changes only waves created after;
the trend pages then mark the change. Option keys must never be reused for
a different meaning: trends compare keys, not words.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.surveys.models import MULTIPLE, SCALE, SINGLE, TEXT

# The questions by which results are filtered; copied onto each response.
ORG_TYPE, INCOME_BAND = "org_type", "income_band"

CORE_QUESTIONS: list[dict] = [
    {
        "code": ORG_TYPE,
        "kind": SINGLE,
        "required": True,
        "text": _l("What kind of organisation are you?"),
        "choices": [
            ("charity", _l("Registered charity or charitable incorporated organisation (CIO)")),
            ("cic", _l("Community interest company (CIC)")),
            ("community_group", _l("Community group that is not registered")),
            ("social_enterprise", _l("Social enterprise")),
            ("cbs", _l("Community benefit society or co-operative")),
            ("faith_group", _l("Faith group")),
            ("other", _l("Something else")),
        ],
    },
    {
        "code": INCOME_BAND,
        "kind": SINGLE,
        "required": True,
        "text": _l("What was your organisation’s income last year?"),
        "help_text": _l("All the money that came in, from every source."),
        "choices": [
            ("under_10k", _l("Under £10,000")),
            ("10k_100k", _l("£10,000 to £100,000")),
            ("100k_1m", _l("£100,000 to £1 million")),
            ("1m_10m", _l("£1 million to £10 million")),
            ("over_10m", _l("Over £10 million")),
        ],
    },
    {
        "code": "paid_staff",
        "kind": SINGLE,
        "required": True,
        "text": _l("How many paid staff do you have?"),
        "choices": [
            ("none", _l("None")),
            ("1_9", _l("1 to 9")),
            ("10_49", _l("10 to 49")),
            ("50_249", _l("50 to 249")),
            ("250_plus", _l("250 or more")),
        ],
    },
    {
        "code": "volunteers",
        "kind": SINGLE,
        "required": True,
        "text": _l("How many volunteers do you have?"),
        "choices": [
            ("none", _l("None")),
            ("1_9", _l("1 to 9")),
            ("10_49", _l("10 to 49")),
            ("50_plus", _l("50 or more")),
        ],
    },
    {
        "code": "area_served",
        "kind": SINGLE,
        "required": True,
        "text": _l("Which area do you work in?"),
        "choices": [
            ("neighbourhood", _l("One neighbourhood")),
            ("several", _l("Several neighbourhoods")),
            ("borough", _l("The whole borough")),
            ("wider", _l("The borough and beyond")),
        ],
    },
    {
        "code": "council_contact",
        "kind": SINGLE,
        "required": True,
        "text": _l(
            "Have you had contact with the council’s commissioning team in the last six months?"
        ),
        "choices": [
            ("yes", _l("Yes")),
            ("no", _l("No")),
            ("not_sure", _l("Not sure")),
        ],
    },
    {
        "code": "forward_plan",
        "kind": SINGLE,
        "required": True,
        "text": _l("Do you know about the council’s forward plan of what it intends to buy?"),
        "choices": [
            ("used", _l("Yes, and we have used it")),
            ("aware", _l("Yes, but we have not used it")),
            ("not_aware", _l("No")),
        ],
    },
    {
        "code": "bid",
        "kind": SINGLE,
        "required": True,
        "text": _l("Did you bid for council work or funding in the last six months?"),
        "choices": [
            ("yes", _l("Yes")),
            ("considered", _l("We thought about it but decided not to")),
            ("no", _l("No")),
        ],
    },
    {
        "code": "bid_barriers",
        "kind": MULTIPLE,
        "required": False,
        "show_if": {"code": "bid", "keys": ["considered", "no"]},
        "text": _l("What stopped you bidding?"),
        "help_text": _l("Choose all that apply."),
        "choices": [
            ("timescales", _l("Not enough time to put a bid together")),
            ("proportionality", _l("The process was too much for the size of the work")),
            ("insurance_financial", _l("Insurance levels or financial tests we could not meet")),
            ("contract_size", _l("The contracts were too large for us")),
            ("full_cost", _l("The price would not cover our full costs")),
            ("payment_terms", _l("Payment terms, such as being paid late or in arrears")),
            ("not_aware", _l("We did not hear about the opportunities in time")),
            ("other", _l("Something else")),
        ],
    },
    {
        "code": "training_support",
        "kind": SINGLE,
        "required": True,
        "text": _l("Did you have enough training and support to bid for or deliver council work?"),
        "choices": [
            ("enough", _l("Yes, enough")),
            ("some", _l("Some, but not enough")),
            ("none", _l("No")),
            ("not_needed", _l("We did not need any")),
        ],
    },
    {
        "code": "feedback_quality",
        "kind": SINGLE,
        "required": True,
        "text": _l("How useful was the feedback the council gave you on bids or applications?"),
        "choices": [
            ("very_useful", _l("Very useful")),
            ("quite_useful", _l("Quite useful")),
            ("not_useful", _l("Not useful")),
            ("no_feedback", _l("We did not get any feedback")),
            ("not_applicable", _l("We did not bid or apply")),
        ],
    },
    {
        "code": "support_needed",
        "kind": MULTIPLE,
        "required": False,
        "text": _l("What support would help you most?"),
        "help_text": _l("Choose all that apply."),
        "choices": [
            ("bid_writing", _l("Help with writing bids")),
            ("procurement", _l("Understanding how the council buys")),
            ("partnerships", _l("Finding partners to bid together")),
            ("full_costing", _l("Working out the full cost of our services")),
            ("impact", _l("Measuring and showing our impact")),
            ("digital", _l("Digital skills")),
            ("governance", _l("Governance and policies")),
            ("volunteers", _l("Recruiting and keeping volunteers")),
        ],
    },
    {
        "code": "relationship",
        "kind": SCALE,
        "required": True,
        "text": _l("Overall, how good is your relationship with the council?"),
        "help_text": _l("1 is very poor and 5 is very good."),
        "choices": [
            ("1", _l("1 – very poor")),
            ("2", _l("2 – poor")),
            ("3", _l("3 – neither good nor poor")),
            ("4", _l("4 – good")),
            ("5", _l("5 – very good")),
        ],
    },
    {
        "code": "what_change",
        "kind": TEXT,
        "required": False,
        "max_length": 2000,
        "text": _l("What is the one thing the council should change?"),
        "help_text": _l("Please do not include names or personal details."),
    },
]


def _both(text) -> tuple[str, str]:
    with force_locale("en_GB"):
        english = str(text)
    with force_locale("cy"):
        welsh = str(text)
    return english, welsh


def core_question_rows() -> list[dict]:
    """The core questions as column values for `SurveyQuestion`, in order."""
    rows = []
    for position, spec in enumerate(CORE_QUESTIONS, 1):
        text, text_cy = _both(spec["text"])
        help_text, help_text_cy = _both(spec["help_text"]) if "help_text" in spec else ("", "")
        choices = []
        for key, label in spec.get("choices", []):
            english, welsh = _both(label)
            choices.append({"key": key, "en": english, "cy": welsh})
        rows.append(
            {
                "code": spec["code"],
                "core": True,
                "position": position,
                "kind": spec["kind"],
                "text": text,
                "text_cy": text_cy,
                "help_text": help_text,
                "help_text_cy": help_text_cy,
                "required": spec["required"],
                "choices": choices,
                "show_if": spec.get("show_if"),
                "max_length": spec.get("max_length"),
            }
        )
    return rows
