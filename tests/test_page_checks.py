"""The page checks every test client runs: each fault fails, naming the check
and the URL, and the layout gives each flash banner its own id."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask, flash, render_template_string

from tests.conftest import FreshContextClient
from tests.page_checks import PageCheckFailed, PageCheckingClient, page_problems


def page(
    body: str = "<h1>Plans</h1>",
    lang: str = ' lang="en"',
    title: str = "Plans – Commissioning portal – Elmsworth",
) -> str:
    head = f"<head><title>{title}</title></head>"
    return f"<!DOCTYPE html><html{lang}>{head}<body>{body}</body></html>"


SOUND = page(
    '<h1 id="top">Plans</h1>'
    '<form method="post"><input type="hidden" name="csrf_token" value="t0k3n"></form>'
    '<form method="get"><input name="q" id="q"></form>'
)

FAULTS = {
    "two h1s": (page("<h1>Plans</h1><h1>More plans</h1>"), "one h1: found 2"),
    "no h1": (page("<h2>Plans</h2>"), "one h1: found 0"),
    "duplicate ids": (
        page('<h1 id="x">Plans</h1><p id="x">Twice</p>'),
        "unique ids: repeated x",
    ),
    "POST form without CSRF token": (
        page('<h1>Plans</h1><form method="POST" action="/save"><button>Save</button></form>'),
        "CSRF token: POST form 1 (action /save) has none",
    ),
    "POST form with an empty CSRF token": (
        page('<h1>Plans</h1><form method="post"><input name="csrf_token" value=""></form>'),
        "CSRF token: POST form 1",
    ),
    "no lang": (page(lang=""), "html lang: ''"),
    "lang not en or cy": (page(lang=' lang="fr"'), "html lang: 'fr'"),
    "empty title": (page(title="  "), "title set: ''"),
    "title without the page's own part": (
        page(title=" – Commissioning portal – Elmsworth"),
        "title set: '– Commissioning portal – Elmsworth'",
    ),
}


def test_a_sound_page_passes():
    assert page_problems(SOUND) == []


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_is_found(fault):
    html, expected = FAULTS[fault]
    problems = page_problems(html)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected)


def test_a_fragment_is_not_a_full_page():
    assert page_problems("<h1>One</h1><h1>Two</h1><p id='a'></p><p id='a'></p>") == []


def test_a_page_without_a_doctype_is_still_a_full_page():
    html = page("<h1>One</h1><h1>Two</h1>").removeprefix("<!DOCTYPE html>")
    assert page_problems("\n<!-- generated -->\n" + html) == ["one h1: found 2"]


@pytest.fixture
def tiny_app():
    tiny = Flask(__name__)
    pages = {name.replace(" ", "-"): html for name, (html, _) in FAULTS.items()}

    @tiny.get("/sound")
    def sound():
        return SOUND

    @tiny.get("/faulty/<name>")
    def faulty(name):
        return pages[name]

    @tiny.get("/data")
    def data():
        return page(""), {"Content-Type": "text/plain"}

    @tiny.get("/hop")
    def hop():
        return "", 302, {"Location": "/faulty/two-h1s"}

    return tiny


def test_every_app_in_the_suite_checks_its_pages(tiny_app, app):
    assert isinstance(tiny_app.test_client(), PageCheckingClient)
    assert isinstance(app.test_client(), FreshContextClient)
    assert issubclass(FreshContextClient, PageCheckingClient)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_client_fails_a_faulty_page_naming_the_url_and_the_check(tiny_app, fault):
    _, expected = FAULTS[fault]
    url = f"/faulty/{fault.replace(' ', '-')}"
    with pytest.raises(PageCheckFailed) as failure:
        tiny_app.test_client().get(url)
    message = str(failure.value)
    assert f"GET {url} (200)" in message
    assert expected in message


def test_the_client_passes_sound_pages_and_other_content(tiny_app):
    client = tiny_app.test_client()
    assert client.get("/sound").status_code == 200
    assert client.get("/data").status_code == 200
    assert client.head("/faulty/two-h1s").status_code == 200


def test_a_page_reached_by_redirect_is_checked(tiny_app):
    with pytest.raises(PageCheckFailed, match="GET /faulty/two-h1s"):
        tiny_app.test_client().get("/hop", follow_redirects=True)


def test_a_request_may_opt_out_through_its_redirects(tiny_app):
    client = tiny_app.test_client()
    assert client.get("/faulty/two-h1s", check_page=False).status_code == 200
    assert client.get("/hop", follow_redirects=True, check_page=False).status_code == 200
    # The opt-out lasts for that request only.
    with pytest.raises(PageCheckFailed):
        client.get("/faulty/two-h1s")


def test_two_flash_messages_on_one_page_have_their_own_ids(app):
    with app.test_request_context("/"):
        flash("Your plan has been saved", "success")
        flash("The closing date has passed")
        html = render_template_string(
            '{% extends "layout.html" %}{% block title %}Plans{% endblock %}'
            "{% block body %}<h1>Plans</h1>{% endblock %}"
        )
    banners = BeautifulSoup(html, "html.parser").select(".govuk-notification-banner")
    assert len(banners) == 2
    titles = [banner.select_one(".govuk-notification-banner__title") for banner in banners]
    ids = [title["id"] for title in titles]
    assert len(set(ids)) == 2
    # Each banner is still labelled by its own title.
    assert [banner["aria-labelledby"] for banner in banners] == ids
    assert page_problems(html) == []
