"""Each key term has one Welsh name everywhere: the glossary in docs/glossary.md
is checked against every entry of the Welsh catalogue, so a translator who
writes "blwch derbyn" for inbox, or "rownd" for a survey wave, is told at once."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
PO_FILE = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"


@dataclass(frozen=True)
class Term:
    english: tuple[str, ...]
    welsh: str
    accepted: tuple[str, ...]
    not_used: tuple[str, ...]

    @property
    def english_pattern(self) -> re.Pattern:
        # A whole word or phrase: "event" matches "the event’s date" but not
        # "prevent" or "events-only" (plurals are listed as their own forms).
        forms = "|".join(re.escape(_plain(form)) for form in self.english)
        return re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])", re.IGNORECASE)

    def welsh_ok(self, text: str) -> bool:
        return any(_welsh_pattern(form).search(_plain(text)) for form in self.accepted)


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _plain(text: str) -> str:
    """Straight and curly apostrophes count as the same letter."""
    return text.replace("'", "’")


def _words(msgid: str) -> str:
    """The English a reader sees: %(organisation)s is a name, not the term."""
    return PLACEHOLDER.sub(" ", _plain(msgid))


def _welsh_pattern(form: str) -> re.Pattern:
    # From the start of a word (so "cylch" is not found in "amgylchedd");
    # "…" stands for any words in between.
    parts = [re.escape(_plain(part.strip())) for part in form.split("…")]
    return re.compile(r"(?<!\w)" + r"\b.*?".join(parts), re.IGNORECASE)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def load_glossary(path: Path = GLOSSARY) -> list[Term]:
    terms = []
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = _cells(rows[0])
    assert header[:3] == ["English", "Welsh", "Accepted Welsh forms"], header
    for line in rows[2:]:
        english, welsh, accepted, *rest = _cells(line)
        terms.append(
            Term(
                english=_split(english),
                welsh=welsh,
                accepted=_split(accepted),
                not_used=_split(rest[0]) if rest else (),
            )
        )
    return terms


def _entries(catalogue: Catalog):
    for entry in catalogue:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        yield ids, [string for string in strings if string]


def violations(terms: list[Term], catalogue: Catalog) -> list[str]:
    """Every entry whose English has a term but whose Welsh lacks its name,
    and every Welsh string that uses a word the glossary rules out."""
    found = []
    for ids, strings in _entries(catalogue):
        for term in terms:
            if any(term.english_pattern.search(_words(msgid)) for msgid in ids):
                for string in strings:
                    if not term.welsh_ok(string):
                        found.append(
                            f"{ids[0]!r}: “{term.english[0]}” is “{term.welsh}”, not in {string!r}"
                        )
            for word in term.not_used:
                banned = re.compile(r"(?<!\w)" + re.escape(_plain(word)), re.IGNORECASE)
                for string in strings:
                    if banned.search(_plain(string)):
                        found.append(f"{ids[0]!r}: “{word}” is not used; write “{term.welsh}”")
    return found


@pytest.fixture(scope="module")
def terms() -> list[Term]:
    return load_glossary()


def test_the_glossary_lists_the_portals_key_terms(terms):
    assert 30 <= len(terms) <= 60
    english = {form.lower() for term in terms for form in term.english}
    for key in (
        "consultation",
        "inbox",
        "wave",
        "expression of interest",
        "filters",
        "privacy notice",
        "subject access",
        "waiting list",
    ):
        assert key in english
    for term in terms:
        assert term.english, term
        assert term.welsh, term
        assert term.accepted, term


def test_every_welsh_translation_uses_the_glossary_term(terms):
    with PO_FILE.open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    problems = violations(terms, catalogue)
    assert problems == [], f"{len(problems)} entries break the glossary:\n" + "\n".join(problems)


def _one_entry(msgid: str, msgstr: str) -> Catalog:
    catalogue = Catalog(locale="cy")
    catalogue.add(msgid, msgstr)
    return catalogue


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("Open the inbox", "Agor y blwch derbyn", False),
        ("Open the inbox", "Agor y mewnflwch", True),
        ("Back to the Inbox", "Yn ôl i’r mewnflwch", True),
        ("Trends across waves", "Tueddiadau ar draws y rowndiau", False),
        ("Trends across waves", "Tueddiadau ar draws y cylchoedd", True),
        ("No wave has opened", "Dim amgylchedd", False),
        ("Consultations", "Ymgyngoriadau", False),
        ("Consultations", "Ymgynghoriadau", True),
        ("Your expression of interest", "Eich mynegiant o ddiddordeb", False),
        ("Edit plan item", "Golygu’r eitem yn y cynllun", True),
        ("Add a plan item", "Ychwanegu eitem at y cynllun", True),
        ("Clear filters", "Clirio’r hidlwyr", False),
        # A word inside another English word is not the term.
        ("Prevent this", "Atal hyn", True),
        # A placeholder named like a term is not the term.
        ("Thank you, %(organisation)s", "Diolch, %(organisation)s", True),
    ],
)
def test_the_check_catches_a_wrong_word_and_accepts_mutations(terms, msgid, msgstr, ok):
    assert (violations(terms, _one_entry(msgid, msgstr)) == []) is ok
