"""Blank fields are rendered once per language and reused; anything a
visitor typed, chose or got wrong is rendered for them alone."""

import re

from app.core import blank_widgets
from tests.conftest import post_form
from tests.suppliers.conftest import registration


def _field(page: str, name: str) -> str:
    """The HTML of one field's GOV.UK form group, up to the next group."""
    start = page.index(f'name="{name}"')
    group = page.rfind('<div class="govuk-form-group', 0, start)
    end = page.find('<div class="govuk-form-group', start)
    return page[group : end if end != -1 else page.index("</form>", start)]


def test_a_blank_form_is_the_same_whether_rendered_afresh_or_reused(client, area):
    blank_widgets._rendered.clear()
    first = client.get("/suppliers/register").text
    assert blank_widgets._rendered, "the blank fields were kept for reuse"
    again = client.get("/suppliers/register").text
    strip_token = re.compile(r'name="csrf_token" type="hidden" value="[^"]+"')
    assert strip_token.sub("", first) == strip_token.sub("", again)


def test_english_and_welsh_blank_fields_never_mix(client, area):
    blank_widgets._rendered.clear()
    english = client.get("/suppliers/register").text
    client.set_cookie("language", "cy")
    welsh = client.get("/suppliers/register").text
    client.set_cookie("language", "en")
    english_again = client.get("/suppliers/register").text

    assert "Organisation name" in _field(english, "name")
    assert "Organisation name" not in _field(welsh, "name")
    assert "Enw’r sefydliad" in _field(welsh, "name")
    assert re.search(r"<button[^>]*>\s*Cofrestru\s*</button>", welsh)
    assert re.search(r"<button[^>]*>\s*Register\s*</button>", english_again)
    assert _field(english_again, "name") == _field(english, "name")


def test_what_one_visitor_typed_and_ticked_is_shown_to_them_and_no_one_else(client, app, area):
    blank_widgets._rendered.clear()
    client.get("/suppliers/register")
    # A mistake, so the form comes back with their answers and an error.
    refused = post_form(
        client,
        "/suppliers/register",
        registration(contact_email="not an email", cpv_divisions=["15", "98"]),
    )
    assert refused.status_code == 400
    assert 'value="Northfield Community Larder"' in _field(refused.text, "name")
    divisions = _field(refused.text, "cpv_divisions")
    assert re.search(r'value="15"[^>]*checked', divisions)
    assert re.search(r'value="98"[^>]*checked', divisions)
    assert "govuk-error-message" in _field(refused.text, "contact_email")

    stranger = app.test_client().get("/suppliers/register").text
    assert "Northfield Community Larder" not in stranger
    assert "not an email" not in stranger
    assert not re.search(r'value="15"[^>]*checked', _field(stranger, "cpv_divisions"))
    assert "govuk-error-message" not in stranger
    # Nothing they entered is kept after their page has gone.
    kept = "\n".join(blank_widgets._rendered)
    assert "Northfield" not in kept
    assert "not an email" not in kept
    assert '"checked": true' not in kept
    assert "errorMessage" not in kept


def test_nothing_is_kept_from_pages_for_signed_in_staff(client, sign_in, area):
    # A staff form's labels and choices may name people (an event's attendees).
    sign_in("commissioner")
    blank_widgets._rendered.clear()
    page = client.get("/admin/plans/new")
    assert page.status_code == 200
    assert 'name="title"' in page.text
    assert blank_widgets._rendered == {}
