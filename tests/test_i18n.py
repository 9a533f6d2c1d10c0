"""English and Welsh: the browser decides until the visitor chooses, and the
Welsh catalogue covers every message in the code."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
}
METHODS = [
    ("app/**.py", "python"),
    ("app/**/templates/**.html", "jinja2"),
    ("app/**/templates/**.txt", "jinja2"),
]


def _messages_in_code() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_in_the_code_has_a_welsh_translation():
    with PO_FILE.open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    translated = {}
    for entry in catalogue:
        if not entry.id:
            continue
        key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        translated[key] = all(strings) and not entry.fuzzy
    in_code = _messages_in_code()
    assert len(in_code) > 100
    missing = sorted(message for message in in_code if not translated.get(message))
    assert missing == [], f"{len(missing)} messages lack a Welsh translation: {missing[:10]}"


def test_welsh_translations_keep_their_placeholders():
    import re

    placeholder = re.compile(r"%\([a-z_]+\)[sd]")
    with PO_FILE.open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    for entry in catalogue:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(placeholder.findall(ids[-1]))
        for string in strings:
            assert set(placeholder.findall(string)) <= wanted | set(placeholder.findall(ids[0]))


def test_the_browser_language_decides_without_a_choice(client):
    english = client.get("/plans/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    welsh = client.get("/plans/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert '<html lang="en"' in english.text
    assert '<html lang="cy"' in welsh.text
    assert "Cynllun" in welsh.text or "cynllun" in welsh.text


def test_a_chosen_language_is_remembered_over_the_browser_setting(client):
    response = client.get("/language/cy?next=/plans/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/plans/"
    page = client.get("/plans/", headers={"Accept-Language": "en"})
    assert '<html lang="cy"' in page.text
    back = client.get("/language/en?next=/plans/")
    assert back.status_code == 302
    assert '<html lang="en"' in client.get("/plans/", headers={"Accept-Language": "cy"}).text


def test_the_language_switch_never_redirects_off_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/language/cy", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_every_page_offers_the_other_language(client):
    page = client.get("/privacy", headers={"Accept-Language": "en"})
    assert 'hreflang="cy"' in page.text
    assert "Cymraeg" in page.text
    assert "/language/cy?next=/privacy" in page.text


def test_the_welsh_plural_rule_is_pinned_to_five_forms_and_picks_the_mutated_word(app):
    # The catalogue keeps the five-form rule it was written with (Babel 2.18:
    # other, one, two, few, many). Babel 2.19 proposes six forms in another
    # order (zero first); adopting it would shift every msgstr[n] by one, so a
    # change of rule must rewrite the plural entries, not just the header.
    from babel.messages.pofile import read_po
    from flask_babel import force_locale, ngettext

    with open(ROOT / "translations/cy/LC_MESSAGES/messages.po", "rb") as po:
        catalogue = read_po(po)
    assert catalogue.num_plurals == 5
    expected = {
        0: "0 cod wedi’u canfod",
        1: "1 cod wedi’i ganfod",
        2: "2 god wedi’u canfod",
        3: "3 chod wedi’u canfod",
        6: "6 chod wedi’u canfod",
        7: "7 cod wedi’u canfod",
        100: "100 cod wedi’u canfod",
    }
    with app.test_request_context(), force_locale("cy"):
        found = {n: ngettext("%(num)d code found", "%(num)d codes found", n) for n in expected}
    assert found == expected
