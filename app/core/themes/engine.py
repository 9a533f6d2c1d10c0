"""The method: TF-IDF and NMF over the answers to one question.

Pure computation, no database: answers in, themes out, so the benchmark and
the tests run it exactly as the worker does. Deterministic for the same
answers (a fixed random state), so asking twice gives the same themes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from app.core.themes.stopwords import stop_words

MIN_THEMES, MAX_THEMES = 5, 15
# Fewer answers than this and a theme would be an answer or two: not worth suggesting.
MIN_ANSWERS = 20
TOP_WORDS = 8
# Kept per theme so that five different ones can be shown, for everyone or one group.
TYPICAL_ANSWERS = 30
# Shares of an answer below this are not kept: no threshold staff can choose goes lower.
MIN_SHARE = 0.1
# Letters, including Welsh ones (â ê î ô û ŵ ŷ), two or more of them.
WORD_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"


@dataclass
class Theme:
    words: list[str]
    # Positions (in the answers given) of the most typical answers, best first.
    typical: list[int]
    # Positions and the share of each answer this theme accounts for (0 to 1).
    members: list[int] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)


def number_of_themes(answers: int) -> int:
    """More answers support more themes: about one for every 1,000 up to 15,
    never fewer than 5."""
    return max(MIN_THEMES, min(MAX_THEMES, round(math.sqrt(answers) / 6)))


def suggest(texts: list[str], *, n_themes: int | None = None) -> list[Theme]:
    """Themes in `texts`, the biggest first. Empty when there are too few answers,
    or too few words left once the stop words are taken out."""
    if len(texts) < MIN_ANSWERS:
        return []
    n_themes = n_themes or number_of_themes(len(texts))
    vectoriser = TfidfVectorizer(
        lowercase=True,
        stop_words=stop_words(),
        token_pattern=WORD_PATTERN,
        ngram_range=(1, 1),
        min_df=2,
        max_df=0.5,
        max_features=20000,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # nothing left after the stop words
        return []
    vocabulary = vectoriser.get_feature_names_out()
    n_themes = min(n_themes, matrix.shape[1], matrix.shape[0])
    if n_themes < 2:
        return []
    model = NMF(
        n_components=n_themes,
        init="nndsvda",
        solver="cd",
        beta_loss="frobenius",
        max_iter=300,
        tol=1e-3,
        random_state=0,
    )
    weights = model.fit_transform(matrix)
    components = model.components_
    totals = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(totals[:, None] > 0, weights / totals[:, None], 0.0)

    themes = []
    for index in range(n_themes):
        column = weights[:, index]
        if not column.any():
            continue
        top = np.argsort(components[index])[::-1][:TOP_WORDS]
        words = [str(vocabulary[i]) for i in top if components[index][i] > 0]
        share = shares[:, index]
        members = np.flatnonzero(share >= MIN_SHARE)
        typical = [int(i) for i in np.argsort(column)[::-1][:TYPICAL_ANSWERS] if column[i] > 0]
        themes.append(
            Theme(
                words=words,
                typical=typical,
                members=[int(i) for i in members],
                shares=[round(float(s), 3) for s in share[members]],
            )
        )
    themes.sort(key=lambda theme: -sum(theme.shares))
    return themes
