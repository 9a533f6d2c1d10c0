"""English and Welsh words too common to make a theme.

English comes from scikit-learn; the Welsh list ships with the portal
(`stopwords_cy.txt`), with the mutated forms people actually write."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

WELSH_FILE = Path(__file__).with_name("stopwords_cy.txt")

# Words every consultation answer is full of, in both languages, that say
# nothing about what the answer is about.
PORTAL_WORDS = frozenset(
    {
        "think",
        "really",
        "just",
        "like",
        "would",
        "need",
        "needs",
        "make",
        "lot",
        "lots",
        "council",
        "feel",
        "please",
        "cyngor",
        "meddwl",
        "angen",
    }
)


@cache
def welsh_stop_words() -> frozenset[str]:
    words = set()
    for line in WELSH_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
    return frozenset(words)


@cache
def stop_words() -> list[str]:
    return sorted(ENGLISH_STOP_WORDS | welsh_stop_words() | PORTAL_WORDS)
