"""The layout's fixed parts are rendered once per language and kept; nothing
of one visitor's ever reaches another through them."""

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string, session
from flask_babel import force_locale, lazy_gettext

from app.core import layout
from tests.conftest import sign_in_with_password


@pytest.fixture
def fresh_fragments(app):
    layout.clear_fragments(app)
    yield app.extensions["portal_layout_fragments"].kept
    layout.clear_fragments(app)


def test_each_language_gets_its_own_footer_and_header(client, fresh_fragments):
    english = BeautifulSoup(client.get("/plans/", headers={"Accept-Language": "en"}).text, "lxml")
    welsh = BeautifulSoup(client.get("/plans/", headers={"Accept-Language": "cy"}).text, "lxml")
    english_again = BeautifulSoup(client.get("/", headers={"Accept-Language": "en"}).text, "lxml")
    assert english.select_one(".app-header__council").get_text() == "Elmsworth Borough Council"
    assert welsh.select_one(".app-header__council").get_text() == "Cyngor Bwrdeistref Elmsworth"
    privacy = "footer a[href='/privacy']"
    assert english.select_one(privacy).get_text() == "Privacy"
    assert welsh.select_one(privacy).get_text() != "Privacy"
    assert english_again.select_one(privacy).get_text() == "Privacy"
    # One <header> and one <footer>, as the GOV.UK template makes them.
    for page in (english, welsh):
        assert len(page.select("header.govuk-template__header")) == 1
        assert len(page.select("footer.govuk-template__footer")) == 1
        assert len(page.select("a.govuk-skip-link")) == 1
    languages = {key[2] for key in fresh_fragments}
    assert languages == {"en", "cy"}


def test_a_signed_in_visitors_name_and_token_stay_out_of_kept_fragments(
    client, app, make_staff, fresh_fragments
):
    user = make_staff("commissioner", email="fragment.tester@elmsworth.gov.example")
    assert sign_in_with_password(client, user.email).status_code == 302
    page = client.get("/plans/").text
    assert "Signed in as" in page
    assert fresh_fragments, "the signed-in page used the kept fragments"
    for body in fresh_fragments.values():
        assert user.name not in body
        assert "csrf" not in body.lower()
        assert "Sign out" not in body
    anonymous = app.test_client().get("/plans/").text
    assert user.name not in anonymous
    assert "Signed in as" not in anonymous


def test_a_fragment_that_reads_the_session_is_not_kept(app, fresh_fragments):
    template = "{% call layout_fragment('probe') %}{{ session.get('draft', 'none') }}{% endcall %}"
    with app.test_request_context("/"):
        session["draft"] = "mine"
        assert render_template_string(template) == "mine"
    assert not any(key[0] == "probe" for key in fresh_fragments)
    with app.test_request_context("/"):
        assert render_template_string("{% call layout_fragment('probe') %}same{% endcall %}")
    assert any(key[0] == "probe" for key in fresh_fragments)


def test_translations_looked_up_once_still_follow_a_forced_language(app):
    label = lazy_gettext("Forward plan")
    with app.test_request_context("/", headers={"Accept-Language": "cy"}):
        welsh = str(label)
        assert welsh != "Forward plan"
        with force_locale("en"):
            assert str(label) == "Forward plan"
            assert render_template_string("{{ _('Forward plan') }}") == "Forward plan"
        assert str(label) == welsh
        assert render_template_string("{{ _('Forward plan') }}") == welsh
