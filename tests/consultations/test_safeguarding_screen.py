"""Screening young people's free text the way they write it: word forms,
hyphens, missing apostrophes, Welsh, and ordinary answers left alone.

The evaluation sets in tests/data are labelled by hand. The first was used
to write the rules; the held-out set was written afterwards and never used to
tune them, so its looser thresholds show how the screen meets new wording."""

from pathlib import Path

import pytest
from sqlalchemy import select

from app.consultations.models import SafeguardingPhrase
from app.consultations.safeguarding import screen_text
from app.consultations.safeguarding_terms import (
    BULLYING,
    COUNCIL_LIST,
    HARM,
    NEGLECT,
    SELF_HARM,
    SEXUAL_ABUSE,
    SUICIDE,
    concern,
)
from app.inbox.models import InboxItem
from tests.consultations.test_young_people import respond_as_young_person

DATA = Path(__file__).parent.parent / "data"


def _load(name: str) -> tuple[list[str], list[str]]:
    rows = [
        line.rstrip("\n").split("\t", 1)
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all(label in {"concern", "ordinary"} for label, _ in rows)
    return (
        [text for label, text in rows if label == "concern"],
        [text for label, text in rows if label == "ordinary"],
    )


@pytest.mark.parametrize(
    ("name", "min_recall", "max_false_positives", "min_each"),
    [
        ("safeguarding_eval.tsv", 0.95, 0.05, 60),
        ("safeguarding_holdout.tsv", 0.90, 0.15, 30),
    ],
)
def test_the_screen_finds_disclosures_and_leaves_ordinary_answers(
    name, min_recall, max_false_positives, min_each
):
    concerns, ordinary = _load(name)
    assert len(concerns) >= min_each
    assert len(ordinary) >= min_each
    missed = [text for text in concerns if concern(text) is None]
    flagged = [text for text in ordinary if concern(text) is not None]
    recall = 1 - len(missed) / len(concerns)
    false_positive_rate = len(flagged) / len(ordinary)
    print(
        f"\n{name}: {len(concerns)} disclosures, {len(ordinary)} ordinary answers; "
        f"recall {recall:.3f}, false-positive rate {false_positive_rate:.3f}"
        f"\n  missed: {missed}\n  flagged: {flagged}"
    )
    assert recall >= min_recall, missed
    assert false_positive_rate <= max_false_positives, flagged


@pytest.mark.parametrize(
    "text",
    [
        "he hits me",
        "he hit me",
        "he keeps hitting me",
        "she beats me",
        "i was beaten",
        "he's hurting me",
        "hes hurting me",
        "he’s hurting me",
        "HE IS HURTING ME!!!",
    ],
)
def test_word_forms_contractions_and_case_are_found(text):
    assert concern(text) == HARM


@pytest.mark.parametrize("text", ["I self-harm", "i self harm", "i selfharm", "self–harming"])
def test_hyphens_spaces_and_joined_words_are_found(text):
    assert concern(text) == SELF_HARM


@pytest.mark.parametrize(
    "text", ["I don't feel safe", "I dont feel safe", "I don’t feel safe", "i do not feel safe"]
)
def test_apostrophes_straight_curly_or_missing_are_found(text):
    assert concern(text) == HARM


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I want to kill myself", SUICIDE),
        ("i'm being bullied", BULLYING),
        ("there's no food at home", NEGLECT),
        ("he touched me", SEXUAL_ABUSE),
        ("i cut myself", SELF_HARM),
    ],
)
def test_each_kind_of_concern_is_named(text, kind):
    assert concern(text) == kind


@pytest.mark.parametrize(
    ("ordinary", "disclosure"),
    [
        # A game or sport close by lowers hitting and beating words ...
        ("my mum beats me at chess", "my mum beats me"),
        ("the ball hit me in the face", "he hit me in the face"),
        ("i got hit by a car at the crossing", "i got hit by my dad"),
        # ... and common sayings are not thoughts of suicide.
        ("I nearly killed myself laughing", "I nearly killed myself"),
        ("i want to die my hair pink", "i want to die"),
        ("I have never been bullied", "I have been bullied"),
        ("we cut out pictures", "we cut ourselves and i cut myself"),
    ],
)
def test_context_lowers_ordinary_uses_but_not_the_disclosure_beside_them(ordinary, disclosure):
    assert concern(ordinary) is None
    assert concern(disclosure) is not None


def test_a_game_word_far_from_the_disclosure_does_not_hide_it():
    assert concern("my dad hits me and then i dont want to go to football") == HARM
    # Suicidal thoughts are never lowered by a game word beside them.
    assert concern("after the football game i want to kill myself") == SUICIDE


@pytest.mark.parametrize(
    "text",
    [
        "Dw i ddim yn teimlo'n ddiogel gartref",
        "mae o'n fy mrifo i",
        "dw i'n cael fy mwlio",
        "dw i isio marw",
    ],
)
def test_common_welsh_disclosures_are_found(text):
    assert concern(text) is not None


def test_the_councils_additions_match_whatever_the_hyphens_and_apostrophes():
    assert screen_text("my mates say ill get merked", ["get merked"]) == COUNCIL_LIST
    assert screen_text("county-lines", ["county lines"]) == COUNCIL_LIST
    assert screen_text("countylines", ["county lines"]) == COUNCIL_LIST
    assert screen_text("I’ll get merked", ["i'll get merked"]) == COUNCIL_LIST
    assert screen_text("countylinesx", ["county lines"]) is None
    assert screen_text("the club is great", ["county lines"]) is None


def test_the_built_in_list_flags_a_response_with_no_council_phrases(
    session, client, make_consultation
):
    assert session.scalar(select(SafeguardingPhrase)) is None
    respond_as_young_person(client, make_consultation(), free_text="my stepdad hits me")
    assert session.scalar(select(InboxItem)).safeguarding is True


def test_an_ordinary_answer_with_a_risky_word_is_not_flagged(session, client, make_consultation):
    respond_as_young_person(client, make_consultation(), free_text="My mum beats me at chess")
    assert session.scalar(select(InboxItem)).safeguarding is False
